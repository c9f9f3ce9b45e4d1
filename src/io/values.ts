import { InputError } from '../errors.js';
import type { Area } from '../model/types.js';
import { cell, type Column, type Table, type TableRow } from './table.js';

/** DfE's markers for suppressed or unavailable figures. They mean "missing", never zero. */
const SUPPRESSION_MARKERS = ['c', 'x', 'z', 'k', 'u', 'low', '-', '..', ':'] as const;

/** A cell that held a suppression marker (or was empty where a count was expected). */
export interface MissingCell {
  file: string;
  line: number;
  column: string;
  value: string;
  /** The area of the row, so that notes can speak of the areas being run. */
  area?: Area;
}

/** Where a value came from, for messages. */
export interface CellContext {
  table: Table;
  row: TableRow;
  column: Column;
}

function where({ table, row, column }: CellContext) {
  return { file: table.source, line: row.line, column: column.name };
}

/** `1,234` or `1 234` (thousands separators) to `1234`; leaves anything else alone. */
function stripThousands(raw: string): string {
  if (/^-?\d{1,3}([, \u00a0]\d{3})+(\.\d+)?$/.test(raw)) return raw.replace(/[, \u00a0]/g, '');
  return raw;
}

/** A cell's text for a message: long values are cut (a message is one line a person reads). */
export function shown(raw: string, max = 60): string {
  return raw.length > max ? `${raw.slice(0, max)}... (${raw.length} characters)` : raw;
}

function isSuppressionMarker(raw: string): boolean {
  return (SUPPRESSION_MARKERS as readonly string[]).includes(raw.trim().toLowerCase());
}

/**
 * A non-negative number of children, or null for a suppression marker or an empty cell.
 * @throws InputError `bad-number` for text that is not a count, `negative-count` below zero
 */
export function readCount(ctx: CellContext, what = 'a whole number of children', { wholeNumber = true } = {}): number | null {
  const raw = cell(ctx.row, ctx.column).trim();
  if (raw === '' || isSuppressionMarker(raw)) return null;
  const text = stripThousands(raw);
  const pattern = wholeNumber ? /^-?\d+(\.0+)?$/ : /^-?\d+(\.\d+)?$/;
  if (!pattern.test(text)) {
    throw new InputError('bad-number', `expected ${what}, got "${shown(raw)}"`, where(ctx));
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InputError('bad-number', `expected ${what}, got a number too large to hold (${raw.length} digits)`, where(ctx));
  }
  if (value < 0) {
    throw new InputError('negative-count', `expected ${what}, got a negative number "${shown(raw)}"`, where(ctx));
  }
  return value;
}

/**
 * A population (positive, fractional allowed: projections are not whole numbers).
 * @throws InputError `bad-number`, `negative-count`, `zero-population`
 */
export function readPopulation(ctx: CellContext): number | null {
  const value = readCount(ctx, 'a population count', { wholeNumber: false });
  if (value === 0) {
    throw new InputError('zero-population', 'population is 0: a rate per 10,000 children cannot be computed from it', where(ctx));
  }
  return value;
}

/**
 * The year ending 31 March that a label means: `2024`, `2023-24`, `2023/24`, `2023-2024` and
 * `202324` (DfE's time_period) all mean the year ending 31 March 2024.
 * @throws InputError `bad-year`
 */
export function readYearEnding(ctx: CellContext): number {
  const raw = cell(ctx.row, ctx.column).trim();
  const year = parseYearLabel(raw);
  if (year === undefined) {
    if (raw === '') throw new InputError('missing-year', 'the year is empty', where(ctx));
    throw new InputError('bad-year', `expected a year such as 2024, 2023-24, 2023/24 or 2023-2024, got "${shown(raw)}"`, where(ctx));
  }
  return year;
}

export function parseYearLabel(raw: string): number | undefined {
  let match = /^(\d{4})$/.exec(raw);
  if (match) return plausible(Number(match[1]));
  match = /^(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})$/.exec(raw) ?? /^(\d{4})(\d{2})$/.exec(raw);
  if (match) {
    const start = Number(match[1]);
    const endText = match[2]!;
    const end = endText.length === 2 ? Math.floor(start / 100) * 100 + Number(endText) : Number(endText);
    const fixedEnd = end < start ? end + 100 : end;
    if (fixedEnd !== start + 1) return undefined;
    return plausible(fixedEnd);
  }
  return undefined;
}

function plausible(year: number): number | undefined {
  return year >= 1900 && year <= 2200 ? year : undefined;
}

/** A plain calendar year (mid-year of a population estimate or projection column). */
export function readMidYear(ctx: CellContext): number {
  const raw = cell(ctx.row, ctx.column).trim();
  if (/^\d{4}$/.test(raw)) {
    const year = plausible(Number(raw));
    if (year !== undefined) return year;
  }
  if (raw === '') throw new InputError('missing-year', 'the mid-year is empty', where(ctx));
  throw new InputError('bad-year', `expected a mid-year such as 2023, got "${shown(raw)}"`, where(ctx));
}
