import { mean } from 'simple-statistics';
import { InputError, InsufficientDataError } from '../../errors.js';
import type { CareHistory, Period } from '../episodes/periods.js';
import { CODE_CATEGORIES, type CodeCategory } from '../episodes/placementTypes.js';
import { countByYear } from '../episodes/yearCounts.js';
import { estimatePlacementTransitions } from '../methods/placementTransitions.js';
import { projectPlacementTransitions } from '../methods/placementTransitionsSimulation.js';
import { bandPopulation, type AlignedPopulation } from '../population/rebase.js';
import { projectArea } from '../projection/project.js';
import type { ProjectionOptions } from '../projection/types.js';
import type { AreaHistory, Interval } from '../types.js';
import { historyUpTo } from './backtest.js';

/**
 * A placement backtest on a council's own SSDA903 returns: at each origin T within the years the
 * returns cover, knowing only the returns up to T (`careAt(T)`) and the history up to T, project
 * the children in each placement type on 31 March T+1..T+horizon (never past the last return) and
 * set the projection against the stock by type the full returns count then. Three ways are scored:
 *
 * - `transitions`: the placement transitions (sufficiency --episodes), with their 80% ranges;
 * - `fixed mix x recommended total`: each type's mean share of the stock on the last `window` 31
 *   Marches up to T (the known returns' count) times the recommended projection's total and range
 *   (sufficiency without returns);
 * - `fixed mix x transitions total`: the same shares times the transitions' own total and range,
 *   which separates the split between types from the total.
 *
 * An origin needs a year of moves before it (T - 1 no earlier than the first return), the flow
 * with durations fitted at T, and a later return to check against; others are skipped with why.
 */

export const PLACEMENT_BACKTEST_METHODS = ['transitions', 'fixed mix x recommended total', 'fixed mix x transitions total'] as const;
export type PlacementBacktestMethod = (typeof PLACEMENT_BACKTEST_METHODS)[number];

/** The types scored: every type of the code map but `unknown` (a code the map does not know). */
export const BACKTEST_TYPES: readonly CodeCategory[] = CODE_CATEGORIES.filter((c) => c !== 'unknown');

export interface PlacementForecast {
  method: PlacementBacktestMethod;
  origin: number;
  year: number;
  horizon: number;
  placementType: CodeCategory;
  forecast: number;
  actual: number;
  lower80: number;
  upper80: number;
}

export interface PlacementBacktestOptions {
  /** Origins to try (the main backtest's): each is kept only where the returns allow (above). */
  origins: readonly number[];
  horizon: number;
  /** Years (31 March) the returns cover. */
  firstYear: number;
  lastYear: number;
  careAt: (origin: number) => CareHistory;
  /** The stock by type the full returns count on each 31 March. */
  stock: ReadonlyMap<number, Readonly<Record<CodeCategory, number>>>;
  /** Options of the flow with durations fitted at each origin (the backtest's parameters); its simulations and seed make the ranges. */
  projection: Omit<ProjectionOptions, 'methods' | 'baseYear' | 'toYear'> & { flow: NonNullable<ProjectionOptions['flow']> };
  /** The recommended projection's forecast made at `origin` for `year`, where the main backtest has one. */
  recommended?: (origin: number, year: number) => ({ cla: number } & Interval) | undefined;
}

export interface PlacementBacktestResult {
  forecasts: PlacementForecast[];
  origins: number[];
  skipped: { origin: number; reason: string }[];
}

/**
 * Each type's mean share of the stock over the last `window` years up to `origin` that have any
 * children, from the counts the returns known at the origin give.
 * @throws InsufficientDataError when no such year has children
 */
export function fixedMixShares(
  stock: ReadonlyMap<number, Readonly<Record<CodeCategory, number>>>,
  origin: number,
  window: number,
): Record<CodeCategory, number> {
  const total = (s: Readonly<Record<CodeCategory, number>>) => CODE_CATEGORIES.reduce((sum, c) => sum + s[c], 0);
  const years = [...stock.keys()]
    .filter((y) => y <= origin && total(stock.get(y)!) > 0)
    .sort((a, b) => a - b)
    .slice(-window);
  if (years.length === 0) throw new InsufficientDataError(`a fixed mix needs children in care on a 31 March up to ${origin}`);
  return Object.fromEntries(CODE_CATEGORIES.map((c) => [c, mean(years.map((y) => stock.get(y)![c] / total(stock.get(y)!)))])) as Record<
    CodeCategory,
    number
  >;
}

/**
 * The placement backtest's forecasts, as the opening comment says.
 * @example placementBacktest(history, population, { origins: [2020, 2021], horizon: 3, ... })
 */
