import { linearRegression } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import type { PopulationSeries } from '../types.js';
import type { AlignedPopulation, Extension, ExtendMethod } from './rebase.js';

/**
 * Continuing a population past the last mid-year an estimate or projection covers, when the user
 * asks for it (`--population-extend`); never done silently.
 *
 * - `flat`: every later mid-year holds the last value.
 * - `trend`: the last value grows by the log-linear trend of the last five estimates, damped as the
 *   recommended projection damps its region's change:
 *   P(last + k) = P(last) x exp(b x (phi + phi^2 + ... + phi^k)), phi = 0.5,
 *   b the least-squares slope of ln(estimate) on mid-year. Half a year's trend the first year,
 *   three quarters by the second, levelling off at one year's change: five estimates of a council's
 *   children say little about the next decade (City of London's, 654 to 985 in its estimates, rose
 *   8.9% a year over the last five and would have reached 1,542 undamped ten years on; damped, 923).
 */
export const EXTEND_METHODS: readonly ExtendMethod[] = ['flat', 'trend'];

/** Estimates the trend is fitted through. */
const TREND_ESTIMATES = 5;
/** phi: the share of the trend's yearly change kept each further year. */
const TREND_DAMPING = 0.5;

/**
 * The aligned population with every mid-year after its last up to `toMidYear` filled in.
 * @throws InsufficientDataError `trend` with fewer than 3 estimates
 * @example extendPopulation(pop ending mid-2024 at 1,000, 2026, 'flat') -> mid-2025 and mid-2026 at 1,000
 * @example 'trend' with b = ln 1.02: mid-2025 = 1,000 x 1.02^0.5, mid-2026 = 1,000 x 1.02^0.75
 */
export function extendPopulation(population: AlignedPopulation, toMidYear: number, method: ExtendMethod): AlignedPopulation {
  const years = [...population.series.keys()].sort((a, b) => a - b);
  const last = years.at(-1);
  if (last === undefined || last >= toMidYear) return population;
  const fromValue = population.series.get(last)!.population0to17;
  const estimates = [...population.series.values()]
    .filter((p) => p.kind === 'estimate')
    .sort((a, b) => a.midYear - b.midYear)
    .slice(-TREND_ESTIMATES);
  let growth = 0;
  if (method === 'trend') {
    if (estimates.length < 3) {
      throw new InsufficientDataError(`--population-extend trend requires at least 3 estimates, found ${estimates.length}`);
    }
    growth = linearRegression(estimates.map((p) => [p.midYear, Math.log(p.population0to17)])).m;
  }
  const series: PopulationSeries = new Map(population.series);
  const phi = TREND_DAMPING;
  for (let midYear = last + 1; midYear <= toMidYear; midYear++) {
    const years = (phi * (1 - phi ** (midYear - last))) / (1 - phi);
    series.set(midYear, { midYear, population0to17: fromValue * Math.exp(growth * years), kind: 'extended' });
  }
  const extension: Extension = {
    method,
    fromMidYear: last,
    fromValue,
    firstMidYear: last + 1,
    lastMidYear: toMidYear,
    growth,
    damping: phi,
    trendMidYears: method === 'trend' ? estimates.map((p) => p.midYear) : [],
  };
  return { ...population, series, extension };
}
