import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'lacproj-suff-'));
const places = join(dir, 'places.csv');
writeFileSync(places, 'year,placement_type,places\n2025,in-house foster,125\n2025,IFA foster,80\n2025,residential,22\n');

// One workbook for the next two tests: drawing its four charts is the slow part.
const workbookFile = join(dir, 'sufficiency.xlsx');
const workbookRun = await runCli([
  'sufficiency',
  '--methods',
  'naive',
  '--to',
  '2027',
  '--simulations',
  '200',
  '--format',
  'xlsx',
  '--out',
  workbookFile,
]);
describe('lacproj sufficiency', () => {
  it('on the defaults alone prints demand, gap (against the places in use) and cost tables', async () => {
    const result = await runCli(['sufficiency', '--to', '2027'], { env: { COLUMNS: '1000' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Gap against today's places in use \(31 March 2024; no --capacity file\)/);
    expect(result.stdout).toMatch(/capacity: no --capacity file: the places in use on 31 March 2024/);
    // IFA foster (fostering_agency) is 0.6 of a child over today's 67 places: not "short of places" at the point projection
    expect(result.stdout).toMatch(
      /Agency fostering \(IFA\): enough places at the point projection; at the 80% upper bound, short of places from 2026\n/,
    );
    // other (placed with parents, for adoption...) is projected but not a place to provide
    expect(result.stdout).toMatch(/Other placements: not a place to provide/);
    expect(result.stdout).not.toMatch(/Other placements: short/);
    // the types in people's words, never their keys (CSV and JSON keep those)
    expect(result.stdout).not.toMatch(/fostering_inhouse|fostering_agency/);
    expect(result.stdout).toMatch(/Annual cost at each year's prices/);
  });

  it('prints demand, gap and cost tables with a capacity file', async () => {
    const result = await runCli(['sufficiency', '--capacity', places, '--to', '2028'], { env: { COLUMNS: '1000' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/placements needed on 31 March \(recommended projection, 80% range\)/);
    expect(result.stdout).toMatch(/Gap: demand minus the places in .*places\.csv/);
    expect(result.stdout).toMatch(/Annual cost at each year's prices \(inflation 3.0% a year\)/);
    expect(result.stdout).toMatch(/no weekly cost given for: in-house fostering and other placements/);
  });

  it('CSV demand by type adds up to the projection, and costs follow the bundled CMA prices', async () => {
    const result = await runCli(['sufficiency', '--methods', 'naive', '--format', 'csv', '--to', '2026']);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    // the bundled file's names (in-house foster, IFA foster, residential, other) read as the types of the list
    expect(rows.map((r) => r.placement_type)).toEqual(['fostering_inhouse', 'fostering_agency', 'residential', 'other']);
    // naive: 284 children; demand by type sums to it
    expect(rows.reduce((s, r) => s + Number(r.demand), 0)).toBeCloseTo(284, 0);
    const ifa = rows.find((r) => r.placement_type === 'fostering_agency')!;
    // £820 a week at 2021 prices, +3% a year to 2026: 820 x 1.03^5 = 950.60
    expect(Number(ifa.weekly_cost)).toBeCloseTo(950.6, 1);
    // demand is rounded to 0.1 in the CSV: agree within 0.1%
    expect(Math.abs(Number(ifa.annual_cost) / (Number(ifa.demand) * 950.6 * (365.25 / 7)) - 1)).toBeLessThan(0.001);
  });

  const readWorkbook = async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(workbookFile);
    return workbook;
  };

  it('writes a workbook with the documented sheets, read back with exceljs', async () => {
    expect(workbookRun.code).toBe(0);
    const workbook = await readWorkbook();
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Summary',
      'Charts',
      'Projection',
      'Placements',
      'Gap',
      'Costs',
      'Assumptions',
      'Inputs',
    ]);
    const projection = workbook.getWorksheet('Projection')!;
    expect(projection.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(projection.getRow(2).getCell(2).value).toBe(2026);
    expect(projection.getRow(2).getCell(3).value).toBe(284);
    const gap = workbook.getWorksheet('Gap')!;
    const header = (gap.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'Area',
      'Year ending 31 March',
      'Placement type',
      'Children',
      'Upper 80%',
      'Places',
      'Gap (children minus places)',
      'Gap at upper 80%',
      'This year',
    ]);
    // other (placed with parents, adoption...) is not set against places; types in people's words
    expect(gap.getColumn(3).values).not.toContain('Other placements');
    expect(gap.getColumn(3).values).toContain('Agency fostering (IFA)');
    const inputs = workbook.getWorksheet('Inputs')!;
    expect(String(inputs.getRow(2).getCell(3).value)).toMatch(/^[0-9a-f]{64}$/);
    expect(workbook.getWorksheet('Costs')!.getColumn(8).numFmt).toBe('"£"#,##0');
  });

  it('the cost cells multiply out: the formula is in the cell, on the cells as shown (issue 20)', async () => {
    const costs = (await readWorkbook()).getWorksheet('Costs')!;
    expect((costs.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Area',
      'Year ending 31 March',
      'Placement type',
      'Children',
      'Children at upper 80%',
      'Weekly cost',
      'Weeks a year (365.25 / 7)',
      'Annual cost',
      'Annual cost at upper 80%',
    ]);
    // Tower Hamlets, naive, 2026, agency fostering: 67.6 children (upper 77.1), £820 at 2021 prices
    // x 1.03^5 = £950.60 a week; 67.6 x 950.60 x 365.25 / 7 = £3,353,024.22, 77.1 x ... = £3,824,233.25
    const row = costs.getRow(2);
    expect(row.getCell(3).value).toBe('Agency fostering (IFA)');
    expect([row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]).toEqual([67.6, 77.1, 950.6]);
    expect(row.getCell(7).value).toEqual({ formula: '365.25/7', result: 365.25 / 7 });
    const annual = row.getCell(8).value as ExcelJS.CellFormulaValue;
    expect(annual.formula).toBe('D2*F2*G2');
    expect(annual.result).toBeCloseTo(3_353_024.22, 2);
    const upper = row.getCell(9).value as ExcelJS.CellFormulaValue;
    expect(upper.formula).toBe('E2*F2*G2');
    expect(upper.result).toBeCloseTo(3_824_233.25, 2);
    // every row: the stored result is the product of the cells beside it
    costs.eachRow((r, i) => {
      if (i === 1) return;
      const [d, e, f] = [4, 5, 6].map((c) => r.getCell(c).value as number);
      expect((r.getCell(8).value as ExcelJS.CellFormulaValue).result).toBeCloseTo(d! * f! * (365.25 / 7), 6);
      expect((r.getCell(9).value as ExcelJS.CellFormulaValue).result).toBeCloseTo(e! * f! * (365.25 / 7), 6);
    });
    // the Summary's cost of the last year adds up the Costs sheet's cells of that year
    const summary = (await readWorkbook()).getWorksheet('Summary')!;
    let total: ExcelJS.CellFormulaValue | undefined;
    summary.eachRow((r) => {
      if (String(r.getCell(1).value).startsWith('Annual cost of costed placements, 2027'))
        total = r.getCell(2).value as ExcelJS.CellFormulaValue;
    });
    const rows2027: number[] = [];
    costs.eachRow((r, i) => {
      if (r.getCell(2).value === 2027) rows2027.push(i);
    });
    expect(total!.formula).toBe(`SUM(${rows2027.map((i) => `Costs!H${i}`).join(',')})`);
    expect(total!.result).toBeCloseTo(
      rows2027.reduce((s, i) => s + Number((costs.getRow(i).getCell(8).value as ExcelJS.CellFormulaValue).result), 0),
      6,
    );
  });

  it('the workbook carries its charts as images, and says everything in words: no option keys, no JSON, numbers as shown', async () => {
    const workbook = await readWorkbook();
    const charts = workbook.getWorksheet('Charts')!.getImages();
    // projection, placements by type, gap, costs
    expect(charts).toHaveLength(4);
    for (const image of charts) {
      const media = workbook.getImage(Number(image.imageId)) as unknown as { extension: string; buffer: Buffer };
      expect(media.extension).toBe('png');
      expect(media.buffer.subarray(1, 4).toString()).toBe('PNG');
      expect(media.buffer.length).toBeGreaterThan(20_000);
    }
    const texts: string[] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const value = cell.value;
          if (typeof value === 'string') texts.push(value);
          // every number is stored as it is shown: counts to 0.1, shares to 0.1%, money to the penny
          // (a General cell shows what it stores)
          if (typeof value === 'number' && cell.numFmt) {
            const decimals = cell.numFmt === '0.0%' ? 3 : cell.numFmt === '"£"#,##0.00' ? 2 : cell.numFmt?.endsWith('0.0') ? 1 : 0;
            expect(
              Math.abs(value * 10 ** decimals - Math.round(value * 10 ** decimals)),
              `${sheet.name} ${cell.address} ${value}`,
            ).toBeLessThan(1e-6);
          }
        }),
      );
    }
    const all = texts.join('\n');
    expect(all).not.toMatch(/trendYears|populationLag|uascExitShare|trend_years|\{"|auto: auto|naive: naive|--capacity/);
    expect(all).toMatch(/No file of places available was given, so the gap is measured against today's places in use \(31 March 2024/);
    expect(all).toContain('Years the trend line is fitted through (trend)');
  });

  it('the workbook is byte-identical from run to run, so rerun reproduces it', async () => {
    const run = mkdtempSync(join(tmpdir(), 'lacproj-xlsx-'));
    const args = ['sufficiency', '--to', '2027', '--simulations', '200', '--format', 'xlsx', '--out', 'a.xlsx'];
    expect((await runCli([...args, '--manifest', 'run.json'], { cwd: run })).code).toBe(0);
    const again = await runCli(['rerun', 'run.json'], { cwd: run });
    expect(again.stderr).toMatch(/reproduced: 1 output file and stdout are byte-identical/);
    expect(again.code).toBe(0);
  });

  it('xlsx needs --out, and a bad mix file is one clear error with no output', async () => {
    expect((await runCli(['sufficiency', '--format', 'xlsx'])).stderr).toMatch(
      /--format xlsx writes a workbook: give it a file with --out/,
    );
    const mix = join(dir, 'mix.csv');
    writeFileSync(mix, 'placement_type,share\nfoster,0.7\nresidential,0.2\n');
    const out = join(dir, 'never.csv');
    const result = await runCli(['sufficiency', '--mix', mix, '--format', 'csv', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/mix\.csv line 3, column "share": shares add up to 0.900, not 1/);
    expect(readdirSync(dir)).not.toContain('never.csv');
  });
});
