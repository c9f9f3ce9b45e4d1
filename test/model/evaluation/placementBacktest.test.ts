import { describe, expect, it } from 'vitest';
import { fixedMixShares, placementMetrics, type PlacementForecast } from '../../../src/model/evaluation/placementBacktest.js';
import { CODE_CATEGORIES, type CodeCategory } from '../../../src/model/episodes/placementTypes.js';

const stock = (counts: Partial<Record<CodeCategory, number>>) =>
  Object.fromEntries(CODE_CATEGORIES.map((c) => [c, counts[c] ?? 0])) as Record<CodeCategory, number>;

describe('the fixed mix a placement backtest scores', () => {
  it("is each type's mean share over the last `window` years up to the origin that had children", () => {
    // 2019: 10 in-house, 10 agency (1/2 each); 2020: 30 in-house, 10 agency (3/4, 1/4); 2021 after the origin; 2018 outside the window of 2
    const years = new Map([
      [2018, stock({ fostering_inhouse: 1 })],
      [2019, stock({ fostering_inhouse: 10, fostering_agency: 10 })],
      [2020, stock({ fostering_inhouse: 30, fostering_agency: 10 })],
      [2021, stock({ fostering_agency: 50 })],
    ]);
    const shares = fixedMixShares(years, 2020, 2);
    expect(shares.fostering_inhouse).toBeCloseTo((1 / 2 + 3 / 4) / 2, 12);
    expect(shares.fostering_agency).toBeCloseTo((1 / 2 + 1 / 4) / 2, 12);
    expect(CODE_CATEGORIES.reduce((s, c) => s + shares[c], 0)).toBeCloseTo(1, 12);
    expect(() => fixedMixShares(new Map([[2020, stock({})]]), 2020, 3)).toThrow(
      /a fixed mix needs children in care on a 31 March up to 2020/,
    );
  });
});

describe('placement backtest metrics', () => {
  const f = (
    method: PlacementForecast['method'],
    type: CodeCategory,
    horizon: number,
    forecast: number,
    actual: number,
  ): PlacementForecast => ({
    method,
    origin: 2020,
    year: 2020 + horizon,
    horizon,
    placementType: type,
    forecast,
    actual,
    lower80: forecast - 2,
    upper80: forecast + 2,
  });
  it('MAE, bias and 80% coverage by method, type and horizon, and every type pooled (worked by hand)', () => {
    const rows = placementMetrics([
      f('transitions', 'fostering_inhouse', 1, 10, 12), // error -2, on the bound: held
      f('transitions', 'fostering_agency', 1, 5, 8), // error -3, outside
      f('transitions', 'fostering_inhouse', 2, 9, 9),
      f('fixed mix x transitions total', 'fostering_inhouse', 1, 14, 12),
    ]);
    const row = (method: string, type: string, horizon: number) =>
      rows.find((r) => r.method === method && r.placementType === type && r.horizon === horizon)!;
    expect(row('transitions', 'all types', 1)).toMatchObject({ n: 2, mae: 2.5, bias: -2.5, coverage80: 0.5 });
    expect(row('transitions', 'fostering_inhouse', 2)).toMatchObject({ n: 1, mae: 0, bias: 0, coverage80: 1 });
    expect(row('fixed mix x transitions total', 'fostering_inhouse', 1)).toMatchObject({ n: 1, mae: 2, bias: 2 });
    expect(rows.some((r) => r.method === 'fixed mix x recommended total')).toBe(false);
  });
});
