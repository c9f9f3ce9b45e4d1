import { InputError } from '../errors.js';
import {
  PUBLISHED_GROUPS,
  type PublishedFigures,
  type PublishedGroup,
  type PublishedPlacementYear,
} from '../model/sufficiency/published.js';
import type { Area } from '../model/types.js';
import { cell, findColumn, parseTable, requireColumn, type Column, type Table, type TableRow } from './table.js';
import { readCount, readYearEnding, shown } from './values.js';

/**
 * DfE's published placement figures for every council (children looked after on 31 March by
 * placement, place provider, locality and distance from home), in the layouts DfE has used:
 * - `la_cla_on_31_march_by_characteristics` to the 2024 release: `time_period, geographic_level,
 *   new_la_code, old_la_code, la_name, cla_group, characteristic, number[, percentage]`;
 * - the same file from the 2025 release: `characteristic` (the table), `breakdown` (the category),
 *   `children_count[, children_percent]`, with `time_identifier` and country and region columns;
 * - the long 2010-2017 table gathered from the yearly files, which adds `aggregate_category`: 2010's
 *   SSDA903 codes are added up into the later categories with it (a suppressed code leaves its
 *   category missing);
 * - the compact layout of the bundled file: one row per council and year, a column per category
 *   (`placement_foster`, `provider_own`, ...), empty where not published, `x` where suppressed.
 * Rows of other tables (age, sex, legal status, ...) and of regions and England are skipped.
 */

export type PublishedLayout = 'dfe' | 'dfe-2025' | 'compact';

export interface PublishedPlacementsFile {
  source: string;
  layout: PublishedLayout;
  years: PublishedPlacementYear[];
}

const norm = (text: string) =>
  text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^\s*\d+\.\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();

const GROUPS: [RegExp, PublishedGroup | 'distance_locality'][] = [
  [/^placements?( types?)?$/, 'placement'],
  [/^place(ment)? providers?$/, 'provider'],
  [/^locality of placement$/, 'locality'],
  [/^distance between home and placement$/, 'distance'],
  [/^distance between home and placement and locality of placement$/, 'distance_locality'],
];

