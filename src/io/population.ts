import type { AreaPopulation } from '../model/population/districts.js';
import { dfeAreaReader } from './dfeArea.js';
import { InputError } from '../errors.js';
import { AreaIndex, checkSameIdentity, type Seen } from './identity.js';
import { DEFAULT_LIMITS, limitError, thousands, type Limits } from './limits.js';
import type { Area, PopulationKind } from '../model/types.js';
import {
  cell,
  findColumn,
  parseTable,
  requireColumn,
  tableFromRows,
  type Column,
  type ReadOptions,
  type Table,
  type TableRow,
} from './table.js';
import { readMidYear, readPopulation, type MissingCell } from './values.js';
import { readWorkbook } from './xlsx.js';

export type PopulationLayout = 'simple' | 'ons-snpp' | 'gla-wide' | 'gla-long' | 'dfe-mye';
export const POPULATION_LAYOUTS: readonly PopulationLayout[] = ['simple', 'ons-snpp', 'gla-wide', 'gla-long', 'dfe-mye'];

/** Name given to the area of a file without area columns: it applies to whichever area is projected. */
export const UNNAMED_AREA = '(unnamed area)';

/** Oldest single year of age counted as a child. */
const MAX_CHILD_AGE = 17;

/** One area's 0-17 population at one mid-year, with the line it came from (the model's shape). */
export type PopulationRecord = AreaPopulation;

export interface PopulationFile {
  source: string;
  layout: PopulationLayout;
  /** Estimates (ONS mid-year) or projections (ONS SNPP, GLA); projections are rebased to estimates. */
  kind: PopulationKind;
  records: PopulationRecord[];
  missing: MissingCell[];
  /** Councils whose figures are the sum of their districts (ONS projections), and how many. */
  summed?: { council: { code: string; name: string }; districts: number }[];
}

const EXPECTED =
  'mid_year,population_0_17 (simple); AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,<years> (ONS projection); ' +
  'gss_code,borough|district,age,sex,<years> or gss_code,sex,age,year,popn|value (GLA projection); ' +
  'time_period,new_la_code,la_name,population_estimate (DfE layout of ONS estimates)';

function detectPopulationLayout(table: Table): PopulationLayout | undefined {
  const has = (name: string) => table.keys.includes(name);
  if (has('mid_year') && (has('population_0_17') || has('population'))) return 'simple';
  if (has('time_period') && has('population_estimate')) return 'dfe-mye';
  if (has('area_code') && has('age_group') && has('sex')) return 'ons-snpp';
  if (has('gss_code') && has('age') && has('sex')) {
    if (has('year') && (has('popn') || has('value'))) return 'gla-long';
    if (yearColumns(table).length > 0) return 'gla-wide';
  }
  return undefined;
}

/**
 * Read a 0-17 population file in any supported layout. Single-year-of-age layouts are summed over
 * ages 0-17, for persons (or female + male where persons rows are absent).
 * @throws InputError naming file, line and column
 */
export function parsePopulation(
  text: string,
  source: string,
  options: { layout?: PopulationLayout; defaultAreaName?: string } & ReadOptions = {},
): PopulationFile {
  return populationFromTable(parseTable(text, source, { limits: options.limits, notice: options.notice }), options);
}

