import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGolden, root, runCli } from './run.js';

// Every English council from DfE's national file, and every London borough from DfE's 2021-2025
// London file, through each command: the exit code expected, and no empty, NaN or negative value.
const E = (name: string) => `${root}data/england/${name}`;
const NATIONAL = ['--history', E('cla-history-2010-2022.csv'), '--population', E('population-0-17-mid-2011-2024.csv')];
/** Flow's paths for the runs over every council: enough for the invariants checked, a tenth of the default's time. */
const FEW_PATHS = ['--simulations', '100'];
const LONDON = [
  '--history',
  E('cla_number_and_rate_per_10k_children_2021to2025_london.csv'),
  '--population',
  E('population-0-17-mid-2011-2024.csv'),
];

type Row = Record<string, string>;
const csv = (text: string) => parse(text, { columns: true }) as Row[];

function expectValues(rows: Row[], columns: string[]) {
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    for (const column of columns) {
      const value = Number(row[column]);
      expect(row[column], `${row.area_name} ${row.year ?? ''} ${column}`).not.toBe('');
      expect(Number.isFinite(value) && value >= 0, `${row.area_name} ${row.year ?? ''} ${column} = ${row[column]}`).toBe(true);
    }
  }
}

/** The councils of a history file, after joining reorganised councils, as --area all runs them. */
function councilsOf(history: Row[]): string[] {
  return [...new Set(history.filter((r) => r.area_name !== 'England').map((r) => r.area_name!))];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lacproj-councils-'));
  // A placements file for every council: its 2022 count split 35/25/10/30 (invented shares; the
  // layout is what is tested), keyed by GSS code.
  const history = csv(readFileSync(E('cla-history-2010-2022.csv'), 'utf8'));
  const lines = ['area_code,year,placement_type,count'];
  for (const row of history.filter((r) => r.year === '2022' && r.area_code !== 'E92000001' && /^\d+$/.test(r.cla!))) {
    const cla = Number(row.cla);
    const split = [Math.round(cla * 0.35), Math.round(cla * 0.25), Math.round(cla * 0.1)];
    const parts = [...split, cla - split.reduce((a, b) => a + b, 0)];
    ['in-house foster', 'IFA foster', 'residential', 'other'].forEach((type, i) => {
      lines.push(`${row.area_code},2022,${type},${parts[i]}`);
    });
  }
  writeFileSync(join(dir, 'placements.csv'), lines.join('\n') + '\n');
});

