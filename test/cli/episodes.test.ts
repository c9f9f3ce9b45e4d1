import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readSsda903 } from '../../src/io/ssda903.js';
import { buildPeriods } from '../../src/model/episodes/periods.js';
import { countByYear } from '../../src/model/episodes/yearCounts.js';
import { fixture, runCli } from './run.js';
import { InputReader } from '../../src/io/load.js';

// fixtures/ssda903-hand: counts worked by hand in fixtures/README.md.
describe('SSDA903 periods and counts on a hand-built fixture', async () => {
  const data = await readSsda903(new InputReader(), [fixture('ssda903-hand')]);
  const care = buildPeriods(data.episodes, data.children);
  const { periods, problems, repeated } = care;
  const counts = countByYear(care, [2019, 2020]);

  it('merges returns (later wins) and joins episodes into periods', async () => {
    expect(repeated).toBe(2); // A's second episode and C appear in both returns
    expect(periods.map((p) => p.child).sort()).toEqual(['A', 'B', 'C', 'G', 'H', 'J']);
    const a = periods.find((p) => p.child === 'A')!;
    expect(a.episodeCount).toBe(2);
    expect(a.end).not.toBeNull(); // closed by the 2020 return
  });

  it('reads only the returns up to a year when asked (care as known then)', async () => {
    const known = buildPeriods(data.episodes, data.children, 2019);
    expect(known.periods.map((p) => p.child).sort()).toEqual(['A', 'B', 'C', 'G', 'H']); // J starts in the 2020 return
    expect(known.periods.find((p) => p.child === 'A')!.end).toBeNull(); // still open in the 2019 return
    expect(known.repeated).toBe(0);
  });

  it('stock on 31 March, starts and ceased in the year', async () => {
    expect(counts.map((c) => [c.year, c.stock, c.starts, c.ceased, c.residual])).toEqual([
      [2019, 4, 3, 1, null],
      [2020, 4, 1, 1, 0],
    ]);
    expect(counts[0]!.stockByBand).toMatchObject({ '5to9': 1, '1to4': 1, unknown: 2 });
    // A K2 PR1 (the council's own children's home), C U1 (kinship), G ZZ (not in the map: unknown), H P2 (supported)
    expect(counts[0]!.stockByPlacement).toEqual({
      fostering_inhouse: 0,
      fostering_agency: 0,
      fostering_kinship: 1,
      childrens_home_inhouse: 1,
      childrens_home_external: 0,
      secure_childrens_home: 0,
      residential_school: 0,
      supported: 1,
      with_parents: 0,
      adoption: 0,
      other: 0,
      unknown: 1,
    });
  });

  it('reports every dropped or repaired row with file and line', async () => {
    const all = [...data.problems, ...problems].map((p) => [p.file.split('/').at(-1), p.line, p.action, p.reason]);
    expect(all).toEqual(
      expect.arrayContaining([
        ['2019-episodes.csv', 6, 'dropped', 'bad end date (DEC) "32/13/2018"'],
        ['2019-episodes.csv', 7, 'dropped', 'episode ends (01/05/2018) before it starts (01/06/2018)'],
        ['2019-episodes.csv', 8, 'repaired', 'unknown reason for new episode (RNE) "Q": read as a change within care'],
        ['2019-episodes.csv', 8, 'repaired', 'unknown placement code (PLACE) "ZZ" with provider "PR1": counted as unknown'],
        ['2019-episodes.csv', 9, 'repaired', 'episode overlaps the next one of the same child: ended at the next start'],
        ['2019-header.csv', 5, 'repaired', 'bad date of birth (DOB) "31/02/2010"'],
      ]),
    );
    expect(all).toHaveLength(6);
  });
});

