import { mean } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import type { ObservedRate } from '../population/rates.js';

/**
 * Average rate: the mean of the last `window` observed rates per 10,000 children aged 0-17.
 * Applied to projected population it is the "three year average" line of the Tower Hamlets
 * 2015-18 strategy. It assumes the rate stays where it has recently been, forever; growth in
 * the count comes only from population.
 *
 * @param rates observed rates, any order (missing years already left out)
 * @param window how many of the most recent rates to average (3 by default in the CLI)
 * @returns the average and the years it used
 * @example averageRate([{year: 2023, ratePer10k: 46.6}, {year: 2024, ratePer10k: 43.6}, {year: 2025, ratePer10k: 45.0}], 3)
 *   // ratePer10k 45.07
 * @throws InsufficientDataError when there is no rate at all
 */
export function averageRate(
  rates: readonly Pick<ObservedRate, 'year' | 'ratePer10k'>[],
  window: number,
): { ratePer10k: number; years: number[] } {
  if (rates.length === 0) throw new InsufficientDataError('averageRate requires at least one year of history');
  if (!(window >= 1)) throw new RangeError('averageRate requires a window of at least 1 year');
  const recent = [...rates].sort((a, b) => a.year - b.year).slice(-window);
  return { ratePer10k: mean(recent.map((r) => r.ratePer10k)), years: recent.map((r) => r.year) };
}