/** The same from a sheet of a workbook (GLA projections are published as xlsx). */
export function parsePopulationWorkbook(
  buffer: Buffer,
  source: string,
  options: { layout?: PopulationLayout; sheet?: string; maxEntryBytes?: number } & ReadOptions = {},
): PopulationFile {
  const workbook = readWorkbook(buffer, source, options.maxEntryBytes);
  const names = workbook.sheetNames;
  const chosen = options.sheet ?? names.find((n) => n.trim().toLowerCase() === 'persons') ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined || !names.includes(chosen)) {
    throw new InputError(
      'unknown-layout',
      options.sheet === undefined
        ? `the workbook has no "persons" sheet: name the sheet to read with --population-sheet (sheets: ${names.join(', ')})`
        : `the workbook has no sheet "${options.sheet}" (sheets: ${names.join(', ')})`,
      { file: source },
    );
  }
  const label = `${source} (sheet ${chosen})`;
  const rows = workbook.rows(chosen).filter((r) => r.cells.some((c) => c.text.trim() !== ''));
  const [first, ...rest] = rows;
  if (first === undefined || rest.length === 0) {
    throw new InputError('empty-file', 'the sheet has no header and data rows', { file: label });
  }
  // The header's named columns, in order: a cell under no name is never read, so a header cell at
  // column XFD makes one column, not 16,384.
  const named = first.cells.filter((c) => c.text.trim() !== '');
  const position = new Map(named.map((c, i) => [c.column, i]));
  const data = rest.flatMap((r) => {
    const cells: string[] = new Array(named.length).fill('');
    for (const c of r.cells) {
      const at = position.get(c.column);
      if (at !== undefined) cells[at] = c.text.trim();
    }
    return cells.some((c) => c !== '') ? [{ cells, line: r.row }] : [];
  });
  const table = tableFromRows(
    label,
    named.map((c) => c.text),
    first.row,
    data,
  );
  return populationFromTable(table, options);
}

function populationFromTable(table: Table, options: { layout?: PopulationLayout; defaultAreaName?: string } & ReadOptions): PopulationFile {
  const source = table.source;
  const layout = options.layout ?? detectPopulationLayout(table);
  if (layout === undefined) {
    throw new InputError('unknown-layout', `unrecognised population layout: expected ${EXPECTED}; found: ${table.header.join(', ')}`, {
      file: source,
      line: 1,
    });
  }
  const missing: MissingCell[] = [];
  let records: PopulationRecord[];
  switch (layout) {
    case 'simple':
      records = readSimple(table, options.defaultAreaName ?? UNNAMED_AREA, missing);
      break;
    case 'dfe-mye':
      records = readDfeEstimates(table, missing);
      break;
    case 'ons-snpp':
      records = readSingleYears(table, {
        layoutName: 'ONS subnational projection',
        code: requireColumn(table, 'ONS subnational projection', 'area_code'),
        name: findColumn(table, 'area_name'),
        sex: requireColumn(table, 'ONS subnational projection', 'sex'),
        age: requireColumn(table, 'ONS subnational projection', 'age_group'),
        component: findColumn(table, 'component'),
        wide: yearColumns(table),
      });
      break;
    case 'gla-wide':
    case 'gla-long': {
      const layoutName = 'GLA borough projection';
      records = readSingleYears(table, {
        layoutName,
        code: requireColumn(table, layoutName, 'gss_code'),
        name: findColumn(table, 'borough', 'district', 'gss_name', 'area_name'),
        sex: requireColumn(table, layoutName, 'sex'),
        age: requireColumn(table, layoutName, 'age'),
        component: findColumn(table, 'component'),
        wide: layout === 'gla-wide' ? yearColumns(table) : [],
        long:
          layout === 'gla-long'
            ? {
                year: requireColumn(table, layoutName, 'year'),
                value: requireColumn(table, layoutName, 'popn', 'value'),
              }
            : undefined,
      });
      break;
    }
  }
  rejectDuplicates(source, records, options.limits ?? DEFAULT_LIMITS);
  const kind: PopulationKind = layout === 'simple' || layout === 'dfe-mye' ? 'estimate' : 'projection';
  return { source, layout, kind, records, missing };
}

function yearColumns(table: Table): Column[] {
  return table.header.map((name, index) => ({ name, index })).filter(({ name }) => /^\d{4}$/.test(name.trim()));
}

function areaFrom(row: TableRow, code?: Column, name?: Column, dfe?: Column, fallback = 'Area'): Area {
  const area: Area = {
    code: code ? cell(row, code).trim() : '',
    name: name ? cell(row, name).trim() : '',
  };
  const dfeCode = dfe ? cell(row, dfe).trim() : '';
  if (dfeCode !== '') area.dfeCode = dfeCode;
  if (area.name === '') area.name = area.code || dfeCode || fallback;
  return area;
}