/** DfE's wording of each category (lower case, numbering taken off), by table. */
const CATEGORIES: { [G in PublishedGroup]: [RegExp, (typeof PUBLISHED_GROUPS)[G][number]][] } = {
  placement: [
    [/^total( children)?$/, 'total'],
    [/^foster placements$/, 'foster'],
    [/^secure homes and children's homes$/, 'homes_secure'],
    [/^secure units,? children's homes,? and semi-independent living accommodation$/, 'homes_secure_semi'],
    [/^independent and semi-independent living arrangements ?\/ ?supported accommodation$/, 'supported'],
    [/^other placements in the community$/, 'community'],
    [/^other residential settings$/, 'other_residential'],
    [/^residential schools$/, 'residential_schools'],
    [/^placed with parents or other person with parental responsibility$/, 'with_parents'],
    [/^placed for adoption$/, 'adoption'],
    [/^missing for more than 24 hours from agreed placement$/, 'missing'],
    [/^other placements$/, 'other'],
  ],
  provider: [
    [/^total( children)?$/, 'total'],
    [/^own provision/, 'own'],
    [/^other (la|local authority) provision/, 'other_la'],
    [/^other public provision/, 'other_public'],
    [/^private provision/, 'private'],
    [/^voluntary/, 'voluntary'],
    [/^parents or other person/, 'parents'],
    [/^placement provider not (reported|known|recorded)/, 'not_reported'],
  ],
  locality: [
    [/^total( children)?$/, 'total'],
    [/^placed inside the (la|local authority) boundary$/, 'inside'],
    [/^placed outside the (la|local authority) boundary$/, 'outside'],
  ],
  distance: [
    [/^total( children)?$/, 'total'],
    [/^placed 20 miles or less from home$/, 'up_to_20'],
    [/^placed more than 20 miles from home$/, 'over_20'],
    [/^distance not known or not recorded$/, 'not_known'],
  ],
};

/** The 2017 table of distance by locality gives the distance where the plain table is not published. */
function distanceOfCombined(text: string): (typeof PUBLISHED_GROUPS)['distance'][number] | undefined {
  if (/^total( children)?$/.test(text)) return 'total';
  if (/20 miles or less/.test(text)) return 'up_to_20';
  if (/more than 20 miles/.test(text)) return 'over_20';
  if (/not known|not recorded/.test(text)) return 'not_known';
  return undefined;
}

/** Which published layout a header is, or undefined (a council's own `year,placement_type,count`). */
export function detectPublishedLayout(table: Table): PublishedLayout | undefined {
  const has = (name: string) => table.keys.includes(name);
  if (has('placement_total')) return 'compact';
  if (has('breakdown') && has('characteristic') && has('children_count')) return 'dfe-2025';
  if (has('cla_group') && has('characteristic') && has('number')) return 'dfe';
  return undefined;
}

const emptyYear = (area: Area, year: number): PublishedPlacementYear => ({
  area,
  year,
  placement: {},
  provider: {},
  locality: {},
  distance: {},
});
const areaKey = (area: Area, year: number) => `${area.code}|${area.dfeCode ?? ''}|${area.name.toLowerCase()}|${year}`;

function areaColumns(table: Table, layout: string) {
  const code = findColumn(table, 'new_la_code', 'area_code');
  const dfe = findColumn(table, 'old_la_code', 'dfe_code');
  const name = findColumn(table, 'la_name', 'area_name');
  if (!code && !dfe && !name) requireColumn(table, layout, 'new_la_code', 'old_la_code', 'la_name');
  return (row: TableRow): Area | undefined => {
    const get = (c: Column | undefined) => (c ? cell(row, c).trim() : '');
    const area: Area = { code: get(code), name: get(name) || get(code) || get(dfe) };
    if (get(dfe) !== '') area.dfeCode = get(dfe);
    return area.name === '' ? undefined : area;
  };
}

/** A published count: a number, null for a suppression marker (missing, never zero) or an empty cell. */
function readFigure(table: Table, row: TableRow, column: Column): number | null {
  return readCount({ table, row, column });
}

/** DfE's long layouts: one row per council, year, table and category. */
function readDfe(table: Table, layout: 'dfe' | 'dfe-2025'): PublishedPlacementYear[] {
  const name = layout === 'dfe' ? 'DfE la_cla_on_31_march_by_characteristics' : 'DfE la_cla_on_31_march_by_characteristics (2025 release)';
  const yearCol = requireColumn(table, name, 'time_period');
  const groupCol = requireColumn(table, name, layout === 'dfe' ? 'cla_group' : 'characteristic');
  const categoryCol = requireColumn(table, name, layout === 'dfe' ? 'characteristic' : 'breakdown');
  const countCol = requireColumn(table, name, layout === 'dfe' ? 'number' : 'children_count');
  const aggregateCol = findColumn(table, 'aggregate_category');
  const levelCol = findColumn(table, 'geographic_level');
  const areaOf = areaColumns(table, name);
  const years = new Map<string, PublishedPlacementYear>();
  const combined = new Map<string, PublishedFigures<'distance'>>();
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    if (levelCol && !/^local authority$/i.test(cell(row, levelCol).trim())) continue;
    const groupText = norm(cell(row, groupCol));
    const group = GROUPS.find(([pattern]) => pattern.test(groupText))?.[1];
    if (group === undefined) continue;
    const area = areaOf(row);
    if (area === undefined) continue;
    const year = readYearEnding({ table, row, column: yearCol });
    const raw = cell(row, categoryCol).trim();
    const text = norm(aggregateCol ? cell(row, aggregateCol) || raw : raw);
    const key = group === 'distance_locality' ? distanceOfCombined(text) : CATEGORIES[group].find(([pattern]) => pattern.test(text))?.[1];
    if (key === undefined) {
      const known = group === 'distance_locality' ? [] : CATEGORIES[group].map(([pattern]) => pattern.source.replace(/[\^$\\]/g, ''));
      throw new InputError(
        'bad-value',
        `"${shown(raw)}" is not a category of DfE's ${groupText} table lacproj knows${known.length > 0 ? ` (${known.join('; ')})` : ''}`,
        { file: table.source, line: row.line, column: categoryCol.name },
      );
    }
    const at = areaKey(area, year);
    const rawKey = `${at}|${groupText}|${norm(raw)}`;
    const firstLine = seen.get(rawKey);
    if (firstLine !== undefined) {
      throw new InputError('duplicate-year', `${area.name} ${year} "${shown(raw)}" appears twice (first on line ${firstLine})`, {
        file: table.source,
        line: row.line,
        column: categoryCol.name,
      });
    }
    seen.set(rawKey, row.line);
    const value = readFigure(table, row, countCol);
    const entry = years.get(at) ?? emptyYear(area, year);
    years.set(at, entry);
    if (group === 'distance_locality' && !combined.has(at)) combined.set(at, {});
    const figures: Record<string, number | null | undefined> = group === 'distance_locality' ? combined.get(at)! : entry[group];
    // codes added up into their category: a suppressed part leaves the sum missing
    const before = figures[key];
    figures[key] = before === undefined ? value : before === null || value === null ? null : before + value;
  }
  for (const [at, distance] of combined) {
    const entry = years.get(at)!;
    if (Object.keys(entry.distance).length === 0) entry.distance = distance;
  }
  return [...years.values()];
}

/** The compact layout: `year,dfe_code,area_code,area_name,<table>_<category>...`. */
function readCompact(table: Table): PublishedPlacementYear[] {
  const name = 'compact published placements';
  const yearCol = requireColumn(table, name, 'year');
  const areaOf = areaColumns(table, name);
  const columns = (Object.keys(PUBLISHED_GROUPS) as PublishedGroup[]).flatMap((group) =>
    PUBLISHED_GROUPS[group].flatMap((key) => {
      const column = findColumn(table, `${group}_${key}`);
      return column ? [{ group, key, column }] : [];
    }),
  );
  const seen = new Map<string, number>();
  return table.rows.map((row) => {
    const year = readYearEnding({ table, row, column: yearCol });
    const area = areaOf(row);
    if (area === undefined) throw new InputError('bad-value', 'the row names no council', { file: table.source, line: row.line });
    const at = areaKey(area, year);
    const firstLine = seen.get(at);
    if (firstLine !== undefined) {
      throw new InputError('duplicate-year', `${area.name} ${year} appears twice (first on line ${firstLine})`, {
        file: table.source,
        line: row.line,
        column: yearCol.name,
      });
    }
    seen.set(at, row.line);
    const entry = emptyYear(area, year);
    for (const { group, key, column } of columns) {
      if (cell(row, column).trim() === '') continue;
      (entry[group] as Record<string, number | null>)[key] = readFigure(table, row, column);
    }
    return entry;
  });
}

/**
 * Read published placement figures in any of the layouts above.
 * @throws InputError `unknown-layout` for another header, `bad-value` for a category of a kept table
 *   it does not know (never guessed), `duplicate-year` for a category given twice
 */
export function parsePublishedPlacements(source: string, content: string): PublishedPlacementsFile {
  const table = parseTable(content, source);
  const layout = detectPublishedLayout(table);
  if (layout === undefined) {
    throw new InputError(
      'unknown-layout',
      "unrecognised published placements: expected DfE's la_cla_on_31_march_by_characteristics (cla_group, characteristic, number; or characteristic, breakdown, children_count)",
      { file: source, line: 1 },
    );
  }
  const years = layout === 'compact' ? readCompact(table) : readDfe(table, layout);
  if (years.length === 0) {
    throw new InputError('unknown-layout', 'no council rows of the placement, place provider, locality or distance tables', {
      file: source,
      line: 2,
    });
  }
  return { source, layout, years };
}

/** Column heads of the compact layout, in order. */
export const COMPACT_COLUMNS = [
  'year',
  'dfe_code',
  'area_code',
  'area_name',
  ...(Object.keys(PUBLISHED_GROUPS) as PublishedGroup[]).flatMap((group) => PUBLISHED_GROUPS[group].map((key) => `${group}_${key}`)),
];

/** The compact layout's rows (for `scripts/build-published-placements.js`): sorted by council and year. */
export function compactRecords(years: readonly PublishedPlacementYear[]): Record<string, string | number>[] {
  return [...years]
    .sort((a, b) => (a.area.dfeCode ?? '').localeCompare(b.area.dfeCode ?? '') || a.area.name.localeCompare(b.area.name) || a.year - b.year)
    .map((y) => {
      const record: Record<string, string | number> = {
        year: y.year,
        dfe_code: y.area.dfeCode ?? '',
        area_code: y.area.code,
        area_name: y.area.name,
      };
      for (const group of Object.keys(PUBLISHED_GROUPS) as PublishedGroup[]) {
        for (const key of PUBLISHED_GROUPS[group]) {
          const value = (y[group] as Record<string, number | null | undefined>)[key];
          record[`${group}_${key}`] = value === undefined ? '' : value === null ? 'x' : value;
        }
      }
      return record;
    });
}
