import { InsufficientDataError } from '../../errors.js';
import { averageRate } from '../methods/avg3.js';
import { dampedTrendRate, fitTrend } from '../methods/trend.js';
import { countFromRate, type ObservedRate } from '../population/rates.js';
import { randomWalkInterval, randomWalkSpread } from '../stats/intervals.js';
import type { ProjectedYear } from '../types.js';
import type { IntervalBasis, MethodProjection, ProjectionOptions } from './types.js';

/** avg3 and trend: a rate per 10,000 projected and applied to the projected population. */

function rateSpread(rates: ObservedRate[], method: string): IntervalBasis {
  const spread = randomWalkSpread(rates.map((r) => ({ year: r.year, value: r.ratePer10k })));
  if (spread === undefined) {
    throw new InsufficientDataError(`${method} intervals require at least 3 consecutive years with a rate`);
  }
  return { ...spread, unit: 'rate' };
}

function projectFromRates(
  years: number[],
  baseYear: number,
  rateAt: (year: number) => number,
  spread: IntervalBasis,
  populationFor: (year: number) => number | null,
): ProjectedYear[] {
  return years.map((year) => {
    const population0to17 = populationFor(year)!;
    const rate = rateAt(year);
    return {
      year,
      population0to17,
      ratePer10k: rate,
      cla: countFromRate(rate, population0to17),
      ...randomWalkInterval(rate, spread, year - baseYear, population0to17 / 10_000),
    };
  });
}

export function projectAverage(
  rates: ObservedRate[],
  years: number[],
  populationFor: (year: number) => number | null,
  options: ProjectionOptions,
  warnings: string[],
): MethodProjection {
  const average = averageRate(rates, options.window);
  const interval = rateSpread(rates, 'avg3');
  if (average.years.length < options.window) {
    warnings.push(`avg3 averaged ${average.years.length} years (${average.years.join(', ')}), fewer than --window ${options.window}`);
  }
  const baseYear = years[0]! - 1;
  return {
    method: 'avg3',
    years: projectFromRates(years, baseYear, () => average.ratePer10k, interval, populationFor),
    assumptions: { method: 'avg3', ratePer10k: average.ratePer10k, years: average.years },
    interval,
  };
}

export function projectTrend(
  rates: ObservedRate[],
  years: number[],
  populationFor: (year: number) => number | null,
  baseYear: number,
  options: ProjectionOptions,
): MethodProjection {
  const fit = fitTrend(rates, options.trendYears, baseYear);
  const interval = rateSpread(rates, 'trend');
  return {
    method: 'trend',
    years: projectFromRates(years, baseYear, (year) => dampedTrendRate(fit, options.damping, year - baseYear), interval, populationFor),
    assumptions: { method: 'trend', fit, damping: options.damping },
    interval,
  };
}
