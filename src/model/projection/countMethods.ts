import { InsufficientDataError } from '../../errors.js';
import { firstWithGrowth, type RegionalSeries } from '../areas/regions.js';
import { calibratedInterval, calibrationFor, RECOMMENDED_DAMPING, recommendedForecast, sizeBandOf } from '../methods/recommended.js';
import { ratePer10k } from '../population/rates.js';
import { randomWalkInterval, randomWalkSpread } from '../stats/intervals.js';
import type { AreaHistory, Interval } from '../types.js';
import type { IntervalBasis, MethodProjection, RecommendedAssumptions, RecommendedInputs } from './types.js';

/** naive and recommended: projections of the count itself, without population. */

export function projectNaive(
  history: AreaHistory,
  base: { year: number; cla: number },
  years: number[],
  populationFor: (year: number) => number | null,
): MethodProjection {
  const counts = history.years
    .filter((y): y is typeof y & { cla: number } => y.cla !== null && y.year <= base.year)
    .map((y) => ({ year: y.year, value: y.cla }));
  const spread = randomWalkSpread(counts);
  if (spread === undefined) {
    throw new InsufficientDataError('naive intervals require at least 3 consecutive years with a count');
  }
  return {
    method: 'naive',
    years: years.map((year) => {
      const population0to17 = populationFor(year);
      return {
        year,
        population0to17,
        ratePer10k: population0to17 !== null ? ratePer10k(base.cla, population0to17) : null,
        cla: base.cla,
        ...randomWalkInterval(base.cla, spread, year - base.year),
      };
    }),
    assumptions: { method: 'naive', year: base.year, cla: base.cla },
    interval: { ...spread, unit: 'count' },
  };
}

/**
 * The recommended projection (`model/methods/recommended.ts`): the last count grown by a damped
 * share of the region's growth to the base year, with intervals from the calibration's quantiles
 * of past errors. Without a regional series that reaches the base year it is the naive forecast,
 * with naive's intervals, and the Assumptions say why.
 */
export function projectRecommended(
  history: AreaHistory,
  base: { year: number; cla: number },
  years: number[],
  populationFor: (year: number) => number | null,
  inputs: RecommendedInputs | undefined,
): MethodProjection {
  const damping = inputs?.damping ?? RECOMMENDED_DAMPING;
  const regional = inputs ? firstWithGrowth(inputs.regional, base.year) : undefined;
  if (regional === undefined) {
    const naive = projectNaive(history, base, years, populationFor);
    const fallback =
      inputs === undefined
        ? 'no regional series was given'
        : (inputs.noRegion ??
          `no series of its region reaches ${base.year} and ${base.year - 3} (${inputs.regional.map((s) => `${s.source}: ${describeSpan(s)}`).join('; ') || 'none'}); ` +
            `DfE's national file for those years (cla_number_and_rate_per_10k_children.csv, every council) as another --history gives it`);
    return {
      ...naive,
      method: 'recommended',
      assumptions: { method: 'recommended', year: base.year, cla: base.cla, damping, fallback },
    };
  }
  const band = sizeBandOf(base.cla);
  const calibrated = years.map((year) => {
    const horizon = year - base.year;
    const choice = inputs?.calibration ? calibrationFor(inputs.calibration, base.year, horizon, band) : undefined;
    return { year, horizon, choice, point: recommendedForecast(base.cla, regional.growth.growth, horizon, damping) };
  });
  const { series, growth } = regional;
  const assumptions: RecommendedAssumptions = {
    method: 'recommended',
    year: base.year,
    cla: base.cla,
    damping,
    region: { region: series.region, source: series.source, files: series.files, growth },
  };
  let intervalAt: (row: (typeof calibrated)[number]) => Interval;
  let interval: IntervalBasis;
  const first = calibrated[0]?.choice;
  if (first !== undefined && calibrated.every((c) => c.choice !== undefined)) {
    assumptions.calibration = {
      description: inputs!.calibration!.description,
      asOf: first.row.asOf,
      band,
      years: calibrated.map((c) => ({
        year: c.year,
        horizon: c.horizon,
        band: c.choice!.row.band,
        n: c.choice!.row.n,
        measuredHorizon: c.choice!.row.horizon,
      })),
    };
    intervalAt = (c) => calibratedInterval(c.point, c.choice!);
    interval = { unit: 'empirical', sigma: (first.row.q90 - first.row.q10) / 2, changes: first.row.n };
  } else {
    // No calibration made by the base year (a base year before any error was known): naive's spread.
    const naive = projectNaive(history, base, years, populationFor);
    assumptions.fallback = `its intervals are naive's: no calibration of past errors known by ${base.year}`;
    intervalAt = (c) => naive.years.find((y) => y.year === c.year)!;
    interval = naive.interval;
  }
  return {
    method: 'recommended',
    years: calibrated.map((c) => {
      const population0to17 = populationFor(c.year);
      const range = intervalAt(c);
      return {
        year: c.year,
        population0to17,
        ratePer10k: population0to17 !== null ? ratePer10k(c.point, population0to17) : null,
        cla: c.point,
        // an interval always holds its point (quantiles of skewed errors could leave it outside)
        lower80: Math.min(range.lower80, c.point),
        upper80: Math.max(range.upper80, c.point),
        lower95: Math.min(range.lower95, c.point),
        upper95: Math.max(range.upper95, c.point),
      };
    }),
    assumptions,
    interval,
  };
}

function describeSpan(series: RegionalSeries): string {
  const years = series.members.flatMap((m) => [...m.counts].filter(([, v]) => v !== null).map(([y]) => y));
  return years.length > 0 ? `${Math.min(...years)}-${Math.max(...years)}` : 'no counts';
}
