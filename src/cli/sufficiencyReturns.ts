import { InsufficientDataError } from '../errors.js';
import { parseCosts } from '../io/placements.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { CODE_CATEGORIES } from '../model/episodes/placementTypes.js';
import { estimatePlacementTransitions, type PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import { projectPlacementTransitions } from '../model/methods/placementTransitionsSimulation.js';
import { bandPopulation } from '../model/population/rebase.js';
import { showCountedYearsAsHistory } from '../model/projection/afterReturns.js';
import { annualCosts, capacityGap, type Capacity } from '../model/sufficiency/placements.js';
import type { Area } from '../model/types.js';
import type { ExtendMethod } from '../model/population/rebase.js';
import { SPLIT_BY_PROVIDER, demandFromTransitions, placesInUse } from '../model/sufficiency/transitionDemand.js';
import { problemLines } from '../report/episodes.js';
import { formatNumber } from '../report/format.js';
import type { SufficiencyReport } from '../report/sufficiency.js';
import type { Io } from './context.js';
import { forEachArea, historyOf, type LoadedInputs } from './inputs.js';
import { extensionFrom, populationOf } from './population.js';
import { projectionOptionsFrom, type MethodParameters } from './project.js';
import { loadReturns, otherCouncilWarning } from './returns.js';

export interface ReturnsSufficiencyOptions extends MethodParameters {
  episodes: string[];
  includeShortBreaks?: boolean;
  to?: number;
  rebase: 'ratio' | 'none';
  inflation: number;
  capacity?: string;
  populationExtend?: ExtendMethod;
}

/**
 * Sufficiency from a council's SSDA903 returns: placements by type from the transition model
 * (model/methods/placementTransitions.ts), beside the flow with durations fitted on the same
 * periods (its total is reported with the transitions' so that a gap between them is seen).
 */
export async function sufficiencyFromReturns(
  options: ReturnsSufficiencyOptions,
  inputs: LoadedInputs,
  io: Io,
  files: { costs: { path: string; text: string } },
  capacityFor: (area: Area) => Capacity[] | undefined,
): Promise<{ reports: SufficiencyReport[]; transitions: PlacementTransitionParameters[]; problems: number }> {
  const returns = await loadReturns(options.episodes, inputs, io, { includeShortBreaks: options.includeShortBreaks });
  const baseYear = returns.care.lastYear;
  const transitions: PlacementTransitionParameters[] = [];
  const problems = [...returns.data.problems, ...returns.built.problems];
  const reports = forEachArea(inputs, io, (area): SufficiencyReport => {
    const population = populationOf(inputs, area, options.rebase, extensionFrom(options));
    const history = historyOf(inputs, area);
    const parameters = projectionOptionsFrom(options);
    // The flow with durations as `project --episodes` fits it (variability from the longer series).
    const flow = projectWithAuto(history, population.aligned, {
      ...parameters,
      flow: { ...parameters.flow, care: returns.care },
      methods: ['flow'],
      baseYear,
      toYear: options.to,
    });
    const durations = flow.methods[0]!.assumptions;
    if (!('durations' in durations)) throw new Error('flow with durations expected from SSDA903 returns');
    const estimated = estimatePlacementTransitions(returns.care, durations.durations.parameters);
    transitions.push(estimated);
    const bands = (midYear: number) => bandPopulation(population.aligned, midYear);
    const projected = projectPlacementTransitions(estimated, flow.toYear, bands, options.populationLag, {
      simulations: options.simulations,
      seed: options.seed,
    });
    // years the published history already counts after the last return are history: not projected
    const shown = showCountedYearsAsHistory(flow);
    const firstShown = shown.methods[0]!.years[0]?.year ?? Infinity;
    const years = projected.years.filter((y) => y.year >= firstShown);
    if (years.length === 0) {
      throw new InsufficientDataError(`the history already counts every year to ${flow.toYear}: give a later --to`);
    }
    const demand = demandFromTransitions({ ...projected, years });
    const given = capacityFor(area);
    const capacity = given ?? placesInUse(estimated);
    const costs = parseCosts(files.costs.path, files.costs.text, baseYear);
    const warnings = [otherCouncilWarning(returns, history), ...shown.warnings].filter((w): w is string => w !== undefined);
    const durationTotals = new Map(durations.durations.years.map((y) => [y.year, y.cla]));
    const comparison = years
      .filter((_, i) => i === 0 || i === years.length - 1)
      .map((y) => `${y.year} ${formatNumber(y.total.cla, 1)} against ${formatNumber(durationTotals.get(y.year) ?? NaN, 1)}`);
    const sb = returns.built.shortBreaks;
    return {
      area,
      method: 'transitions',
      methodNote:
        `placement transitions by age band from SSDA903 returns ${returns.care.firstYear}-${baseYear} (moves measured over ${estimated.years.join(', ')}), ` +
        `projected from 31 March ${baseYear}; ${options.simulations} simulated paths, seed ${options.seed}`,
      demandSource: `placement types from transitions between types in the SSDA903 returns (not a fixed mix); in-house and external children's homes apart (PLACE_PROVIDER); in-house share of supported accommodation held at ${sharesText(estimated)}`,
      baseYear,
      mix: { shares: new Map(), years: [] },
      capacity: given
        ? { given: true, source: options.capacity ?? 'the capacity file' }
        : { given: false, year: baseYear, source: 'the SSDA903 returns' },
      source: { projection: shown, population },
      demand,
      gap: capacityGap(demand, capacity),
      costs: annualCosts(demand, costs, options.inflation),
      inflation: options.inflation,
      projection: years.map((y) => ({ year: y.year, cla: y.total.cla, ...y.total.interval })),
      warnings,
      notes: [
        `total children (transitions against flow with durations on the same returns): ${comparison.join('; ')}. They differ because exits here depend on age band and placement type, there on age band and years in care; entrants and UASC are the same`,
        sb.episodes === 0 && !options.includeShortBreaks
          ? 'no short breaks (legal status V3/V4) in the returns'
          : options.includeShortBreaks
            ? `short breaks (V3/V4) kept: ${sb.episodes} episodes of ${sb.children} children`
            : `short breaks (V3/V4) left out, as DfE counts: ${sb.episodes} episodes of ${sb.children} children`,
        ...problemLines(problems).map((l) => `returns: ${l}`),
        ...problems
          .filter((p) => /straight after an episode ending X1/.test(p.reason))
          .map((p) => `start after X1 counted as a start with no cessation: ${p.file} line ${p.line}`),
      ],
    };
  });
  return { reports, transitions, problems: problems.length };
}

/** "supported 10% in-house" over the measured years. */
function sharesText(p: PlacementTransitionParameters): string {
  return SPLIT_BY_PROVIDER.map((type) => {
    const counts = p.provision[CODE_CATEGORIES.indexOf(type)]!;
    const total = counts.reduce((s, v) => s + v, 0);
    return `${type} ${total > 0 ? `${formatNumber((counts[1]! / total) * 100, 0)}% in-house` : 'no children'}`;
  }).join(', ');
}
