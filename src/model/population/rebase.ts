import type { PopulationSeries } from '../types.js';

export type RebaseMethod = 'ratio' | 'none';

/** How a population is continued past its last mid-year on request (`model/population/extend.ts`). */
export type ExtendMethod = 'flat' | 'trend';

export interface Extension {
  method: ExtendMethod;
  /** The last mid-year given (estimate or projection) and its value. */
  fromMidYear: number;
  fromValue: number;
  /** The mid-years filled in. */
  firstMidYear: number;
  lastMidYear: number;
  /** Yearly log growth (0 for flat) and the estimates it was fitted on. */
  growth: number;
  /** phi: the trend's change is damped to phi^k of it in the k-th year. */
  damping: number;
  trendMidYears: number[];
}

/** How a projection was aligned to the estimates. */
export interface Rebasing {
  method: RebaseMethod;
  /** Latest mid-year with both an estimate and a projection; undefined when they do not overlap. */
  midYear?: number;
  estimate?: number;
  projected?: number;
  /** estimate / projected at `midYear`; 1 when not rebased. */
  factor: number;
}

export interface AlignedPopulation {
  series: PopulationSeries;
  /** Share of children 0-17 in each DfE age band by mid-year, from single-year-of-age files. */
  bandShares?: Map<number, number[]>;
  /** Present when a projection was supplied. */
  rebasing?: Rebasing;
  lastEstimateYear?: number;
  /** Mid-years continued past the last one given, on request (`--population-extend`). */
  extension?: Extension;
}

/**
 * Join ONS mid-year estimates and a population projection into one series of children aged 0-17.
 *
 * Estimates win wherever they exist. A projection is made from an older base and drifts from the
 * estimates that follow it (the ONS 2022-based projection put Tower Hamlets at 66,150 children in
 * mid-2023; the estimate was 63,462), so with `ratio` every projected year is multiplied by
 * estimate / projection at the latest mid-year both have, which keeps the projection's growth
 * path but starts it from the latest estimate. With `none` the projection is used as published.
 *
 * @param estimates children aged 0-17 by mid-year (ONS estimates)
 * @param projection children aged 0-17 by mid-year (ONS or GLA projection), if any
 * @example alignPopulation(new Map([[2024, 100]]), new Map([[2024, 110], [2025, 121]]), 'ratio')
 *   // 2025 -> 110 (121 x 100/110)
 */
export function alignPopulation(
  estimates: ReadonlyMap<number, number>,
  projection: ReadonlyMap<number, number> | undefined,
  method: RebaseMethod,
): AlignedPopulation {
  const series: PopulationSeries = new Map();
  for (const [midYear, population0to17] of estimates) {
    series.set(midYear, { midYear, population0to17, kind: 'estimate' });
  }
  const estimateYears = [...estimates.keys()];
  const lastEstimateYear = estimateYears.length > 0 ? Math.max(...estimateYears) : undefined;
  if (projection === undefined || projection.size === 0) return { series, lastEstimateYear };

  const overlap = [...projection.keys()].filter((y) => estimates.has(y));
  let rebasing: Rebasing = { method, factor: 1 };
  if (overlap.length > 0) {
    const midYear = Math.max(...overlap);
    const estimate = estimates.get(midYear)!;
    const projected = projection.get(midYear)!;
    rebasing = { method, midYear, estimate, projected, factor: method === 'ratio' ? estimate / projected : 1 };
  }
  for (const [midYear, projected] of projection) {
    if (series.has(midYear)) continue;
    series.set(midYear, { midYear, population0to17: projected * rebasing.factor, kind: 'projection' });
  }
  return { series, rebasing, lastEstimateYear };
}

/**
 * Shares of children 0-17 in each DfE age band (under 1, 1-4, 5-9, 10-15, 16-17) by mid-year, from
 * single years of age 0..17.
 */
export function bandSharesFromAges(byAge: ReadonlyMap<number, readonly number[]>): Map<number, number[]> {
  const bounds = [
    [0, 0],
    [1, 4],
    [5, 9],
    [10, 15],
    [16, 17],
  ];
  const shares = new Map<number, number[]>();
  for (const [midYear, ages] of byAge) {
    const total = ages.reduce((s, v) => s + v, 0);
    if (!(total > 0)) continue;
    shares.set(
      midYear,
      bounds.map(([from, to]) => ages.slice(from, to! + 1).reduce((s, v) => s + v, 0) / total),
    );
  }
  return shares;
}

/**
 * Band populations for a mid-year: the 0-17 total times the band shares of that mid-year, or of the
 * nearest mid-year with single years of age (estimates give totals only, so earlier years borrow
 * the age structure of the projection's first year). Null when the total is unknown or there are
 * no shares at all.
 */
export function bandPopulation(population: AlignedPopulation, midYear: number): number[] | null {
  const total = population.series.get(midYear)?.population0to17;
  if (total === undefined || !population.bandShares || population.bandShares.size === 0) return null;
  let nearest: number | undefined;
  for (const year of population.bandShares.keys()) {
    if (nearest === undefined || Math.abs(year - midYear) < Math.abs(nearest - midYear)) nearest = year;
  }
  return population.bandShares.get(nearest!)!.map((share) => share * total);
}
