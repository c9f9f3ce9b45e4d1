import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRate } from '../../../src/model/methods/avg3.js';
import { randomWalkInterval, randomWalkSpread } from '../../../src/model/stats/intervals.js';
import { lastObservedCount } from '../../../src/model/methods/naive.js';
import { alignPopulation } from '../../../src/model/population/rebase.js';
import { observedRates, ratePer10k } from '../../../src/model/population/rates.js';
import { dampedTrendLimit, dampedTrendRate, fitTrend } from '../../../src/model/methods/trend.js';
import { studentTQuantile } from '../../../src/model/stats/distributions.js';

describe('ratePer10k', () => {
  it("reproduces DfE's published Tower Hamlets rates (mid-year Y-1 population)", () => {
    // DfE publishes whole numbers: 2025 45, 2024 44, 2023 47, 2022 52, 2021 47
    expect(Math.round(ratePer10k(284, 63073))).toBe(45);
    expect(Math.round(ratePer10k(277, 63462))).toBe(44);
    expect(Math.round(ratePer10k(301, 64542))).toBe(47);
    expect(Math.round(ratePer10k(332, 64373))).toBe(52);
    expect(Math.round(ratePer10k(305, 64243))).toBe(47);
  });

  it('pairs 31 March Y with mid-year Y - lag', () => {
    const history = { area: { code: '', name: 'x' }, years: [{ year: 2025, cla: 284, starts: null, ceased: null, uasc: null }] };
    const population = new Map([
      [2024, { midYear: 2024, population0to17: 63073, kind: 'estimate' as const }],
      [2025, { midYear: 2025, population0to17: 50000, kind: 'estimate' as const }],
    ]);
    expect(observedRates(history, population, 1)[0]!.ratePer10k).toBeCloseTo(45.0272, 4);
    expect(observedRates(history, population, 0)[0]!.ratePer10k).toBeCloseTo(56.8, 4);
  });
});

describe('averageRate (avg3)', () => {
  it('averages the last three Tower Hamlets rates', () => {
    // (301/64,542 + 277/63,462 + 284/63,073) x 10,000 / 3 = (46.6363 + 43.6482 + 45.0272) / 3
    const rates = [
      { year: 2022, ratePer10k: 51.5744 },
      { year: 2023, ratePer10k: ratePer10k(301, 64542) },
      { year: 2024, ratePer10k: ratePer10k(277, 63462) },
      { year: 2025, ratePer10k: ratePer10k(284, 63073) },
    ];
    const result = averageRate(rates, 3);
    expect(result.ratePer10k).toBeCloseTo(45.1039, 4);
    expect(result.years).toEqual([2023, 2024, 2025]);
  });

  it('a constant rate averages to itself', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 12 }),
        (rate, n, window) => {
          const rates = Array.from({ length: n }, (_, i) => ({ year: 2000 + i, ratePer10k: rate }));
          expect(averageRate(rates, window).ratePer10k).toBeCloseTo(rate, 9);
        },
      ),
    );
  });

  it('needs at least one rate', () => {
    expect(() => averageRate([], 3)).toThrow('averageRate requires at least one year of history');
  });
});

describe('trend', () => {
  it('an exact line is reproduced, and continued with damping 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 200, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        (level, slope, horizon) => {
          const rates = [2021, 2022, 2023, 2024, 2025].map((year) => ({ year, ratePer10k: level + slope * (year - 2025) }));
          const fit = fitTrend(rates, 5, 2025);
          expect(fit.slope).toBeCloseTo(slope, 8);
          expect(fit.fittedAtBase).toBeCloseTo(level, 8);
          expect(dampedTrendRate(fit, 1, horizon)).toBeCloseTo(Math.max(0, level + slope * horizon), 8);
        },
      ),
    );
  });

  it('damps the slope geometrically: fit + slope x (phi + phi^2)', () => {
    const fit = { slope: -2, fittedAtBase: 40, baseYear: 2025, years: [] };
    // 40 - 2 x (0.8 + 0.64) = 37.12
    expect(dampedTrendRate(fit, 0.8, 2)).toBeCloseTo(37.12, 10);
  });

  it('levels off at fit + slope x phi/(1 - phi), the limit of the damped sum; a straight line never levels off', () => {
    const fit = { slope: -2, fittedAtBase: 40, baseYear: 2025, years: [] };
    // 40 - 2 x 0.8/0.2 = 32; 200 years ahead the damped rate is there
    expect(dampedTrendLimit(fit, 0.8)).toBeCloseTo(32, 10);
    expect(dampedTrendRate(fit, 0.8, 200)).toBeCloseTo(32, 8);
    expect(dampedTrendLimit({ slope: -20, fittedAtBase: 40 }, 0.8)).toBe(0);
    expect(dampedTrendLimit(fit, 1)).toBeUndefined();
  });

  it('never goes below zero', () => {
    expect(dampedTrendRate({ slope: -10, fittedAtBase: 5, baseYear: 2025, years: [] }, 1, 3)).toBe(0);
  });

  it('fits the last five Tower Hamlets rates', () => {
    // Least squares by hand over 2021-2025 (x centred on 2023):
    // rates 47.4760, 51.5744, 46.6363, 43.6482, 45.0272; slope = sum((x-2023)(r-mean))/10 = -1.2824
    const rates = [
      [2021, 305, 64243],
      [2022, 332, 64373],
      [2023, 301, 64542],
      [2024, 277, 63462],
      [2025, 284, 63073],
    ].map(([year, cla, pop]) => ({ year: year!, ratePer10k: ratePer10k(cla!, pop!) }));
    const fit = fitTrend(rates, 5, 2025);
    expect(fit.slope).toBeCloseTo(-1.2824, 4);
    expect(fit.fittedAtBase).toBeCloseTo(44.3076, 4);
  });

  it('needs three rates', () => {
    expect(() =>
      fitTrend(
        [
          { year: 2024, ratePer10k: 1 },
          { year: 2025, ratePer10k: 2 },
        ],
        5,
        2025,
      ),
    ).toThrow(/at least 3/);
  });
});

