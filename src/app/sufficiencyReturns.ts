import { InsufficientDataError } from '../errors.js';
import { parseCosts } from '../io/placements.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { CODE_CATEGORIES } from '../model/episodes/placementTypes.js';
import { estimatePlacementTransitions, type PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import { projectPlacementTransitions } from '../model/methods/placementTransitionsSimulation.js';
import { bandPopulation } from '../model/population/rebase.js';
import { showCountedYearsAsHistory } from '../model/projection/afterReturns.js';
import { annualCosts, capacityGap, type Capacity } from '../model/sufficiency/placements.js';
import { SPLIT_BY_PROVIDER, demandFromTransitions, placesInUse } from '../model/sufficiency/transitionDemand.js';
import type { Area } from '../model/types.js';
import type { SufficiencyReport } from '../report/sufficiency.js';
import type { RunContext } from './context.js';
import { forEachArea, historyOf, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom, type ProjectionSettings } from './parameters.js';
import type { PlacementFiles } from './placements.js';
import { extensionFrom, populationOf } from './population.js';
import { loadReturns, otherCouncil } from './returns.js';

export interface ReturnsSufficiencySettings extends Omit<ProjectionSettings, 'methods' | 'baseYear'> {
  episodes: string[];
  includeShortBreaks?: boolean;
  inflation: number;
  capacity?: string;
}

/**
 * Sufficiency from a council's SSDA903 returns: placements by type from the transition model
 * (model/methods/placementTransitions.ts), beside the flow with durations fitted on the same
 * periods (its total is reported with the transitions' so that a gap between them is seen).
 */
export async function sufficiencyFromReturns(
  context: RunContext,
  settings: ReturnsSufficiencySettings,
  inputs: LoadedInputs,
  files: Pick<PlacementFiles, 'costs'>,
  capacityFor: (area: Area) => Capacity[] | undefined,
): Promise<{ reports: SufficiencyReport[]; transitions: PlacementTransitionParameters[] }> {
  const returns = await loadReturns(context, settings.episodes, inputs, { includeShortBreaks: settings.includeShortBreaks });
  const baseYear = returns.care.lastYear;
  const transitions: PlacementTransitionParameters[] = [];
  const problems = [...returns.data.problems, ...returns.built.problems];
  const reports = forEachArea(context, inputs, (area): SufficiencyReport => {
    const population = populationOf(context, inputs, area, settings.rebase, extensionFrom(settings));
    const history = historyOf(inputs, area);
    const parameters = projectionOptionsFrom(settings);
    // The flow with durations as `project --episodes` fits it (variability from the longer series).
    const flow = projectWithAuto(history, population.aligned, {
      ...parameters,
      flow: { ...parameters.flow, care: returns.care },
      methods: ['flow'],
      baseYear,
      toYear: settings.to,
    });
    const durations = flow.methods[0]!.assumptions;
    if (!('durations' in durations)) throw new Error('flow with durations expected from SSDA903 returns');
    const estimated = estimatePlacementTransitions(returns.care, durations.durations.parameters);
    transitions.push(estimated);
    const bands = (midYear: number) => bandPopulation(population.aligned, midYear);
    const projected = projectPlacementTransitions(estimated, flow.toYear, bands, settings.populationLag, {
      simulations: settings.simulations,
      seed: settings.seed,
    });
    // years the published history already counts after the last return are history: not projected
    const shown = showCountedYearsAsHistory(flow);
    const firstShown = shown.methods[0]!.years[0]?.year ?? Number.POSITIVE_INFINITY;
    const years = projected.years.filter((y) => y.year >= firstShown);
    if (years.length === 0) {
      throw new InsufficientDataError(`the history already counts every year to ${flow.toYear}: give a later --to`);
    }
    const demand = demandFromTransitions({ ...projected, years });
    const given = capacityFor(area);
    const capacity = given ?? placesInUse(estimated);
    const costs = parseCosts(files.costs.path, files.costs.text, baseYear, context.read);
    const warnings = [otherCouncil(returns, history), ...shown.warnings].filter((w): w is string => w !== undefined);
    const durationTotals = new Map(durations.durations.years.map((y) => [y.year, y.cla]));
    return {
      area,
      method: 'transitions',
      basis: {
        kind: 'transitions',
        firstYear: returns.care.firstYear,
        baseYear,
        measuredYears: estimated.years,
        simulations: settings.simulations,
        seed: settings.seed,
        inHouse: inHouseShares(estimated),
        comparison: years
          .filter((_, i) => i === 0 || i === years.length - 1)
          .map((y) => ({ year: y.year, transitions: y.total.cla, durations: durationTotals.get(y.year) ?? null })),
        shortBreaks: { included: settings.includeShortBreaks ?? false, ...returns.built.shortBreaks },
        problems,
      },
      baseYear,
      mix: { shares: new Map(), years: [] },
      capacity: given
        ? { given: true, source: settings.capacity ?? 'the capacity file' }
        : { given: false, year: baseYear, source: 'the SSDA903 returns' },
      source: { projection: shown, population },
      demand,
      gap: capacityGap(demand, capacity),
      costs: annualCosts(demand, costs, settings.inflation),
      inflation: settings.inflation,
      projection: years.map((y) => ({ year: y.year, cla: y.total.cla, ...y.total.interval })),
      warnings,
    };
  });
  return { reports, transitions };
}

/** In-house share of the types split by provider in the projection (supported accommodation) over the measured years. */
function inHouseShares(p: PlacementTransitionParameters): { type: string; share: number | null }[] {
  return SPLIT_BY_PROVIDER.map((type) => {
    const counts = p.provision[CODE_CATEGORIES.indexOf(type)]!;
    const total = counts.reduce((s, v) => s + v, 0);
    return { type, share: total > 0 ? counts[1]! / total : null };
  });
}
