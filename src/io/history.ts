import { dfeAreaReader } from './dfeArea.js';
import { InputError } from '../errors.js';
import type { Area, HistoryYear } from '../model/types.js';
import { areaCounter } from './identity.js';
import { cell, findColumn, parseTable, requireColumn, type Column, type ReadOptions, type Table, type TableRow } from './table.js';
import { readCount, readYearEnding, type MissingCell } from './values.js';

export type HistoryLayout = 'simple' | 'dfe-rate';
export const HISTORY_LAYOUTS: readonly HistoryLayout[] = ['simple', 'dfe-rate'];

/** A history field a file may or may not provide; `undefined` = the file has no such column. */
export type HistoryFields = { [K in Exclude<keyof HistoryYear, 'year'>]?: number | null };

export interface HistoryRecord extends HistoryFields {
  area: Area;
  year: number;
  /** Line of the (first) row the record came from. */
  line: number;
}

export interface HistoryFile {
  source: string;
  layout: HistoryLayout;
  records: HistoryRecord[];
  /** Suppressed or empty count cells, reported to the user as missing values. */
  missing: MissingCell[];
  /** Lines that give no area name: the file's name or the code stands in (not an identity to check). */
  unnamedLines?: Set<number>;
}

const SIMPLE_COLUMNS = 'year,cla[,starts,ceased,uasc] with optional area_code,area_name,dfe_code';
const DFE_COLUMNS = 'time_period, la_name/new_la_code, population_count or population_type, number or children_count';

/** Which layout a header is, or undefined. */
function detectHistoryLayout(table: Table): HistoryLayout | undefined {
  const has = (name: string) => table.keys.includes(name);
  if (has('time_period') && (has('population_count') || has('population_type'))) return 'dfe-rate';
  if (has('year') && has('cla')) return 'simple';
  return undefined;
}

/**
 * Read a history file: the simple layout (`year,cla[,starts,ceased,uasc]`, optionally with
 * `area_code,area_name,dfe_code`) or DfE's published `cla_number_and_rate_per_10k_children` file
 * (2022 schema `population_count`/`number`, 2025 schema `population_type`/`children_count`).
 * @throws InputError naming file, line and column for anything it cannot read
 */
export function parseHistory(
  text: string,
  source: string,
  options: { layout?: HistoryLayout; defaultAreaName?: string } & ReadOptions = {},
): HistoryFile {
  const defaultAreaName = options.defaultAreaName ?? 'Area';
  const table = parseTable(text, source, {
    limits: options.limits,
    notice: options.notice,
    // Too many areas are refused at the row that passes the bound, before the rest is split.
    rowCheck: (header) => {
      const layout = options.layout ?? detectHistoryLayout(header);
      const areaOf = layout === 'simple' ? simpleAreaOf(header, defaultAreaName) : layout === 'dfe-rate' ? dfeAreaOnly(header) : undefined;
      if (areaOf === undefined) return undefined;
      const count = areaCounter('the number of areas in the history', options.limits);
      return (row) => {
        const area = areaOf(row);
        if (area) count(area, { file: source, line: row.line });
      };
    },
  });
  const layout = options.layout ?? detectHistoryLayout(table);
  if (layout === undefined) {
    throw new InputError(
      'unknown-layout',
      `unrecognised history layout: expected columns ${SIMPLE_COLUMNS} (simple layout), or ` +
        `${DFE_COLUMNS} (DfE cla_number_and_rate_per_10k_children file); found: ${table.header.join(', ')}`,
      { file: source, line: 1 },
    );
  }
  const file = layout === 'simple' ? readSimple(table, defaultAreaName) : readDfeRate(table);
  rejectDuplicates(file);
  return file;
}

/** The area of a row of the simple layout; undefined when the file has no area columns (one area). */
function simpleAreaOf(table: Table, defaultAreaName: string): ((row: TableRow) => Area) | undefined {
  const codeCol = findColumn(table, 'area_code', 'gss_code', 'new_la_code');
  const nameCol = findColumn(table, 'area_name', 'la_name');
  const dfeCol = findColumn(table, 'dfe_code', 'old_la_code', 'la_code');
  if (!codeCol && !nameCol && !dfeCol) return undefined;
  return (row) => {
    const area: Area = {
      code: codeCol ? cell(row, codeCol).trim() : '',
      name: nameCol ? cell(row, nameCol).trim() : defaultAreaName,
    };
    const dfeCode = dfeCol ? cell(row, dfeCol).trim() : '';
    if (dfeCode !== '') area.dfeCode = dfeCode;
    if (area.name === '') area.name = area.code || area.dfeCode || defaultAreaName;
    return area;
  };
}

