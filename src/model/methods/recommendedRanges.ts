import { median, quantileSorted, standardDeviation } from 'simple-statistics';
import type { Interval } from '../types.js';
import { SIZE_BANDS, sizeBandOf, type SizeBand } from './recommended.js';

/**
 * The recommended projection's ranges: as wide as the surprises of the past, in either direction,
 * and wider further ahead.
 *
 * From the forecast's past errors e = ln(actual / forecast) over every council and origin t whose
 * outcome t + k was known at the base year T:
 *
 *   c(t, k)  = the median of e over all councils for origin t and horizon k   (the common shock)
 *   u        = e - c(t, k)                                                    (the council's own part)
 *   h0       = the largest k <= h with errors from at least 3 origins
 *   R_b      = the u at h0 of councils in size band b, centred on their median (a band with fewer
 *              than 30 borrows its neighbour's, then every size's)
 *   S        = { +c(t, h0), -c(t, h0) } over the origins at h0
 *   Z        = { (h / h0) x s + sqrt(h / h0) x r : s in S, r in R_b }
 *   80% range: F x exp(q10(Z)) to F x exp(q90(Z)); 95%: q2.5 and q97.5 (type-7 quantiles)
 *
 * Why: every origin before 2020 lay in England's long rise, so the raw errors said "it will turn
 * out higher" and a range built on them leaned upward (where the trend turned, in London after
 * 2020, a quarter of outcomes fell below the 80% range). A repeat of the past common movement and
 * its mirror count alike: nothing in the history says which way England turns next. The common part
 * grows in proportion to the horizon and the council's own part with its square root, as they grew
 * in the history (the common shock was about 0.02 a year at every horizon from 1 to 9).
 *
 * Two floors follow, for every method (stats/intervals.ts): no range narrower than chance alone
 * (`chanceRange`), and none narrower, relative to its point, than the year before (`neverNarrower`).
 */

/** One past error of the recommended forecast, as the calibration keeps it. */
export interface PastError {
  /** The council (its GSS code, or its name where it has none). */
  council: string;
  /** Its region's code: councils of one region move together. */
  region: string;
  origin: number;
  horizon: number;
  /** The council's count at the origin, which sets its size band. */
  size: number;
  /** ln(actual / forecast). */
  logError: number;
}

/** The past errors a run's ranges come from, and where they came from (for the Assumptions). */
export interface PastErrors {
  description: string;
  errors: readonly PastError[];
  /**
   * The calibrations built from these errors so far, by base year: a run that projects many
   * councils from one base year builds it once. Without it each call builds its own.
   */
  built?: Map<number, RangeCalibration | undefined>;
}

/** A horizon is measured when its errors come from at least this many origins. */
const MIN_ORIGINS_PER_HORIZON = 3;
/** A size band's residuals are its own from this many; fewer and it borrows. */
const MIN_ERRORS_PER_BAND = 30;
/**
 * An origin and horizon's errors give a common shock only when they cover at least this share of
 * the councils the fullest one covers: a median over one region's councils (London's file runs to
 * 2025, the national one to 2022) is that region's movement, not England's.
 */
const MIN_SHARE_OF_COUNCILS = 0.5;

/** c(t, k): the median error of every council for one origin and horizon. */
export interface CommonShock {
  origin: number;
  horizon: number;
  shock: number;
  councils: number;
}

/** A past error with its common shock taken out. */
export interface Residual extends PastError {
  /** u = e - c(origin, horizon). */
  residual: number;
}

/**
 * The errors a forecaster at 31 March `asOf` could have measured: outcome year at most `asOf`, and
 * only from origins and horizons covering at least MIN_SHARE_OF_COUNCILS of the fullest one's councils.
 */
export function knownErrors(errors: readonly PastError[], asOf: number): PastError[] {
  const known = errors.filter((e) => e.origin + e.horizon <= asOf);
  const councils = new Map<number, number>();
  for (const e of known) councils.set(cellIndex(e), (councils.get(cellIndex(e)) ?? 0) + 1);
  const fullest = Math.max(0, ...councils.values());
  return known.filter((e) => councils.get(cellIndex(e))! >= MIN_SHARE_OF_COUNCILS * fullest);
}

const cellIndex = (e: { origin: number; horizon: number }) => e.origin * 1000 + e.horizon;

/** c(t, k) for every origin and horizon of the errors, oldest origin first. */
export function commonShocks(errors: readonly PastError[]): CommonShock[] {
  const cells = new Map<number, { origin: number; horizon: number; values: number[] }>();
  for (const e of errors) {
    const cell = cells.get(cellIndex(e));
    if (cell) cell.values.push(e.logError);
    else cells.set(cellIndex(e), { origin: e.origin, horizon: e.horizon, values: [e.logError] });
  }
  return [...cells.values()]
    .map((c) => ({ origin: c.origin, horizon: c.horizon, shock: median(c.values), councils: c.values.length }))
    .sort((a, b) => a.origin - b.origin || a.horizon - b.horizon);
}

