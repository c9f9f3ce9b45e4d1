import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from './format.js';

/**
 * Tidy CSV with a fixed column order and `\n` line ends. Text cells that a spreadsheet would run
 * as a formula are neutralised; numbers are written as they are (round them first: see
 * report/model.ts DECIMALS); null is an empty cell.
 */
export function renderCsv<T extends Record<string, string | number | null>>(
  columns: readonly (keyof T & string)[],
  records: readonly T[],
): string {
  const rows = records.map((record) =>
    columns.map((column) => {
      const value = record[column];
      if (value === null || value === undefined) return '';
      if (typeof value === 'number') return String(value);
      return neutraliseFormula(value);
    }),
  );
  return stringify([columns as string[], ...rows], { record_delimiter: '\n' });
}