function readSimple(table: Table, defaultAreaName: string): HistoryFile {
  const yearCol = requireColumn(table, 'simple history', 'year');
  const claCol = requireColumn(table, 'simple history', 'cla');
  const nameCol = findColumn(table, 'area_name', 'la_name');
  const areaOf = simpleAreaOf(table, defaultAreaName) ?? (() => ({ code: '', name: defaultAreaName }));
  const optional = {
    starts: findColumn(table, 'starts'),
    ceased: findColumn(table, 'ceased'),
    uasc: findColumn(table, 'uasc'),
  };
  const missing: MissingCell[] = [];
  const unnamedLines = new Set<number>();
  const records: HistoryRecord[] = table.rows.map((row) => {
    const area = areaOf(row);
    const unnamed = nameCol === undefined || cell(row, nameCol).trim() === '';
    const count = (column: Column) => {
      const value = readCount({ table, row, column });
      if (value === null) {
        missing.push({ file: table.source, line: row.line, column: column.name, value: cell(row, column), area });
      }
      return value;
    };
    const record: HistoryRecord = {
      area,
      year: readYearEnding({ table, row, column: yearCol }),
      line: row.line,
      cla: count(claCol),
    };
    if (unnamed) unnamedLines.add(row.line);
    for (const [field, column] of Object.entries(optional)) {
      if (column) record[field as 'starts' | 'ceased' | 'uasc'] = count(column);
    }
    return record;
  });
  return { source: table.source, layout: 'simple', records, missing, unnamedLines };
}

/** DfE's `population_count`/`population_type` text says which measure a row counts. */
function dfeMeasure(label: string): 'cla' | 'starts' | 'ceased' | undefined {
  const text = label.toLowerCase();
  if (text.includes('looked after at 31 march') || text.includes('looked after on 31 march')) return 'cla';
  if (text.includes('starting')) return 'starts';
  if (text.includes('ceasing')) return 'ceased';
  return undefined;
}

/** The area of a row of DfE's rate file (the country, a region or a council, by geographic level). */
function dfeAreaOnly(table: Table): (row: TableRow) => Area {
  const areaOf = dfeAreaReader(table);
  return (row) => areaOf(row).area;
}

function readDfeRate(table: Table): HistoryFile {
  const layoutName = 'DfE cla_number_and_rate_per_10k_children';
  const yearCol = requireColumn(table, layoutName, 'time_period');
  const measureCol = requireColumn(table, layoutName, 'population_count', 'population_type');
  const countCol = requireColumn(table, layoutName, 'number', 'children_count');
  const areaOf = dfeAreaReader(table);
  const missing: MissingCell[] = [];
  const byKey = new Map<string, HistoryRecord>();
  const records: HistoryRecord[] = [];
  for (const row of table.rows) {
    const measure = dfeMeasure(cell(row, measureCol));
    if (measure === undefined) continue;
    const { area } = areaOf(row);
    const year = readYearEnding({ table, row, column: yearCol });
    const value = readCount({ table, row, column: countCol });
    if (value === null) {
      missing.push({ file: table.source, line: row.line, column: countCol.name, value: cell(row, countCol), area });
    }
    const key = `${area.code}|${area.dfeCode ?? ''}|${area.name}|${year}`;
    let record = byKey.get(key);
    if (record === undefined) {
      record = { area, year, line: row.line };
      byKey.set(key, record);
      records.push(record);
    } else if (record[measure] !== undefined) {
      throw new InputError(
        'duplicate-year',
        `${area.name} ${year} "${cell(row, measureCol)}" appears twice (first on line ${record.line})`,
        { file: table.source, line: row.line, column: yearCol.name },
      );
    }
    record[measure] = value;
  }
  if (records.length === 0) {
    throw new InputError('unknown-layout', `no rows for children looked after, starting or ceasing in column "${measureCol.name}"`, {
      file: table.source,
      line: 2,
      column: measureCol.name,
    });
  }
  return { source: table.source, layout: 'dfe-rate', records, missing };
}

function rejectDuplicates(file: HistoryFile): void {
  if (file.layout !== 'simple') return;
  const seen = new Map<string, number>();
  for (const record of file.records) {
    const key = `${record.area.code}|${record.area.dfeCode ?? ''}|${record.area.name.toLowerCase()}|${record.year}`;
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      throw new InputError('duplicate-year', `year ${record.year} for ${record.area.name} appears twice (first on line ${firstLine})`, {
        file: file.source,
        line: record.line,
        column: 'year',
      });
    }
    seen.set(key, record.line);
  }
}
