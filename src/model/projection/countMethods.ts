import { InsufficientDataError } from '../../errors.js';
import { firstWithGrowth, type RegionalSeries } from '../areas/regions.js';
import { RECOMMENDED_DAMPING, recommendedForecast, sizeBandOf } from '../methods/recommended.js';
import { rangeAround, rangeCalibration } from '../methods/recommendedRanges.js';
import { ratePer10k } from '../population/rates.js';
import { chanceRange, randomWalkInterval, randomWalkSpread, widest } from '../stats/intervals.js';
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
 * share of the region's growth to the base year, with ranges from the past errors of every council
 * (`methods/recommendedRanges.ts`), never narrower than chance alone. Without a regional series that
 * reaches the base year it is the naive forecast, with naive's intervals, and the Assumptions say why.
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
  const calibration = inputs?.calibration ? rangeCalibration(inputs.calibration, base.year) : undefined;
  const rows = years.map((year) => {
    const horizon = year - base.year;
    return {
      year,
      horizon,
      range: calibration?.range(horizon, band),
      point: recommendedForecast(base.cla, regional.growth.growth, horizon, damping),
    };
  });
  const { series, growth } = regional;
  const assumptions: RecommendedAssumptions = {
    method: 'recommended',
    year: base.year,
    cla: base.cla,
    damping,
    region: { region: series.region, source: series.source, files: series.files, growth },
  };
  let intervalAt: (row: (typeof rows)[number]) => Interval;
  let interval: IntervalBasis;
  const first = rows[0]?.range;
  if (calibration !== undefined && first !== undefined && rows.every((r) => r.range !== undefined)) {
    const origins = calibration.shocks.filter((s) => s.horizon === 1).map((s) => s.origin);
    assumptions.calibration = {
      description: calibration.description,
      asOf: calibration.knownTo,
      band,
      origins: { first: Math.min(...origins), last: Math.max(...origins), n: origins.length },
      years: rows.map((r) => ({ year: r.year, horizon: r.horizon, measuredHorizon: r.range!.measuredHorizon, pool: r.range!.pool })),
    };
    intervalAt = (r) => rangeAround(r.point, r.range!);
    interval = { unit: 'empirical', sigma: (first.q90 - first.q10) / 2, changes: first.pool.n };
  } else {
    // No calibration made by the base year (a base year before any error was known): naive's spread.
    const naive = projectNaive(history, base, years, populationFor);
    assumptions.fallback = `its ranges are naive's: no past errors from 3 origins known by ${base.year}`;
    intervalAt = (r) => naive.years.find((y) => y.year === r.year)!;
    interval = naive.interval;
  }
  const chanceYears: number[] = [];
  const projected = rows.map((r) => {
    const population0to17 = populationFor(r.year);
    const measured = intervalAt(r);
    const chance = chanceRange(r.point);
    if (chance.lower80 < measured.lower80 || chance.upper80 > measured.upper80) chanceYears.push(r.year);
    // an interval always holds its point, and never less than chance alone allows
    const range = widest(widest(measured, chance), { lower80: r.point, upper80: r.point, lower95: r.point, upper95: r.point });
    return {
      year: r.year,
      population0to17,
      ratePer10k: population0to17 !== null ? ratePer10k(r.point, population0to17) : null,
      cla: r.point,
      ...range,
    };
  });
  if (chanceYears.length > 0) assumptions.chanceYears = chanceYears;
  return { method: 'recommended', years: projected, assumptions, interval };
}

function describeSpan(series: RegionalSeries): string {
  const years = series.members.flatMap((m) => [...m.counts].filter(([, v]) => v !== null).map(([y]) => y));
  return years.length > 0 ? `${Math.min(...years)}-${Math.max(...years)}` : 'no counts';
}
