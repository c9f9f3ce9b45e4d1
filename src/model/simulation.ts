import { quantileSorted } from 'simple-statistics';
import { InsufficientDataError } from '../errors.js';
import type { Interval } from './types.js';

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

/** Median and 80% / 95% intervals of simulated paths (the central value when there are none). */
export function pathQuantiles(paths: Float64Array, central: number): { median: number; interval: Interval } {
  const sorted = Array.from(paths).sort((a, b) => a - b);
  const q = (x: number) => (sorted.length > 0 ? quantileSorted(sorted, x) : central);
  return { median: q(0.5), interval: { lower80: q(0.1), upper80: q(0.9), lower95: q(0.025), upper95: q(0.975) } };
}