function readSimple(table: Table, fallback: string, missing: MissingCell[]): PopulationRecord[] {
  const yearCol = requireColumn(table, 'simple population', 'mid_year');
  const valueCol = requireColumn(table, 'simple population', 'population_0_17', 'population');
  const codeCol = findColumn(table, 'area_code', 'gss_code');
  const nameCol = findColumn(table, 'area_name', 'la_name');
  const dfeCol = findColumn(table, 'dfe_code', 'old_la_code');
  const records: PopulationRecord[] = [];
  for (const row of table.rows) {
    const midYear = readMidYear({ table, row, column: yearCol });
    const value = readPopulation({ table, row, column: valueCol });
    const area = areaFrom(row, codeCol, nameCol, dfeCol, fallback);
    if (value === null) {
      missing.push({ file: table.source, line: row.line, column: valueCol.name, value: cell(row, valueCol), area });
      continue;
    }
    records.push({
      area,
      midYear,
      population0to17: value,
      line: row.line,
    });
  }
  return records;
}

function readDfeEstimates(table: Table, missing: MissingCell[]): PopulationRecord[] {
  const layoutName = 'DfE layout of ONS mid-year estimates';
  const yearCol = requireColumn(table, layoutName, 'time_period');
  const valueCol = requireColumn(table, layoutName, 'population_estimate');
  const ageCol = findColumn(table, 'age_group');
  const areaOf = dfeAreaReader(table);
  const records: PopulationRecord[] = [];
  for (const row of table.rows) {
    if (ageCol && !/0 to 17|0-17/i.test(cell(row, ageCol))) continue;
    const { area } = areaOf(row);
    if (area.name === '') area.name = area.code || area.dfeCode || 'Area';
    const midYear = readMidYear({ table, row, column: yearCol });
    const value = readPopulation({ table, row, column: valueCol });
    if (value === null) {
      missing.push({ file: table.source, line: row.line, column: valueCol.name, value: cell(row, valueCol), area });
      continue;
    }
    records.push({ area, midYear, population0to17: value, line: row.line });
  }
  return records;
}

type SexGroup = 'persons' | 'female' | 'male';

function sexGroup(raw: string): SexGroup | undefined {
  const text = raw.trim().toLowerCase();
  if (['persons', 'person', 'total', 'all', 'p', 'all persons'].includes(text)) return 'persons';
  if (['female', 'females', 'f', '2'].includes(text)) return 'female';
  if (['male', 'males', 'm', '1'].includes(text)) return 'male';
  return undefined;
}

interface SingleYearColumns {
  layoutName: string;
  code: Column;
  name?: Column;
  sex: Column;
  age: Column;
  component?: Column;
  /** Wide layout: one column per mid-year. */
  wide: Column[];
  /** Long layout: a year column and a value column. */
  long?: { year: Column; value: Column };
}

interface AgeAccumulator {
  area: Area;
  midYear: number;
  line: number;
  ages: Record<SexGroup, (number | undefined)[]>;
}

