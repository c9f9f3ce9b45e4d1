import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readSsda903 } from '../../src/io/ssda903.js';
import { buildPeriods, countByYear } from '../../src/model/episodes.js';
import { fixture, runCli } from './run.js';

// fixtures/ssda903-hand: counts worked by hand in fixtures/README.md.
describe('SSDA903 periods and counts on a hand-built fixture', async () => {
  const data = await readSsda903([fixture('ssda903-hand')]);
  const care = buildPeriods(data.episodes, data.children);
  const { periods, problems, repeated } = care;
  const counts = countByYear(care, [2019, 2020]);

  it('merges returns (later wins) and joins episodes into periods', () => {
    expect(repeated).toBe(2); // A's second episode and C appear in both returns
    expect(periods.map((p) => p.child).sort()).toEqual(['A', 'B', 'C', 'G', 'H', 'J']);
    const a = periods.find((p) => p.child === 'A')!;
    expect(a.episodeCount).toBe(2);
    expect(a.end).not.toBeNull(); // closed by the 2020 return
  });

  it('stock on 31 March, starts and ceased in the year', () => {
    expect(counts.map((c) => [c.year, c.stock, c.starts, c.ceased, c.residual])).toEqual([
      [2019, 4, 3, 1, null],
      [2020, 4, 1, 1, 0],
    ]);
    expect(counts[0]!.stockByBand).toMatchObject({ '5to9': 1, '1to4': 1, unknown: 2 });
    expect(counts[0]!.stockByPlacement).toEqual({ fostering: 1, residential: 1, supported: 1, other: 1 });
  });

  it('reports every dropped or repaired row with file and line', () => {
    const all = [...data.problems, ...problems].map((p) => [p.file.split('/').at(-1), p.line, p.action, p.reason]);
    expect(all).toEqual(
      expect.arrayContaining([
        ['2019-episodes.csv', 6, 'dropped', 'bad end date (DEC) "32/13/2018"'],
        ['2019-episodes.csv', 7, 'dropped', 'episode ends (01/05/2018) before it starts (01/06/2018)'],
        ['2019-episodes.csv', 8, 'repaired', 'unknown reason for new episode (RNE) "Q": read as a change within care'],
        ['2019-episodes.csv', 8, 'repaired', 'unknown placement code (PLACE) "ZZ": counted as other'],
        ['2019-episodes.csv', 9, 'repaired', 'episode overlaps the next one of the same child: ended at the next start'],
        ['2019-header.csv', 5, 'repaired', 'bad date of birth (DOB) "31/02/2010"'],
      ]),
    );
    expect(all).toHaveLength(6);
  });
});

describe('lacproj episodes summarise', () => {
  it('runs on the shared synthetic sample and writes a survival chart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-episodes-'));
    const chart = join(dir, 'survival.svg');
    const result = runCli(['episodes', 'summarise', '--episodes', fixture('ssda903-sample'), '--survival-chart', chart]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SSDA903: 3,737 episode rows in 15 files \(910 repeated in a later return, merged\) -> 870 periods of care of 820 children/);
    expect(result.stdout).toMatch(/Time in care by age at entry \(Kaplan-Meier/);
    expect(readFileSync(chart, 'utf8')).toMatch(/Share of children still in care, by age at entry/);
  });

  it('CSV has the counts and survival measures', () => {
    const result = runCli(['episodes', 'summarise', '--episodes', fixture('ssda903-hand'), '--format', 'csv']);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.year === '2020' && r.measure === 'stock' && r.group === 'all')!.value).toBe('4');
    expect(rows.some((r) => r.measure === 'median_days_in_care')).toBe(true);
  });

  it('a folder with no episodes file is a clear error', () => {
    const result = runCli(['episodes', 'summarise', '--episodes', fixture('dfe')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not an SSDA903 episodes, header or UASC file/);
  });
});

describe('lacproj project --episodes (flow with durations)', () => {
  it('fits flow on periods of care and projects from the latest return', () => {
    const result = runCli(['project', '--episodes', fixture('ssda903-sample'), '--methods', 'flow,naive', '--to', '2024', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/note: 870 periods of care from 15 SSDA903 files \(base year 2022\)/);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    const flow = rows.filter((r) => r.method === 'flow');
    expect(flow.map((r) => r.year)).toEqual(['2023', '2024']);
    // 86 children in care on 31 March 2022 in the sample (the summary's stock); the synthetic cohort
    // takes no new entrants at ages it did not see, so the projection falls below that
    expect(Number(flow[0]!.cla)).toBeLessThan(86);
    expect(Number(flow[0]!.lower80)).toBeLessThanOrEqual(Number(flow[0]!.cla));
  });

  it('refuses a base year other than the latest return, and several areas', () => {
    const base = runCli(['project', '--episodes', fixture('ssda903-sample'), '--base-year', '2021']);
    expect(base.code).toBe(1);
    expect(base.stderr).toMatch(/the latest SSDA903 return is for the year ending 31 March 2022: .* --base-year must be 2022/);
    const many = runCli(['project', '--episodes', fixture('ssda903-sample'), '--history', fixture('good/london-and-north-northants-history.csv'), '--population', fixture('good/london-and-north-northants-population.csv'), '--area', 'all']);
    expect(many.code).toBe(1);
    expect(many.stderr).toMatch(/--episodes are one council's returns: pick the council with --area/);
  });
});
