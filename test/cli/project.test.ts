import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { expectGolden, fixture, root, runCli } from './run.js';

describe('lacproj project on the bundled data', () => {
  it('prints the table (golden)', async () => {
    const result = await runCli(['project']);
    expect(result.code).toBe(0);
    expectGolden('project-table.txt', result.stdout);
  });

  it('writes tidy CSV rows for 2026-2035 for each method (golden)', async () => {
    const result = await runCli(['project', '--format', 'csv']);
    expect(result.code).toBe(0);
    expectGolden('project.csv', result.stdout);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'area_code',
      'area_name',
      'method',
      'year',
      'kind',
      'population_0_17',
      'rate_per_10000',
      'cla',
      'lower80',
      'upper80',
      'lower95',
      'upper95',
    ]);
    for (const method of ['recommended', 'avg3', 'trend', 'naive', 'flow']) {
      const projected = rows.filter((r) => r.method === method);
      expect(projected.map((r) => Number(r.year))).toEqual([2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
      for (const r of projected) {
        expect(r.kind).toBe('projected');
        const [cla, l80, u80, l95, u95] = [r.cla, r.lower80, r.upper80, r.lower95, r.upper95].map(Number);
        expect(l95!).toBeLessThanOrEqual(l80!);
        expect(l80!).toBeLessThanOrEqual(cla!);
        expect(cla!).toBeLessThanOrEqual(u80!);
        expect(u80!).toBeLessThanOrEqual(u95!);
      }
    }
    const actual = rows.filter((r) => r.kind === 'actual');
    expect(actual.map((r) => r.method)).toEqual(Array(16).fill('actual'));
    // DfE published 45 per 10,000 for 2025
    expect(Number(actual.at(-1)!.rate_per_10000)).toBeCloseTo(45.03, 2);
  });

  it('--explain shows the arithmetic, reproducible by hand', async () => {
    const result = await runCli(['project', '--explain', '--to', '2027']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('avg3 2026: 45.10 per 10k x 63,397 / 10,000 = 285.9');
    expect(result.stdout).toContain('trend 2026: (44.31 + -1.282 x 0.800) = 43.28 per 10k x 63,397 / 10,000 = 274.4');
    expect(result.stdout).toContain('naive 2027: 284 (count on 31 March 2025)');
  });

  it('--format json carries records, inputs with SHA-256 and parameters', async () => {
    const result = await runCli(['project', '--format', 'json', '--to', '2026']);
    const json = JSON.parse(result.stdout);
    expect(json.tool.name).toBe('lacproj');
    expect(json.parameters).toMatchObject({ window: 3, trend_years: 5, damping: 0.8, population_lag: 1, rebase: 'ratio' });
    expect(json.inputs.map((i: { layout: string }) => i.layout)).toEqual([
      'simple',
      'by-age',
      'simple',
      'ons-snpp',
      'ltla-to-utla',
      'council-regions',
      'simple',
      'dfe-rate',
      'calibration',
    ]);
    expect(json.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.areas[0].population.rebasing.factor).toBeCloseTo(0.933686, 6);
    expect(json.records.filter((r: { kind: string }) => r.kind === 'projected')).toHaveLength(5);
  });

  it('--out writes the file atomically and says so on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-'));
    const out = join(dir, 'projection.csv');
    const result = await runCli(['project', '--format', 'csv', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toBe((await runCli(['project', '--format', 'csv'])).stdout);
    expect(readdirSync(dir)).toEqual(['projection.csv']);
  });
});

