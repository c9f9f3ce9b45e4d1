import { InputError } from '../errors.js';
import { addByBand, type PlacementBand } from '../model/sufficiency/ageMix.js';
import type { Capacity, PlacementCount, PlacementMix, WeeklyCost } from '../model/sufficiency/placements.js';
import type { Area } from '../model/types.js';
import { acceptedTypeNames, placementTypeOf, type PlacementType } from '../model/episodes/placementTypes.js';
import { cell, findColumn, parseTable, requireColumn, type ReadOptions, type Table, type TableRow } from './table.js';
import { readCount, readYearEnding, shown } from './values.js';

function text(table: Table, row: TableRow, name: string, ...aliases: string[]): string {
  const column = requireColumn(table, 'placement', name, ...aliases);
  const value = cell(row, column).trim();
  if (value === '')
    throw new InputError('bad-value', `the ${column.name} is empty`, { file: table.source, line: row.line, column: column.name });
  return value;
}

/**
 * The placement type a row names, by key or alias (`in-house foster`, `IFA foster`, `residential`,
 * `other` and DfE's wording keep working); any other name is refused with the names accepted.
 */
function readPlacementType(table: Table, row: TableRow): PlacementType {
  const name = text(table, row, 'placement_type');
  const type = placementTypeOf(name);
  if (type === undefined || type === 'unknown') {
    const column = requireColumn(table, 'placement', 'placement_type');
    throw new InputError(
      'bad-value',
      `expected a placement type, got "${shown(name)}"; the types (and other names accepted): ${acceptedTypeNames()}`,
      {
        file: table.source,
        line: row.line,
        column: column.name,
      },
    );
  }
  return type;
}

/** A file's rows by council, where it says (area_code, dfe_code or area_name columns). */
export interface ByCouncil<T> {
  source: string;
  /** False when the file has no area column: its rows are for whichever one council is run. */
  hasAreas: boolean;
  /** Each with the line it was read from (the first, where rows by age band were added up). */
  rows: (T & { area?: Area; line?: number })[];
}

/** A placement type as compared for repeats: case and spacing aside. */
const areaKey = (area: Area | undefined) => (area ? `${area.code}|${area.dfeCode ?? ''}|${area.name.toLowerCase()}` : '');

/**
 * Refuses a second row for what one row must give (a placement type in a year): summing or picking
 * one of them would be a guess.
 * @returns a function to call with each row's key, its line, what it gives and its placement type as written
 */
function onceEach(source: string, column: string) {
  const lines = new Map<string, { line: number; spelling: string }>();
  return (key: string, line: number, what: string, spelling: string) => {
    const first = lines.get(key);
    if (first) {
      throw new InputError(
        'duplicate-entry',
        `${what} is given twice, on lines ${first.line}${first.spelling === spelling ? '' : ` (as "${first.spelling}")`} and ${line}: ` +
          'give it once (two rows are neither added up nor one of them chosen)',
        { file: source, line, column },
      );
    }
    lines.set(key, { line, spelling });
  };
}

function areaColumns(table: Table) {
  const code = findColumn(table, 'area_code', 'gss_code', 'new_la_code');
  const dfe = findColumn(table, 'dfe_code', 'old_la_code', 'la_code');
  const name = findColumn(table, 'area_name', 'la_name');
  // `area`: one column naming a council as --area does (a GSS code, a DfE number or a name), or a group
  const any = code || dfe || name ? undefined : findColumn(table, 'area');
  if (any) {
    return (row: TableRow): Area => {
      const value = cell(row, any).trim();
      if (value === '')
        throw new InputError('bad-value', 'the area is empty: name a council or the group', {
          file: table.source,
          line: row.line,
          column: any.name,
        });
      if (/^[EWSN]\d{8}$/i.test(value)) return { code: value.toUpperCase(), name: value };
      return /^\d{3}$/.test(value) ? { code: '', dfeCode: value, name: value } : { code: '', name: value };
    };
  }
  if (!code && !dfe && !name) return undefined;
  return (row: TableRow): Area => {
    const area: Area = { code: code ? cell(row, code).trim() : '', name: name ? cell(row, name).trim() : '' };
    const dfeCode = dfe ? cell(row, dfe).trim() : '';
    if (dfeCode !== '') area.dfeCode = dfeCode;
    if (area.name === '') area.name = area.code || dfeCode;
    if (area.name === '')
      throw new InputError('bad-value', 'the row names no council (area_code, dfe_code or area_name)', {
        file: table.source,
        line: row.line,
      });
    return area;
  };
}