describe('every English council runs (data/england)', () => {
  const history = csv(readFileSync(E('cla-history-2010-2022.csv'), 'utf8'));
  // 156 councils in the file. Projections, scenarios and sufficiency are of the current councils:
  // Dorset (Pre LG), Poole and Bournemouth (replaced by Dorset and BCP) and Northamptonshire (by North
  // and West Northamptonshire) are not run, 152 areas. Backtests join each reorganisation into one
  // series (Dorset, Poole, Bournemouth, Dorset and BCP; Northamptonshire, North and West): 150.
  const expected = councilsOf(history).length - 4;
  const joined = councilsOf(history).length - 6;

  it('project --area all: every current council with its own code, every method, every value a count', async () => {
    const result = await runCli(['project', ...NATIONAL, '--area', 'all', ...FEW_PATHS, '--population-extend', 'trend', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/skipped/);
    const projected = csv(result.stdout).filter((r) => r.kind === 'projected');
    expect(new Set(projected.map((r) => r.area_name)).size).toBe(expected);
    // every row names its council's code; the four councils made by reorganisations are there as themselves
    expect(projected.filter((r) => r.area_code === '')).toEqual([]);
    const codes = new Set(projected.map((r) => r.area_code));
    for (const code of ['E06000058', 'E06000059', 'E06000061', 'E06000062']) expect(codes.has(code), code).toBe(true);
    for (const code of ['E06000028', 'E06000029', 'E10000009', 'E10000021']) expect(codes.has(code), code).toBe(false);
    // North Northamptonshire has one year of its own (2022): the recommended projection, from its 525
    const north = projected.filter((r) => r.area_code === 'E06000061');
    expect([...new Set(north.map((r) => r.method))]).toEqual(['recommended']);
    expect(result.stderr).toContain(
      'note: Northamptonshire (E10000021, 928) was replaced on 1 April 2021 by North Northamptonshire (E06000061, 940) and West Northamptonshire (E06000062, 941): each current council is run from its own years (2022 on), and the council replaced is not run (backtest --area all joins them into one series)',
    );
    expect(new Set(projected.map((r) => r.method))).toEqual(new Set(['recommended', 'avg3', 'trend', 'naive', 'flow']));
    expectValues(projected, ['cla', 'lower80', 'upper80', 'lower95', 'upper95']);
  });

  it('backtest at one origin (2021): every council forecast and scored', async () => {
    const dirForecasts = join(dir, 'forecasts.csv');
    const result = await runCli([
      'backtest',
      ...NATIONAL,
      '--area',
      'all',
      ...FEW_PATHS,
      '--origins',
      '2021',
      '--format',
      'csv',
      '--forecasts',
      dirForecasts,
    ]);
    expect(result.code).toBe(0);
    const forecasts = csv(readFileSync(dirForecasts, 'utf8'));
    expect(new Set(forecasts.map((r) => r.area_name)).size).toBe(joined);
    expect(forecasts.some((r) => r.area_name === 'Northamptonshire (North and West)')).toBe(true);
    expectValues(forecasts, ['forecast', 'lower80', 'upper80']);
  });

  it('scenario more-uasc runs where UASC are counted; the rest are listed as unable to carry it', async () => {
    const result = await runCli([
      'scenario',
      '--scenario',
      `${root}examples/more-uasc.yaml`,
      ...NATIONAL,
      '--area',
      'all',
      ...FEW_PATHS,
      '--population-extend',
      'trend',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    const rows = csv(result.stdout);
    const ran = new Set(rows.map((r) => r.area_name)).size;
    const skipped = Number(/skipped (\d+) of (\d+) areas/.exec(result.stderr)![1]);
    expect(ran + skipped).toBe(expected);
    // where UASC are counted in some recent year, the scenario runs against that count (Cornwall,
    // Rutland: suppressed in 2021, published in 2022); councils skipped say why
    expect(rows.some((r) => r.area_name === 'Cornwall')).toBe(true);
    expect(rows.some((r) => r.area_name === 'Rutland')).toBe(true);
    expectValues(rows, ['cla', 'lower80', 'upper80']);
  });

  it('scenario edge-of-care (age bands) on totals-only data: exit 1 naming the file, line and the fix', async () => {
    const out = join(dir, 'edge.csv');
    const result = await runCli([
      'scenario',
      '--scenario',
      `${root}examples/edge-of-care.yaml`,
      ...NATIONAL,
      '--area',
      'Manchester',
      '--population-extend',
      'trend',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(() => readFileSync(out)).toThrow();
    expect(result.stderr).toMatch(
      /examples\/edge-of-care\.yaml line 6, column "entry_rate\[0\]": this rule cannot change the projection of Manchester .* no counts by age band, .*--history-by-age.*or drop "bands"/,
    );
  });

  it('sufficiency --area all with a placements file for every council', async () => {
    const result = await runCli([
      'sufficiency',
      ...NATIONAL,
      '--area',
      'all',
      ...FEW_PATHS,
      '--population-extend',
      'trend',
      '--placements',
      join(dir, 'placements.csv'),
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/skipped/);
    const rows = csv(result.stdout);
    expect(new Set(rows.map((r) => r.area_name)).size).toBe(expected);
    expectValues(rows, ['demand', 'lower80', 'upper80']);
  });

  it("sufficiency without placements runs for every council from DfE's published placements (bundled), each naming its years", async () => {
    const out = join(dir, 'all-sufficiency.json');
    const result = await runCli([
      'sufficiency',
      ...NATIONAL,
      '--area',
      'all',
      ...FEW_PATHS,
      '--population-extend',
      'trend',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { areas: { area: { name: string }; placement_types: string }[] };
    expect(json.areas).toHaveLength(expected);
    const source = (name: string) => json.areas.find((a) => a.area.name === name)!.placement_types;
    // Tower Hamlets keeps its own counts, up to the history's 2022 (2023-2024 are later: said in its
    // warnings); another council gets DfE's, the mix of the latest years in one grouping
    expect(source('Tower Hamlets')).toMatch(/2021, 2022 \(tower-hamlets-placements\.csv/);
    expect(source('Manchester')).toMatch(/the mean share of each type in 2021, 2022 \(DfE's published placements for Manchester, /);
    // Cumbria (replaced in 2023) is in the 2025 release's geography no more: its own 2015-2017, as DfE grouped them then
    expect(source('Cumbria')).toMatch(/the mean share of each type in 2015, 2016, 2017 \(DfE's published placements for Cumbria, /);
    // North and West Northamptonshire, each its own: 31 March 2021 was Northamptonshire's ("z" for both), so 2022 alone
    expect(source('North Northamptonshire')).toMatch(
      /the share of each type in 2022 \(DfE's published placements for North Northamptonshire/,
    );
    expect(source('West Northamptonshire')).toMatch(/the share of each type in 2022 \(/);
  });

  it('without a projection or --population-extend: exit 1 naming the council, the mid-years and both ways out', async () => {
    const out = join(dir, 'kent.csv');
    const result = await runCli(['project', ...NATIONAL, '--area', 'Kent', '--format', 'csv', '--out', out]);
    expect(result.code).toBe(1);
    expect(() => readFileSync(out)).toThrow();
    expect(result.stderr).toMatch(
      /no 0-17 population for Kent \(E10000016, 886\) for mid-2025 to mid-2031, needed to project to 31 March 2032 .*--population FILE.*--population-extend flat .* or trend/,
    );
  });
});

describe('every London borough runs (DfE London file, 2021-2025)', () => {
  const london = csv(readFileSync(E('cla_number_and_rate_per_10k_children_2021to2025_london.csv'), 'utf8').replace(/^\uFEFF/, ''));
  const boroughs = new Set(london.map((r) => r.la_name)).size;

  it('project --area all: all 33 boroughs (City of London on the years it has)', async () => {
    expect(boroughs).toBe(33);
    const result = await runCli(['project', ...LONDON, '--area', 'all', ...FEW_PATHS, '--population-extend', 'trend', '--format', 'csv']);
    expect(result.code).toBe(0);
    const projected = csv(result.stdout).filter((r) => r.kind === 'projected');
    expect(new Set(projected.map((r) => r.area_name)).size).toBe(boroughs);
    expectValues(projected, ['cla', 'lower80', 'upper80', 'lower95', 'upper95']);
  });

  it('backtest at origin 2024 and sufficiency with placements for each borough', async () => {
    const backtest = await runCli(['backtest', ...LONDON, '--area', 'all', ...FEW_PATHS, '--origins', '2024', '--format', 'csv']);
    expect(backtest.code).toBe(0);
    const lines = ['area_code,year,placement_type,count'];
    for (const r of london.filter(
      (x) => x.time_period === '2025' && /31 March/.test(x.population_type!) && /^\d+$/.test(x.children_count!),
    )) {
      lines.push(
        `${r.new_la_code},2025,fostering,${Math.round(Number(r.children_count) * 0.6)}`,
        `${r.new_la_code},2025,other,${Number(r.children_count) - Math.round(Number(r.children_count) * 0.6)}`,
      );
    }
    writeFileSync(join(dir, 'london-placements.csv'), lines.join('\n') + '\n');
    const sufficiency = await runCli([
      'sufficiency',
      ...LONDON,
      '--area',
      'all',
      ...FEW_PATHS,
      '--population-extend',
      'trend',
      '--placements',
      join(dir, 'london-placements.csv'),
      '--format',
      'csv',
    ]);
    // City of London's 2025 count is suppressed: no placements for it, and the message says so
    expect(sufficiency.code).toBe(1);
    expect(sufficiency.stderr).toMatch(/no placement counts for City of London/);
    const without = await runCli([
      'sufficiency',
      ...LONDON,
      '--region',
      'London',
      '--population-extend',
      'trend',
      '--placements',
      join(dir, 'london-placements.csv'),
      '--format',
      'csv',
    ]);
    expect(without.code).toBe(1);
  });
});

/** A table's wrapped prose joined back into lines, for matching sentences. */
const unwrapped = (text: string) => text.replace(/\n {4}/g, ' ');

// Goldens name files as a user in the project folder would (relative paths: the same in any clone).
const REL = ['--history', 'data/england/cla-history-2010-2022.csv', '--population', 'data/england/population-0-17-mid-2011-2024.csv'];

describe('golden outputs for four kinds of council (table, default width)', () => {
  it('Kent, a county summed from its districts (synthetic SNPP fixture in ONS layout)', async () => {
    const result = await runCli([
      'project',
      ...REL,
      '--population',
      'fixtures/ons/2022-snpp-population-persons-kent-districts-synthetic.csv',
      '--area',
      'Kent',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(unwrapped(result.stdout)).toMatch(/from \S*kent-districts-synthetic\.csv \(the sum of its 12 districts\)/);
    expectGolden('council-kent.txt', result.stdout);
  });

  it('Manchester, a metropolitan district (population continued by its trend)', async () => {
    const result = await runCli(['project', ...REL, '--area', 'Manchester', '--population-extend', 'trend']);
    expect(result.code, result.stderr).toBe(0);
    expectGolden('council-manchester.txt', result.stdout);
  });

  it('Hackney, a London borough, to 2025 from the London file, with a GLA workbook (built by the test)', async () => {
    const { glaWorkbook } = await import('../helpers/gla.js');
    // run in a folder of its own that sees the bundled data, so the workbook is named as a user names it
    const here = join(dir, 'hackney');
    mkdirSync(here);
    symlinkSync(join(root, 'data'), join(here, 'data'));
    writeFileSync(join(here, 'gla-hackney.xlsx'), await glaWorkbook());
    const result = await runCli(
      [
        'project',
        ...REL,
        '--history',
        'data/england/cla_number_and_rate_per_10k_children_2021to2025_london.csv',
        '--population',
        'gla-hackney.xlsx',
        '--area',
        'Hackney',
        '--to',
        '2030',
      ],
      { cwd: here },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(unwrapped(result.stdout)).toMatch(/population projection: mid-2025 to mid-2030 from gla-hackney\.xlsx \(sheet persons\)/);
    expectGolden('council-hackney.txt', result.stdout);
  });

  it('Dorset, a council created by the 2019 reorganisation (three years of its own history)', async () => {
    const result = await runCli(['project', ...REL, '--area', '838', '--population-extend', 'trend']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Dorset \(E06000059, 838\)/);
    expectGolden('council-dorset.txt', result.stdout);
  });
});
