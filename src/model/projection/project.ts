import { InputError, InsufficientDataError } from '../../errors.js';
import { lastObservedCount } from '../methods/naive.js';
import { observedRates, ratePer10k } from '../population/rates.js';
import type { AlignedPopulation } from '../population/rebase.js';
import { describeArea } from '../areas/matching.js';
import { chanceRange, neverNarrower, widest } from '../stats/intervals.js';
import type { ActualYear, Area, AreaHistory, BaseMethodName } from '../types.js';
import { projectNaive, projectRecommended } from './countMethods.js';
import { projectFlowMethod } from './flowMethods.js';
import { leftOutWarning } from './leftOut.js';
import { projectAverage, projectTrend } from './rateMethods.js';
import type { AreaProjection, MethodProjection, ProjectionOptions } from './types.js';

/**
 * Project one area's children looked after with each requested method, from its history up to the
 * base year and its (aligned) 0-17 population. Pure: the same inputs give the same numbers.
 * @throws InsufficientDataError when a method cannot be fitted; InputError `no-population` when a
 *   projected year has no population
 */
export function projectArea(history: AreaHistory, population: AlignedPopulation, options: ProjectionOptions): AreaProjection {
  const lag = options.populationLag;
  const warnings: string[] = [];
  const base = lastObservedCount(history.years, options.baseYear ?? Infinity);
  if (options.baseYear !== undefined && base.year !== options.baseYear) {
    throw new InsufficientDataError(
      `base year ${options.baseYear} has no count for ${history.area.name}; the last year with one before it is ${base.year}`,
    );
  }
  const baseYear = base.year;
  const toYear = options.toYear ?? baseYear + 10;
  if (toYear <= baseYear) {
    throw new InsufficientDataError(`the last projected year (${toYear}) must be after the base year (${baseYear})`);
  }
  const populationFor = (year: number) => population.series.get(year - lag)?.population0to17 ?? null;
  const actual: ActualYear[] = history.years.map(({ year, cla }) => {
    const population0to17 = populationFor(year);
    return {
      year,
      cla,
      population0to17,
      ratePer10k: cla !== null && population0to17 !== null ? ratePer10k(cla, population0to17) : null,
    };
  });
  const suppressed = history.years.filter((y) => y.cla === null && y.year <= baseYear).map((y) => y.year);
  if (suppressed.length > 0) {
    warnings.push(`no count for ${suppressed.join(', ')} (suppressed or missing): left out of rates and spreads`);
  }
  // Years the history lists after the base without a count: the latest count is hidden, not absent.
  const hidden = options.baseYear === undefined ? history.years.filter((y) => y.year > baseYear && y.cla === null).map((y) => y.year) : [];
  const smallHidden = hidden.length > 0 && base.cla < SMALL_COUNT;
  if (hidden.length > 0) {
    warnings.push(
      `${hidden.join(', ')} ${hidden.length === 1 ? 'has' : 'have'} no published count (suppressed to protect confidentiality, "c", or not published): ` +
        `projected from ${baseYear}'s count of ${base.cla}` +
        (smallHidden
          ? `; with fewer than ${SMALL_COUNT} children a suppressed count is a small one, so every range from ${hidden[0]} reaches down to 0`
          : ''),
    );
  }
  if (base.cla === 0) {
    warnings.push(
      `no children looked after on 31 March ${baseYear}: there is no spread to measure, so the ranges are what chance alone allows ` +
        '(a council with none may have one or two a year later)',
    );
  }

  const projectedYears: number[] = [];
  for (let year = baseYear + 1; year <= toYear; year++) projectedYears.push(year);
  const needsPopulation = options.methods.some((m) => m !== 'naive' && m !== 'recommended');
  if (needsPopulation) requirePopulation(history.area, projectedYears, populationFor, lag, population);

  const rates = observedRates(history, population.series, lag, baseYear);
  const fit = (method: BaseMethodName): MethodProjection => {
    switch (method) {
      case 'avg3':
        return projectAverage(rates, projectedYears, populationFor, options, warnings);
      case 'trend':
        return projectTrend(rates, projectedYears, populationFor, baseYear, options);
      case 'naive':
        return projectNaive(history, base, projectedYears, populationFor);
      case 'recommended':
        return projectRecommended(history, base, projectedYears, populationFor, options.recommended);
      case 'flow':
        return projectFlowMethod(history, population, baseYear, toYear, options, warnings);
    }
  };
  const methods: MethodProjection[] = [];
  for (const method of options.methods) {
    try {
      const fitted = withFloors(fit(method));
      methods.push(smallHidden ? reachingDownTo0(fitted, hidden[0]!) : fitted);
    } catch (err) {
      if (!(err instanceof InsufficientDataError) || !options.optional?.includes(method)) throw err;
      warnings.push(leftOutWarning(method, history, rates, baseYear, err.message));
    }
  }
  return { area: history.area, baseYear, toYear, populationLag: lag, actual, methods, warnings };
}

/**
 * Every method's ranges: never narrower than chance alone moves a count (`chanceRange`), always
 * holding the point, and never narrower further ahead relative to the point (`neverNarrower`).
 */
export function withFloors(projection: MethodProjection): MethodProjection {
  const floored = projection.years.map((y) => ({
    ...y,
    ...widest(widest(y, chanceRange(y.cla)), { lower80: y.cla, upper80: y.cla, lower95: y.cla, upper95: y.cla }),
  }));
  return { ...projection, years: neverNarrower(floored) };
}

/** A count under this, suppressed in a later year, is taken to hide a small number (DfE's "c"). */
const SMALL_COUNT = 10;

/** Every range from `fromYear` on reaches down to 0 (what a suppressed small count may hide). */
function reachingDownTo0(projection: MethodProjection, fromYear: number): MethodProjection {
  return { ...projection, years: projection.years.map((y) => (y.year >= fromYear ? { ...y, lower80: 0, lower95: 0 } : y)) };
}

/**
 * Every projected year needs its mid-year population; the message names the area, the missing
 * mid-years and both ways out (a projection file, or extending the population on request).
 */
function requirePopulation(
  area: Area,
  years: number[],
  populationFor: (year: number) => number | null,
  lag: number,
  population: AlignedPopulation,
): void {
  const missing = years.filter((year) => populationFor(year) === null).map((year) => year - lag);
  if (missing.length === 0) return;
  const known = [...population.series.keys()].sort((a, b) => a - b);
  const range = known.length > 0 ? `mid-${known[0]} to mid-${known[known.length - 1]}` : 'no mid-year';
  const midYears = missing.length === 1 ? `mid-${missing[0]}` : `mid-${missing[0]} to mid-${missing.at(-1)}`;
  throw new InputError(
    'no-population',
    `no 0-17 population for ${describeArea(area)} for ${midYears}, needed to project to 31 March ${missing.at(-1)! + lag} ` +
      `(population given for ${range}): add a projection that covers ${missing.length === 1 ? 'it' : 'them'} ` +
      `(--population FILE: ONS subnational projection, GLA projection), or --population-extend flat (hold the last ` +
      `mid-year) or trend (continue the damped trend of the last 5 estimates), or lower --to`,
  );
}
