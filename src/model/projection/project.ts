import { InputError, InsufficientDataError } from '../../errors.js';
import type { CareHistory } from '../episodes/periods.js';
import { averageRate } from '../methods/avg3.js';
import { estimateDurationFlow, projectDurationFlow } from '../methods/durationFlow.js';
import { DEFAULT_FLOW_OPTIONS, estimateFlow, levelDrift, overDispersion } from '../methods/flow.js';
import { projectFlow } from '../methods/flowSimulation.js';
import { lastObservedCount } from '../methods/naive.js';
import { dampedTrendRate, fitTrend } from '../methods/trend.js';
import { countFromRate, observedRates, ratePer10k, type ObservedRate } from '../population/rates.js';
import { bandPopulation, type AlignedPopulation } from '../population/rebase.js';
import { randomWalkInterval, randomWalkSpread } from '../stats/intervals.js';
import type { ActualYear, AreaHistory, BaseMethodName, Interval, ProjectedYear } from '../types.js';
import type { AreaProjection, IntervalBasis, MethodProjection, ProjectionOptions } from './types.js';

/**
 * Project one area's children looked after with each requested method, from its history up to the
 * base year and its (aligned) 0-17 population. Pure: the same inputs give the same numbers.
 * @throws InsufficientDataError when a method cannot be fitted; InputError `no-population` when a
 *   projected year has no population
 */
export function projectArea(
  history: AreaHistory,
  population: AlignedPopulation,
  options: ProjectionOptions,
): AreaProjection {
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

  const projectedYears: number[] = [];
  for (let year = baseYear + 1; year <= toYear; year++) projectedYears.push(year);
  const needsPopulation = options.methods.some((m) => m !== 'naive');
  if (needsPopulation) requirePopulation(projectedYears, populationFor, lag, population);

  const rates = observedRates(history, population.series, lag, baseYear);
  const fit = (method: BaseMethodName): MethodProjection => {
    switch (method) {
      case 'avg3':
        return projectAverage(rates, projectedYears, populationFor, options, warnings);
      case 'trend':
        return projectTrend(rates, projectedYears, populationFor, baseYear, options);
      case 'naive':
        return projectNaive(history, base, projectedYears, populationFor);
      case 'flow':
        return projectFlowMethod(history, population, baseYear, toYear, options, warnings);
    }
  };
  const methods: MethodProjection[] = [];
  for (const method of options.methods) {
    try {
      methods.push(fit(method));
    } catch (err) {
      if (!(err instanceof InsufficientDataError) || !options.optional?.includes(method)) throw err;
      warnings.push(`${method} left out: ${err.message}`);
    }
  }
  return { area: history.area, baseYear, toYear, populationLag: lag, actual, methods, warnings };
}

function requirePopulation(
  years: number[],
  populationFor: (year: number) => number | null,
  lag: number,
  population: AlignedPopulation,
): void {
  const missing = years.find((year) => populationFor(year) === null);
  if (missing === undefined) return;
  const known = [...population.series.keys()].sort((a, b) => a - b);
  const range = known.length > 0 ? `mid-${known[0]} to mid-${known[known.length - 1]}` : 'no years';
  throw new InputError(
    'no-population',
    `no 0-17 population for mid-${missing - lag}, needed for the year ending 31 March ${missing} ` +
      `(population given for ${range}); add a projection that covers it or lower --to`,
  );
}

function rateSpread(rates: ObservedRate[], method: string): IntervalBasis {
  const spread = randomWalkSpread(rates.map((r) => ({ year: r.year, value: r.ratePer10k })));
  if (spread === undefined) {
    throw new InsufficientDataError(`${method} intervals require at least 3 consecutive years with a rate`);
  }
  return { ...spread, unit: 'rate' };
}

function projectFromRates(
  years: number[],
  baseYear: number,
  rateAt: (year: number) => number,
  spread: IntervalBasis,
  populationFor: (year: number) => number | null,
): ProjectedYear[] {
  return years.map((year) => {
    const population0to17 = populationFor(year)!;
    const rate = rateAt(year);
    return {
      year,
      population0to17,
      ratePer10k: rate,
      cla: countFromRate(rate, population0to17),
      ...randomWalkInterval(rate, spread, year - baseYear, population0to17 / 10_000),
    };
  });
}

function projectAverage(
  rates: ObservedRate[],
  years: number[],
  populationFor: (year: number) => number | null,
  options: ProjectionOptions,
  warnings: string[],
): MethodProjection {
  const average = averageRate(rates, options.window);
  if (average.years.length < options.window) {
    warnings.push(`avg3 averaged ${average.years.length} years (${average.years.join(', ')}), fewer than --window ${options.window}`);
  }
  const interval = rateSpread(rates, 'avg3');
  const baseYear = years[0]! - 1;
  return {
    method: 'avg3',
    years: projectFromRates(years, baseYear, () => average.ratePer10k, interval, populationFor),
    assumptions: { method: 'avg3', ratePer10k: average.ratePer10k, years: average.years },
    interval,
  };
}

