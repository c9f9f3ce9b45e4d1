import { quantileSorted } from 'simple-statistics';
import { joinReorganisedAreas } from '../areas/crosswalk.js';
import { firstWithGrowth, isCouncil, type Region, type RegionalSeries, type RegionTable } from '../areas/regions.js';
import {
  recommendedForecast,
  RECOMMENDED_DAMPING,
  SIZE_BANDS,
  sizeBandOf,
  type CalibrationRow,
  type IntervalCalibration,
  type SizeBand,
} from '../methods/recommended.js';
import type { AreaHistory } from '../types.js';

/**
 * The recommended projection's intervals come from its own past errors across England: for every
 * council and every origin T with a count, the forecast T+1..T+h made from the data up to T, set
 * against what was later counted. Errors are on the log scale, r = ln(actual / forecast), so that
 * they scale with the council's size; quantiles are taken by horizon and size band.
 */

/** A council's counts on 31 March and the key of its region's series. */
export interface CouncilCounts {
  name: string;
  regionCode: string;
  counts: ReadonlyMap<number, number | null>;
}

export interface RecommendedError {
  council: string;
  origin: number;
  horizon: number;
  /** The council's count at the origin, which sets its size band. */
  size: number;
  band: SizeBand;
  forecast: number;
  actual: number;
  logError: number;
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
          council: council.name,
          origin,
          horizon,
          size,
          band: sizeBandOf(size),
          forecast,
          actual,
          logError: Math.log(actual / forecast),
        });
      }
    }
  }
  return errors;
}

/**
 * Quantile rows for each `asOf` year from the errors whose outcome year (origin + horizon) is at
 * most `asOf`: what a forecaster at 31 March `asOf` could have measured, nothing later.
 */
export function calibrationFromErrors(
  errors: readonly RecommendedError[],
  asOfYears: readonly number[],
  description: string,
): IntervalCalibration {
  const rows: CalibrationRow[] = [];
  const horizons = [...new Set(errors.map((e) => e.horizon))].sort((a, b) => a - b);
  for (const asOf of asOfYears) {
    const known = errors.filter((e) => e.origin + e.horizon <= asOf);
    for (const horizon of horizons) {
      const atHorizon = known.filter((e) => e.horizon === horizon);
      if (atHorizon.length === 0) continue;
      for (const band of [...SIZE_BANDS, 'all'] as const) {
        const own = band === 'all' ? atHorizon : atHorizon.filter((e) => e.band === band);
        if (own.length === 0) continue;
        rows.push(quantileRow(own, asOf, horizon, band));
      }
    }
  }
  return { description, rows };
}

function quantileRow(errors: readonly RecommendedError[], asOf: number, horizon: number, band: SizeBand | 'all'): CalibrationRow {
  const sorted = errors.map((e) => e.logError).sort((a, b) => a - b);
  return {
    asOf,
    horizon,
    band,
    n: sorted.length,
    origins: new Set(errors.map((e) => e.origin)).size,
    q025: quantileSorted(sorted, 0.025),
    q10: quantileSorted(sorted, 0.1),
    q90: quantileSorted(sorted, 0.9),
    q975: quantileSorted(sorted, 0.975),
  };
}

/** Councils an input must hold for its own errors to calibrate the intervals (England has ~150). */
export const NATIONAL_COUNCILS = 100;

/**
 * The calibration from a national history: every council the region table knows (reorganised
 * councils joined into one series each), its region's series from `regionalFor`, errors up to
 * `maxHorizon` years ahead, and quantile rows as of every year from the first outcome on.
 */
export function calibrationFromHistory(
  histories: readonly AreaHistory[],
  table: RegionTable,
  regionalFor: (region: Region) => readonly RegionalSeries[],
  description: (councils: number, origins: string) => string,
  maxHorizon = 12,
): IntervalCalibration {
  const councils = joinReorganisedAreas(histories.filter((h) => isCouncil(h.area) && table.regionOf(h.area))).areas;
  const regions = new Map<string, readonly RegionalSeries[]>();
  const counts: CouncilCounts[] = councils.map((h) => {
    const region = table.regionOf(h.area)!;
    if (!regions.has(region.code)) regions.set(region.code, regionalFor(region));
    return { name: h.area.name, regionCode: region.code, counts: new Map(h.years.map((y) => [y.year, y.cla])) };
  });
  const errors = recommendedErrors(counts, regions, maxHorizon);
  const years = [...new Set(errors.map((e) => e.origin + e.horizon))].sort((a, b) => a - b);
  const origins = [...new Set(errors.map((e) => e.origin))].sort((a, b) => a - b);
  const span = origins.length > 0 ? `${origins[0]}-${origins.at(-1)}` : 'none';
  return calibrationFromErrors(errors, years, description(councils.length, span));
}
