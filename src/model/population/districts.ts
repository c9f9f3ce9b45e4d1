import { InputError } from '../../errors.js';
import type { Area } from '../types.js';

/**
 * ONS publishes its subnational population projection for lower-tier areas (districts, unitaries,
 * London boroughs); children's services are run by upper-tier councils, so a county's children
 * are the sum of its districts'. The lookup is ONS's (lower tier -> upper tier, `ltla_code ->
 * utla_code`); a unitary maps to itself.
 */

/** One area's 0-17 population at one mid-year, as a population file gives it. */
export interface AreaPopulation {
  area: Area;
  midYear: number;
  population0to17: number;
  /** Single years of age 0-17, where given. */
  byAge?: number[];
  line: number;
}

export interface UpperTier {
  code: string;
  name: string;
}

/**
 * Records of lower-tier areas summed into their upper-tier council, single years of age too. A
 * county the file also gives a row for keeps that row (its districts are dropped, not added to it).
 * Areas the lookup does not know pass through unchanged.
 * @throws InputError when only some of a county's districts have a mid-year (a partial sum would
 *   understate it), naming the county, the mid-year and the districts missing
 */
export function sumDistricts(
  records: readonly AreaPopulation[],
  upperTierOf: ReadonlyMap<string, UpperTier>,
  source: string,
): { records: AreaPopulation[]; summed: { council: UpperTier; districts: number }[] } {
  const districtsOf = new Map<string, string[]>();
  for (const [ltla, utla] of upperTierOf) {
    if (ltla === utla.code) continue;
    districtsOf.set(utla.code, [...(districtsOf.get(utla.code) ?? []), ltla]);
  }
  const ownRows = new Set(records.filter((r) => districtsOf.has(r.area.code)).map((r) => `${r.area.code}|${r.midYear}`));
  const kept: AreaPopulation[] = [];
  const sums = new Map<string, { council: UpperTier; midYear: number; parts: AreaPopulation[] }>();
  for (const record of records) {
    const upper = upperTierOf.get(record.area.code);
    if (upper === undefined || upper.code === record.area.code) {
      kept.push(record);
      continue;
    }
    if (ownRows.has(`${upper.code}|${record.midYear}`)) continue;
    const key = `${upper.code}|${record.midYear}`;
    const sum = sums.get(key) ?? { council: upper, midYear: record.midYear, parts: [] };
    sum.parts.push(record);
    sums.set(key, sum);
  }
  const summed = new Map<string, { council: UpperTier; districts: number }>();
  for (const { council, midYear, parts } of sums.values()) {
    const expected = districtsOf.get(council.code) ?? [];
    const present = new Set(parts.map((p) => p.area.code));
    const missing = expected.filter((code) => !present.has(code));
    if (missing.length > 0) {
      throw new InputError(
        'bad-value',
        `${council.name} (${council.code}) mid-${midYear}: ${parts.length} of its ${expected.length} districts have a figure ` +
          `(missing ${missing.join(', ')}), so their sum would understate it`,
        { file: source, line: parts[0]!.line },
      );
    }
    const withAges = parts.every((p) => p.byAge !== undefined);
    kept.push({
      area: { code: council.code, name: council.name },
      midYear,
      population0to17: parts.reduce((s, p) => s + p.population0to17, 0),
      ...(withAges ? { byAge: parts[0]!.byAge!.map((_, age) => parts.reduce((s, p) => s + p.byAge![age]!, 0)) } : {}),
      line: parts[0]!.line,
    });
    summed.set(council.code, { council, districts: parts.length });
  }
  return { records: kept, summed: [...summed.values()] };
}
