import { joinReorganisedAreas } from '../areas/crosswalk.js';
import { firstWithGrowth, isCouncil, type Region, type RegionalSeries, type RegionTable } from '../areas/regions.js';
import { RECOMMENDED_DAMPING, recommendedForecast, SIZE_BANDS, type SizeBand } from '../methods/recommended.js';
import { rangeCalibration, rangeQuantiles, type PastError, type PastErrors, type RangeQuantiles } from '../methods/recommendedRanges.js';
import type { AreaHistory } from '../types.js';

/**
 * The recommended projection's ranges come from its own past errors across England: for every
 * council and every origin T with a count, the forecast T+1..T+h made from the data up to T, set
 * against what was later counted. Errors are on the log scale, e = ln(actual / forecast), so that
 * they scale with the council's size; `methods/recommendedRanges.ts` turns them into ranges.
 */

/** A council's counts on 31 March and the key of its region's series. */
export interface CouncilCounts {
  /** GSS code (or name where it has none). */
  code: string;
  name: string;
  regionCode: string;
  counts: ReadonlyMap<number, number | null>;
}

export interface RecommendedError extends PastError {
  forecast: number;
  actual: number;
}

/**
 * Every past error of the recommended forecast: each council, each origin with a positive count
 * and a regional growth to it, each horizon up to `maxHorizon` with a positive count later.
 * Counts of zero are left out (no log error); they occur only in the smallest councils.
 */
export function recommendedErrors(
  councils: readonly CouncilCounts[],
  regions: ReadonlyMap<string, readonly RegionalSeries[]>,
  maxHorizon: number,
  damping = RECOMMENDED_DAMPING,
): RecommendedError[] {
  const errors: RecommendedError[] = [];
  const growthCache = new Map<string, number | null>();
  const growthAt = (regionCode: string, origin: number) => {
    const key = `${regionCode}|${origin}`;
    if (!growthCache.has(key)) growthCache.set(key, firstWithGrowth(regions.get(regionCode) ?? [], origin)?.growth.growth ?? null);
    return growthCache.get(key)!;
  };
  for (const council of councils) {
    for (const [origin, size] of [...council.counts].sort((a, b) => a[0] - b[0])) {
      if (size === null || !(size > 0)) continue;
      const growth = growthAt(council.regionCode, origin);
      if (growth === null) continue;
      for (let horizon = 1; horizon <= maxHorizon; horizon++) {
        const actual = council.counts.get(origin + horizon);
        if (actual === undefined || actual === null || !(actual > 0)) continue;
        const forecast = recommendedForecast(size, growth, horizon, damping);
        errors.push({
          council: council.code,
          region: council.regionCode,
          origin,
          horizon,
          size,
          forecast,
          actual,
          logError: Math.log(actual / forecast),
        });
      }
    }
  }
  return errors;
}

/** Councils an input must hold for its own errors to calibrate the ranges (England has ~150). */
export const NATIONAL_COUNCILS = 100;

/**
 * The past errors of a national history: every council the region table knows (reorganised
 * councils joined into one series each), its region's series from `regionalFor`, errors up to
 * `maxHorizon` years ahead. Which of them a projection may use is decided by its base year
 * (`rangeCalibration`).
 */
export function calibrationFromHistory(
  histories: readonly AreaHistory[],
  table: RegionTable,
  regionalFor: (region: Region) => readonly RegionalSeries[],
  description: (councils: number, origins: string) => string,
  maxHorizon = 12,
): PastErrors {
  const councils = joinReorganisedAreas(histories.filter((h) => isCouncil(h.area) && table.regionOf(h.area))).areas;
  const regions = new Map<string, readonly RegionalSeries[]>();
  const counts: CouncilCounts[] = councils.map((h) => {
    const region = table.regionOf(h.area)!;
    if (!regions.has(region.code)) regions.set(region.code, regionalFor(region));
    return {
      code: h.area.code || h.area.dfeCode || h.area.name,
      name: h.area.name,
      regionCode: region.code,
      counts: new Map(h.years.map((y) => [y.year, y.cla])),
    };
  });
  const errors = recommendedErrors(counts, regions, maxHorizon);
  const origins = [...new Set(errors.map((e) => e.origin))].sort((a, b) => a - b);
  const span = origins.length > 0 ? `${origins[0]}-${origins.at(-1)}` : 'none';
  return { description: description(councils.length, span), errors, built: new Map() };
}

/** One row of the calibration table a person reads: a size band's pool at one measured horizon. */
export interface CalibrationSummaryRow {
  asOf: number;
  horizon: number;
  /** Origins whose common shocks were measured at this horizon, and their smallest and largest. */
  origins: number;
  shockMin: number;
  shockMax: number;
  band: SizeBand;
  /** The band's own residuals, and the pool used (`borrowed`: its neighbour's added, or every size). */
  own: number;
  borrowed?: SizeBand | 'all';
  n: number;
  median: number;
  sigma: number;
  /** The 80% and 95% range at this horizon on the log scale (bounds F x exp(q)). */
  range: RangeQuantiles;
}

/**
 * The calibration as of each year from the first with a horizon measured from 3 origins: every
 * measured horizon and size band, with its pool, spread and range.
 */
export function calibrationSummary(past: PastErrors): CalibrationSummaryRow[] {
  const years = [...new Set(past.errors.map((e) => e.origin + e.horizon))].sort((a, b) => a - b);
  const rows: CalibrationSummaryRow[] = [];
  for (const asOf of years) {
    const calibration = rangeCalibration(past, asOf);
    if (!calibration) continue;
    const horizons = [...new Set(calibration.shocks.map((s) => s.horizon))].sort((a, b) => a - b);
    for (const horizon of horizons.filter((h) => calibration.measuredHorizon(h) === h)) {
      const shocks = calibration.shocks.filter((s) => s.horizon === horizon).map((s) => s.shock);
      for (const band of SIZE_BANDS) {
        const pool = calibration.pool(horizon, band);
        rows.push({
          asOf,
          horizon,
          origins: shocks.length,
          shockMin: Math.min(...shocks),
          shockMax: Math.max(...shocks),
          band,
          own: pool.own,
          borrowed: pool.borrowed,
          n: pool.values.length,
          median: pool.median,
          sigma: pool.sigma,
          range: rangeQuantiles(shocks, pool.values, horizon, horizon),
        });
      }
    }
  }
  return rows;
}
