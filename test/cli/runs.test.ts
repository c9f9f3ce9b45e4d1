import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { root, runCli, runProcess } from './run.js';

const inputsOf = (stdout: string) =>
  (JSON.parse(stdout) as { inputs: { role: string; file: string }[] }).inputs.map((i) => `${i.role}: ${i.file}`);

describe('runs are independent: nothing about a run is kept in a module', () => {
  it('a naive-only projection lists the same inputs after a default run in the same process as in a process of its own', async () => {
    const naive = ['project', '--methods', 'naive', '--format', 'json'];
    const alone = runProcess(naive);
    expect(alone.code).toBe(0);
    // the default run reads the regional files and the calibration; the naive one reads neither
    expect((await runCli(['project', '--format', 'json'])).code).toBe(0);
    const after = await runCli(naive);
    expect(inputsOf(after.stdout)).toEqual(inputsOf(alone.stdout));
    expect(inputsOf(after.stdout)).toEqual([
      'history: data/tower-hamlets-cla-history.csv',
      'history-by-age: data/tower-hamlets-cla-by-age.csv',
      'population: data/tower-hamlets-population-0-17-estimates.csv',
      'population: data/ons-2022-snpp-tower-hamlets-age-0-17.csv',
      'district lookup: data/ons-ltla-to-utla-england.csv',
      // a council split after a reorganisation takes its successors' population: the table says which
      'council regions: data/england/council-regions.csv',
    ]);
    expect(after.stdout).toBe(alone.stdout);
  });

  it('a limit raised in one run does not carry into the next', async () => {
    const tight = await runCli(['--max-line-length', '10', 'project', '--methods', 'naive']);
    expect(tight.code).toBe(1);
    expect(tight.stderr).toMatch(/over the limit of 10 characters \(--max-line-length\)/);
    expect((await runCli(['project', '--methods', 'naive'])).code).toBe(0);
  });
});

// What only a process shows: the exit code the shell sees, a pipe as an input.
describe('the program as a process', () => {
  it('sets the exit code of the process: 0, 1 for a problem with the input', () => {
    expect(runProcess(['project', '--methods', 'naive', '--to', '2026']).code).toBe(0);
    const bad = runProcess(['project', '--area', 'Nowhere']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('error: data/tower-hamlets-cla-history.csv: no area "Nowhere" in the history\n');
  });

  it('reads a population given as a pipe, <(cat file), read once', () => {
    const estimates = `${root}data/tower-hamlets-population-0-17-estimates.csv`;
    const projection = `${root}data/ons-2022-snpp-tower-hamlets-age-0-17.csv`;
    const history = `${root}data/tower-hamlets-cla-history.csv`;
    const command =
      `node ${root}bin/lacproj.js project --history ${history} --population <(cat ${estimates}) --population ${projection} ` +
      '--methods naive,avg3 --to 2027 --format csv';
    const piped = spawnSync('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(piped.status, piped.stderr).toBe(0);
    const direct = runProcess([
      'project',
      '--history',
      history,
      '--population',
      estimates,
      '--population',
      projection,
      '--methods',
      'naive,avg3',
      '--to',
      '2027',
      '--format',
      'csv',
    ]);
    expect(piped.stdout).toBe(direct.stdout);
    expect(readFileSync(estimates, 'utf8')).toMatch(/^area_code|^mid_year|^year/);
  });
});
