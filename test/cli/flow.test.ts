import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './run.js';

describe('flow in lacproj project', () => {
  it('the default run shows flow beside avg3, trend and naive, by age band', async () => {
    const result = await runCli(['project', '--to', '2027'], { env: { COLUMNS: '1000' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/avg3 \(average rate\) +trend \(trend rate\) +naive \(last count\) +flow \(inflow\/outflow\)/);
    expect(result.stdout).toMatch(/flow \(by age band; rates of 2023, 2024, 2025\)/);
    expect(result.stdout).toMatch(/steady state at these rates/);
  });

  it('--detail writes flows by band that satisfy the stock-flow identity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-flow-'));
    const detail = join(dir, 'detail.csv');
    const result = await runCli(['project', '--methods', 'flow', '--detail', detail, '--format', 'csv']);
    expect(result.code).toBe(0);
    const rows = parse(readFileSync(detail, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'area_code',
      'area_name',
      'year',
      'band',
      'opening',
      'entries',
      'exits',
      'ageing_in',
      'ageing_out',
      'residual',
      'closing',
    ]);
    expect(new Set(rows.map((r) => r.band))).toEqual(new Set(['under1', '1to4', '5to9', '10to15', '16to17', 'uasc']));
    for (const r of rows) {
      const [open, inn, out, ageIn, ageOut, res, close] = [
        'opening',
        'entries',
        'exits',
        'ageing_in',
        'ageing_out',
        'residual',
        'closing',
      ].map((k) => Number(r[k]));
      expect(open! + inn! - out! + ageIn! - ageOut! + res!).toBeCloseTo(close!, 1);
    }
    // the projection's flow total for 2026 is the sum of the bands' closing stocks
    const total2026 = rows.filter((r) => r.year === '2026').reduce((s, r) => s + Number(r.closing), 0);
    const projected = (parse(result.stdout, { columns: true }) as Record<string, string>[]).find(
      (r) => r.method === 'flow' && r.year === '2026',
    )!;
    expect(total2026).toBeCloseTo(Number(projected.cla), 0);
  });

  it('is byte-identical for the same seed and differs for another', async () => {
    const a = (await runCli(['project', '--methods', 'flow', '--format', 'csv', '--seed', '5'])).stdout;
    expect((await runCli(['project', '--methods', 'flow', '--format', 'csv', '--seed', '5'])).stdout).toBe(a);
    expect((await runCli(['project', '--methods', 'flow', '--format', 'csv', '--seed', '6'])).stdout).not.toBe(a);
  });

  it('asked for explicitly, flow without starts and ceased is an error; by default it is left out with a warning', async () => {
    const history = join(mkdtempSync(join(tmpdir(), 'lacproj-flow-')), 'counts.csv');
    writeFileSync(history, 'year,cla\n2021,305\n2022,332\n2023,301\n2024,277\n');
    const population = join(root, 'fixtures/good/population-to-2025.csv');
    const explicit = await runCli(['project', '--history', history, '--population', population, '--to', '2025', '--methods', 'flow']);
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toMatch(/flow requires starts, ceased, UASC and stock/);
    const byDefault = await runCli(['project', '--history', history, '--population', population, '--to', '2025']);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stderr).toContain(
      'warning: flow (inflow/outflow) left out: it needs children starting and ceasing to be looked after in a year and the counts on 31 March of that year and the year before; this area has no year with starts and ceased',
    );
  });
});

describe('lacproj scenario', () => {
  it('shows each scenario beside the baseline, moving the way it should', async () => {
    const result = await runCli([
      'scenario',
      '--scenario',
      join(root, 'examples/edge-of-care.yaml'),
      '--scenario',
      join(root, 'examples/more-uasc.yaml'),
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)[0]).toBe('scenario');
    const at = (scenario: string, year: string) => Number(rows.find((r) => r.scenario === scenario && r.year === year)!.cla);
    expect([...new Set(rows.map((r) => r.scenario))]).toEqual(['baseline', 'Edge of care', 'More UASC']);
    expect(at('Edge of care', '2026')).toBe(at('baseline', '2026')); // it starts in 2027
    expect(at('Edge of care', '2030')).toBeLessThan(at('baseline', '2030'));
    expect(at('More UASC', '2030')).toBeGreaterThan(at('baseline', '2030'));
  });

  it('a bad scenario file is one clear error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lacproj-scn-')), 'bad.yaml');
    writeFileSync(file, 'name: Bad\nexit_share:\n  - add: 2\n');
    const result = await runCli(['scenario', '--scenario', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml line 3, column "exit_share\[0\]\.add": number must be less than or equal to 1/);
  });

  it('needs at least one scenario', async () => {
    const result = await runCli(['scenario']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--scenario <file>' not specified/);
  });
});
