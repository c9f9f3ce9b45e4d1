import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run.js';

const sample = fixture('ssda903-sample');
const run = async (episodes: string) =>
  JSON.parse((await runCli(['backtest', '--episodes', episodes, '--simulations', '100', '--format', 'json'])).stdout);
const full = await run(sample);
type Forecast = { method: string; origin: number; year: number; horizon: number; placement_type: string; forecast: number; actual: number };
const forecasts = full.placements.forecasts as Forecast[];

describe("lacproj backtest --episodes: placements by type from the council's own returns", () => {
  it('prints the placement backtest by type (the issue\'s "done when")', async () => {
    const table = await runCli(['backtest', '--episodes', sample, '--simulations', '100']);
    expect(table.code).toBe(0);
    expect(table.stdout.replace(/\s+/g, ' ')).toMatch(
      /placements by type from the SSDA903 returns, origins 2019-2021, forecasts 1 \/ 2 \/ 3 years ahead/,
    );
    expect(table.stdout).toMatch(/Mean absolute error in children, 1 \/ 2 \/ 3 years ahead/);
    for (const type of ['fostering_inhouse', 'childrens_home_external', 'secure_childrens_home', 'residential_school', 'all types'])
      expect(table.stdout).toMatch(new RegExp(`\\n ${type}\\s+[\\d.]+ / [\\d.]+ / [\\d.]+`));
    expect(table.stdout).toMatch(/80% range held/);
  });

  it('rolling origins within the returns (2018-2022): a year of moves before each, later returns to check against', () => {
    expect(full.placements.origins).toEqual([2019, 2020, 2021]);
    expect(new Set(forecasts.map((f) => f.method))).toEqual(
      new Set(['transitions', 'fixed mix x recommended total', 'fixed mix x transitions total']),
    );
    expect(Math.max(...forecasts.map((f) => f.year))).toBe(2022);
    // 11 types x (3 + 2 + 1) origin-years, for each way
    expect(forecasts.filter((f) => f.method === 'transitions')).toHaveLength(11 * 6);
  });

  it('actual is the stock by type the returns count (as episodes summarise counts it)', async () => {
    const summary = parse((await runCli(['episodes', 'summarise', '--episodes', sample, '--format', 'csv'])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    for (const f of forecasts.filter((x) => x.method === 'transitions')) {
      const counted = summary.find((r) => r.year === String(f.year) && r.measure === 'stock' && r.group === f.placement_type)!;
      expect(f.actual).toBe(Number(counted.value));
    }
  });

  it("the fixed mix times the transitions' total shares out that total: the same children by origin and year", () => {
    const total = (method: string, origin: number, year: number) =>
      forecasts.filter((f) => f.method === method && f.origin === origin && f.year === year).reduce((s, f) => s + f.forecast, 0);
    for (const f of forecasts.filter((x) => x.method === 'transitions' && x.placement_type === 'other')) {
      expect(total('fixed mix x transitions total', f.origin, f.year)).toBeCloseTo(total('transitions', f.origin, f.year), 0);
    }
  });

  it('sees nothing after its origin: forecasts from 2020 are the same without the 2022 return (only the outcomes move: a later return revises earlier years)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-placement-backtest-'));
    cpSync(sample, dir, { recursive: true });
    for (const kind of ['episodes', 'header', 'uasc']) rmSync(join(dir, `2021-${kind}.csv`)); // the return for the year ending March 2022
    const shorter = await run(dir);
    expect(shorter.placements.origins).toEqual([2019, 2020]);
    const from2020 = (list: Forecast[]) =>
      list.filter((f) => f.origin === 2020 && f.year === 2021 && f.method === 'transitions').map((f) => [f.placement_type, f.forecast]);
    expect(from2020(shorter.placements.forecasts)).toEqual(from2020(forecasts));
  });
});