describe('lacproj episodes summarise', () => {
  it('runs on the shared synthetic sample and writes a survival chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-episodes-'));
    const chart = join(dir, 'survival.svg');
    const result = await runCli(['episodes', 'summarise', '--episodes', fixture('ssda903-sample'), '--survival-chart', chart], {
      env: { COLUMNS: '1000' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^SSDA903: 3,737 episode rows in 15 files \(910 repeated in a later return, merged\) -> 811 periods of care of 743 children/,
    );
    expect(result.stdout).toMatch(
      /Short breaks \(legal status V3\/V4\) left out, as DfE counts: 431 episodes of 206 children \(77 of them had no other care in the returns\)/,
    );
    expect(result.stdout).toMatch(/Time in care by age at entry \(Kaplan-Meier/);
    expect(readFileSync(chart, 'utf8')).toMatch(/Share of children still in care, by age at entry/);
  });

  it('CSV has the counts and survival measures', async () => {
    const result = await runCli(['episodes', 'summarise', '--episodes', fixture('ssda903-hand'), '--format', 'csv']);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.year === '2020' && r.measure === 'stock' && r.group === 'all')!.value).toBe('4');
    expect(rows.some((r) => r.measure === 'median_days_in_care')).toBe(true);
    for (const r of rows.filter((x) => /^still_in_care_after_\d+y$/.test(x.measure ?? '') && x.value !== '1')) {
      const bound = (side: string) => Number(rows.find((x) => x.measure === `${r.measure}_${side}` && x.group === r.group)!.value);
      expect(bound('lower95')).toBeLessThanOrEqual(Number(r.value));
      expect(bound('upper95')).toBeGreaterThanOrEqual(Number(r.value));
    }
  });

  it('--history sets the returns beside the published figures', async () => {
    const own = await runCli([
      'episodes',
      'summarise',
      '--episodes',
      fixture('ssda903-sample'),
      '--history',
      fixture('ssda903-sample-history.csv'),
      '--format',
      'csv',
    ]);
    const rows = parse(own.stdout, { columns: true }) as Record<string, string>[];
    // the sample's own counts as history: every published figure equals the returns' count
    const published = rows.filter((r) => r.measure!.startsWith('published_'));
    expect(published).toHaveLength(15);
    for (const r of published) {
      expect(r.value).toBe(
        rows.find((x) => x.year === r.year && x.group === 'all' && x.measure === r.measure!.replace('published_', ''))!.value,
      );
    }
    // against Tower Hamlets' published figures: 459 in the returns on 31 March 2018, 286 published = +60.5%
    const other = await runCli([
      'episodes',
      'summarise',
      '--episodes',
      fixture('ssda903-sample'),
      '--history',
      'data/tower-hamlets-cla-history.csv',
    ]);
    expect(other.stdout).toMatch(/Against the published figures for Tower Hamlets/);
    expect(other.stdout).toMatch(/ 2018 +459 +286 +\+60\.5% ! +185 +137 +\+35\.0% ! +259 +186 +\+39\.2% !/);
    // more than a few per cent apart is flagged, in the table and on stderr: the sample is not Tower
    // Hamlets (starts 2022: 9 in the returns, 181 published, (9 - 181) / 181 = -95.0%)
    const warning =
      "the returns and the published figures for Tower Hamlets (E09000030, 211) differ by more than 5% in 15 of 15 year-measures (furthest: starts 2022, 9 in the returns against 181 published, -95.0%): a missing or partial return, or another council's files?";
    expect(other.stderr).toContain(`warning: ${warning}`);
    expect(other.stdout.replace(/\n {2}/g, ' ')).toContain(`! ${warning}`);
    // the sample's own counts agree: nothing flagged
    expect(own.stderr).not.toMatch(/differ by more than/);
  });

  it('a folder with no episodes file is a clear error', async () => {
    const result = await runCli(['episodes', 'summarise', '--episodes', fixture('dfe')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not an SSDA903 episodes, header or UASC file/);
  });
});

