import { dfeAreaReader } from './dfeArea.js';
import { InputError } from '../errors.js';
import { AGE_BANDS, type AgeBandYear, type BandName } from '../model/ageBands.js';
import type { Area } from '../model/types.js';
import { cell, findColumn, parseTable, requireColumn, type ReadOptions, type Table } from './table.js';
import { readCount, readYearEnding, type MissingCell } from './values.js';

/** One area's counts by DfE age band, by year. */
export interface AreaByAge {
  area: Area;
  years: AgeBandYear[];
}

export interface ByAgeFile {
  source: string;
  areas: AreaByAge[];
  missing: MissingCell[];
}

const BAND_ALIASES: Record<string, BandName | 'ceased16' | 'ceased17' | 'ceased18plus' | 'total'> = {
  under1: 'under1',
  'under 1 year': 'under1',
  '1to4': '1to4',
  '1 to 4 years': '1to4',
  '5to9': '5to9',
  '5 to 9 years': '5to9',
  '10to15': '10to15',
  '10 to 15 years': '10to15',
  '16plus': '16to17',
  '16 years and over': '16to17',
  '16': 'ceased16',
  '16 years': 'ceased16',
  '17': 'ceased17',
  '17 years': 'ceased17',
  '18plus': 'ceased18plus',
  '18 years and over': 'ceased18plus',
  total: 'total',
};

/** DfE characteristics files name ages in words. */
const DFE_CHARACTERISTICS: Record<string, BandName | 'ceased16' | 'ceased17' | 'ceased18plus' | 'total'> = {
  'under 1 year': 'under1',
  '1 to 4 years': '1to4',
  '5 to 9 years': '5to9',
  '10 to 15 years': '10to15',
  '16 years and over': '16to17',
  '16 years': 'ceased16',
  '17 years': 'ceased17',
  '18 years and over': 'ceased18plus',
  total: 'total',
};

const MEASURES: Record<string, 'stock' | 'starts' | 'ceased'> = {
  cla_31_march: 'stock',
  started: 'starts',
  ceased: 'ceased',
};

/**
 * Read counts by DfE age band: `area_code,area_name,year,measure,age_band,count` with measures
 * `cla_31_march`, `started`, `ceased` and bands under1, 1to4, 5to9, 10to15, 16plus (ceased also 16,
 * 17, 18plus). Totals and unknown bands are ignored; suppressed cells are missing.
 * For the 16-17 band, "ceased" excludes those leaving care at 18, which the model's ageing covers:
 * ceased 16 + ceased 17, else ceased 16plus - ceased 18plus.
 * @throws InputError naming file, line and column
 */
export function parseByAge(text: string, source: string, options: ReadOptions = {}): ByAgeFile {
  const table = parseTable(text, source, options);
  if (table.keys.includes('cla_group') && table.keys.includes('characteristic')) return parseCharacteristics(table);
  const layout = 'history by age band';
  const yearCol = requireColumn(table, layout, 'year');
  const measureCol = requireColumn(table, layout, 'measure');
  const bandCol = requireColumn(table, layout, 'age_band');
  const countCol = requireColumn(table, layout, 'count');
  const codeCol = findColumn(table, 'area_code');
  const nameCol = findColumn(table, 'area_name');
  const missing: MissingCell[] = [];
  const byArea: RawYears = new Map();
  for (const row of table.rows) {
    const measure = MEASURES[cell(row, measureCol).trim().toLowerCase()];
    const band = BAND_ALIASES[cell(row, bandCol).trim().toLowerCase()];
    if (measure === undefined || band === undefined) continue;
    const year = readYearEnding({ table, row, column: yearCol });
    const value = readCount({ table, row, column: countCol });
    const area: Area = {
      code: codeCol ? cell(row, codeCol).trim() : '',
      name: nameCol ? cell(row, nameCol).trim() : '',
    };
    if (value === null) missing.push({ file: source, line: row.line, column: countCol.name, value: cell(row, countCol), area });
    const raw = rawYear(byArea, area, year);
    const field = `${measure}:${band}`;
    if (raw.has(field)) {
      throw new InputError('duplicate-year', `${area.name || 'the area'} ${year} ${measure} ${cell(row, bandCol)} appears twice`, {
        file: source,
        line: row.line,
      });
    }
    raw.set(field, value);
  }
  if (byArea.size === 0) {
    throw new InputError('unknown-layout', 'no rows with measure cla_31_march, started or ceased and a DfE age band', {
      file: source,
      line: 2,
    });
  }
  return { source, areas: toAreas(byArea), missing };
}

type RawYears = Map<string, { area: Area; years: Map<number, Map<string, number | null>> }>;

/** The `measure:band -> count` map of one area and year, created on first use. */
function rawYear(byArea: RawYears, area: Area, year: number): Map<string, number | null> {
  const key = `${area.code}|${area.name}`;
  let entry = byArea.get(key);
  if (!entry) byArea.set(key, (entry = { area, years: new Map() }));
  let raw = entry.years.get(year);
  if (!raw) entry.years.set(year, (raw = new Map()));
  return raw;
}

function toAreas(byArea: RawYears): AreaByAge[] {
  return [...byArea.values()].map(({ area, years }) => ({
    area,
    years: [...years.entries()].sort((a, b) => a[0] - b[0]).map(([year, raw]) => bandYear(year, raw)),
  }));
}

/**
 * DfE's characteristics files (`la_cla_who_started_to_be_looked_after`, `la_children_who_ceased_during_year`,
 * and the 31 March characteristics file): rows with cla_group "Age group" or "Age on ceasing".
 * Which measure a file counts is in its name (started, ceased, 31 March), as DfE publishes them.
 */
