import { quantileSorted } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import { gamma, normal, type Random } from './random.js';
import type { Interval } from '../types.js';

/** The years after the base to `toYear`, each with its band populations (mid-year Y - lag). */
export function projectionYears(
  baseYear: number,
  toYear: number,
  bandPopulation: (midYear: number) => number[] | null,
  populationLag: number,
): { years: number[]; populations: number[][] } {
  const years: number[] = [];
  for (let y = baseYear + 1; y <= toYear; y++) years.push(y);
  const populations = years.map((y) => {
    const pop = bandPopulation(y - populationLag);
    if (pop === null) throw new InsufficientDataError(`flow has no band population for mid-${y - populationLag}`);
    return pop;
  });
  return { years, populations };
}

/**
 * The fewest simulated paths that can estimate a 95% range: with fewer than 1 / 0.025 = 40, the
 * 2.5% and 97.5% quantiles of the paths are just their smallest and largest (with one path, the
 * point itself), so the range would look narrower, and more certain, than it is.
 */
export const MIN_SIMULATIONS = 40;

/** Median and 80% / 95% intervals of simulated paths (the central value when there are none). */
export function pathQuantiles(paths: Float64Array, central: number): { median: number; interval: Interval } {
  const sorted = Array.from(paths).sort((a, b) => a - b);
  const q = (x: number) => (sorted.length > 0 ? quantileSorted(sorted, x) : central);
  return { median: q(0.5), interval: { lower80: q(0.1), upper80: q(0.9), lower95: q(0.025), upper95: q(0.975) } };
}

/** How yearly entries and exits vary along simulated paths (both flow models measure these). */
export interface YearlyVariability {
  /** Over-dispersion of yearly entries and exits: each year's shock is gamma with mean 1, variance alpha. */
  dispersion: number;
  exitDispersion: number;
  /** Yearly sd of lasting changes in the entry and exit levels (random walks on the log scale). */
  entryDrift: number;
  exitDrift: number;
}

/**
 * One simulated path's multipliers of expected entries and exits, year by year: a gamma shock a
 * year on levels that wander as random walks. `startVariance` draws the path's own starting levels
 * (the uncertainty of the estimated rates); with none, both start at 1 and nothing is drawn.
 */
export function variabilityPath(
  random: Random,
  v: YearlyVariability,
  startVariance: { entries: number; exits: number } = { entries: 0, exits: 0 },
): () => { entries: number; exits: number } {
  const shock = (alpha: number) => (alpha > 0 ? gamma(random, 1 / alpha, alpha) : 1);
  let entryLevel = Math.log(shock(startVariance.entries));
  let exitLevel = Math.log(shock(startVariance.exits));
  return () => {
    entryLevel += v.entryDrift * normal(random);
    exitLevel += v.exitDrift * normal(random);
    return { entries: shock(v.dispersion) * Math.exp(entryLevel), exits: shock(v.exitDispersion) * Math.exp(exitLevel) };
  };
}
