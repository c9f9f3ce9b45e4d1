import { z } from 'zod';
import { InputError } from '../errors.js';
import type { CouncilRegion } from '../model/areas/regions.js';
import type { IntervalCalibration } from '../model/methods/recommended.js';
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

const finite = z.number().finite();
const calibrationSchema = z.object({
  description: z.string(),
  rows: z.array(
    z.object({
      as_of: z.number().int(),
      horizon: z.number().int().positive(),
      size_band: z.enum(['under300', '300to599', '600plus', 'all']),
      n: z.number().int().positive(),
      origins: z.number().int().positive(),
      q025: finite,
      q10: finite,
      q90: finite,
      q975: finite,
    }),
  ),
});

/** The bundled calibration of the recommended projection's intervals (JSON, written by a script). */
export function parseCalibration(text: string, source: string): IntervalCalibration {
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
  return {
    description: parsed.data.description,
    rows: parsed.data.rows.map((r) => ({
      asOf: r.as_of,
      horizon: r.horizon,
      band: r.size_band,
      n: r.n,
      origins: r.origins,
      q025: r.q025,
      q10: r.q10,
      q90: r.q90,
      q975: r.q975,
    })),
  };
}

/** The calibration as the bundled JSON file holds it (rounded to 5 decimals: stable diffs). */
export function formatCalibration(calibration: IntervalCalibration): string {
  const r5 = (x: number) => Math.round(x * 1e5) / 1e5;
  const rows = calibration.rows.map((r) => ({
    as_of: r.asOf,
    horizon: r.horizon,
    size_band: r.band,
    n: r.n,
    origins: r.origins,
    q025: r5(r.q025),
    q10: r5(r.q10),
    q90: r5(r.q90),
    q975: r5(r.q975),
  }));
  return `{\n  "description": ${JSON.stringify(calibration.description)},\n  "rows": [\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`;
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