/** u = e - c(t, k) for every error (each error's origin and horizon must have a shock). */
export function residualsOf(errors: readonly PastError[], shocks: readonly CommonShock[]): Residual[] {
  const byCell = new Map(shocks.map((s) => [cellIndex(s), s.shock]));
  return errors.map((e) => ({
    council: e.council,
    region: e.region,
    origin: e.origin,
    horizon: e.horizon,
    size: e.size,
    logError: e.logError,
    residual: e.logError - byCell.get(cellIndex(e))!,
  }));
}

/** h0: the largest horizon k <= h whose shocks come from at least 3 origins (undefined: none). */
export function measuredHorizon(shocks: readonly CommonShock[], horizon: number): number | undefined {
  for (let k = horizon; k >= 1; k--) {
    if (shocks.filter((s) => s.horizon === k).length >= MIN_ORIGINS_PER_HORIZON) return k;
  }
  return undefined;
}

/** A size band's residuals at one horizon, centred, and where they came from. */
export interface ResidualPool {
  horizon: number;
  band: SizeBand;
  /** The band's own residuals at this horizon. */
  own: number;
  /** Where a thin band borrowed: its neighbour (the two bands pooled) or every size. */
  borrowed?: SizeBand | 'all';
  /** The median taken out, so that the pool is centred on 0. */
  median: number;
  /** Residuals minus their median, sorted ascending. */
  values: readonly number[];
  /** sigma_b: their standard deviation. */
  sigma: number;
}

/** The neighbour a thin band borrows from: the adjacent band with more residuals (smaller on a tie). */
function neighbourOf(band: SizeBand, counts: ReadonlyMap<SizeBand, number>): SizeBand {
  const i = SIZE_BANDS.indexOf(band);
  const candidates = [SIZE_BANDS[i - 1], SIZE_BANDS[i + 1]].filter((b): b is SizeBand => b !== undefined);
  return candidates.reduce((best, b) => ((counts.get(b) ?? 0) > (counts.get(best) ?? 0) ? b : best));
}

/**
 * The residuals at horizon `h0` of councils in `band`, centred on their median; a band with fewer
 * than MIN_ERRORS_PER_BAND pools with its neighbour, and if still short takes every size.
 * @throws Error when there are no residuals at h0 at all (a caller's bug: h0 is a measured horizon)
 */
export function residualPool(residuals: readonly Residual[], h0: number, band: SizeBand): ResidualPool {
  const atHorizon = residuals.filter((r) => r.horizon === h0);
  if (atHorizon.length === 0) throw new Error(`residualPool requires residuals at horizon ${h0}`);
  const bands = atHorizon.map((r) => sizeBandOf(r.size));
  const counts = new Map<SizeBand, number>();
  for (const b of bands) counts.set(b, (counts.get(b) ?? 0) + 1);
  const own = counts.get(band) ?? 0;
  let chosen: readonly Residual[] = atHorizon.filter((_, i) => bands[i] === band);
  let borrowed: ResidualPool['borrowed'];
  if (own < MIN_ERRORS_PER_BAND) {
    const neighbour = neighbourOf(band, counts);
    chosen = atHorizon.filter((_, i) => bands[i] === band || bands[i] === neighbour);
    borrowed = neighbour;
    if (chosen.length < MIN_ERRORS_PER_BAND) {
      chosen = atHorizon;
      borrowed = 'all';
    }
  }
  const raw = chosen.map((r) => r.residual);
  const centre = median(raw);
  const values = raw.map((u) => u - centre).sort((a, b) => a - b);
  return { horizon: h0, band, own, borrowed, median: centre, values, sigma: values.length > 1 ? standardDeviation(values) : 0 };
}

/** Log-scale quantiles of a range: bounds are F x exp(q). */
export interface RangeQuantiles {
  q025: number;
  q10: number;
  q90: number;
  q975: number;
}

/**
 * Quantiles of Z = { (h / h0) x s + sqrt(h / h0) x r } over every pair of a signed shock s (each
 * c(t, h0) and its mirror) and a centred residual r.
 * @throws Error on an empty set of shocks or residuals (a caller's bug)
 * @example shocks [0.1], residuals [-0.05, 0, 0.05], h = h0: Z = {-0.15, -0.1, -0.05, 0.05, 0.1, 0.15}
 */
export function rangeQuantiles(shocks: readonly number[], residuals: readonly number[], horizon: number, h0: number): RangeQuantiles {
  if (shocks.length === 0 || residuals.length === 0) throw new Error('rangeQuantiles requires shocks and residuals');
  const a = horizon / h0;
  const b = Math.sqrt(horizon / h0);
  const z = new Float64Array(2 * shocks.length * residuals.length);
  let i = 0;
  for (const s of shocks) {
    for (const r of residuals) {
      z[i++] = a * s + b * r;
      z[i++] = -a * s + b * r;
    }
  }
  z.sort();
  // quantileSorted reads only length and indices, which a typed array has
  const sorted = z as unknown as number[];
  return {
    q025: quantileSorted(sorted, 0.025),
    q10: quantileSorted(sorted, 0.1),
    q90: quantileSorted(sorted, 0.9),
    q975: quantileSorted(sorted, 0.975),
  };
}

