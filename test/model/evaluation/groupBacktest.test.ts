import { describe, expect, it } from 'vitest';
import { createRunContext } from '../../../src/app/context.js';
import type { Forecast } from '../../../src/model/evaluation/backtest.js';
import { groupForecasts, groupMetrics } from '../../../src/model/evaluation/groupBacktest.js';

const calibration = createRunContext().bundled.calibration();
const f = (method: string, origin: number, year: number, forecast: number, actual: number | null, atOrigin = 100): Forecast => ({
  method: method as Forecast['method'],
  origin,
  year,
  horizon: year - origin,
  forecast,
  actual,
  scale: 5,
  atOrigin,
  lower80: 0,
  upper80: 0,
  lower95: 0,
  upper95: 0,
});

describe("groupForecasts: the members' forecasts added up where both the origin's and the outcome's counts are known", () => {
  const a = [
    f('recommended', 2018, 2019, 100, 110),
    f('recommended', 2018, 2020, 102, 120),
    f('naive', 2018, 2019, 100, 110),
    f('naive', 2018, 2020, 100, 120),
  ];
  const b = [
    f('recommended', 2018, 2019, 50, 55),
    f('recommended', 2018, 2020, 51, null),
    f('naive', 2018, 2019, 50, 55),
    f('naive', 2018, 2020, 50, null),
  ];
  const forecasts = groupForecasts(
    [
      { region: 'R', forecasts: a },
      { region: 'R', forecasts: b },
    ],
    { calibration, seed: 1 },
  );

  it('sums like with like: a member without an outcome is left out of that year (by hand: 150 against 165, then 102 against 120)', () => {
    const rec = forecasts.filter((x) => x.method === 'recommended');
    expect(rec.map((x) => [x.year, x.forecast, x.actual, x.members])).toEqual([
      [2019, 150, 165, 2],
      [2020, 102, 120, 1],
    ]);
    expect(rec.every((x) => x.ranged && x.lower80 < x.forecast && x.upper80 > x.forecast)).toBe(true);
    expect(forecasts.filter((x) => x.method === 'naive').every((x) => !x.ranged && x.lower80 === x.forecast)).toBe(true);
  });

  it('has no recommended forecast before the calibration measured a horizon (2015), but naive still counts', () => {
    const early = groupForecasts([{ region: 'R', forecasts: [f('recommended', 2014, 2015, 100, 100), f('naive', 2014, 2015, 100, 100)] }], {
      calibration,
      seed: 1,
    });
    expect(early.map((x) => x.method)).toEqual(['naive']);
  });

  it("measures accuracy against naive's for every method and a range's coverage for the recommended total only", () => {
    const rows = groupMetrics(forecasts, 'G');
    const rec = rows.find((r) => r.method === 'recommended' && r.horizon === 1)!;
    // by hand: recommended misses 15 (150 against 165), naive 15 (150 against 165): relative MAE 1
    expect(rec.mae).toBe(15);
    expect(rec.relativeMae).toBe(1);
    expect(rec.coverage80).not.toBeNull();
    const naive = rows.find((r) => r.method === 'naive' && r.horizon === 1)!;
    expect(naive.coverage80).toBeNull();
    expect(naive.winkler80).toBeNull();
    expect(rows.every((r) => r.areaKey === 'G')).toBe(true);
  });
});
