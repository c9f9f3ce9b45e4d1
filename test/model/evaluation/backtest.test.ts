import { describe, expect, it } from 'vitest';
import {
  AUTO_MARGIN,
  MIN_FORECASTS_TO_JUDGE,
  autoForecasts,
  calibratedInterval,
  chooseMethod,
} from '../../../src/model/evaluation/auto.js';
import { naiveScale, rollingForecasts, type Forecast } from '../../../src/model/evaluation/backtest.js';
import { joinPopulation, joinReorganisedAreas } from '../../../src/model/areas/crosswalk.js';
import { accuracy, metricsTable, winklerScore, type AreaForecast } from '../../../src/model/evaluation/metrics.js';
import { alignPopulation } from '../../../src/model/population/rebase.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../../../src/model/projection/types.js';
import type { AreaHistory, MethodName } from '../../../src/model/types.js';

const base = { origin: 2020, year: 2021, horizon: 1, atOrigin: 100 };
/** Two forecasts worked by hand in the comments below. */
const naiveA: Forecast = {
  ...base,
  method: 'naive',
  forecast: 100,
  actual: 110,
  scale: 5,
  lower80: 90,
  upper80: 110,
  lower95: 80,
  upper95: 120,
};
const naiveB: Forecast = {
  ...base,
  origin: 2021,
  year: 2022,
  method: 'naive',
  forecast: 50,
  actual: 40,
  scale: 4,
  lower80: 45,
  upper80: 55,
  lower95: 40,
  upper95: 60,
};

describe('accuracy metrics, worked by hand', () => {
  // A: error -10, 10/110 = 9.0909% (signed -9.0909%), scaled 10/5 = 2, inside both intervals,
  //    Winkler80 = width 20, Winkler95 = width 40.
  // B: error +10, 10/40 = 25% (signed +25%), scaled 10/4 = 2.5, below the 80% interval by 5:
  //    Winkler80 = 10 + (2/0.2) x 5 = 60; on the 95% bound (inside): Winkler95 = 20.
  const m = accuracy([naiveA, naiveB]);
  it('MAE, MAPE, MASE and bias', () => {
    expect(m.n).toBe(2);
    expect(m.mae).toBe(10);
    expect(m.mape).toBeCloseTo((9.0909 + 25) / 2, 3);
    expect(m.mase).toBeCloseTo(2.25, 10);
    expect(m.biasPct).toBeCloseTo((-9.0909 + 25) / 2, 3);
  });
  it('coverage, width and Winkler score', () => {
    expect(m.coverage80).toBe(0.5);
    expect(m.coverage95).toBe(1);
    expect(m.width80).toBe(15);
    expect(m.width95).toBe(30);
    expect(m.winkler80).toBe(40);
    expect(m.winkler95).toBe(30);
  });
  it('the share below and above each interval: B fell below the 80% one, on the 95% bound (inside)', () => {
    expect([m.below80, m.above80, m.below95, m.above95]).toEqual([0.5, 0, 0, 0]);
    const high = accuracy([{ ...naiveA, actual: 121 }, naiveA]); // 121 > 120, the 95% upper bound
    expect([high.below80, high.above80, high.below95, high.above95]).toEqual([0, 0.5, 0, 0.5]);
  });
  it('Winkler score penalises a miss by 2/alpha', () => {
    expect(winklerScore(90, 110, 120, 0.2)).toBe(120);
    expect(winklerScore(90, 110, 100, 0.05)).toBe(20);
  });
  it('skips forecasts without an outcome', () => {
    expect(accuracy([{ ...naiveA, actual: null }]).n).toBe(0);
    expect(accuracy([{ ...naiveA, actual: null }]).mae).toBeNull();
  });
  it('MASE relative to naive pairs the same area, origin and year', () => {
    const trend: AreaForecast[] = [
      { ...naiveA, method: 'trend', forecast: 105, areaKey: 'a' }, // scaled 5/5 = 1
      { ...naiveB, method: 'trend', forecast: 40, areaKey: 'a' }, // scaled 0
    ];
    const rows = metricsTable([{ ...naiveA, areaKey: 'a' }, { ...naiveB, areaKey: 'a' }, ...trend]);
    const pooledTrend = rows.find((r) => r.areaKey === null && r.method === 'trend')!;
    expect(pooledTrend.mase).toBe(0.5);
    expect(pooledTrend.relativeMase).toBeCloseTo(0.5 / 2.25, 10);
    expect(rows.find((r) => r.areaKey === null && r.method === 'naive')!.relativeMase).toBe(1);
  });
});

