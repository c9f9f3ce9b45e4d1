import { describe, expect, it } from 'vitest';
import { extendPopulation } from '../../../src/model/population/extend.js';
import { alignPopulation } from '../../../src/model/population/rebase.js';

describe('extendPopulation (--population-extend)', () => {
  const estimates = new Map([2020, 2021, 2022, 2023, 2024].map((y, i) => [y, 1000 * 1.02 ** i]));

  it('flat holds the last mid-year', () => {
    const extended = extendPopulation(alignPopulation(estimates, undefined, 'none'), 2027, 'flat');
    expect([2025, 2026, 2027].map((y) => extended.series.get(y)!.population0to17)).toEqual([
      1000 * 1.02 ** 4,
      1000 * 1.02 ** 4,
      1000 * 1.02 ** 4,
    ]);
    expect(extended.series.get(2025)!.kind).toBe('extended');
    expect(extended.extension).toMatchObject({ method: 'flat', fromMidYear: 2024, firstMidYear: 2025, lastMidYear: 2027, growth: 0 });
  });

  it('trend continues the log-linear trend of the last 5 estimates, damped: 2% a year adds 2%^(1/2), then 2%^(3/4), ...', () => {
    const extended = extendPopulation(alignPopulation(estimates, undefined, 'none'), 2034, 'trend');
    // an exact 2% a year series: ln slope = ln 1.02; phi 0.5: mid-2025 = 1000 x 1.02^4 x 1.02^0.5,
    // mid-2026 = ... x 1.02^0.75, levelling off at one year's change (x 1.02^(1 - 0.5^10) by mid-2034)
    expect(extended.extension!.growth).toBeCloseTo(Math.log(1.02), 12);
    expect(extended.series.get(2025)!.population0to17).toBeCloseTo(1000 * 1.02 ** 4.5, 8);
    expect(extended.series.get(2026)!.population0to17).toBeCloseTo(1000 * 1.02 ** 4.75, 8);
    expect(extended.series.get(2034)!.population0to17).toBeCloseTo(1000 * 1.02 ** (5 - 0.5 ** 10), 8);
    expect(extended.extension!.trendMidYears).toEqual([2020, 2021, 2022, 2023, 2024]);
  });

  it('starts after a projection, from its last year, and leaves the given years alone', () => {
    const withProjection = alignPopulation(
      estimates,
      new Map([
        [2024, 1100],
        [2025, 1111],
      ]),
      'ratio',
    );
    const extended = extendPopulation(withProjection, 2026, 'flat');
    expect(extended.series.get(2025)!.kind).toBe('projection');
    expect(extended.series.get(2026)!.population0to17).toBe(extended.series.get(2025)!.population0to17);
    expect(extended.extension!.fromMidYear).toBe(2025);
  });

  it('changes nothing when the population already reaches the year', () => {
    const aligned = alignPopulation(estimates, undefined, 'none');
    expect(extendPopulation(aligned, 2024, 'trend')).toBe(aligned);
  });
});
