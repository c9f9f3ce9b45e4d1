import { describe, expect, it } from 'vitest';
import { parseTable } from '../../src/io/table.js';
import { parseYearLabel, readCount, readPopulation } from '../../src/io/values.js';
import { expectInputError } from '../helpers/errors.js';

function cellContext(value: string) {
  const table = parseTable(`year,cla\n2024,"${value}"\n`, 'h.csv');
  return { table, row: table.rows[0]!, column: { name: 'cla', index: 1 } };
}

describe('year labels mean the year ending 31 March', () => {
  it.each([
    ['2024', 2024],
    ['2023-24', 2024],
    ['2023/24', 2024],
    ['2023-2024', 2024],
    ['202324', 2024],
    ['1999-00', 2000],
  ])('%s -> %s', (label, year) => {
    expect(parseYearLabel(label)).toBe(year);
  });

  it.each(['2023-25', '24', 'FY2024', '2023/2025', ''])('rejects %s', (label) => {
    expect(parseYearLabel(label)).toBeUndefined();
  });
});

describe('counts', () => {
  it.each(['c', 'x', 'z', 'k', 'u', 'low', '-', 'C', 'LOW', ''])('suppression marker "%s" is missing, not zero', (marker) => {
    expect(readCount(cellContext(marker))).toBeNull();
  });

  it('accepts thousands separators', () => {
    expect(readCount(cellContext('82,170'))).toBe(82170);
    expect(readCount(cellContext('1 234 567'))).toBe(1234567);
  });

  it('rejects text with file, line and column', () => {
    expectInputError(() => readCount(cellContext('n/a')), {
      code: 'bad-number',
      file: 'h.csv',
      line: 2,
      column: 'cla',
      message: /got "n\/a"/,
    });
  });

  it('rejects a negative count', () => {
    expectInputError(() => readCount(cellContext('-3')), { code: 'negative-count', line: 2, column: 'cla' });
  });

  it('rejects a fractional number of children', () => {
    expectInputError(() => readCount(cellContext('10.5')), { code: 'bad-number', line: 2 });
    expect(readCount(cellContext('10.0'))).toBe(10);
  });

  it('rejects a comma that is not a thousands separator', () => {
    expectInputError(() => readCount(cellContext('12,34')), { code: 'bad-number' });
  });
});

describe('population', () => {
  it('allows fractions (projections are not whole numbers)', () => {
    expect(readPopulation(cellContext('4303.445'))).toBeCloseTo(4303.445, 6);
  });

  it('rejects zero', () => {
    expectInputError(() => readPopulation(cellContext('0')), { code: 'zero-population', line: 2, column: 'cla' });
  });
});