/** One projected horizon's range, and what it was measured from. */
export interface HorizonRange extends RangeQuantiles {
  horizon: number;
  /** h0, the horizon whose shocks and residuals were used. */
  measuredHorizon: number;
  /** Origins whose shocks were used. */
  origins: number;
  pool: Pick<ResidualPool, 'band' | 'own' | 'borrowed'> & { n: number };
}

/** The calibration as of one base year: its shocks, residuals and (cached) ranges by horizon and band. */
export interface RangeCalibration {
  asOf: number;
  /** The latest outcome year among the errors used (at most asOf). */
  knownTo: number;
  description: string;
  shocks: readonly CommonShock[];
  residuals: readonly Residual[];
  /** h0 for a horizon; undefined when no horizon up to it was measured from 3 origins. */
  measuredHorizon(horizon: number): number | undefined;
  /** A band's centred residuals at a measured horizon. */
  pool(h0: number, band: SizeBand): ResidualPool;
  /**
   * The range `horizon` years ahead for a council of `band`: the quantiles of Z, each bound at least
   * as far from the point (on the log scale) as at every shorter horizon.
   */
  range(horizon: number, band: SizeBand): HorizonRange | undefined;
}

/**
 * The calibration for a base year: only errors whose outcome was known by `asOf` (never later).
 * The same errors and year give the same object where `past.built` keeps them.
 * @returns undefined when no horizon was measured from 3 origins by then
 */
export function rangeCalibration(past: PastErrors, asOf: number): RangeCalibration | undefined {
  const built = past.built;
  if (!built) return buildCalibration(past, asOf);
  if (!built.has(asOf)) built.set(asOf, buildCalibration(past, asOf));
  return built.get(asOf);
}

function buildCalibration(past: PastErrors, asOf: number): RangeCalibration | undefined {
  const known = knownErrors(past.errors, asOf);
  const shocks = commonShocks(known);
  if (measuredHorizon(shocks, 1) === undefined) return undefined;
  const residuals = residualsOf(known, shocks);
  const byHorizon = new Map<number, Residual[]>();
  for (const r of residuals) {
    const list = byHorizon.get(r.horizon);
    if (list) list.push(r);
    else byHorizon.set(r.horizon, [r]);
  }
  const pools = new Map<string, ResidualPool>();
  const raw = new Map<string, HorizonRange>();
  const ranges = new Map<string, HorizonRange | undefined>();
  const h0Of = (horizon: number) => measuredHorizon(shocks, horizon);
  const pool = (h0: number, band: SizeBand) => {
    const key = `${h0}|${band}`;
    if (!pools.has(key)) pools.set(key, residualPool(byHorizon.get(h0) ?? [], h0, band));
    return pools.get(key)!;
  };
  const rawRange = (horizon: number, band: SizeBand): HorizonRange => {
    const key = `${horizon}|${band}`;
    if (!raw.has(key)) {
      const h0 = h0Of(horizon)!;
      const at = shocks.filter((s) => s.horizon === h0);
      const p = pool(h0, band);
      raw.set(key, {
        horizon,
        measuredHorizon: h0,
        origins: at.length,
        pool: { band: p.band, own: p.own, borrowed: p.borrowed, n: p.values.length },
        ...rangeQuantiles(
          at.map((s) => s.shock),
          p.values,
          horizon,
          h0,
        ),
      });
    }
    return raw.get(key)!;
  };
  const range = (horizon: number, band: SizeBand): HorizonRange | undefined => {
    const key = `${horizon}|${band}`;
    if (!ranges.has(key)) {
      if (!(horizon >= 1) || h0Of(horizon) === undefined) {
        ranges.set(key, undefined);
      } else {
        const own = rawRange(horizon, band);
        const before = horizon > 1 ? range(horizon - 1, band) : undefined;
        ranges.set(key, before ? atLeastAsWide(own, before) : own);
      }
    }
    return ranges.get(key);
  };
  const knownTo = Math.max(...known.map((e) => e.origin + e.horizon));
  return { asOf, knownTo, description: past.description, shocks, residuals, measuredHorizon: h0Of, pool, range };
}

/** F x exp(q) for each bound. */
export function rangeAround(point: number, q: RangeQuantiles): Interval {
  return {
    lower80: point * Math.exp(q.q10),
    upper80: point * Math.exp(q.q90),
    lower95: point * Math.exp(q.q025),
    upper95: point * Math.exp(q.q975),
  };
}

/**
 * A horizon's log-scale quantiles widened to the shorter horizon's where they are narrower: a range
 * never narrows, relative to its point, further ahead.
 */
export function atLeastAsWide<T extends { q025: number; q10: number; q90: number; q975: number }>(own: T, before: T): T {
  return {
    ...own,
    q025: Math.min(own.q025, before.q025),
    q10: Math.min(own.q10, before.q10),
    q90: Math.max(own.q90, before.q90),
    q975: Math.max(own.q975, before.q975),
  };
}
