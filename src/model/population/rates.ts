import type { AreaHistory, PopulationSeries } from '../types.js';

/** Children per 10,000 children aged 0-17. */
export function ratePer10k(count: number, population0to17: number): number {
  if (!(population0to17 > 0)) throw new RangeError('ratePer10k requires a positive population');
  return (count / population0to17) * 10_000;
}

/** Children implied by a rate per 10,000 and a population aged 0-17. */
export function countFromRate(ratePer10k: number, population0to17: number): number {
  return (ratePer10k * population0to17) / 10_000;
}

export interface ObservedRate {
  year: number;
  cla: number;
  population0to17: number;
  ratePer10k: number;
}

/**
 * The rate per 10,000 for each year with a count and a population. DfE's convention: the rate for
 * 31 March Y divides by the 0-17 population of mid-year Y - `populationLag` (lag 1: mid-year Y-1,
 * the latest estimate published when the count is).
 * @example Tower Hamlets 2025: 284 / 63,073 (mid-2024) x 10,000 = 45.0 (DfE publishes 45)
 */
export function observedRates(
  history: AreaHistory,
  population: PopulationSeries,
  populationLag: number,
  upToYear = Infinity,
): ObservedRate[] {
  const rates: ObservedRate[] = [];
  for (const { year, cla } of history.years) {
    if (cla === null || year > upToYear) continue;
    const point = population.get(year - populationLag);
    if (point === undefined) continue;
    rates.push({
      year,
      cla,
      population0to17: point.population0to17,
      ratePer10k: ratePer10k(cla, point.population0to17),
    });
  }
  return rates;
}
