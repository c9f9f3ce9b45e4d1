import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run.js';

describe('lacproj backtest', () => {
  it('on the bundled Tower Hamlets data prints the metrics per method and horizon', async () => {
    // wide, so the notes are on one line each (test/report/plain-table.test.ts checks the wrapping)
    const result = await runCli(['backtest'], { env: { COLUMNS: '1000' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Backtest of Tower Hamlets \(E09000030, 211\): origins 2014-2024, forecasts 1-3 years ahead/);
    for (const method of ['avg3', 'trend', 'naive', 'auto']) expect(result.stdout).toMatch(new RegExp(`^ ${method} +1 +11 `, 'm'));
    // Tower Hamlets: avg3 scored best (MASE 0.68) but not 30% below naive (0.89), so auto keeps naive
    expect(result.stdout).toMatch(
      /auto at 2024: naive, because avg3 had the lowest error \(MASE 0.68 over 27 past forecasts\) but not 30% below naive.s 0.89/,
    );
  });

  it('writes the forecasts and metrics CSVs with the documented columns, no forecast after its origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-backtest-'));
    const forecasts = join(dir, 'forecasts.csv');
    const metrics = join(dir, 'metrics.csv');
    const result = await runCli(['backtest', '--forecasts', forecasts, '--metrics', metrics, '--format', 'csv']);
    expect(result.code).toBe(0);
    const rows = parse(readFileSync(forecasts, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'area_code',
      'area_name',
      'method',
      'origin',
      'year',
      'horizon',
      'forecast',
      'actual',
      'lower80',
      'upper80',
      'lower95',
      'upper95',
    ]);
    for (const row of rows) {
      expect(Number(row.year) - Number(row.origin)).toBe(Number(row.horizon));
      expect(Number(row.horizon)).toBeGreaterThanOrEqual(1);
    }
    // naive at origin 2020 forecasts the 2020 count (307) for 2021-2023; 2021 actual 305
    const naive2021 = rows.find((r) => r.method === 'naive' && r.origin === '2020' && r.year === '2021')!;
    expect([naive2021.forecast, naive2021.actual]).toEqual(['307', '305']);
    expect(readFileSync(metrics, 'utf8')).toBe(result.stdout);
    expect(result.stdout.split('\n')[0]).toBe(
      'area_code,area_name,method,horizon,size_band,n,mae,mape,mase,relative_mase,relative_mae,bias_pct,coverage80,below80,above80,coverage95,below95,above95,width80,width95,winkler80,winkler95',
    );
  });

  it('--area all pools areas, skips the ones too short, and keeps a stable order', async () => {
    const args = [
      'backtest',
      '--history',
      fixture('good/london-and-north-northants-history.csv'),
      '--population',
      fixture('good/london-and-north-northants-population.csv'),
      '--area',
      'all',
      '--format',
      'csv',
    ];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('North Northamptonshire (E06000061, 940)');
    const rows = parse(first.stdout, { columns: true }) as Record<string, string>[];
    expect([...new Set(rows.map((r) => r.area_name))]).toEqual(['All areas (pooled)', 'City of London', 'Tower Hamlets']);
    expect((await runCli(args)).stdout).toBe(first.stdout);
  });

  it('rejects origins it cannot parse', async () => {
    const result = await runCli(['backtest', '--origins', '2014-20x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/expected years such as 2014-2021/);
  });
});
