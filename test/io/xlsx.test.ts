import ExcelJS from 'exceljs';
import { glaWorkbook } from '../helpers/gla.js';
import { describe, expect, it } from 'vitest';
import { parsePopulationWorkbook } from '../../src/io/population.js';
import { isZip, readWorkbook } from '../../src/io/xlsx.js';
import { expectInputError } from '../helpers/errors.js';
import { rowXml, workbookEntries, zip } from '../helpers/zip.js';

/** Cells from column A on. */
const cells = (...texts: string[]) => texts.map((text, column) => ({ column, text }));

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
      { row: 1, cells: cells('name', 'value', 'note') },
      { row: 2, cells: cells('Brighton & Hove', '12.5', '<x>') },
      // only the cells written: E3 alone, column index 4
      { row: 3, cells: [{ column: 4, text: '7' }] },
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

describe('hostile workbooks (issue 21)', () => {
  const simple = (rows: string, sheets: [string, string][] = [['persons', rows]], sharedStrings?: string) =>
    zip(workbookEntries(sheets, sharedStrings));
  const header = rowXml(1, ['mid_year', 'population_0_17']);

  it('two sheets of one name (any case) are refused, not the last one read', () => {
    const book = simple('', [
      ['persons', header + rowXml(2, [2023, 60000])],
      ['Persons', header + rowXml(2, [2023, 6000])],
    ]);
    expectInputError(() => readWorkbook(book, 'two.xlsx'), {
      code: 'unknown-layout',
      file: 'two.xlsx',
      message: /two sheets are named "Persons" \("persons" and "Persons"\)/,
    });
  });

  it('two zip entries of one name are refused', () => {
    const entries = workbookEntries([['persons', header + rowXml(2, [2023, 60000])]]);
    const book = zip([...entries, { ...entries[2]!, data: entries[2]!.data.replace('60000', '6000') }]);
    expectInputError(() => readWorkbook(book, 'twice.xlsx'), {
      code: 'unknown-layout',
      message: /two entries are named xl\/worksheets\/sheet1\.xml/,
    });
  });

  it('cells at column XFD stay one cell each: 20,000 rows read as 20,000 cells, not 327 million', () => {
    const junk = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 3}"><c r="XFD${i + 3}"><v>1</v></c></row>`).join('');
    const book = simple(header + rowXml(2, [2023, 60000]) + junk);
    const rows = readWorkbook(book, 'wide.xlsx').rows('persons');
    expect(rows).toHaveLength(20_002);
    expect(rows[2]).toEqual({ row: 3, cells: [{ column: 16_383, text: '1' }] });
    // the population reader reads the named columns only: the cells under no name are not read
    const file = parsePopulationWorkbook(book, 'wide.xlsx');
    expect(file.records.map((r) => [r.midYear, r.population0to17])).toEqual([[2023, 60000]]);
  });

  it('a header cell at XFD is one column of the table', () => {
    const book = simple(
      `<row r="1"><c r="A1" t="inlineStr"><is><t>mid_year</t></is></c><c r="XFD1" t="inlineStr"><is><t>population_0_17</t></is></c></row>` +
        `<row r="2"><c r="A2"><v>2023</v></c><c r="XFD2"><v>60000</v></c></row>`,
    );
    expect(parsePopulationWorkbook(book, 'far.xlsx').records.map((r) => [r.midYear, r.population0to17])).toEqual([[2023, 60000]]);
  });

  it('references past XFD or row 1,048,576 are refused, and FXSHRXW30 is an error, not a crash', () => {
    for (const [ref, message] of [
      ['FXSHRXW30', /cell FXSHRXW30 is past the last column of a sheet, XFD/],
      ['XFE2', /cell XFE2 is past the last column of a sheet, XFD/],
      ['A1048577', /cell A1048577 is past the last row of a sheet, 1048576/],
      ['A99999999999', /cell A99999999999 is past the last row/],
      ['2B', /"2B" is not a cell reference such as B7/],
    ] as const) {
      const book = simple(`${header}<row r="2"><c r="${ref}"><v>1</v></c></row>`);
      expectInputError(() => readWorkbook(book, 'ref.xlsx').rows('persons'), { code: 'unknown-layout', file: 'ref.xlsx', message });
    }
    expectInputError(() => readWorkbook(simple(`<row r="1048577"><c><v>1</v></c></row>`), 'r.xlsx').rows('persons'), {
      code: 'unknown-layout',
      message: /row number "1048577" is not one from 1 to 1048576/,
    });
  });

  it('two cells in one place are refused', () => {
    const book = simple(`<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c><c r="B1"><v>3</v></c></row>`);
    expectInputError(() => readWorkbook(book, 'd.xlsx').rows('persons'), {
      code: 'unknown-layout',
      message: /two cells of row 1 are in column B/,
    });
  });

  it('200,000 tags left open are refused where the first is found (the scan is linear: bench/README.md)', () => {
    const open = (xml: string, sharedStrings?: string) => simple(xml, undefined, sharedStrings);
    for (const [book, message] of [
      [open('<row r="1">'.repeat(200_000)), /a <row> has no <\/row>/],
      [open(`<row r="1">${'<c r="A1">'.repeat(200_000)}</row>`), /a <c> has no <\/c>/],
      [open(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, '<si>'.repeat(200_000)), /a <si> has no <\/si>/],
      [open('<row r="1" '.repeat(200_000)), /a <row> has no <\/row>/],
    ] as const) {
      expectInputError(() => readWorkbook(book, 'open.xlsx').rows('persons'), { code: 'unknown-layout', message });
    }
  });

  it('only the shared strings a sheet uses are decoded: a million unused ones cost a scan', () => {
    const strings = `<si><t>mid_year</t></si><si><t>population_0_17</t></si>${'<si><t>unused</t></si>'.repeat(1_000_000)}`;
    const book = simple(
      `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>2023</v></c><c r="B2"><v>60000</v></c></row>`,
      undefined,
      strings,
    );
    expect(book.length).toBeLessThan(100_000);
    expect(readWorkbook(book, 's.xlsx').rows('persons')[0]).toEqual({ row: 1, cells: cells('mid_year', 'population_0_17') });
    // a string far down the table is found: the entry is unpacked further until it is reached
    const far = simple(
      `<row r="1"><c r="A1" t="s"><v>1000002</v></c><c r="B1" t="s"><v>0</v></c></row>`,
      undefined,
      `${strings}<si><t>the last</t></si>`,
    );
    expect(readWorkbook(far, 'far.xlsx').rows('persons')[0]).toEqual({ row: 1, cells: cells('the last', 'mid_year') });
    // a string past the end of the table is an error, not an empty cell
    const missing = simple(`<row r="1"><c r="A1" t="s"><v>5</v></c></row>`, undefined, '<si><t>a</t></si>');
    expectInputError(() => readWorkbook(missing, 'm.xlsx').rows('persons'), {
      code: 'unknown-layout',
      message: /a cell uses shared string 6, but the workbook has 1/,
    });
  });

  it('control and bidirectional characters in cells and sheet names are taken out', () => {
    const book = simple('', [
      [
        'per\u001bsons',
        `<row r="1"><c r="A1" t="inlineStr"><is><t>Tower&#x1b;]0;owned&#x7; Hamlets\u202e</t></is></c><c r="B1"><v>1&#xFFFE;</v></c></row>`,
      ],
    ]);
    const read = readWorkbook(book, 'c.xlsx');
    expect(read.sheetNames).toEqual(['persons']);
    expect(read.rows('persons')[0]!.cells).toEqual(cells('Tower]0;owned Hamlets', '1'));
  });
});
