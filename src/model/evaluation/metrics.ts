import { mean } from 'simple-statistics';
import { sizeBandOf, type SizeBand } from '../methods/recommended.js';
import type { Forecast } from './backtest.js';

/** Accuracy of a set of forecasts against what was later observed. Null where undefined (n = 0). */
export interface Accuracy {
  /** Forecasts with an observed outcome. */
  n: number;
  /** Mean absolute error, children. */
  mae: number | null;
  /** Mean absolute percentage error, % of the outcome (outcomes of 0 left out). */
  mape: number | null;
  /** Mean absolute scaled error: |error| / the area's in-sample one-year naive error, averaged. */
  mase: number | null;
  /** Mean signed percentage error: positive = forecasts too high. */
  biasPct: number | null;
  /** Share of outcomes inside the 80% / 95% interval. */
  coverage80: number | null;
  coverage95: number | null;
  /** Share of outcomes below and above each interval (each should be about 10% / 2.5%): a lean shows here. */
  below80: number | null;
  above80: number | null;
  below95: number | null;
  above95: number | null;
  /** Mean interval width, children. */
  width80: number | null;
  width95: number | null;
  /** Mean interval (Winkler) score at 80% / 95%: width plus 2/alpha x the miss, children; lower is better. */
  winkler80: number | null;
  winkler95: number | null;
}

/**
 * Winkler's interval score: the interval's width, plus 2/alpha times how far the outcome fell
 * outside it. Lower is better; it rewards narrow intervals only when they hold.
 * @example winklerScore(90, 110, 120, 0.2) // 20 + (2 / 0.2) x 10 = 120
 */
export function winklerScore(lower: number, upper: number, actual: number, alpha: number): number {
  const width = upper - lower;
  if (actual < lower) return width + (2 / alpha) * (lower - actual);
  if (actual > upper) return width + (2 / alpha) * (actual - upper);
  return width;
}

const meanOrNull = (values: number[]) => (values.length > 0 ? mean(values) : null);

/** Metrics over the forecasts that have an outcome. */
export function accuracy(forecasts: readonly Forecast[]): Accuracy {
  const scored = forecasts.filter((f): f is Forecast & { actual: number } => f.actual !== null);
  const errors = scored.map((f) => f.forecast - f.actual);
  const positive = scored.filter((f) => f.actual > 0);
  const scaled = scored.filter((f) => f.scale !== null);
  return {
    n: scored.length,
    mae: meanOrNull(errors.map(Math.abs)),
    mape: meanOrNull(positive.map((f) => (Math.abs(f.forecast - f.actual) / f.actual) * 100)),
    mase: meanOrNull(scaled.map((f) => Math.abs(f.forecast - f.actual) / f.scale!)),
    biasPct: meanOrNull(positive.map((f) => ((f.forecast - f.actual) / f.actual) * 100)),
    coverage80: meanOrNull(scored.map((f) => (f.actual >= f.lower80 && f.actual <= f.upper80 ? 1 : 0))),
    coverage95: meanOrNull(scored.map((f) => (f.actual >= f.lower95 && f.actual <= f.upper95 ? 1 : 0))),
    below80: meanOrNull(scored.map((f) => (f.actual < f.lower80 ? 1 : 0))),
    above80: meanOrNull(scored.map((f) => (f.actual > f.upper80 ? 1 : 0))),
    below95: meanOrNull(scored.map((f) => (f.actual < f.lower95 ? 1 : 0))),
    above95: meanOrNull(scored.map((f) => (f.actual > f.upper95 ? 1 : 0))),
    width80: meanOrNull(scored.map((f) => f.upper80 - f.lower80)),
    width95: meanOrNull(scored.map((f) => f.upper95 - f.lower95)),
    winkler80: meanOrNull(scored.map((f) => winklerScore(f.lower80, f.upper80, f.actual, 0.2))),
    winkler95: meanOrNull(scored.map((f) => winklerScore(f.lower95, f.upper95, f.actual, 0.05))),
  };
}

/** A forecast tagged with its area, for pooling across areas. */
export interface AreaForecast extends Forecast {
  areaKey: string;
}

export interface MetricsRow extends Accuracy {
  /** Area key, or null for the pool of every area. */
  areaKey: string | null;
  method: string;
  horizon: number;
  /** Councils of one size at the origin (pooled rows only, with `bySize`), or every size. */
  sizeBand: SizeBand | 'all';
  /**
   * MAE relative to naive's over the same area, origin and year pairs: the research measure of
   * the recommended projection (below 1 beat naive).
   */
  relativeMae: number | null;
  /**
   * MASE relative to naive on the same area, origin and year: below 1 the method beat carrying
   * the last count forward; 1 is naive itself.
   */
  relativeMase: number | null;
}

/**
 * Metrics by method and horizon, per area and pooled across areas (the pool weighs every forecast
 * equally; MASE's scaling keeps large areas from dominating it).
 */
export function metricsTable(forecasts: readonly AreaForecast[], { perArea = true, bySize = false } = {}): MetricsRow[] {
  const naiveByKey = new Map<string, AreaForecast>();
  for (const f of forecasts) if (f.method === 'naive') naiveByKey.set(matchKey(f), f);
  const groups = new Map<string, AreaForecast[]>();
  const add = (key: string, f: AreaForecast) => {
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  };
  for (const f of forecasts) {
    add(JSON.stringify([null, f.method, f.horizon, 'all']), f);
    if (perArea) add(JSON.stringify([f.areaKey, f.method, f.horizon, 'all']), f);
    if (bySize && f.atOrigin !== null) add(JSON.stringify([null, f.method, f.horizon, sizeBandOf(f.atOrigin)]), f);
  }
  const rows: MetricsRow[] = [];
  for (const [key, list] of groups) {
    const [areaKey, method, horizon, sizeBand] = JSON.parse(key) as [string | null, string, number, SizeBand | 'all'];
    const paired = list.filter((f) => naiveByKey.has(matchKey(f)));
    const own = accuracy(paired);
    const naive = accuracy(paired.map((f) => naiveByKey.get(matchKey(f))!));
    const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
    rows.push({
      areaKey,
      method,
      horizon,
      sizeBand,
      ...accuracy(list),
      relativeMase: ratio(own.mase, naive.mase),
      relativeMae: ratio(own.mae, naive.mae),
    });
  }
  return rows;
}

function matchKey(f: AreaForecast): string {
  return `${f.areaKey}|${f.origin}|${f.year}`;
}