/** Sum single years of age 0-17 per area and mid-year, persons or female + male. */
function readSingleYears(table: Table, columns: SingleYearColumns): PopulationRecord[] {
  const { layoutName } = columns;
  if (!columns.long && columns.wide.length === 0) {
    throw new InputError('missing-column', `the ${layoutName} layout needs year columns such as 2024`, {
      file: table.source,
      line: 1,
    });
  }
  const groups = new Map<string, AgeAccumulator>();
  const put = (row: TableRow, area: Area, midYear: number, sex: SexGroup, age: number, value: number) => {
    const key = `${area.code}|${area.name}|${midYear}`;
    let acc = groups.get(key);
    if (acc === undefined) {
      acc = { area, midYear, line: row.line, ages: { persons: [], female: [], male: [] } };
      groups.set(key, acc);
    }
    acc.ages[sex][age] = (acc.ages[sex][age] ?? 0) + value;
  };
  for (const row of table.rows) {
    if (columns.component && !/^population$/i.test(cell(row, columns.component).trim())) continue;
    const sex = sexGroup(cell(row, columns.sex));
    if (sex === undefined) continue;
    const ageText = cell(row, columns.age).trim();
    if (!/^\d+$/.test(ageText)) continue; // "90+", "All ages" and the like are not single child ages
    const age = Number(ageText);
    if (age > MAX_CHILD_AGE) continue;
    const area = areaFrom(row, columns.code, columns.name);
    if (columns.long) {
      const midYear = readMidYear({ table, row, column: columns.long.year });
      const value = readPopulation({ table, row, column: columns.long.value });
      if (value !== null) put(row, area, midYear, sex, age, value);
    } else {
      for (const column of columns.wide) {
        const value = readPopulation({ table, row, column });
        if (value !== null) put(row, area, Number(column.name), sex, age, value);
      }
    }
  }
  const records: PopulationRecord[] = [];
  for (const acc of groups.values()) {
    const complete = (ages: (number | undefined)[]) => ages.length === MAX_CHILD_AGE + 1 && ages.every((v) => v !== undefined);
    let byAge: number[];
    if (complete(acc.ages.persons)) {
      byAge = acc.ages.persons as number[];
    } else if (complete(acc.ages.female) && complete(acc.ages.male)) {
      byAge = acc.ages.female.map((f, age) => f! + acc.ages.male[age]!);
    } else {
      const have = (['persons', 'female', 'male'] as const)
        .map((s) => `${s}: ${acc.ages[s].filter((v) => v !== undefined).length}`)
        .join(', ');
      throw new InputError(
        'bad-value',
        `${acc.area.name} mid-${acc.midYear}: expected single years of age 0 to 17 for persons ` +
          `(or for both female and male), found ages for ${have}`,
        { file: table.source, line: acc.line },
      );
    }
    records.push({
      area: acc.area,
      midYear: acc.midYear,
      population0to17: byAge.reduce((sum, v) => sum + v, 0),
      byAge,
      line: acc.line,
    });
  }
  if (records.length === 0) {
    throw new InputError('bad-value', `no rows with single years of age 0-17 for persons, female or male in the ${layoutName} layout`, {
      file: table.source,
      line: 2,
    });
  }
  return records;
}

function rejectDuplicates(source: string, records: PopulationRecord[], limits: Readonly<Limits>): void {
  checkIdentities(source, records, limits);
  const seen = new Map<string, number>();
  for (const record of records) {
    const key = `${record.area.code}|${record.area.dfeCode ?? ''}|${record.area.name.toLowerCase()}|${record.midYear}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError('duplicate-year', `mid-year ${record.midYear} for ${record.area.name} appears twice (first on line ${first})`, {
        file: source,
        line: record.line,
      });
    }
    seen.set(key, record.line);
  }
}

/**
 * One identity per area within a file (as for the history): a GSS code with two names or DfE
 * numbers, a DfE number with two councils, or one area given twice for a mid-year is an error.
 * @throws InputError `area-conflict`, `limit-exceeded` (more areas than --max-areas)
 */
function checkIdentities(source: string, records: PopulationRecord[], limits: Readonly<Limits>): void {
  interface Known {
    area: Area;
    seen: Seen;
    named: boolean;
    years: Map<number, number>;
  }
  const index = new AreaIndex<Known>();
  const maxAreas = limits.maxAreas;
  const isNamed = (area: Area) =>
    area.name !== area.code && area.name !== area.dfeCode && area.name !== UNNAMED_AREA && area.name !== 'Area';
  for (const record of records) {
    const where = { file: source, line: record.line };
    const named = isNamed(record.area);
    let known = index.find(record.area);
    if (known === undefined) {
      if (index.size >= maxAreas) {
        throw limitError(limits, 'maxAreas', 'the number of areas in the population file', `more than ${thousands(maxAreas)}`, where);
      }
      known = { area: record.area, seen: where, named, years: new Map() };
      index.add(known);
    } else {
      checkSameIdentity(known, { area: record.area, where, named });
      if (!known.named && named) {
        Object.assign(known, { area: record.area, seen: where, named });
        index.reindex(known);
      }
    }
    const earlier = known.years.get(record.midYear);
    if (
      earlier !== undefined &&
      (record.area.code !== known.area.code || record.area.dfeCode !== known.area.dfeCode || record.area.name !== known.area.name)
    ) {
      throw new InputError(
        'area-conflict',
        `${record.area.name} mid-${record.midYear} is given twice, on line ${earlier} and here, under different codes or names: ` +
          'two areas with one identity, or one area under two codes; correct one of the two lines',
        where,
      );
    }
    known.years.set(record.midYear, record.line);
  }
}
