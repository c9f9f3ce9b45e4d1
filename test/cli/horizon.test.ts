import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run.js';

// Each simulated path draws from its own stream (seed, path number), so a year's interval cannot
// depend on how far the projection runs: the rows for 2026-2027 are the same with --to 2027 or 2035.
const rows = (stdout: string, years: string[]) => stdout.split('\n').filter((l) => years.some((y) => l.includes(`,${y},projected,`)));

describe('simulated intervals for a year do not change with --to', () => {
  it('flow on the bundled data', async () => {
    const short = await runCli(['project', '--to', '2027', '--format', 'csv']);
    const long = await runCli(['project', '--to', '2035', '--format', 'csv']);
    expect(short.code).toBe(0);
    const picked = rows(short.stdout, ['2026', '2027']);
    expect(picked.filter((l) => l.includes(',flow,'))).toHaveLength(2);
    expect(rows(long.stdout, ['2026', '2027'])).toEqual(picked);
  });

  it('flow with durations from SSDA903 returns', async () => {
    const args = [
      'project',
      '--episodes',
      fixture('ssda903-sample'),
      '--history',
      fixture('ssda903-sample-history.csv'),
      '--population',
      `${fixture('../data/ons-2022-snpp-tower-hamlets-age-0-17.csv')}`,
      '--population',
      `${fixture('../data/tower-hamlets-population-0-17-estimates.csv')}`,
      '--methods',
      'flow',
      '--format',
      'csv',
      '--simulations',
      '300',
    ];
    const short = await runCli([...args, '--to', '2024']);
    const long = await runCli([...args, '--to', '2030']);
    expect(short.code, short.stderr).toBe(0);
    const picked = rows(short.stdout, ['2023', '2024']);
    expect(picked.length).toBeGreaterThan(0);
    expect(rows(long.stdout, ['2023', '2024'])).toEqual(picked);
  });
});