// A steady rate of 50 per 10,000 on a growing population, with noise, 2010-2022.
const counts = [500, 520, 505, 540, 530, 560, 545, 580, 570, 600, 590, 615, 610];
const history: AreaHistory = {
  area: { code: 'E0', name: 'Test' },
  years: counts.map((cla, i) => ({ year: 2010 + i, cla, starts: null, ceased: null, uasc: null })),
};
const population = alignPopulation(new Map(counts.map((_, i) => [2009 + i, 100_000 + 2_000 * i])), undefined, 'none');

describe('rolling forecasts', () => {
  const options = { horizon: 3, projection: DEFAULT_PROJECTION_OPTIONS };

  it('never uses data after the origin', () => {
    const clean = rollingForecasts(history, population, options);
    for (const origin of clean.origins) {
      const poisoned: AreaHistory = { ...history, years: history.years.map((y) => (y.year > origin ? { ...y, cla: y.cla! * 10 } : y)) };
      const again = rollingForecasts(poisoned, population, { ...options, origins: [origin] });
      const strip = (f: Forecast) => ({ ...f, actual: null });
      expect(again.forecasts.map(strip)).toEqual(clean.forecasts.filter((f) => f.origin === origin).map(strip));
    }
  });

  it('forecasts 1..horizon years after each origin, up to the last year', () => {
    const { forecasts, origins } = rollingForecasts(history, population, options);
    expect(forecasts.every((f) => f.year > f.origin && f.year - f.origin === f.horizon && f.horizon <= 3 && f.year <= 2022)).toBe(true);
    // rates start in 2010 (mid-2009 population); trend needs 3 rates and intervals 3 consecutive ones: first origin 2012
    expect(origins[0]).toBe(2012);
    expect(origins.at(-1)).toBe(2021);
  });

  it('naive forecasts equal the count at the origin', () => {
    const { forecasts } = rollingForecasts(history, population, options);
    for (const f of forecasts.filter((x) => x.method === 'naive')) expect(f.forecast).toBe(counts[f.origin - 2010]);
  });

  it('scales errors by the in-sample mean absolute change', () => {
    // 2010-2013: changes 20, 15, 35 -> 70 / 3
    expect(naiveScale(history, 2013)).toBeCloseTo(70 / 3, 10);
  });
});

