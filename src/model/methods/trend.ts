import { linearRegression } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import type { ObservedRate } from '../population/rates.js';

export interface TrendFit {
  /** Change in the rate per 10,000 per year. */
  slope: number;
  /** Fitted rate at the base year (the line's value there, not the observed rate). */
  fittedAtBase: number;
  baseYear: number;
  years: number[];
}

/**
 * Least-squares line through the last `trendYears` observed rates, evaluated at `baseYear`.
 * @throws InsufficientDataError with fewer than 3 rates (2 points always fit exactly)
 */
export function fitTrend(rates: readonly Pick<ObservedRate, 'year' | 'ratePer10k'>[], trendYears: number, baseYear: number): TrendFit {
  const recent = [...rates].sort((a, b) => a.year - b.year).slice(-trendYears);
  if (recent.length < 3) {
    throw new InsufficientDataError(`trend requires at least 3 years with a rate, found ${recent.length}`);
  }
  const { m, b } = linearRegression(recent.map((r) => [r.year, r.ratePer10k]));
  return { slope: m, fittedAtBase: m * baseYear + b, baseYear, years: recent.map((r) => r.year) };
}

/**
 * Damped trend: rate(T + h) = fit(T) + slope x (phi + phi^2 + ... + phi^h), floored at 0.
 * With phi = 1 this is the straight line of the 2015 strategy's "trend rate"; with phi < 1 the
 * yearly change shrinks geometrically and the rate levels off at fit(T) + slope x phi/(1 - phi),
 * which stops a short run of falling (or rising) years being extrapolated for a decade.
 */
export function dampedTrendRate(fit: TrendFit, damping: number, horizon: number): number {
  if (!(damping > 0 && damping <= 1)) throw new RangeError('dampedTrendRate requires 0 < damping <= 1');
  return Math.max(0, fit.fittedAtBase + fit.slope * dampingSum(damping, horizon));
}

/**
 * The rate a damped trend levels off at: fit(T) + slope x phi/(1 - phi), floored at 0 (the limit
 * of `dampedTrendRate` as the horizon grows). Undefined for phi = 1: a straight line never levels off.
 * @example dampedTrendLimit({ fittedAtBase: 50, slope: 2, ... }, 0.8) = 50 + 2 x 4 = 58
 */
export function dampedTrendLimit(fit: Pick<TrendFit, 'fittedAtBase' | 'slope'>, damping: number): number | undefined {
  return damping < 1 ? Math.max(0, fit.fittedAtBase + (fit.slope * damping) / (1 - damping)) : undefined;
}

/** phi + phi^2 + ... + phi^h, shown in --explain. */
export function dampingSum(damping: number, horizon: number): number {
  let sum = 0;
  for (let j = 1; j <= horizon; j++) sum += damping ** j;
  return sum;
}