describe('lacproj project on other inputs', () => {
  it('reads a semicolon-separated, BOM, CRLF file with thousands separators, DfE year labels and a suppressed year', async () => {
    const result = await runCli([
      'project',
      '--history',
      fixture('good/semicolon-bom-crlf.csv'),
      '--population',
      fixture('good/population-to-2025.csv'),
      '--to',
      '2025',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('column "cla": 1 suppressed or empty value treated as missing (line 4 "c")');
    expect(result.stdout).toContain('E09000030,Tower Hamlets,actual,2019,actual,63673,208.72,1329');
    expect(result.stdout).toContain('E09000030,Tower Hamlets,actual,2021,actual,64243,,,,,,');
  });

  it('never lets a text cell start a spreadsheet formula', async () => {
    const result = await runCli([
      'project',
      '--history',
      fixture('good/formula-name.csv'),
      '--population',
      fixture('good/population-to-2025.csv'),
      '--to',
      '2025',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows[0]!.area_name).toBe('\'=HYPERLINK("http://x")');
  });

  it('--history needs --population', async () => {
    const result = await runCli(['project', '--history', fixture('good/formula-name.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--history needs --population/);
  });

  it('lists close matches for an unknown area', async () => {
    const result = await runCli(['project', '--area', 'Tower Hamlet']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no area "Tower Hamlet" in the history; close matches: Tower Hamlets (E09000030, 211)');
  });

  it.each(['E09000030', '211', 'tower hamlets'])('picks the area by GSS code, DfE number or name: %s', async (area) => {
    expect((await runCli(['project', '--area', area, '--to', '2026'])).code).toBe(0);
  });
});

describe('bad input: one clear message, exit code 1, no output file', () => {
  const population = fixture('good/population-to-2025.csv');
  it.each([
    ['empty.csv', /empty\.csv: the file is empty/],
    ['unknown-layout.csv', /unknown-layout\.csv line 1: unrecognised history layout: expected columns year,cla.*found: date, children/],
    ['non-numeric.csv', /non-numeric\.csv line 3, column "cla": expected a whole number of children, got "n\/a"/],
    ['negative.csv', /negative\.csv line 3, column "cla": .*negative number "-332"/],
    ['duplicate-year.csv', /duplicate-year\.csv line 4, column "year": year 2022 .* appears twice \(first on line 3\)/],
    ['gap.csv', /gap\.csv line 4, column "year": history for gap jumps from 2021 to 2023/],
    ['missing-year.csv', /missing-year\.csv line 3, column "year": the year is empty/],
    ['unclosed-quote.csv', /unclosed-quote\.csv.*cannot read the file as CSV/],
  ])('history %s', async (name, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-'));
    const out = join(dir, 'out.csv');
    const result = await runCli([
      'project',
      '--history',
      fixture(`bad/${name}`),
      '--population',
      population,
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.match(/^error:/gm)).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('zero population', async () => {
    const result = await runCli([
      'project',
      '--history',
      fixture('good/semicolon-bom-crlf.csv'),
      '--population',
      fixture('bad/zero-population.csv'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/zero-population\.csv line 3, column "population_0_17": population is 0/);
  });

  it('no population for a needed year', async () => {
    const result = await runCli(['project', '--history', fixture('good/semicolon-bom-crlf.csv'), '--population', population]);
    expect(result.code).toBe(1);
    // names the council, the missing mid-years and both ways out
    expect(result.stderr).toMatch(
      /no 0-17 population for Tower Hamlets \(E09000030\) for mid-2026 to mid-2032, needed to project to 31 March 2033 \(population given for mid-2017 to mid-2025\)/,
    );
    expect(result.stderr).toMatch(
      /--population FILE: ONS subnational projection, GLA projection\), or --population-extend flat .* or trend/,
    );
  });

  it('a missing file', async () => {
    const result = await runCli(['project', '--history', 'nope.csv', '--population', population]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: nope.csv: cannot read the file: no such file\n');
  });

  it('an invalid option value', async () => {
    const result = await runCli(['project', '--damping', '1.5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--damping.*expected a number above 0 up to 1, got 1.5/);
  });

  it('an output folder that does not exist', async () => {
    const result = await runCli(['project', '--out', join(root, 'no-such-folder', 'x.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*x\.csv: its folder does not exist/);
  });
});

describe('help', () => {
  it('lacproj --help lists the commands and exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/project \[options\]/);
    expect(result.stdout).toMatch(/Exit codes/);
  });

  it('lacproj project --help explains every option (golden)', async () => {
    const result = await runCli(['project', '--help']);
    expect(result.code).toBe(0);
    expectGolden('project-help.txt', result.stdout);
  });
});

describe('several areas and files', () => {
  const history = fixture('good/london-and-north-northants-history.csv');
  const population = fixture('good/london-and-north-northants-population.csv');

  it("--area all projects every area, with the methods each one's history supports", async () => {
    const result = await runCli([
      'project',
      '--history',
      history,
      '--population',
      population,
      '--area',
      'all',
      '--to',
      '2024',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect([...new Set(rows.map((r) => r.area_name))]).toEqual(['North Northamptonshire', 'City of London', 'Tower Hamlets']);
    // North Northamptonshire exists only from 2022 (created from Northamptonshire): one year of history
    // is enough for the recommended projection (its count grown with East Midlands'), not for the others
    const northants = rows.filter((r) => r.area_name === 'North Northamptonshire' && r.kind === 'projected');
    expect([...new Set(northants.map((r) => r.method))]).toEqual(['recommended']);
  });

  it('asks for --area when the history has several areas', async () => {
    const result = await runCli(['project', '--history', history, '--population', population]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the history has 3 areas: pick one with --area/);
  });

  it('a later history file replaces the same area-years and says so', async () => {
    const result = await runCli([
      'project',
      '--history',
      history,
      '--history',
      fixture('dfe/cla-rate-2022-release-tower-hamlets.csv'),
      '--population',
      population,
      '--area',
      '211',
      '--to',
      '2024',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /note: .*cla-rate-2022-release-tower-hamlets\.csv replaces Tower Hamlets 2018-2022 from .*london-and-north-northants-history\.csv/,
    );
  });
});