describe('lacproj project --episodes (flow with durations)', () => {
  it('fits flow on periods of care and projects from the latest return', async () => {
    const result = await runCli([
      'project',
      '--episodes',
      fixture('ssda903-sample'),
      '--methods',
      'flow,naive',
      '--to',
      '2027',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /note: 811 periods of care from 15 SSDA903 files \(returns 2018-2022\).*431 short-break episodes \(V3\/V4\) of 206 children left out, as DfE counts/,
    );
    // the synthetic sample is not Tower Hamlets (the default history): said, not silently mixed
    expect(result.stderr).toMatch(
      /warning: the SSDA903 returns have 75 children in care on 31 March 2022, the history 332: are they the same council's\?/,
    );
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    // the history counts 2023-2025 after the last return (2022): shown as history, not projected
    expect(rows.filter((r) => r.method === 'actual' && Number(r.year) >= 2023).map((r) => [r.year, r.cla])).toEqual([
      ['2023', '301'],
      ['2024', '277'],
      ['2025', '284'],
    ]);
    // returns are for flow, not the headline: naive starts from the published 2025 count (284), flow
    // from the latest return (2022), and the warning says both, with flow's own 2025 beside the count
    expect(result.stderr).toMatch(
      /warning: the SSDA903 returns end at 31 March 2022, the published history at 2025: every method but flow starts from the published 2025 count \(284\); flow, fitted on the returns' periods of care, starts from 2022 and its path through 2023-2025 is not shown \(it gave \d+ for 2025 against the 284 published\)/,
    );
    expect(rows.filter((r) => r.method === 'naive').map((r) => [r.year, r.cla])).toEqual([
      ['2026', '284'],
      ['2027', '284'],
    ]);
    const flow = rows.filter((r) => r.method === 'flow');
    expect(flow.map((r) => r.year)).toEqual(['2026', '2027']);
    // 75 children in care on 31 March 2022 in the sample (the summary's stock); the synthetic cohort
    // takes no new entrants at ages it did not see, so the projection falls below that
    expect(Number(flow[0]!.cla)).toBeLessThan(75);
    expect(Number(flow[0]!.lower80)).toBeLessThanOrEqual(Number(flow[0]!.cla));
  });

  it('the headline stays on the latest published count: returns are for the flow, not the headline', async () => {
    const json = JSON.parse(
      (await runCli(['project', '--episodes', fixture('ssda903-sample'), '--to', '2027', '--format', 'json'])).stdout,
    );
    const [area] = json.areas;
    expect(area.base_year).toBe(2025);
    // the recommended projection moves Tower Hamlets' published 2025 count (284), not the 2022 one (332)
    const recommended = area.methods.find((m: { method: string }) => m.method === 'recommended');
    expect(recommended.assumptions).toMatchObject({ year: 2025, cla: 284 });
    expect(area.warnings.join('\n')).toMatch(/the SSDA903 returns end at 31 March 2022, the published history at 2025/);
    // flow still comes from the returns (its assumptions are the durations model's) and is shown from 2026
    const flow = area.methods.find((m: { method: string }) => m.method === 'flow');
    expect(Object.keys(flow.assumptions)).toContain('durations');
    const flowYears = json.records.filter((r: { method: string }) => r.method === 'flow').map((r: { year: number }) => r.year);
    expect(flowYears).toEqual([2026, 2027]);
    // asked for explicitly, the base year is the latest return's for every method, as before
    const explicit = JSON.parse(
      (await runCli(['project', '--episodes', fixture('ssda903-sample'), '--base-year', '2022', '--to', '2027', '--format', 'json']))
        .stdout,
    );
    expect(explicit.areas[0].base_year).toBe(2022);
  });

  it('reads the variability of starts and exits from the longer series: the history here (16 years against 5)', async () => {
    const longer = await runCli(['project', '--episodes', fixture('ssda903-sample'), '--methods', 'flow', '--to', '2024'], {
      env: { COLUMNS: '1000' },
    });
    expect(longer.stdout).toMatch(/flow intervals: 2,000 simulated paths \(.*from the history's starts and ceased;/);
    const same = await runCli(
      [
        'project',
        '--episodes',
        fixture('ssda903-sample'),
        '--history',
        fixture('ssda903-sample-history.csv'),
        '--population',
        'data/tower-hamlets-population-0-17-estimates.csv',
        '--population',
        'data/ons-2022-snpp-tower-hamlets-age-0-17.csv',
        '--methods',
        'flow',
        '--to',
        '2024',
      ],
      { env: { COLUMNS: '1000' } },
    );
    expect(same.stdout).toMatch(/flow intervals: 2,000 simulated paths \(.*from the returns' yearly starts and exits\)/);
  });

  it('refuses a base year other than the latest return, and several areas', async () => {
    const base = await runCli(['project', '--episodes', fixture('ssda903-sample'), '--base-year', '2021']);
    expect(base.code).toBe(1);
    expect(base.stderr).toMatch(/the latest SSDA903 return is for the year ending 31 March 2022: .* --base-year must be 2022/);
    const many = await runCli([
      'project',
      '--episodes',
      fixture('ssda903-sample'),
      '--history',
      fixture('good/london-and-north-northants-history.csv'),
      '--population',
      fixture('good/london-and-north-northants-population.csv'),
      '--area',
      'all',
    ]);
    expect(many.code).toBe(1);
    expect(many.stderr).toMatch(/--episodes are one council's returns: pick the council with --area/);
  });
});

describe('lacproj backtest --episodes (flow with durations against history)', () => {
  // fixtures/ssda903-sample-history.csv: the sample's own stock, starts and ceased (episodes summarise)
  const inputs = [
    '--history',
    fixture('ssda903-sample-history.csv'),
    '--population',
    'data/tower-hamlets-population-0-17-estimates.csv',
    '--population',
    'data/ons-2022-snpp-tower-hamlets-age-0-17.csv',
  ];
  const sample = (name: string) => fixture(`ssda903-sample/${name}`);

  it('fits flow at each origin on the returns known then: the same forecast as project on those returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-backtest-episodes-'));
    const forecasts = join(dir, 'forecasts.csv');
    const result = await runCli([
      'backtest',
      '--episodes',
      fixture('ssda903-sample'),
      ...inputs,
      '--methods',
      'flow,naive',
      '--forecasts',
      forecasts,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/same council/);
    const rows = parse(readFileSync(forecasts, 'utf8'), { columns: true }) as Record<string, string>[];
    const flow = rows.filter((r) => r.method === 'flow');
    expect(flow.map((r) => [r.origin, r.year])).toEqual([
      ['2020', '2021'],
      ['2020', '2022'],
      ['2021', '2022'],
    ]);
    // Second route to the 2020 forecasts: project from the returns up to 2020 only (files 2017-2019).
    const upTo2020 = ['2017', '2018', '2019'].flatMap((y) =>
      ['episodes', 'header', 'uasc'].flatMap((k) => ['--episodes', sample(`${y}-${k}.csv`)]),
    );
    // (with the history cut at 2020 too: project shows the years a history counts after the returns as history)
    const history2020 = join(dir, 'history-to-2020.csv');
    writeFileSync(
      history2020,
      readFileSync(fixture('ssda903-sample-history.csv'), 'utf8')
        .split('\n')
        .filter((l) => !/,202[12],/.test(l))
        .join('\n'),
    );
    const projected = await runCli([
      'project',
      ...upTo2020,
      '--history',
      history2020,
      ...inputs.slice(2),
      '--methods',
      'flow',
      '--to',
      '2022',
      '--format',
      'csv',
    ]);
    expect(projected.code).toBe(0);
    const fromProject = (parse(projected.stdout, { columns: true }) as Record<string, string>[])
      .filter((r) => r.method === 'flow')
      .map((r) => r.cla);
    expect(flow.filter((r) => r.origin === '2020').map((r) => r.forecast)).toEqual(fromProject);
  });

  it('origins must lie within the returns', async () => {
    const result = await runCli(['backtest', '--episodes', fixture('ssda903-sample'), ...inputs, '--origins', '2015-2020']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/with --episodes the origins must lie within the returns, 2018-2022/);
  });
});

describe('a council simulated from a known process (scripts/simulate-returns.js)', () => {
  it('the returns give back the stock, starts and ceased the simulation counted itself (a second route)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-simulated-'));
    execFileSync(process.execPath, ['scripts/simulate-returns.js', dir, '5']);
    const result = await runCli([
      'episodes',
      'summarise',
      '--episodes',
      join(dir, 'returns'),
      '--history',
      join(dir, 'history.csv'),
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    const published = rows.filter((r) => r.measure!.startsWith('published_'));
    expect(published).toHaveLength(30); // ten returns x stock, starts, ceased
    for (const r of published) {
      const own = rows.find((x) => x.year === r.year && x.group === 'all' && x.measure === r.measure!.replace('published_', ''))!;
      expect([r.year, r.measure, own.value]).toEqual([r.year, r.measure, r.value]);
    }
    expect(rows.filter((r) => r.measure === 'residual' && r.value !== '').every((r) => r.value === '0')).toBe(true);
  });
});
