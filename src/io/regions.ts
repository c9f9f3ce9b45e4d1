import { z } from 'zod';
import { InputError } from '../errors.js';
import type { CouncilRegion } from '../model/areas/regions.js';
import type { CalibrationSummaryRow } from '../model/evaluation/calibration.js';
import type { PastError, PastErrors } from '../model/methods/recommendedRanges.js';
import { cell, parseTable, requireColumn } from './table.js';

/**
 * The council -> region table (`dfe_code,area_code,area_name,region_code,region_name`, DfE's LA
 * list with reorganised councils).
 * @throws InputError naming file and line for a row without a region
 */
export function parseCouncilRegions(text: string, source: string): CouncilRegion[] {
  const table = parseTable(text, source);
  const layout = 'council -> region';
  const columns = {
    dfe: requireColumn(table, layout, 'dfe_code'),
    code: requireColumn(table, layout, 'area_code'),
    name: requireColumn(table, layout, 'area_name'),
    regionCode: requireColumn(table, layout, 'region_code'),
    regionName: requireColumn(table, layout, 'region_name'),
  };
  return table.rows.map((row) => {
    const get = (column: (typeof columns)[keyof typeof columns]) => cell(row, column).trim();
    if (get(columns.regionCode) === '' || get(columns.name) === '') {
      throw new InputError('bad-value', 'every council needs a name and a region code', { file: source, line: row.line });
    }
    return {
      dfeCode: get(columns.dfe),
      code: get(columns.code),
      name: get(columns.name),
      region: { code: get(columns.regionCode), name: get(columns.regionName) },
    };
  });
}

/** The longest horizon a calibration file may hold errors for. */
const MAX_CALIBRATION_HORIZON = 30;
const bandNames = z.enum(['under100', '100to299', '300to599', '600plus']);
const calibrationSchema = z.object({
  description: z.string(),
  // the table for people to read; a projection uses the errors below
  summary: z.array(z.object({ as_of: z.number().int(), horizon: z.number().int().positive(), size_band: bandNames }).passthrough()),
  errors_columns: z.tuple([
    z.literal('area_code'),
    z.literal('region_code'),
    z.literal('origin'),
    z.literal('count'),
    z.literal('log_errors'),
  ]),
  errors: z.array(z.unknown()),
});

/**
 * The bundled past errors of the recommended projection (JSON written by
 * scripts/build-calibration.js): one row per council and origin, with its log errors one, two, ...
 * years ahead (null where the later count is unknown).
 * @throws InputError naming the file and the first part that is not a calibration table
 */
export function parseCalibration(text: string, source: string): PastErrors {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError('bad-value', `not JSON: ${(err as Error).message}`, { file: source });
  }
  const parsed = calibrationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError('bad-value', `not a calibration table: ${issue.path.join('.')}: ${issue.message}`, { file: source });
  }
  // Checked by hand: a few thousand rows through zod cost a default run about 40 ms.
  const errors: PastError[] = [];
  parsed.data.errors.forEach((row, i) => {
    const bad = (what: string) =>
      new InputError('bad-value', `not a calibration table: errors.${i}: ${what}, got ${JSON.stringify(row).slice(0, 80)}`, {
        file: source,
      });
    if (!Array.isArray(row) || row.length !== 5) throw bad('expected [area_code, region_code, origin, count, log_errors]');
    const [council, region, origin, size, logErrors] = row as unknown[];
    if (typeof council !== 'string' || council === '' || typeof region !== 'string' || region === '') throw bad('expected two codes');
    if (!Number.isInteger(origin) || !Number.isInteger(size) || !((size as number) > 0)) throw bad('expected a year and a positive count');
    if (!Array.isArray(logErrors) || logErrors.length === 0 || logErrors.length > MAX_CALIBRATION_HORIZON) {
      throw bad(`expected 1 to ${MAX_CALIBRATION_HORIZON} log errors`);
    }
    logErrors.forEach((logError: unknown, h) => {
      if (logError === null) return;
      if (typeof logError !== 'number' || !Number.isFinite(logError)) throw bad('expected each log error a number or null');
      errors.push({ council, region, origin: origin as number, horizon: h + 1, size: size as number, logError });
    });
  });
  return { description: parsed.data.description, errors, built: new Map() };
}

const r5 = (x: number) => Math.round(x * 1e5) / 1e5;

/**
 * The calibration as the bundled JSON file holds it: the summary table (each size band's pool by
 * the year it was known and horizon) and the errors, log errors rounded to 5 decimals (stable diffs).
 */
export function formatCalibration(past: PastErrors, summary: readonly CalibrationSummaryRow[]): string {
  const summaryRows = summary.map((r) => ({
    as_of: r.asOf,
    horizon: r.horizon,
    origins: r.origins,
    shock_min: r5(r.shockMin),
    shock_max: r5(r.shockMax),
    size_band: r.band,
    errors: r.own,
    pool: r.borrowed === undefined ? 'own' : r.borrowed === 'all' ? 'all sizes' : `with ${r.borrowed}`,
    pool_errors: r.n,
    median: r5(r.median),
    sigma: r5(r.sigma),
    q025: r5(r.range.q025),
    q10: r5(r.range.q10),
    q90: r5(r.range.q90),
    q975: r5(r.range.q975),
  }));
  const rows = new Map<string, { council: string; region: string; origin: number; size: number; errors: (number | null)[] }>();
  for (const e of past.errors) {
    const key = `${e.council}|${e.origin}`;
    const row = rows.get(key) ?? { council: e.council, region: e.region, origin: e.origin, size: e.size, errors: [] };
    row.errors[e.horizon - 1] = r5(e.logError);
    rows.set(key, row);
  }
  const errorRows = [...rows.values()]
    .sort((a, b) => a.council.localeCompare(b.council, 'en') || a.origin - b.origin)
    .map((r) => JSON.stringify([r.council, r.region, r.origin, r.size, Array.from(r.errors, (v) => v ?? null)]));
  return (
    `{\n  "description": ${JSON.stringify(past.description)},\n` +
    `  "summary": [\n${summaryRows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ],\n` +
    `  "errors_columns": ["area_code", "region_code", "origin", "count", "log_errors"],\n` +
    `  "errors": [\n${errorRows.map((r) => `    ${r}`).join(',\n')}\n  ]\n}\n`
  );
}

/**
 * ONS's lookup of lower-tier areas to upper-tier councils (`ltla_code,ltla_name,utla_code,utla_name`).
 * @throws InputError naming file and line for a row without both codes
 */
export function parseDistrictLookup(text: string, source: string): Map<string, { code: string; name: string }> {
  const table = parseTable(text, source);
  const layout = 'lower tier -> upper tier lookup';
  const ltla = requireColumn(table, layout, 'ltla_code', 'lad22cd', 'lad23cd');
  const utla = requireColumn(table, layout, 'utla_code', 'utla22cd', 'utla23cd');
  const utlaName = requireColumn(table, layout, 'utla_name', 'utla22nm', 'utla23nm');
  const lookup = new Map<string, { code: string; name: string }>();
  for (const row of table.rows) {
    const from = cell(row, ltla).trim();
    const to = cell(row, utla).trim();
    if (from === '' || to === '')
      throw new InputError('bad-value', 'every row needs a lower-tier and an upper-tier code', { file: source, line: row.line });
    lookup.set(from, { code: to, name: cell(row, utlaName).trim() });
  }
  return lookup;
}
