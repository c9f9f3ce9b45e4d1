import { InputError, InsufficientDataError } from '../../errors.js';
import type { CareHistory } from '../episodes/periods.js';
import type { AlignedPopulation } from '../population/rebase.js';
import { projectArea } from '../projection/project.js';
import type { ProjectionOptions } from '../projection/types.js';
import type { AreaHistory, Interval, MethodName } from '../types.js';

/** One forecast made at `origin` for `year`, with what happened. */
export interface Forecast extends Interval {
  method: MethodName;
  /** Last year of history the forecast could see. */
  origin: number;
  year: number;
  horizon: number;
  forecast: number;
  /** The count later observed; null when suppressed or not yet published. */
  actual: number | null;
  /**
   * Mean absolute year-on-year change of the counts up to the origin: the in-sample error of a
   * one-year naive forecast, which scales errors for MASE. Null with fewer than two counts.
   */
  scale: number | null;
  /** The count at the origin (the council's size then); null when the forecast had none. */
  atOrigin: number | null;
}

export interface RollingOptions {
  /** Origins to try; default every year from the first that the methods can be fitted at. */
  origins?: readonly number[];
  /** Years ahead forecast from each origin. */
  horizon: number;
  projection: ProjectionOptions;
  /**
   * `estimates` (default): future population as later estimated, so only the CLA method is tested;
   * `origin`: only what was known at the origin, held flat.
   */
  populationAsOf?: 'estimates' | 'origin';
  /**
   * A council's SSDA903 returns: flow is then fitted on the periods of care as known at each origin
   * (only the returns up to it), and origins lie within the returns.
   */
  returns?: { care: CareHistory; careAt: (origin: number) => CareHistory };
}

export interface RollingResult {
  forecasts: Forecast[];
  /** Origins where a method could not be fitted (too little history), with why. */
  skipped: { origin: number; reason: string }[];
  origins: number[];
}

/**
 * History as it stood at the end of `origin`: every later year removed, so nothing fitted at that
 * origin can see the years it forecasts.
 */
export function historyUpTo(history: AreaHistory, origin: number): AreaHistory {
  const truncated: AreaHistory = { area: history.area, years: history.years.filter((y) => y.year <= origin) };
  if (history.byAge) truncated.byAge = history.byAge.filter((y) => y.year <= origin);
  return truncated;
}

/**
 * Rolling-origin backtest: for each origin T, fit every method on the history up to T only and
 * forecast T+1..T+horizon, then line each forecast up with the count later observed.
 * The population is the one given (estimates as later published, by default): a backtest of the
 * CLA methods, not of population forecasting.
 */
export function rollingForecasts(history: AreaHistory, population: AlignedPopulation, options: RollingOptions): RollingResult {
  const observed = new Map(history.years.map((y) => [y.year, y.cla]));
  const years = history.years.map((y) => y.year);
  const lastYear = Math.max(...years);
  const returns = options.returns;
  const candidates =
    options.origins ??
    years.filter((y) => y < lastYear && (returns === undefined || (y >= returns.care.firstYear && y <= returns.care.lastYear)));
  const forecasts: Forecast[] = [];
  const skipped: RollingResult['skipped'] = [];
  const used: number[] = [];
  for (const origin of candidates) {
    if (observed.get(origin) === undefined || observed.get(origin) === null) {
      skipped.push({ origin, reason: `no count for ${origin}` });
      continue;
    }
    const toYear = Math.min(origin + options.horizon, lastYear);
    if (toYear <= origin) continue;
    let projection: ReturnType<typeof projectArea>;
    try {
      const known =
        options.populationAsOf === 'origin' ? populationKnownAt(population, origin - options.projection.populationLag) : population;
      const flow =
        returns && options.projection.flow ? { ...options.projection.flow, care: returns.careAt(origin) } : options.projection.flow;
      projection = projectArea(historyUpTo(history, origin), known, {
        optional: ['flow'],
        ...options.projection,
        flow,
        baseYear: origin,
        toYear,
      });
    } catch (err) {
      if (err instanceof InsufficientDataError || (err instanceof InputError && err.code === 'no-population')) {
        skipped.push({ origin, reason: err.message });
        continue;
      }
      throw err;
    }
    used.push(origin);
    const scale = naiveScale(history, origin);
    for (const method of projection.methods) {
      for (const row of method.years) {
        forecasts.push({
          method: method.method,
          origin,
          year: row.year,
          horizon: row.year - origin,
          forecast: row.cla,
          actual: observed.get(row.year) ?? null,
          scale,
          atOrigin: observed.get(origin) ?? null,
          lower80: row.lower80,
          upper80: row.upper80,
          lower95: row.lower95,
          upper95: row.upper95,
        });
      }
    }
  }
  return { forecasts, skipped, origins: used };
}

/** Mean absolute change between consecutive years with counts, up to `origin` (MASE's scale). */
export function naiveScale(history: AreaHistory, origin: number): number | null {
  let sum = 0;
  let n = 0;
  const years = history.years.filter((y) => y.year <= origin);
  for (let i = 1; i < years.length; i++) {
    const a = years[i - 1]!;
    const b = years[i]!;
    if (a.cla === null || b.cla === null || b.year !== a.year + 1) continue;
    sum += Math.abs(b.cla - a.cla);
    n++;
  }
  return n > 0 && sum > 0 ? sum / n : null;
}

/**
 * The population as it was known at an origin: mid-years up to `lastMidYear` as given, later
 * mid-years held at the last known value (a forecaster at 31 March T has estimates to mid-(T-1) at
 * best, and no projection made after it). Used for `--population-as-of origin`.
 */
function populationKnownAt(population: AlignedPopulation, lastMidYear: number): AlignedPopulation {
  const known = [...population.series.values()].filter((p) => p.midYear <= lastMidYear);
  if (known.length === 0) return { series: new Map() };
  const last = known.reduce((a, b) => (b.midYear > a.midYear ? b : a));
  const series = new Map(known.map((p) => [p.midYear, p]));
  const furthest = Math.max(...population.series.keys(), lastMidYear + 20);
  for (let midYear = last.midYear + 1; midYear <= furthest; midYear++) {
    series.set(midYear, { midYear, population0to17: last.population0to17, kind: 'projection' });
  }
  return { series };
}
