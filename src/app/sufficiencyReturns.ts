import { InsufficientDataError } from '../errors.js';
import { parseCosts } from '../io/placements.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { CODE_CATEGORIES } from '../model/episodes/placementTypes.js';
import { estimatePlacementTransitions, type PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import type { PlacementScenario } from '../model/methods/placementScenario.js';
import { projectPlacementTransitions, type PlacementTransitionProjection } from '../model/methods/placementTransitionsSimulation.js';
import { bandPopulation, type AlignedPopulation } from '../model/population/rebase.js';
import { showCountedYearsAsHistory } from '../model/projection/afterReturns.js';
import type { AreaProjection } from '../model/projection/types.js';
import { annualCosts, capacityGap, type Capacity, type WeeklyCost } from '../model/sufficiency/placements.js';
import { SPLIT_BY_PROVIDER, demandFromTransitions, placesInUse } from '../model/sufficiency/transitionDemand.js';
import type { Area, AreaHistory } from '../model/types.js';
import type { PopulationLayout } from '../io/population.js';
import type { ScenarioFile } from '../io/scenario.js';
import type { AreaScenarioReports } from '../report/placementScenarios.js';
import type { PopulationSummary } from '../report/model.js';
import type { SufficiencyReport } from '../report/sufficiency.js';
import type { RunContext } from './context.js';
import { forEachArea, historyOf, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom, type ProjectionSettings } from './parameters.js';
import { placementScenarioOf, requirePlacementEffect } from './placementScenarios.js';
import type { PlacementFiles } from './placements.js';
import { extensionFrom, populationOf, populationWithVariant } from './population.js';
import { loadReturns, otherCouncil, type CouncilReturns } from './returns.js';

/** What the transitions need: the returns and the projection's settings. */
export interface TransitionsSettings extends Omit<ProjectionSettings, 'methods' | 'baseYear'> {
  episodes: string[];
  populationLayout?: PopulationLayout;
  includeShortBreaks?: boolean;
}

export interface ReturnsSufficiencySettings extends TransitionsSettings {
  inflation: number;
  capacity?: string;
}

/** One area's transitions: estimated, projected under the baseline and each scenario (the years shown only). */
export interface AreaTransitions {
  area: Area;
  history: AreaHistory;
  population: PopulationSummary;
  /** The flow with durations as `project --episodes` fits it, its years counted by the history dropped. */
  shown: AreaProjection;
  durations: { years: { year: number; cla: number }[] };
  estimated: PlacementTransitionParameters;
  baseline: PlacementTransitionProjection;
  scenarios: { file: ScenarioFile; projection: PlacementTransitionProjection }[];
}

/**
 * Placement transitions from a council's SSDA903 returns for every selected area: the flow with
 * durations fitted on the returns, the moves between types estimated, and each projected under the
 * baseline and under each scenario file (the same seed, so that the paths differ only by the
 * scenario's changes). Years the published history already counts are dropped.
 */
export async function transitionsByArea(
  context: RunContext,
  settings: TransitionsSettings,
  inputs: LoadedInputs,
  scenarioFiles: readonly ScenarioFile[] = [],
): Promise<{ returns: CouncilReturns; areas: AreaTransitions[] }> {
  const scenarios = scenarioFiles.map((file) => ({ file, scenario: placementScenarioOf(file) }));
  const returns = await loadReturns(context, settings.episodes, inputs, { includeShortBreaks: settings.includeShortBreaks });
  const baseYear = returns.care.lastYear;
  const areas = forEachArea(context, inputs, (area): AreaTransitions => {
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
    for (const s of scenarios) requirePlacementEffect(s.file, flow.toYear);
    // years the published history already counts after the last return are history: not projected
    const shown = showCountedYearsAsHistory(flow);
    const firstShown = shown.methods[0]!.years[0]?.year ?? Number.POSITIVE_INFINITY;
    const project = (aligned: AlignedPopulation, scenario?: PlacementScenario): PlacementTransitionProjection => {
      const projected = projectPlacementTransitions(
        estimated,
        flow.toYear,
        (midYear) => bandPopulation(aligned, midYear),
        settings.populationLag,
        { simulations: settings.simulations, seed: settings.seed, scenario },
      );
      return { ...projected, years: projected.years.filter((y) => y.year >= firstShown) };
    };
    const baseline = project(population.aligned);
    if (baseline.years.length === 0) {
      throw new InsufficientDataError(`the history already counts every year to ${flow.toYear}: give a later --to`);
    }
    return {
      area,
      history,
      population,
      shown,
      durations: durations.durations,
      estimated,
      baseline,
      scenarios: scenarios.map(({ file, scenario }) => {
        const variant = file.populationFiles
          ? populationWithVariant(
              context,
              inputs,
              area,
              settings.rebase,
              file.populationFiles,
              settings.populationLayout,
              extensionFrom(settings),
            ).aligned
          : population.aligned;
        return { file, projection: project(variant, scenario) };
      }),
    };
  });
  return { returns, areas };
}

/**
 * Sufficiency from a council's SSDA903 returns: placements by type from the transition model
 * (model/methods/placementTransitions.ts), beside the flow with durations fitted on the same
 * periods (its total is reported with the transitions' so that a gap between them is seen); with
 * scenario files, each scenario's placements, gap and costs against the same places and prices.
 */
export async function sufficiencyFromReturns(
  context: RunContext,
  settings: ReturnsSufficiencySettings,
  inputs: LoadedInputs,
  files: Pick<PlacementFiles, 'costs'>,
  capacityFor: (area: Area) => Capacity[] | undefined,
  scenarioFiles: readonly ScenarioFile[] = [],
): Promise<{ reports: SufficiencyReport[]; transitions: PlacementTransitionParameters[]; scenarios?: AreaScenarioReports[] }> {
  const { returns, areas } = await transitionsByArea(context, settings, inputs, scenarioFiles);
  const baseYear = returns.care.lastYear;
  const problems = [...returns.data.problems, ...returns.built.problems];
  const costs = parseCosts(files.costs.path, files.costs.text, baseYear, context.read);
  const reports = areas.map((t): SufficiencyReport => {
    const { area, estimated, shown, population } = t;
    const years = t.baseline.years;
    const given = capacityFor(area);
    const capacity = given ?? placesInUse(estimated);
    const warnings = [otherCouncil(returns, t.history), ...shown.warnings].filter((w): w is string => w !== undefined);
    const durationTotals = new Map(t.durations.years.map((y) => [y.year, y.cla]));
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
      ...placementsFrom(t.baseline, capacity, costs, settings.inflation),
      inflation: settings.inflation,
      warnings,
    };
  });
  const scenarios =
    scenarioFiles.length === 0
      ? undefined
      : areas.map((t, i) => {
          const baseline = reports[i]!;
          const capacity = capacityFor(t.area) ?? placesInUse(t.estimated);
          return {
            area: t.area,
            runs: t.scenarios.map((s) => ({
              name: s.file.scenario.name,
              description: s.file.description,
              source: s.file.source,
              report: { ...baseline, ...placementsFrom(s.projection, capacity, costs, settings.inflation) },
            })),
          };
        });
  return { reports, transitions: areas.map((t) => t.estimated), ...(scenarios ? { scenarios } : {}) };
}

/** A projection's placements by type, gap against the places and costs, and its totals. */
function placementsFrom(
  projected: PlacementTransitionProjection,
  capacity: readonly Capacity[],
  costs: readonly WeeklyCost[],
  inflation: number,
): Pick<SufficiencyReport, 'demand' | 'gap' | 'costs' | 'projection'> {
  const demand = demandFromTransitions(projected);
  return {
    demand,
    gap: capacityGap(demand, capacity),
    costs: annualCosts(demand, costs, inflation),
    projection: projected.years.map((y) => ({ year: y.year, cla: y.total.cla, ...y.total.interval })),
  };
}

/** In-house share of the types split by provider in the projection (supported accommodation) over the measured years. */
function inHouseShares(p: PlacementTransitionParameters): { type: string; share: number | null }[] {
  return SPLIT_BY_PROVIDER.map((type) => {
    const counts = p.provision[CODE_CATEGORIES.indexOf(type)]!;
    const total = counts.reduce((s, v) => s + v, 0);
    return { type, share: total > 0 ? counts[1]! / total : null };
  });
}
