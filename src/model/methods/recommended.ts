import { InsufficientDataError } from '../../errors.js';
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
 * Ranges are empirical: from the log errors ln(actual / forecast) of this same forecast over every
 * council and past origin whose outcome was known at the base year, a common shock of either sign
 * plus the council's own spread by size (`recommendedRanges.ts`).
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

/**
 * Council size at the origin, which sets how wide its own part of the range runs: a council of 25
 * children moves, relative to its size, about three times as much as one of 250.
 */
export type SizeBand = 'under100' | '100to299' | '300to599' | '600plus';
export const SIZE_BANDS: readonly SizeBand[] = ['under100', '100to299', '300to599', '600plus'];
export const SIZE_BAND_LABELS: Record<SizeBand | 'all', string> = {
  under100: 'under 100',
  '100to299': '100-299',
  '300to599': '300-599',
  '600plus': '600 and over',
  all: 'all sizes',
};

export function sizeBandOf(count: number): SizeBand {
  return count < 100 ? 'under100' : count < 300 ? '100to299' : count < 600 ? '300to599' : '600plus';
}
