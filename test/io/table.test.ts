import { describe, expect, it } from 'vitest';
import { parseTable, type Table, type TableRow } from '../../src/io/table.js';
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

describe('hostile text (issue 21)', () => {
  it('two columns of one name (any case) are refused, naming both', () => {
    expectInputError(() => parseTable('year,cla,starts,CLA\n2024,277,10,2770\n', 'h.csv'), {
      code: 'duplicate-column',
      file: 'h.csv',
      line: 1,
      column: 'CLA',
      message: /two columns are named "CLA" \(columns 2 and 4\)/,
    });
    // empty header cells (trailing commas) are not names
    expect(parseTable('year,cla,,\n2024,277,,\n', 'h.csv').header).toEqual(['year', 'cla', '', '']);
  });

  it('control and bidirectional characters are taken out of every cell, with one note naming the first line', () => {
    const notes: string[] = [];
    const table = parseTable(
      'area_name,year\nTower\u000b Ham\u0001lets\u001b]0;x\u0007\ufffe,2024\n"Camden\u202e\u2067",2024\n"Two\nlines",2024\nHackney,2024\n',
      'n.csv',
      { notice: (n) => notes.push(n) },
    );
    expect(table.rows.map((r) => r.cells[0])).toEqual(['Tower  Hamlets]0;x', 'Camden', 'Two lines', 'Hackney']);
    expect(notes).toEqual([
      'n.csv line 2: control or bidirectional characters (U+000B the first) taken out of the text, so that no output shows or obeys them',
    ]);
    // a file without any says nothing
    notes.length = 0;
    parseTable('area_name,year\nHackney,2024\n', 'clean.csv', { notice: (n) => notes.push(n) });
    expect(notes).toEqual([]);
  });

  it('a row check runs as each row is split: a bound passed on line 3 stops the file there, before line 5 is read', () => {
    const seen: number[] = [];
    const check = (header: Table) => (row: TableRow) => {
      expect(header.keys).toEqual(['year', 'cla']);
      seen.push(row.line);
      if (row.line === 3) throw new Error('bound passed');
    };
    for (const engine of [undefined, 'csv-parse'] as const) {
      seen.length = 0;
      expect(() => parseTable('year,cla\n2023,1\n2024,2\n2025,3\n"2026,4\n', 'b.csv', { engine, rowCheck: check })).toThrow('bound passed');
      expect(seen).toEqual([2, 3]);
    }
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
