import { InsufficientDataError } from '../../errors.js';
import type { Interval } from '../types.js';
import { dampingSum } from './trend.js';

/**
 * The recommended projection: the council's latest count, grown by a damped share of its region's
 * recent growth.
 *
 *   g         = (ln R_T - ln R_{T-3}) / 3      the region's average yearly log growth
 *   F_{T+h}   = S_T x exp(g x (phi + phi^2 + ... + phi^h)),   phi = 0.5
 *
 * S_T is the council's children looked after on 31 March of the base year T and R_t the region's
 * (the sum of its councils counted in both years). In words: the latest count, grown by half the
 * region's recent yearly growth in the first year, three quarters of it by the second, seven
 * eighths by the third, levelling off at the full yearly growth once (phi/(1 - phi) = 1).
 *
 * Why: a council's own series is short and noisy, so its own trend does not persist (the naive
 * forecast beats the trend and average-rate methods a year or three ahead); what persists across
 * England is common movement, a council's count moving with its region's. The region's growth
 * carries that signal with little noise; damping it stops a turn in the region from being
 * extrapolated for a decade. Population is not used: children looked after have not followed the
 * 0-17 population closely.
 *
 * Intervals are empirical: quantiles of the log errors ln(actual / forecast) of this same forecast
 * over every council and past origin whose outcome was known at the base year, by horizon and by
 * the council's size (see `IntervalCalibration`).
 */

/** phi: the share of the region's yearly growth kept one year ahead; 0.5^h of it the h-th year. */
export const RECOMMENDED_DAMPING = 0.5;

/**
 * The point forecast h years ahead: lastCount x exp(growth x (phi + ... + phi^h)).
 * @throws InsufficientDataError when the last count is missing or negative
 * @example recommendedForecast(200, 0.06, 1) = 200 x e^0.03 = 206.09
 */
export function recommendedForecast(lastCount: number, growth: number, horizon: number, damping = RECOMMENDED_DAMPING): number {
  if (!(lastCount >= 0)) throw new InsufficientDataError('recommended requires a count in the base year');
  return lastCount * Math.exp(growth * dampingSum(damping, horizon));
}

/** Council size at the origin, which sets how wide its errors run (small councils' move more). */
export type SizeBand = 'under300' | '300to599' | '600plus';
export const SIZE_BANDS: readonly SizeBand[] = ['under300', '300to599', '600plus'];
export const SIZE_BAND_LABELS: Record<SizeBand | 'all', string> = {
  under300: 'under 300',
  '300to599': '300-599',
  '600plus': '600 and over',
  all: 'all sizes',
};

export function sizeBandOf(count: number): SizeBand {
  return count < 300 ? 'under300' : count < 600 ? '300to599' : '600plus';
}

/**
 * Quantiles of past log errors r = ln(actual / forecast) of the recommended forecast, for errors
 * whose outcome year was at most `asOf`, at one horizon and size band (`all`: every size pooled).
 */
export interface CalibrationRow {
  asOf: number;
  horizon: number;
  band: SizeBand | 'all';
  /** Errors the quantiles come from, and the distinct origins they were made at. */
  n: number;
  origins: number;
  q025: number;
  q10: number;
  q90: number;
  q975: number;
}

export interface IntervalCalibration {
  /** Where the errors came from, for the Assumptions (e.g. "the national history in data/england"). */
  description: string;
  rows: readonly CalibrationRow[];
}

/** A band's quantiles are used from this many errors; fewer and every size is pooled. */
export const MIN_ERRORS_PER_BAND = 30;
/**
 * A horizon's quantiles are used when its errors come from at least this many origins; longer
 * horizons (few origins, whose errors share one national shock) scale the last such horizon's by
 * the square root of the ratio of horizons, as a random walk's spread grows.
 */
export const MIN_ORIGINS_PER_HORIZON = 3;

export interface CalibrationChoice {
  row: CalibrationRow;
  /** sqrt(horizon / row.horizon): 1 unless the horizon is beyond the errors measured. */
  scale: number;
}

/**
 * The quantiles for a forecast from base year `baseYear`, `horizon` years ahead, for a council of
 * size band `band`: the latest calibration made with outcomes up to the base year (never later),
 * the band's own row when it has enough errors, else all sizes pooled.
 * @returns undefined when no calibration row is as old as the base year
 */
export function calibrationFor(
  calibration: IntervalCalibration,
  baseYear: number,
  horizon: number,
  band: SizeBand,
): CalibrationChoice | undefined {
  const asOf = calibration.rows.reduce((latest, r) => (r.asOf <= baseYear && r.asOf > latest ? r.asOf : latest), -Infinity);
  if (asOf === -Infinity) return undefined;
  const rowAt = (h: number): CalibrationRow | undefined => {
    const rows = calibration.rows.filter((r) => r.asOf === asOf && r.horizon === h);
    const own = rows.find((r) => r.band === band && r.n >= MIN_ERRORS_PER_BAND);
    const pooled = rows.find((r) => r.band === 'all' && r.n >= MIN_ERRORS_PER_BAND);
    const chosen = own ?? pooled;
    return chosen && chosen.origins >= MIN_ORIGINS_PER_HORIZON ? chosen : undefined;
  };
  for (let h = horizon; h >= 1; h--) {
    const row = rowAt(h);
    if (row) return { row, scale: Math.sqrt(horizon / h) };
  }
  return undefined;
}

/** [F x e^(q10 s), F x e^(q90 s)] and [F x e^(q2.5 s), F x e^(q97.5 s)], s the horizon scale. */
export function calibratedInterval(point: number, choice: CalibrationChoice): Interval {
  const { row, scale } = choice;
  const at = (q: number) => point * Math.exp(q * scale);
  return { lower80: at(row.q10), upper80: at(row.q90), lower95: at(row.q025), upper95: at(row.q975) };
}
