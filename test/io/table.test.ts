import { describe, expect, it } from 'vitest';
import { parseTable } from '../../src/io/table.js';
import { expectInputError } from '../helpers/errors.js';

describe('parseTable', () => {
  it('strips a BOM and reads CRLF line ends', () => {
    const table = parseTable('\uFEFFyear,cla\r\n2024,277\r\n2025,284\r\n', 'h.csv');
    expect(table.header).toEqual(['year', 'cla']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['2024', '277'],
      ['2025', '284'],
    ]);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('detects semicolon and tab separators from the header', () => {
    expect(parseTable('year;cla\n2024;"1,277"\n', 's.csv').rows[0]!.cells).toEqual(['2024', '1,277']);
    expect(parseTable('year\tcla\n2024\t277\n', 't.tsv').rows[0]!.cells).toEqual(['2024', '277']);
  });

  it('keeps true line numbers across blank lines', () => {
    const table = parseTable('year,cla\n\n2024,277\n\n2025,284\n', 'h.csv');
    expect(table.rows.map((r) => r.line)).toEqual([3, 5]);
  });

  it('rejects an empty file', () => {
    expectInputError(() => parseTable('', 'e.csv'), { code: 'empty-file', file: 'e.csv' });
    expectInputError(() => parseTable('\uFEFF\r\n\r\n', 'e.csv'), { code: 'empty-file' });
  });

  it('rejects a header with no rows', () => {
    expectInputError(() => parseTable('year,cla\n', 'h.csv'), { code: 'empty-file', line: 1, message: /no data rows/ });
  });

  it('reports an unclosed quote with its line', () => {
    expectInputError(() => parseTable('year,cla\n2024,"277\n', 'q.csv'), { code: 'csv-syntax', file: 'q.csv' });
  });
});

describe('text is split line by line exactly as csv-parse splits the whole of it', () => {
  it('gives the same header, rows, lines and errors on random text with and without quotes (fast-check)', async () => {
    const fc = (await import('fast-check')).default;
    const { InputError } = await import('../../src/errors.js');
    const alphabet = fc.constantFrom(
      'a',
      'B',
      '1',
      '0',
      ' ',
      '\t',
      ',',
      ';',
      '\n',
      '\r',
      '\r\n',
      'é',
      '-',
      'x',
      '"',
      '""',
      '"a,b"',
      ' "c" ',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (chars) => {
        const text = chars.join('');
        const run = (engine?: 'csv-parse') => {
          try {
            return parseTable(text, 't.csv', engine ? { engine } : {});
          } catch (err) {
            if (err instanceof InputError) return `${err.code}: ${err.message}`;
            throw err;
          }
        };
        expect(run()).toEqual(run('csv-parse'));
      }),
      { numRuns: 4000, seed: 7 },
    );
  });
});
