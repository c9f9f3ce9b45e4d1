import { studentTQuantile } from './distributions.js';
import type { Interval } from '../types.js';

/** Spread of a random walk estimated from history. */
export interface RandomWalkSpread {
  /** Root mean square of year-on-year changes, in the series' own units. */
  sigma: number;
  /** How many year-on-year changes it was estimated from. */
  changes: number;
}

/**
 * Spread of a random walk: sigma = sqrt(mean of squared changes between consecutive years).
 * Those changes are the one-year-ahead errors of "next year = this year", so sigma is the
 * standard error of a one-year forecast under a random walk without drift. Pairs across a missing
 * year are skipped rather than treated as one change.
 * @returns undefined when fewer than 2 changes are available
 */
export function randomWalkSpread(series: readonly { year: number; value: number }[]): RandomWalkSpread | undefined {
  const sorted = [...series].sort((a, b) => a.year - b.year);
  let sumSquares = 0;
  let changes = 0;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.year !== sorted[i - 1]!.year + 1) continue;
    const change = sorted[i]!.value - sorted[i - 1]!.value;
    sumSquares += change * change;
    changes++;
  }
  if (changes < 2) return undefined;
  return { sigma: Math.sqrt(sumSquares / changes), changes };
}

/**
 * 80% and 95% intervals h years ahead of a random walk: point +/- t(q, changes) x sigma x sqrt(h),
 * with Student's t on as many degrees of freedom as changes went into sigma (a few years of history
 * make the interval wider than the normal one would), floored at 0, then multiplied by `scale`
 * (population / 10,000 to turn a rate interval into children).
 */
export function randomWalkInterval(point: number, spread: RandomWalkSpread, horizon: number, scale = 1): Interval {
  const width = (level: number) => studentTQuantile(1 - (1 - level) / 2, spread.changes) * spread.sigma * Math.sqrt(horizon);
  const w80 = width(0.8);
  const w95 = width(0.95);
  return {
    lower80: Math.max(0, point - w80) * scale,
    upper80: (point + w80) * scale,
    lower95: Math.max(0, point - w95) * scale,
    upper95: (point + w95) * scale,
  };
}

/** z for the 80% and 95% chance ranges (normal quantiles 0.90 and 0.975). */
const CHANCE_Z80 = 1.2816;
const CHANCE_Z95 = 1.96;

/**
 * What chance alone moves a count of F children by in a year: F +/- z x sqrt(F) (Poisson, z = 1.28
 * for 80%, 1.96 for 95%), floored at 0; near zero at least up to the exact Poisson bound for a count
 * of 0, -ln(alpha / 2) (2.3 children at 80%, 3.7 at 95%), so that a council with none is not given
 * a range of 0-0.
 * @example chanceRange(25): 80% 18.6-31.4, 95% 15.2-34.8
 */
export function chanceRange(point: number): Interval {
  const root = Math.sqrt(Math.max(0, point));
  return {
    lower80: Math.max(0, point - CHANCE_Z80 * root),
    upper80: Math.max(point + CHANCE_Z80 * root, -Math.log(0.1)),
    lower95: Math.max(0, point - CHANCE_Z95 * root),
    upper95: Math.max(point + CHANCE_Z95 * root, -Math.log(0.025)),
  };
}

/** The wider of two ranges, bound by bound. */
export function widest(a: Interval, b: Interval): Interval {
  return {
    lower80: Math.min(a.lower80, b.lower80),
    upper80: Math.max(a.upper80, b.upper80),
    lower95: Math.min(a.lower95, b.lower95),
    upper95: Math.max(a.upper95, b.upper95),
  };
}

/**
 * Ranges that never narrow further ahead, relative to their point: each year's lower / point is at
 * most, and upper / point at least, what it was in every earlier year (years in order, one a
 * year). Uncertainty does not shrink with time; a range that did (sampling noise in simulated
 * paths, a horizon measured from other origins, a chance floor on a falling point) is widened.
 * A year whose point is 0 keeps its own range and sets no ratio.
 */
export function neverNarrower<T extends Interval & { cla: number }>(years: readonly T[]): T[] {
  let low80 = Infinity;
  let low95 = Infinity;
  let high80 = 0;
  let high95 = 0;
  return years.map((y) => {
    if (!(y.cla > 0)) return y;
    low80 = Math.min(low80, y.lower80 / y.cla);
    low95 = Math.min(low95, y.lower95 / y.cla);
    high80 = Math.max(high80, y.upper80 / y.cla);
    high95 = Math.max(high95, y.upper95 / y.cla);
    const lower = (bound: number, ratio: number) => (bound / y.cla > ratio ? ratio * y.cla : bound);
    const upper = (bound: number, ratio: number) => (bound / y.cla < ratio ? ratio * y.cla : bound);
    return {
      ...y,
      lower80: lower(y.lower80, low80),
      lower95: lower(y.lower95, low95),
      upper80: upper(y.upper80, high80),
      upper95: upper(y.upper95, high95),
    };
  });
}
