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
