import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, temporaryFolder } from './run.js';

// Issue 20, "Verdicts that follow the years", on the national files (history to 2022).
const national = ['--history', 'data/england/cla-history-2010-2022.csv', '--population', 'data/england/population-0-17-mid-2011-2024.csv'];
const dir = temporaryFolder('lacproj-verdicts-');
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

// Birmingham with a fixed mix whose in-house fostering share is 30.545%, and 610 in-house foster
// places, 700 from 2025 (carried forward).
const birminghamMix = file(
  'birmingham-mix.csv',
  'placement_type,share\nin-house foster,0.30545\nIFA foster,0.4\nresidential,0.1\nother,0.19455\n',
);
const birminghamPlaces = file('birmingham-places.csv', 'year,placement_type,places\n2022,in-house foster,610\n2025,in-house foster,700\n');
const birmingham = [...national, '--area', 'Birmingham', '--to', '2026', '--mix', birminghamMix, '--capacity', birminghamPlaces];

// Cornwall-like (constructed, fixtures/README.md): residential 44 of 474 in 2020, 49 of 496 in
// 2021, 58 of 501 in 2022, against 55 places.
const cornwall = [
  ...national,
  '--area',
  'Cornwall',
  '--to',
  '2024',
  '--placements',
  fixture('good/cornwall-like-placements.csv'),
  '--capacity',
  fixture('good/cornwall-like-capacity.csv'),
];

