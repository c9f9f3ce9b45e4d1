import ExcelJS from 'exceljs';
import { glaWorkbook } from '../helpers/gla.js';
import { describe, expect, it } from 'vitest';
import { parsePopulationWorkbook } from '../../src/io/population.js';
import { isZip, readWorkbook } from '../../src/io/xlsx.js';
import { expectInputError } from '../helpers/errors.js';

describe('xlsx workbooks', () => {
  it('reads sheet names and cells (shared strings, numbers, XML entities, gaps) from a workbook exceljs wrote', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('A & B');
    ws.addRow(['name', 'value', 'note']);
    ws.addRow(['Brighton & Hove', 12.5, '<x>']);
    ws.getCell('E3').value = 7;
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(isZip(buffer)).toBe(true);
    const read = readWorkbook(buffer, 'w.xlsx');
    expect(read.sheetNames).toEqual(['A & B']);
    expect(read.rows('A & B')).toEqual([
      { row: 1, cells: ['name', 'value', 'note'] },
      { row: 2, cells: ['Brighton & Hove', '12.5', '<x>'] },
      { row: 3, cells: ['', '', '', '', '7'] },
    ]);
  });

  it('reads a GLA projection: the persons sheet by default, ages 0-17 summed', async () => {
    const file = parsePopulationWorkbook(await glaWorkbook(), 'gla.xlsx');
    expect(file.layout).toBe('gla-wide');
    expect(file.kind).toBe('projection');
    expect(file.source).toBe('gla.xlsx (sheet persons)');
    const mid2025 = file.records.find((r) => r.midYear === 2025)!;
    // by hand: 18 ages x 3,000 x 1.01^4 = 56,193.67
    expect(mid2025.population0to17).toBeCloseTo(18 * 3000 * 1.01 ** 4, 6);
    expect(mid2025.area).toEqual({ code: 'E09000012', name: 'Hackney' });
  });

  it('reads the sheet named, and says which sheets there are when the name is wrong', async () => {
    const buffer = await glaWorkbook();
    // one sex alone is not the 0-17 population: an error naming the sheet and what it found
    expectInputError(() => parsePopulationWorkbook(buffer, 'gla.xlsx', { sheet: 'females' }), {
      code: 'bad-value',
      file: 'gla.xlsx (sheet females)',
      message:
        /expected single years of age 0 to 17 for persons \(or for both female and male\), found ages for persons: 0, female: 18, male: 0/,
    });
    expectInputError(() => parsePopulationWorkbook(buffer, 'gla.xlsx', { sheet: 'people' }), {
      code: 'unknown-layout',
      file: 'gla.xlsx',
      message: /no sheet "people" \(sheets: persons, females, males\)/,
    });
  });

  it('refuses a damaged workbook with a message, not a stack', async () => {
    const buffer = await glaWorkbook();
    expectInputError(() => readWorkbook(buffer.subarray(0, buffer.length - 30), 'cut.xlsx'), {
      code: 'unknown-layout',
      file: 'cut.xlsx',
      message: /zip directory/,
    });
  });
});