function projectTrend(
  rates: ObservedRate[],
  years: number[],
  populationFor: (year: number) => number | null,
  baseYear: number,
  options: ProjectionOptions,
): MethodProjection {
  const fit = fitTrend(rates, options.trendYears, baseYear);
  const interval = rateSpread(rates, 'trend');
  return {
    method: 'trend',
    years: projectFromRates(
      years,
      baseYear,
      (year) => dampedTrendRate(fit, options.damping, year - baseYear),
      interval,
      populationFor,
    ),
    assumptions: { method: 'trend', fit, damping: options.damping },
    interval,
  };
}

function projectNaive(
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

function projectFlowMethod(
  history: AreaHistory,
  population: AlignedPopulation,
  baseYear: number,
  toYear: number,
  options: ProjectionOptions,
  warnings: string[],
): MethodProjection {
  const flowOptions = { ...DEFAULT_FLOW_OPTIONS, ...options.flow };
  const total = (midYear: number) => population.series.get(midYear)?.population0to17 ?? null;
  const bands = (midYear: number) => bandPopulation(population, midYear);
  if (flowOptions.care) {
    return projectFlowWithDurations(flowOptions.care, history, population, baseYear, toYear, options, flowOptions);
  }
  const parameters = estimateFlow(history, history.byAge, bands, total, baseYear, {
    window: options.window,
    populationLag: options.populationLag,
    uascExitShare: flowOptions.uascExitShare,
    simulations: flowOptions.simulations,
    seed: flowOptions.seed,
  });
  if (parameters.mode === 'totals' && history.byAge !== undefined) {
    warnings.push('flow ran on totals: the by-age history or the population by single year of age does not cover the years it needs');
  }
  const flow = projectFlow(parameters, toYear, parameters.mode === 'bands' ? bands : (m) => {
    const t = total(m);
    return t === null ? null : [t];
  }, options.populationLag, { simulations: flowOptions.simulations, seed: flowOptions.seed, scenario: flowOptions.scenario });
  return {
    method: 'flow',
    years: simulatedYears(flow.years, population, options.populationLag),
    assumptions: { method: 'flow', flow, simulations: flowOptions.simulations, seed: flowOptions.seed },
    interval: { unit: 'simulation', sigma: parameters.dispersion, changes: flowOptions.simulations },
  };
}

/**
 * The flow method fitted on periods of care (SSDA903): exit hazards by completed years in care. The
 * year-to-year variability of starts and exits is read from whichever is longer, the returns or the
 * council's published history: a few years of returns measure drift poorly.
 */
function projectFlowWithDurations(
  care: CareHistory,
  history: AreaHistory,
  population: AlignedPopulation,
  baseYear: number,
  toYear: number,
  options: ProjectionOptions,
  flowOptions: { simulations: number; seed: number },
): MethodProjection {
  const bands = (midYear: number) => bandPopulation(population, midYear);
  let parameters = estimateDurationFlow(care, baseYear, options.window, bands, options.populationLag);
  const publishedYears = history.years.filter((y) => y.year <= baseYear && y.starts !== null && y.ceased !== null).length;
  if (publishedYears > baseYear - care.firstYear + 1) {
    parameters = {
      ...parameters,
      dispersion: overDispersion(history, baseYear, 'starts'),
      exitDispersion: overDispersion(history, baseYear, 'ceased'),
      entryDrift: levelDrift(history, baseYear, 'starts'),
      exitDrift: levelDrift(history, baseYear, 'ceased'),
      variabilityFrom: 'history',
    };
  }
  const durations = projectDurationFlow(parameters, toYear, bands, options.populationLag, flowOptions);
  return {
    method: 'flow',
    years: simulatedYears(durations.years, population, options.populationLag),
    assumptions: { method: 'flow', durations, simulations: flowOptions.simulations, seed: flowOptions.seed },
    interval: { unit: 'simulation', sigma: parameters.dispersion, changes: flowOptions.simulations },
  };
}

/**
 * Simulated years as projected rows: the central path with the simulated quantiles, which can
 * disagree slightly with it, widened so that an interval always holds its point.
 */
function simulatedYears(
  rows: readonly { year: number; cla: number; interval: Interval }[],
  population: AlignedPopulation,
  populationLag: number,
): ProjectedYear[] {
  return rows.map((row) => {
    const population0to17 = population.series.get(row.year - populationLag)?.population0to17 ?? null;
    return {
      year: row.year,
      population0to17,
      ratePer10k: population0to17 !== null ? ratePer10k(row.cla, population0to17) : null,
      cla: row.cla,
      lower80: Math.min(row.interval.lower80, row.cla),
      upper80: Math.max(row.interval.upper80, row.cla),
      lower95: Math.min(row.interval.lower95, row.cla),
      upper95: Math.max(row.interval.upper95, row.cla),
    };
  });
}