describe('a shortage that ends when places are added (Birmingham, places from 2025)', () => {
  it('says when it starts and when it ends, in the table, the CSV and the JSON', async () => {
    const csv = await runCli(['sufficiency', ...birmingham, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const inHouse = rowsOf(csv.stdout).filter((r) => r.placement_type === 'fostering_inhouse');
    // recommended 2023: 2,130.9 x 0.30545 = 650.9 children, 650.9 - 610 = 40.9 short; 2024: 2,144.5 x
    // 0.30545 = 655.0, 45.0 short; 2025: 2,151.3 x 0.30545 = 657.1 - 700 = -42.9; 2026: 2,154.7 x
    // 0.30545 = 658.2 - 700 = -41.8 (totals from lacproj project, checked by hand)
    expect(inHouse.map((r) => [r.year, r.demand, r.places, r.gap])).toEqual([
      ['2023', '650.9', '610', '40.9'],
      ['2024', '655', '610', '45'],
      ['2025', '657.1', '700', '-42.9'],
      ['2026', '658.2', '700', '-41.8'],
    ]);
    const table = await runCli(['sufficiency', ...birmingham], { env: { COLUMNS: '1000' } });
    // at the upper 80% bound (2025: 766.2 - 700 = 66.2) the shortage goes on
    expect(table.stdout).toMatch(
      /In-house fostering: short of places in 2023-2024, enough from 2025 at the point projection; at the 80% upper bound, short of places from 2023\n/,
    );
    const json = JSON.parse((await runCli(['sufficiency', ...birmingham, '--format', 'json'])).stdout);
    expect(json.areas[0].verdicts).toEqual([
      { placement_type: 'fostering_inhouse', short: [{ from: 2023, to: 2024 }], short_at_upper80: [{ from: 2023, to: 2026 }] },
    ]);
    // a file of shares: no latest-year mix to set beside it
    expect(json.areas[0].mix_rule).toBe('file');
    expect(json.areas[0].latest_mix).toBeUndefined();
  });

  it("in the workbook: the verdict in the Summary, and each year's in the Gap sheet", async () => {
    const out = join(dir, 'birmingham.xlsx');
    expect((await runCli(['sufficiency', ...birmingham, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const summary: Record<string, unknown> = {};
    workbook.getWorksheet('Summary')!.eachRow((r) => {
      summary[String(r.getCell(1).value)] = r.getCell(2).value;
    });
    expect(summary['In-house fostering']).toBe(
      'short of places in 2023-2024, enough from 2025 at the point projection; at the 80% upper bound, short of places from 2023',
    );
    const gap = workbook.getWorksheet('Gap')!;
    const years: unknown[][] = [];
    gap.eachRow((r, i) => {
      if (i > 1) years.push([r.getCell(2).value, r.getCell(3).value, r.getCell(9).value]);
    });
    expect(years).toEqual([
      [2023, 'In-house fostering', 'short of places'],
      [2024, 'In-house fostering', 'short of places'],
      [2025, 'In-house fostering', 'short at the upper 80% only'],
      [2026, 'In-house fostering', 'short at the upper 80% only'],
    ]);
    // the gap is the formula on the cells beside it: 650.9 - 610 = 40.9
    expect(gap.getRow(2).getCell(7).value).toEqual({ formula: 'D2-F2', result: 40.9 });
  });

  it('in the HTML report: the verdict in the summary and under the gap table', async () => {
    const html = (await runCli(['report', ...birmingham, '--population-extend', 'trend', '--simulations', '100'])).stdout;
    const verdict =
      'In-house fostering: short of places in 2023-2024, enough from 2025 at the point projection; at the 80% upper bound, short of places from 2023';
    expect(html.split(`<li>${verdict}</li>`)).toHaveLength(3);
  });
});

describe("the latest year's mix beside the mean (Cornwall-like, residential share rising)", () => {
  it('shows both mixes and the verdict the latest would change; --mix latest uses it', async () => {
    const table = await runCli(['sufficiency', ...cornwall], { env: { COLUMNS: '1000' } });
    expect(table.code).toBe(0);
    // mean share (44/474 + 49/496 + 58/501) / 3 = 0.10246; 2023: 506.3 x 0.10246 = 51.9, 55 places: enough
    expect(table.stdout).toMatch(
      /residential care 10\.2%, other placements [\d.]+% \(the mean share of 2020, 2021, 2022; --mix mean3, the default\)/,
    );
    expect(table.stdout).toMatch(
      /Residential care: enough places at the point projection; at the 80% upper bound, short of places from 2023\n/,
    );
    // latest share 58/501 = 11.6%; 2023: 506.3 x 0.11577 = 58.6 children, 3.6 more than the 55 places
    expect(table.stdout).toMatch(/the latest year's mix \(2022, --mix latest\): .*residential care 11\.6%/);
    expect(table.stdout).toMatch(
      /With the latest year's mix \(2022\), residential care: short of places from 2023, at the point projection and at the 80% upper bound\n/,
    );
    const latest = await runCli(['sufficiency', ...cornwall, '--mix', 'latest', '--format', 'csv']);
    expect(latest.code).toBe(0);
    const residential = rowsOf(latest.stdout).find((r) => r.year === '2023' && r.placement_type === 'residential')!;
    expect([residential.share, residential.demand, residential.gap]).toEqual(['0.1158', '58.6', '3.6']);
    const latestTable = await runCli(['sufficiency', ...cornwall, '--mix', 'latest'], { env: { COLUMNS: '1000' } });
    expect(latestTable.stdout).toMatch(/\(the shares of 2022, the latest year; --mix latest\)/);
    expect(latestTable.stdout).toMatch(/Residential care: short of places from 2023, at the point projection and at the 80% upper bound\n/);
    // mean3 named is the default
    expect((await runCli(['sufficiency', ...cornwall, '--mix', 'mean3', '--format', 'csv'])).stdout).toBe(
      (await runCli(['sufficiency', ...cornwall, '--format', 'csv'])).stdout,
    );
  });

  it('in the JSON, the workbook and the report', async () => {
    const json = JSON.parse((await runCli(['sufficiency', ...cornwall, '--format', 'json'])).stdout);
    expect(json.parameters.mix).toBe('mean3');
    expect(json.areas[0].latest_mix).toMatchObject({
      year: 2022,
      shares: { residential: 0.1158 },
      verdicts: [{ placement_type: 'residential', short: [{ from: 2023, to: 2024 }] }],
    });
    const out = join(dir, 'cornwall.xlsx');
    expect((await runCli(['sufficiency', ...cornwall, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const values: string[] = [];
    workbook.getWorksheet('Summary')!.eachRow((r) => values.push(`${r.getCell(1).value} | ${r.getCell(2).value}`));
    workbook.getWorksheet('Assumptions')!.eachRow((r) => values.push(`${r.getCell(1).value} | ${r.getCell(2).value}`));
    expect(values).toContain(
      "The latest year's mix (2022) | With the latest year's mix (2022), residential care: short of places from 2023, at the point projection and at the 80% upper bound",
    );
    expect(values.some((v) => /^The latest year's mix \(2022\) \| .*residential care 11\.6%/.test(v))).toBe(true);
    expect(
      values.some((v) => /^Placement mix \| .*residential care 10\.2%.*\(the mean share of 2020, 2021, 2022, the default\)$/.test(v)),
    ).toBe(true);
    const html = (await runCli(['report', ...cornwall, '--simulations', '100'])).stdout;
    expect(html).toMatch(/<p>The latest year's mix \(2022\): [^<]*residential care 11\.6%[^<]*\.<\/p>/);
    expect(html).toContain(
      "<li>With the latest year's mix (2022), residential care: short of places from 2023, at the point projection and at the 80% upper bound</li>",
    );
  });
});

describe('--mix latest|mean3|FILE: keywords are not files', () => {
  it('states the default in --help', async () => {
    const help = (await runCli(['sufficiency', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--mix <how> the placement mix: mean3 \(the default\) = .*?; latest = the latest year's shares /);
  });

  it('a keyword is never taken for an input: an output may be called "latest", and rerun reproduces the run', async () => {
    const run = temporaryFolder('lacproj-mix-keyword-');
    const args = ['sufficiency', '--to', '2026', '--mix', 'latest', '--format', 'csv', '--out', 'latest'];
    const first = await runCli([...args, '--manifest', 'run.json'], { cwd: run });
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8'));
    expect(manifest.inputs.map((i: { file: string }) => i.file)).not.toContain('latest');
    const again = await runCli(['rerun', 'run.json'], { cwd: run });
    expect(again.stderr).toMatch(/reproduced: 1 output file and stdout are byte-identical/);
    // a file called latest is read when named as a path
    writeFileSync(join(run, 'latest'), 'placement_type,share\nin-house foster,0.5\nIFA foster,0.5\n');
    const fromFile = await runCli(['sufficiency', '--to', '2026', '--mix', './latest', '--format', 'csv'], { cwd: run });
    expect(fromFile.code).toBe(0);
    expect(rowsOf(fromFile.stdout).map((r) => r.share)).toEqual(['0.5', '0.5']);
  });

  it('with --episodes, a mix rule is refused like a mix file', async () => {
    const result = await runCli(['sufficiency', '--episodes', fixture('ssda903-hand'), '--mix', 'latest']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--placements and --mix set a fixed placement mix/);
  });
});

describe('placement counts after the history (never ignored)', () => {
  it("a council's own file with years after the history is refused, naming both years", async () => {
    const later = file(
      'birmingham-2023-2025.csv',
      'year,placement_type,count\n' +
        [2023, 2024, 2025]
          .flatMap((y) => [`${y},in-house foster,650`, `${y},IFA foster,800`, `${y},residential,254`, `${y},other,400`])
          .join('\n') +
        '\n',
    );
    const out = join(dir, 'never.csv');
    const result = await runCli([
      'sufficiency',
      ...national,
      '--area',
      'Birmingham',
      '--placements',
      later,
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    // 650 + 800 + 254 + 400 = 2,104 children on 31 March 2025, against a history ending with 2022's count
    expect(result.stderr).toMatch(
      /error: the placement counts in .*birmingham-2023-2025\.csv run to 2025, beyond the history of Birmingham, which ends in 2022: the projection would start from 2022 beside the 2,104 children placed on 31 March 2025\. Give the history to 2025 \(--history\), or leave 2023-2025 out of/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("DfE's published figures after the base year are left out of the mix, and the outputs say so", async () => {
    const html = (
      await runCli(['report', ...national, '--area', 'Birmingham', '--base-year', '2019', '--to', '2021', '--simulations', '100'])
    ).stdout;
    expect(html).toContain(
      "<li>Warning: DfE's published placements for 2021-2022 are after the base year 2019 (--base-year; the history runs to 2022), so the mix uses the years up to 2019: a later --base-year uses them.</li>",
    );
    // the bundled figures' last grouping before 2019 is 2010-2017's: its latest three years
    expect(html).toMatch(/Placement types: fixed mix: the mean share of each type in 2015, 2016, 2017 /);
    expect(html).toMatch(/today's places in use \(31 March 2017, /);
  });
});