/** The columns the placements file takes, for messages that ask for one. */
export const PLACEMENTS_LAYOUT =
  'year,placement_type,count (optionally area_code or dfe_code for several councils, and age_band for a mix by age band)';

/** DfE's spellings of the age bands of children looked after on 31 March (lower case, spaces collapsed). */
const PLACEMENT_BAND_ALIASES: Record<string, PlacementBand> = {
  under1: 'under1',
  'under 1': 'under1',
  'under 1 year': 'under1',
  '1to4': '1to4',
  '1 to 4': '1to4',
  '1 to 4 years': '1to4',
  '5to9': '5to9',
  '5 to 9': '5to9',
  '5 to 9 years': '5to9',
  '10to15': '10to15',
  '10 to 15': '10to15',
  '10 to 15 years': '10to15',
  '16plus': '16plus',
  '16+': '16plus',
  '16to17': '16plus',
  '16 to 17': '16plus',
  '16 to 17 years': '16plus',
  '16 years and over': '16plus',
};

/**
 * `year,placement_type,count`, optionally with the council (`area_code`, `dfe_code`, `area_name`)
 * so one file can hold several. With an `age_band` column each row's count is also kept by band
 * (`byBand`, for the mix by age band) and `byAgeBand` is true; the row's count is the bands' sum.
 */
export function parsePlacements(
  source: string,
  content: string,
  read: ReadOptions = {},
): ByCouncil<PlacementCount> & { byAgeBand: boolean } {
  const table = parseTable(content, source, read);
  const yearCol = requireColumn(table, 'placements', 'year');
  const countCol = requireColumn(table, 'placements', 'count');
  const bandCol = findColumn(table, 'age_band');
  const typeCol = requireColumn(table, 'placements', 'placement_type');
  const areaOf = areaColumns(table);
  const once = onceEach(source, typeCol.name);
  const totals = new Map<string, PlacementCount & { area?: Area; line: number }>();
  for (const row of table.rows) {
    const year = readYearEnding({ table, row, column: yearCol });
    const written = text(table, row, 'placement_type');
    const placementType = readPlacementType(table, row);
    const band = bandCol ? placementBand(table, row, bandCol) : undefined;
    const area = areaOf?.(row);
    const counted = `${area ? `${area.name} ` : ''}${placementType} on 31 March ${year}${band ? ` (age ${band})` : ''}`;
    once(`${areaKey(area)}|${year}|${placementType}|${band ?? ''}`, row.line, counted, written);
    const count = readCount({ table, row, column: countCol });
    if (count === null) continue;
    const key = `${areaKey(area)}|${year}|${placementType}`;
    const entry: PlacementCount & { area?: Area; line: number } = totals.get(key) ?? {
      year,
      placementType,
      count: 0,
      line: row.line,
      ...(area ? { area } : {}),
    };
    entry.count += count;
    if (band !== undefined) entry.byBand = addByBand(entry.byBand, { [band]: count });
    totals.set(key, entry);
  }
  return { source, hasAreas: areaOf !== undefined, byAgeBand: bandCol !== undefined, rows: [...totals.values()] };
}

function placementBand(table: Table, row: TableRow, column: { name: string; index: number }): PlacementBand {
  const raw = cell(row, column).trim();
  const band = PLACEMENT_BAND_ALIASES[raw.toLowerCase().replace(/\s+/g, ' ')];
  if (band === undefined) {
    throw new InputError(
      'bad-value',
      `expected a DfE age band (under1, 1to4, 5to9, 10to15, 16plus, or "Under 1 year" ... "16 years and over"), got "${shown(raw)}"`,
      {
        file: table.source,
        line: row.line,
        column: column.name,
      },
    );
  }
  return band;
}

/**
 * `placement_type,share` for fixed shares or `year,placement_type,share` per year; shares of a year
 * must add up to 1 (within 0.005), or they would invent or lose children.
 */