function parseCharacteristics(table: Table): ByAgeFile {
  const source = table.source;
  const name = source.toLowerCase();
  const measure = name.includes('ceased') ? 'ceased' : name.includes('started') ? 'starts' : /31|march/.test(name) ? 'stock' : undefined;
  if (measure === undefined) {
    throw new InputError(
      'unknown-layout',
      'a DfE characteristics file, but its name does not say whether it counts children who started, ceased or were looked after on 31 March (DfE names: ..._started_..., ..._ceased_..., ..._31_march_...)',
      { file: source, line: 1 },
    );
  }
  const layout = 'DfE characteristics';
  const yearCol = requireColumn(table, layout, 'time_period');
  const groupCol = requireColumn(table, layout, 'cla_group');
  const charCol = requireColumn(table, layout, 'characteristic');
  const countCol = requireColumn(table, layout, 'number');
  const areaOf = dfeAreaReader(table);
  const namesCountry = findColumn(table, 'country_name') !== undefined;
  const missing: MissingCell[] = [];
  const byArea: RawYears = new Map();
  for (const row of table.rows) {
    const group = cell(row, groupCol).trim().toLowerCase();
    if (group !== 'age group' && group !== 'age on ceasing') continue;
    const band = DFE_CHARACTERISTICS[cell(row, charCol).trim().toLowerCase()];
    if (band === undefined) continue;
    const { level, area } = areaOf(row);
    if (level === 'regional') continue;
    if (level === 'national' && !namesCountry) area.name = 'England';
    const year = readYearEnding({ table, row, column: yearCol });
    const value = readCount({ table, row, column: countCol });
    if (value === null) missing.push({ file: source, line: row.line, column: countCol.name, value: cell(row, countCol), area });
    rawYear(byArea, area, year).set(`${measure}:${band}`, value);
  }
  if (byArea.size === 0)
    throw new InputError('unknown-layout', 'no "Age group" or "Age on ceasing" rows in the DfE characteristics file', {
      file: source,
      line: 2,
    });
  return { source, areas: toAreas(byArea), missing };
}

/**
 * Combine by-age counts from several files (e.g. DfE's started and ceased files and a stock file):
 * for each year and band, a later file's published value replaces an earlier one's, and a
 * missing value never replaces a published one.
 */
export function mergeByAge(earlier: readonly AgeBandYear[], later: readonly AgeBandYear[]): AgeBandYear[] {
  const years = new Map(earlier.map((y) => [y.year, y]));
  for (const y of later) {
    const before = years.get(y.year);
    if (!before) {
      years.set(y.year, y);
      continue;
    }
    const pick = (a: (number | null)[], b: (number | null)[]) => a.map((v, i) => b[i] ?? v);
    years.set(y.year, {
      year: y.year,
      stock: pick(before.stock, y.stock),
      starts: pick(before.starts, y.starts),
      ceased: pick(before.ceased, y.ceased),
      ceasedAt18: y.ceasedAt18 ?? before.ceasedAt18,
    });
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/**
 * DfE suppresses small cells; where exactly one band of a measure is suppressed and the total is
 * published, the band is the total minus the others (derived, not guessed). For ceased, the bands
 * that sum to the total are under1..10to15 and 16plus (which includes those leaving at 18).
 */
function fillFromTotal(raw: Map<string, number | null>, measure: string, bands: string[]): number {
  const total = raw.get(`${measure}:total`);
  if (total === undefined || total === null) return 0;
  const missing = bands.filter((b) => (raw.get(`${measure}:${b}`) ?? null) === null);
  if (missing.length !== 1) return 0;
  const known = bands.filter((b) => b !== missing[0]).reduce((s, b) => s + raw.get(`${measure}:${b}`)!, 0);
  if (total - known < 0) return 0;
  raw.set(`${measure}:${missing[0]}`, total - known);
  return 1;
}

const SUMMING_BANDS = ['under1', '1to4', '5to9', '10to15', '16to17'];

function bandYear(year: number, raw: Map<string, number | null>): AgeBandYear {
  for (const measure of ['stock', 'starts', 'ceased']) fillFromTotal(raw, measure, SUMMING_BANDS);
  // Within 16plus ceased: 16, 17 and 18plus sum to the band.
  const ceased16plus = raw.get('ceased:16to17');
  if (ceased16plus !== undefined && ceased16plus !== null) {
    raw.set('ceased16plus:total', ceased16plus);
    for (const b of ['ceased16', 'ceased17', 'ceased18plus']) {
      if (raw.has(`ceased:${b}`)) raw.set(`ceased16plus:${b}`, raw.get(`ceased:${b}`)!);
    }
    fillFromTotal(raw, 'ceased16plus', ['ceased16', 'ceased17', 'ceased18plus']);
    for (const b of ['ceased16', 'ceased17', 'ceased18plus']) {
      const v = raw.get(`ceased16plus:${b}`);
      if (v !== undefined) raw.set(`ceased:${b}`, v);
    }
  }
  const get = (measure: string, band: string) => raw.get(`${measure}:${band}`) ?? null;
  const ceasedAt18 = get('ceased', 'ceased18plus');
  const ceased = AGE_BANDS.map(({ name }) => {
    if (name !== '16to17') return get('ceased', name);
    const c16 = get('ceased', 'ceased16');
    const c17 = get('ceased', 'ceased17');
    if (c16 !== null && c17 !== null) return c16 + c17;
    const all = get('ceased', '16to17');
    return all !== null && ceasedAt18 !== null ? Math.max(0, all - ceasedAt18) : null;
  });
  return {
    year,
    stock: AGE_BANDS.map(({ name }) => get('stock', name)),
    starts: AGE_BANDS.map(({ name }) => get('starts', name)),
    ceased,
    ceasedAt18,
  };
}