export function placementBacktest(
  history: AreaHistory,
  population: AlignedPopulation,
  options: PlacementBacktestOptions,
): PlacementBacktestResult {
  const forecasts: PlacementForecast[] = [];
  const skipped: PlacementBacktestResult['skipped'] = [];
  const used: number[] = [];
  const { projection } = options;
  for (const origin of options.origins) {
    if (origin - 1 < options.firstYear) {
      skipped.push({ origin, reason: `no year of moves before ${origin} in the returns (the first is ${options.firstYear})` });
      continue;
    }
    const toYear = Math.min(origin + options.horizon, options.lastYear);
    if (toYear <= origin) continue;
    const care = options.careAt(origin);
    let fitted: ReturnType<typeof projectArea>;
    try {
      fitted = projectArea(historyUpTo(history, origin), population, {
        ...projection,
        methods: ['flow'],
        flow: { ...projection.flow, care },
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
    const assumptions = fitted.methods[0]?.assumptions;
    if (!assumptions || !('durations' in assumptions)) {
      skipped.push({ origin, reason: 'the flow with durations could not be fitted on the returns known then' });
      continue;
    }
    let transitions: ReturnType<typeof projectPlacementTransitions>;
    let shares: Record<CodeCategory, number>;
    try {
      const estimated = estimatePlacementTransitions(care, assumptions.durations.parameters);
      transitions = projectPlacementTransitions(
        estimated,
        toYear,
        (midYear) => bandPopulation(population, midYear),
        projection.populationLag,
        { simulations: projection.flow.simulations, seed: projection.flow.seed },
      );
      const known = new Map<number, Record<CodeCategory, number>>();
      for (const [year, counts] of stockOf(care, origin)) known.set(year, counts);
      shares = fixedMixShares(known, origin, projection.window);
    } catch (err) {
      if (err instanceof InsufficientDataError) {
        skipped.push({ origin, reason: err.message });
        continue;
      }
      throw err;
    }
    used.push(origin);
    for (const y of transitions.years) {
      const actual = options.stock.get(y.year);
      if (!actual) continue;
      const recommended = options.recommended?.(origin, y.year);
      for (const type of BACKTEST_TYPES) {
        const c = CODE_CATEGORIES.indexOf(type);
        const own = y.byType[c]!;
        const base = { origin, year: y.year, horizon: y.year - origin, placementType: type, actual: actual[type] };
        forecasts.push({
          ...base,
          method: 'transitions',
          forecast: own.cla,
          lower80: Math.min(own.interval.lower80, own.cla),
          upper80: Math.max(own.interval.upper80, own.cla),
        });
        if (recommended) {
          forecasts.push({
            ...base,
            method: 'fixed mix x recommended total',
            forecast: shares[type] * recommended.cla,
            lower80: shares[type] * recommended.lower80,
            upper80: shares[type] * recommended.upper80,
          });
        }
        forecasts.push({
          ...base,
          method: 'fixed mix x transitions total',
          forecast: shares[type] * y.total.cla,
          lower80: shares[type] * Math.min(y.total.interval.lower80, y.total.cla),
          upper80: shares[type] * Math.max(y.total.interval.upper80, y.total.cla),
        });
      }
    }
  }
  return { forecasts, origins: used, skipped };
}

/** The stock by type on each 31 March up to `origin` that the returns known at the origin count. */
function stockOf(care: CareHistory, origin: number): Map<number, Record<CodeCategory, number>> {
  const years = Array.from({ length: origin - care.firstYear + 1 }, (_, i) => care.firstYear + i);
  return new Map(countStock(care, years));
}

function countStock(care: CareHistory, years: readonly number[]): [number, Record<CodeCategory, number>][] {
  if (!care.episodes) return [];
  // countByYear only reads the periods
  return countByYear({ periods: care.periods as Period[], episodes: care.episodes }, years).map((c) => [c.year, c.stockByPlacement]);
}

/** Accuracy of placement forecasts: mean absolute and signed error in children, and the share inside the 80% range. */
export interface PlacementMetricsRow {
  method: PlacementBacktestMethod;
  /** A type, or `all types` (every type's forecasts pooled). */
  placementType: CodeCategory | 'all types';
  horizon: number;
  n: number;
  mae: number;
  bias: number;
  coverage80: number;
}

/**
 * MAE, bias (mean forecast - actual) and 80% coverage by method, type and horizon, then for all
 * types pooled. An outcome on a bound is inside (ranges of whole children touch the outcomes).
 */
export function placementMetrics(forecasts: readonly PlacementForecast[]): PlacementMetricsRow[] {
  const rows: PlacementMetricsRow[] = [];
  const horizons = [...new Set(forecasts.map((f) => f.horizon))].sort((a, b) => a - b);
  for (const method of PLACEMENT_BACKTEST_METHODS) {
    for (const placementType of [...BACKTEST_TYPES, 'all types' as const]) {
      for (const horizon of horizons) {
        const list = forecasts.filter(
          (f) => f.method === method && f.horizon === horizon && (placementType === 'all types' || f.placementType === placementType),
        );
        if (list.length === 0) continue;
        rows.push({
          method,
          placementType,
          horizon,
          n: list.length,
          mae: mean(list.map((f) => Math.abs(f.forecast - f.actual))),
          bias: mean(list.map((f) => f.forecast - f.actual)),
          coverage80: mean(list.map((f) => (f.actual >= f.lower80 - 1e-9 && f.actual <= f.upper80 + 1e-9 ? 1 : 0))),
        });
      }
    }
  }
  return rows;
}