export function parseMix(source: string, content: string, read: ReadOptions = {}): PlacementMix {
  const table = parseTable(content, source, read);
  const shareCol = requireColumn(table, 'placement mix', 'share');
  const yearCol = findColumn(table, 'year');
  const byYear = new Map<number | null, Map<PlacementType, number>>();
  const lines = new Map<number | null, number>();
  const once = onceEach(source, 'placement_type');
  for (const row of table.rows) {
    const year = yearCol ? readYearEnding({ table, row, column: yearCol }) : null;
    const share = readPopulationShare(table, row, shareCol);
    const shares = byYear.get(year) ?? new Map<PlacementType, number>();
    const written = text(table, row, 'placement_type');
    const type = readPlacementType(table, row);
    // names are read as their type: "IFA foster" and "fostering_agency" are one
    once(`${year}|${type}`, row.line, `the share of ${written}${year === null ? '' : ` in ${year}`}`, written);
    shares.set(type, share);
    byYear.set(year, shares);
    lines.set(year, row.line);
  }
  for (const [year, shares] of byYear) {
    const total = [...shares.values()].reduce((s, v) => s + v, 0);
    if (Math.abs(total - 1) > 0.005) {
      throw new InputError('bad-value', `shares${year === null ? '' : ` for ${year}`} add up to ${total.toFixed(3)}, not 1`, {
        file: source,
        line: lines.get(year),
        column: shareCol.name,
      });
    }
  }
  const fixed = byYear.get(null);
  const perYear = new Map([...byYear.entries()].filter((e): e is [number, Map<PlacementType, number>] => e[0] !== null));
  return { shares: fixed ?? perYear.values().next().value ?? new Map(), byYear: perYear.size > 0 ? perYear : undefined, years: [] };
}

function readPopulationShare(table: Table, row: TableRow, column: { name: string; index: number }): number {
  const raw = cell(row, column).trim();
  const value = Number(raw.replace(/%$/, '')) / (raw.endsWith('%') ? 100 : 1);
  if (raw === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InputError('bad-number', `expected a share from 0 to 1 (or a percentage), got "${shown(raw)}"`, {
      file: table.source,
      line: row.line,
      column: column.name,
    });
  }
  return value;
}

/** `year,placement_type,places`, optionally with the council as in placements. */
export function parseCapacity(source: string, content: string, read: ReadOptions = {}): ByCouncil<Capacity> {
  const table = parseTable(content, source, read);
  const yearCol = requireColumn(table, 'capacity', 'year');
  const placesCol = requireColumn(table, 'capacity', 'places');
  const areaOf = areaColumns(table);
  const once = onceEach(source, 'placement_type');
  const rows = table.rows.flatMap((row) => {
    const year = readYearEnding({ table, row, column: yearCol });
    const written = text(table, row, 'placement_type');
    const placementType = readPlacementType(table, row);
    const area = areaOf?.(row);
    once(`${areaKey(area)}|${year}|${placementType}`, row.line, `${area ? `${area.name} ` : ''}places of ${written} in ${year}`, written);
    const places = readCount({ table, row, column: placesCol }, 'a whole number of places');
    if (places === null) return [];
    return [{ year, placementType, places, line: row.line, ...(area ? { area } : {}) }];
  });
  return { source, hasAreas: areaOf !== undefined, rows };
}

/**
 * `placement_type,weekly_cost[,price_year][,source]`; price_year defaults to `defaultPriceYear`. An
 * `area` column (or area_code, dfe_code, area_name) gives a council its own prices (rows without one
 * are everyone's).
 */
export function parseCosts(
  source: string,
  content: string,
  defaultPriceYear: number,
  read: ReadOptions = {},
): (WeeklyCost & { line: number })[] {
  const table = parseTable(content, source, read);
  const costCol = requireColumn(table, 'costs', 'weekly_cost');
  const yearCol = findColumn(table, 'price_year');
  const areaOf = areaColumns(table);
  const once = onceEach(source, 'placement_type');
  return table.rows.flatMap((row) => {
    const written = text(table, row, 'placement_type');
    const placementType = readPlacementType(table, row);
    const area = areaOf === undefined || tableCellEmpty(table, row) ? undefined : areaOf(row);
    once(`${areaKey(area)}|${placementType}`, row.line, `${area ? `${area.name}'s weekly cost` : 'a weekly cost'} of ${written}`, written);
    const weeklyCost = readCount({ table, row, column: costCol }, 'a weekly cost in pounds (a number, no £ sign)', { wholeNumber: false });
    if (weeklyCost === null) return [];
    return [
      {
        placementType,
        weeklyCost,
        priceYear: yearCol && cell(row, yearCol).trim() !== '' ? readYearEnding({ table, row, column: yearCol }) : defaultPriceYear,
        line: row.line,
        ...(area ? { area } : {}),
      },
    ];
  });
}

/** A costs row whose area cells are all empty is everyone's price. */
function tableCellEmpty(table: Table, row: TableRow): boolean {
  const columns = ['area', 'area_code', 'gss_code', 'new_la_code', 'dfe_code', 'old_la_code', 'la_code', 'area_name', 'la_name'];
  return columns.every((name) => {
    const column = findColumn(table, name);
    return column === undefined || cell(row, column).trim() === '';
  });
}
