import type { CareHistory } from '../episodes/periods.js';
import { estimateDurationFlow, projectDurationFlow, type DurationFlowProjection } from '../methods/durationFlow.js';
import { DEFAULT_FLOW_OPTIONS, ENGLAND_DRIFT, estimateFlow, overDispersion, type FlowProjection } from '../methods/flow.js';
import { projectFlow } from '../methods/flowSimulation.js';
import { ratePer10k } from '../population/rates.js';
import { bandPopulation, type AlignedPopulation } from '../population/rebase.js';
import type { AreaHistory, Interval, ProjectedYear } from '../types.js';
import type { MethodProjection, ProjectionOptions } from './types.js';

/** flow, on published counts or on SSDA903 periods of care, as projected rows with simulated intervals. */

export function projectFlowMethod(
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
  if (parameters.bandsLacking !== undefined) warnings.push(`flow ran on all children 0-17, not by age band: ${parameters.bandsLacking}`);
  const flow = projectFlow(
    parameters,
    toYear,
    parameters.mode === 'bands'
      ? bands
      : (m) => {
          const t = total(m);
          return t === null ? null : [t];
        },
    options.populationLag,
    { simulations: flowOptions.simulations, seed: flowOptions.seed, scenario: flowOptions.scenario },
  );
  return simulatedMethod(flow.years, population, options.populationLag, { flow }, parameters.dispersion, flowOptions);
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
      entryDrift: ENGLAND_DRIFT.entry,
      exitDrift: ENGLAND_DRIFT.exit,
      variabilityFrom: 'history',
    };
  }
  const durations = projectDurationFlow(parameters, toYear, bands, options.populationLag, flowOptions);
  return simulatedMethod(durations.years, population, options.populationLag, { durations }, parameters.dispersion, flowOptions);
}

/** A flow projection (on counts or on periods of care) as the method's result, its intervals simulated. */
function simulatedMethod(
  rows: readonly { year: number; cla: number; interval: Interval }[],
  population: AlignedPopulation,
  populationLag: number,
  fitted: { flow: FlowProjection } | { durations: DurationFlowProjection },
  dispersion: number,
  flowOptions: { simulations: number; seed: number },
): MethodProjection {
  return {
    method: 'flow',
    years: simulatedYears(rows, population, populationLag),
    assumptions: { method: 'flow', ...fitted, simulations: flowOptions.simulations, seed: flowOptions.seed },
    interval: { unit: 'simulation', sigma: dispersion, changes: flowOptions.simulations },
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
