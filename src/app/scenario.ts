import { InputError, InsufficientDataError } from '../errors.js';
import type { ScenarioFile } from '../io/scenario.js';
import type { PlacementTransitionProjection } from '../model/methods/placementTransitionsSimulation.js';
import { areaMatchesQuery, describeArea } from '../model/areas/matching.js';
import type { FlowParameters } from '../model/methods/flow.js';
import { scenarioProblems } from '../model/methods/flowSimulation.js';
import { projectArea } from '../model/projection/project.js';
import type { Area } from '../model/types.js';
import type { ScenarioRun } from '../report/scenario.js';
import type { TransitionScenarioRun, TransitionTotal } from '../report/transitionScenarios.js';
import type { RunContext } from './context.js';
import { forEachArea, historyOf, loadInputs, type InputOptions, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom, type ProjectionSettings } from './parameters.js';
import { readScenarioFiles, refusePlacementRules } from './placementScenarios.js';
import { extensionFrom, populationOf, populationWithVariant } from './population.js';
import { recommendedContext } from './regions.js';
import { transitionsByArea, type AreaTransitions } from './sufficiencyReturns.js';

export interface ScenarioSettings extends InputOptions, Omit<ProjectionSettings, 'methods' | 'baseYear'> {
  scenario: string[];
  /** SSDA903 returns: the totals then come from the placement transitions. */
  episodes?: string[];
  includeShortBreaks?: boolean;
}

/** Every selected area under the baseline and each scenario file (the flow method, or the transitions with --episodes). */
export interface ScenarioRunResult {
  inputs: LoadedInputs;
  scenarios: ScenarioFile[];
  runs: ScenarioRun[];
  transitions?: TransitionScenarioRun[];
}

const FIELD_NAMES = { entryRate: 'entry_rate', exitShare: 'exit_share', uascArrivals: 'uasc_arrivals' } as const;

/** A scenario rule with nothing to act on is an error naming the file, its line and the way out. */
export function requireEffect(s: ScenarioFile, parameters: FlowParameters, firstYear: number, lastYear: number, area: Area): void {
  const [problem] = scenarioProblems(s.scenario, parameters, firstYear, lastYear);
  if (!problem) return;
  const field = FIELD_NAMES[problem.field];
  const line = problem.field === 'uascArrivals' ? s.where.uascArrivals : s.where[problem.field][problem.index ?? 0];
  throw new InputError(
    'scenario-cannot-act',
    `this rule cannot change the projection of ${describeArea(area)}: ${problem.reason}; ${problem.fix}`,
    {
      file: s.source,
      line,
      column: problem.index === undefined ? field : `${field}[${problem.index}]`,
    },
  );
}

export async function scenarioRuns(context: RunContext, settings: ScenarioSettings): Promise<ScenarioRunResult> {
  const scenarios = readScenarioFiles(context, settings.scenario);
  if (!settings.episodes) refusePlacementRules(scenarios);
  const inputs = loadInputs(context, settings, settings);
  if (settings.episodes) {
    const { areas } = await transitionsByArea(context, { ...settings, episodes: settings.episodes }, inputs, scenarios);
    const totals = (t: AreaTransitions, projection: PlacementTransitionProjection): TransitionTotal[] =>
      projection.years.map((y) => ({
        year: y.year,
        cla: y.total.cla,
        ...y.total.interval,
        population0to17: t.population.aligned.series.get(y.year - settings.populationLag)?.population0to17 ?? null,
      }));
    const transitions = areas.map((t) => ({
      area: t.area,
      baseline: totals(t, t.baseline),
      scenarios: t.scenarios.map((s) => ({
        name: s.file.scenario.name,
        description: s.file.description,
        source: s.file.source,
        projection: totals(t, s.projection),
      })),
    }));
    return { inputs, scenarios, runs: [], transitions };
  }
  const projection = { ...projectionOptionsFrom(settings), methods: ['flow'] as const, toYear: settings.to };
  const recommendedFor = recommendedContext(
    context,
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const runs = forEachArea(context, inputs, (area): ScenarioRun => {
    const history = historyOf(inputs, area);
    const population = populationOf(context, inputs, area, settings.rebase, extensionFrom(settings));
    const baseline = projectArea(history, population.aligned, projection);
    // The headline sufficiency and report lead with: each scenario's effect is scaled onto it.
    let recommended: ScenarioRun['recommended'];
    try {
      const headline = projectArea(history, population.aligned, {
        ...projection,
        methods: ['recommended'],
        recommended: recommendedFor(area),
      });
      recommended = headline.methods[0];
    } catch (err) {
      if (!(err instanceof InsufficientDataError)) throw err;
      recommended = { unavailable: err.message };
    }
    const flow = baseline.methods[0]!.assumptions;
    // a scenario with an `area` is for that council alone: the others keep their baseline under it
    const applies = (s: ScenarioFile) => s.area === undefined || areaMatchesQuery(area, s.area.name);
    const stray = scenarios.find((s) => !applies(s) && !inputs.many);
    if (stray) {
      throw new InputError('unknown-area', `this scenario is for "${stray.area!.name}", and the run is of ${describeArea(area)}`, {
        file: stray.source,
        line: stray.area!.line,
        column: 'area',
      });
    }
    if (flow.method === 'flow' && 'flow' in flow) {
      for (const s of scenarios.filter(applies)) requireEffect(s, flow.flow.parameters, baseline.baseYear + 1, baseline.toYear, area);
    }
    return {
      area,
      baseline,
      recommended,
      scenarios: scenarios.map((s) => {
        if (!applies(s)) return { name: s.scenario.name, description: s.description, source: s.source, projection: baseline };
        const variant = s.populationFiles
          ? populationWithVariant(
              context,
              inputs,
              area,
              settings.rebase,
              s.populationFiles,
              settings.populationLayout,
              extensionFrom(settings),
            ).aligned
          : population.aligned;
        return {
          name: s.scenario.name,
          description: s.description,
          source: s.source,
          rules: s.scenario,
          projection: projectArea(history, variant, { ...projection, flow: { ...projection.flow, scenario: s.scenario } }),
        };
      }),
    };
  });
  return { inputs, scenarios, runs };
}