describe('naive', () => {
  it('carries the last observed count, skipping missing years', () => {
    expect(
      lastObservedCount([
        { year: 2024, cla: 277 },
        { year: 2025, cla: null },
      ]),
    ).toEqual({ year: 2024, cla: 277 });
    expect(
      lastObservedCount(
        [
          { year: 2024, cla: 277 },
          { year: 2025, cla: 284 },
        ],
        2024,
      ),
    ).toEqual({ year: 2024, cla: 277 });
  });
});

describe('random walk intervals', () => {
  it('sigma is the root mean square of year-on-year changes', () => {
    // 10 -> 13 -> 11: changes +3, -2; sqrt((9 + 4) / 2) = 2.5495
    const spread = randomWalkSpread([
      { year: 1, value: 10 },
      { year: 2, value: 13 },
      { year: 3, value: 11 },
    ])!;
    expect(spread.sigma).toBeCloseTo(2.5495, 4);
    expect(spread.changes).toBe(2);
  });

  it('does not count a jump across a missing year as one change', () => {
    const spread = randomWalkSpread([
      { year: 1, value: 10 },
      { year: 2, value: 13 },
      { year: 4, value: 100 },
      { year: 5, value: 101 },
    ])!;
    // changes +3 and +1 only: sqrt(5)
    expect(spread.sigma).toBeCloseTo(Math.sqrt(5), 10);
  });

  it('widens with the square root of the horizon and uses t quantiles', () => {
    const spread = { sigma: 2, changes: 4 };
    const one = randomWalkInterval(100, spread, 1);
    const four = randomWalkInterval(100, spread, 4);
    // t(0.9, 4 df) = 1.5332 -> 100 +/- 3.066; t(0.975, 4) = 2.7764 -> +/- 5.553
    expect(one.upper80).toBeCloseTo(103.0664, 3);
    expect(one.lower95).toBeCloseTo(94.447, 3);
    expect(four.upper80 - 100).toBeCloseTo(2 * (one.upper80 - 100), 10);
  });

  it('contains the point, nests 80% inside 95%, and stays at or above 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 1, max: 15 }),
        (point, sigma, changes, horizon) => {
          const i = randomWalkInterval(point, { sigma, changes }, horizon);
          expect(i.lower95).toBeGreaterThanOrEqual(0);
          expect(i.lower95).toBeLessThanOrEqual(i.lower80);
          expect(i.lower80).toBeLessThanOrEqual(point);
          expect(point).toBeLessThanOrEqual(i.upper80);
          expect(i.upper80).toBeLessThanOrEqual(i.upper95);
        },
      ),
    );
  });

  it('Tower Hamlets counts 2010-2025 give the naive sigma', () => {
    const counts = [351, 327, 293, 303, 323, 274, 304, 333, 286, 329, 307, 305, 332, 301, 277, 284];
    const spread = randomWalkSpread(counts.map((value, i) => ({ year: 2010 + i, value })))!;
    // changes -24, -34, 10, 20, -49, 30, 29, -47, 43, -22, -2, 27, -31, -24, 7: sum of squares 13,235 / 15
    expect(spread.sigma).toBeCloseTo(Math.sqrt(13235 / 15), 8);
    expect(spread.sigma).toBeCloseTo(29.704, 3);
    expect(studentTQuantile(0.9, 15)).toBeCloseTo(1.3406, 4);
  });
});

describe('alignPopulation', () => {
  const estimates = new Map([
    [2023, 63462],
    [2024, 63073],
  ]);
  const projection = new Map([
    [2023, 66150.237],
    [2024, 67552.684],
    [2025, 67899.692],
  ]);

  it('rebases a projection by estimate / projection at the latest common year', () => {
    const aligned = alignPopulation(estimates, projection, 'ratio');
    // 63,073 / 67,552.684 = 0.933686; mid-2025: 67,899.692 x 0.933686 = 63,396.997
    expect(aligned.rebasing!.midYear).toBe(2024);
    expect(aligned.rebasing!.factor).toBeCloseTo(0.933686, 6);
    expect(aligned.series.get(2025)).toEqual({ midYear: 2025, population0to17: expect.closeTo(63396.997, 2), kind: 'projection' });
    expect(aligned.series.get(2024)).toEqual({ midYear: 2024, population0to17: 63073, kind: 'estimate' });
  });

  it('with none keeps the projection as published, estimates still winning where they exist', () => {
    const aligned = alignPopulation(estimates, projection, 'none');
    expect(aligned.rebasing!.factor).toBe(1);
    expect(aligned.series.get(2025)!.population0to17).toBe(67899.692);
    expect(aligned.series.get(2023)!.population0to17).toBe(63462);
  });

  it('leaves a projection with no common year unscaled and says so', () => {
    const aligned = alignPopulation(new Map([[2020, 1]]), new Map([[2030, 5]]), 'ratio');
    expect(aligned.rebasing).toEqual({ method: 'ratio', factor: 1 });
  });
});
