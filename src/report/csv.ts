import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from './format.js';

/**
 * Tidy CSV with a fixed column order and `\n` line ends. Text cells that a spreadsheet would run
 * as a formula are neutralised; numbers are written as they are; null is an empty cell.
 */
export function renderCsv<T extends Record<string, string | number | null>>(
  columns: readonly (keyof T & string)[],
  records: readonly T[],
  decimals: Partial<Record<keyof T & string, number>> = {},
): string {
  const rows = records.map((record) =>
    columns.map((column) => {
      const value = record[column];
      if (value === null || value === undefined) return '';
      if (typeof value === 'number') {
        const places = decimals[column];
        return places === undefined ? String(value) : value.toFixed(places);
      }
      return neutraliseFormula(value);
    }),
  );
  return stringify([columns as string[], ...rows], { record_delimiter: '\n' });
}