describe('auto', () => {
  const past = (method: MethodName, error: number, n: number, origin = 2020): Forecast[] =>
    Array.from({ length: n }, (_, i) => ({
      ...naiveA,
      method,
      origin: origin - 1 - i,
      year: origin - i,
      forecast: 100 + error,
      actual: 100,
      scale: 10,
    }));

  it(`falls back to naive with fewer than ${MIN_FORECASTS_TO_JUDGE} past forecasts`, () => {
    const choice = chooseMethod([...past('naive', 20, 2), ...past('trend', 1, 2)], 2020, ['naive', 'trend']);
    expect(choice.method).toBe('naive');
    expect(choice.reason).toMatch(/fewer than/);
  });

  it('chooses another method only when it beats naive by the margin', () => {
    const clear = chooseMethod([...past('naive', 20, 5), ...past('trend', 20 * AUTO_MARGIN - 1, 5)], 2020, ['naive', 'trend']);
    expect(clear.method).toBe('trend');
    const close = chooseMethod([...past('naive', 20, 5), ...past('trend', 20 * AUTO_MARGIN + 1, 5)], 2020, ['naive', 'trend']);
    expect(close.method).toBe('naive');
  });

  it('ignores forecasts whose outcome was not known at the origin', () => {
    const future: Forecast[] = [
      { ...naiveA, method: 'naive', origin: 2019, year: 2021, horizon: 2, forecast: 1000, actual: 100, scale: 10 },
    ];
    const without = chooseMethod([...past('naive', 5, 5), ...past('trend', 20, 5)], 2020, ['naive', 'trend']);
    const withFuture = chooseMethod([...past('naive', 5, 5), ...past('trend', 20, 5), ...future], 2020, ['naive', 'trend']);
    expect(withFuture).toEqual(without);
  });

  it('calibrated intervals contain the point and widen with the horizon', () => {
    const one = calibratedInterval(200, 0.05, 10, 1);
    const four = calibratedInterval(200, 0.05, 10, 4);
    expect(one.lower95).toBeLessThan(one.lower80);
    expect(one.lower80).toBeLessThan(200);
    expect(one.upper80).toBeGreaterThan(200);
    expect(four.upper80 - 200).toBeGreaterThan(one.upper80 - 200);
  });

  it("auto forecasts are the chosen method's, at every origin", () => {
    const { forecasts, origins } = rollingForecasts(history, population, { horizon: 2, projection: DEFAULT_PROJECTION_OPTIONS });
    const auto = autoForecasts(forecasts, origins, ['avg3', 'trend', 'naive']);
    expect(auto.choices.map((c) => c.origin)).toEqual(origins);
    for (const f of auto.forecasts) {
      const chosen = auto.choices.find((c) => c.origin === f.origin)!.method;
      const source = forecasts.find((x) => x.method === chosen && x.origin === f.origin && x.year === f.year)!;
      expect(f.forecast).toBe(source.forecast);
      expect(f.method).toBe('auto');
    }
  });
});

describe('reorganised councils', () => {
  const series = (dfeCode: string, from: number, values: (number | null)[]): AreaHistory => ({
    area: { code: '', dfeCode, name: dfeCode },
    years: values.map((cla, i) => ({ year: from + i, cla, starts: null, ceased: null, uasc: null })),
  });

  it('sums Northamptonshire before 2022 and North + West from 2022', () => {
    const { areas, joined } = joinReorganisedAreas([
      series('928', 2019, [900, 950, 1000]),
      series('940', 2022, [500, 520]),
      series('941', 2022, [480, null]),
      series('211', 2019, [329, 307, 305]),
    ]);
    expect(joined).toHaveLength(1);
    const northants = areas.find((a) => a.area.dfeCode === '928+940+941')!;
    expect(northants.years.map((y) => [y.year, y.cla])).toEqual([
      [2019, 900],
      [2020, 950],
      [2021, 1000],
      [2022, 980],
      [2023, null], // West's count missing: no partial total
    ]);
    expect(areas.map((a) => a.area.dfeCode)).toEqual(['211', '928+940+941']);
  });

  it('leaves a predecessor alone when no successor is in the data', () => {
    const { areas, joined } = joinReorganisedAreas([series('909', 2019, [700, 710])]);
    expect(joined).toEqual([]);
    expect(areas[0]!.area.dfeCode).toBe('909');
  });

  it('joins population from whichever side is complete', () => {
    const joined = joinPopulation(
      [
        new Map([
          [2017, 100],
          [2018, 101],
        ]),
        new Map([
          [2017, 50],
          [2018, 51],
        ]),
      ],
      [
        new Map([
          [2011, 140],
          [2019, 160],
        ]),
        new Map([[2019, 1]]),
      ],
    );
    expect([...joined.entries()]).toEqual([
      [2017, 150],
      [2018, 152],
      [2019, 161],
    ]);
  });
});
