import { UsageError } from '../errors.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { lastObservedCount } from '../model/methods/naive.js';
import { flowFromReturns, showCountedYearsAsHistory } from '../model/projection/afterReturns.js';
import type { AreaProjection } from '../model/projection/types.js';
import type { Area, BaseMethodName } from '../model/types.js';
import type { GroupProjection } from '../report/groupModel.js';
import type { RunHeader } from '../report/json.js';
import type { AreaReport } from '../report/model.js';
import type { RunContext } from './context.js';
import { forEachArea, historyOf, loadInputs, successorWarning, type InputOptions, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom, runParameters, type ProjectionSettings } from './parameters.js';
import { extensionFrom, populationOf } from './population.js';
import { projectGroups, type GroupProjectSettings } from './groups.js';
import { recommendedContext } from './regions.js';
import { loadReturns, otherCouncil, type CouncilReturns } from './returns.js';

export interface ProjectSettings extends InputOptions, ProjectionSettings {
  /** The methods were not chosen: leave out, with a warning, what the data cannot support. */
  defaultMethods: boolean;
  episodes?: string[];
  includeShortBreaks?: boolean;
}

/** Every selected area projected by every method asked for, with what it was made from. */
export interface ProjectionRun {
  inputs: LoadedInputs;
  reports: AreaReport[];
  returns?: CouncilReturns;
}

/**
 * Load the inputs and project every selected area (project, chart and report). With one area its
 * warnings go to the log as well as into the output.
 */
export async function projectAreas(
  context: RunContext,
  settings: ProjectSettings,
  skipped?: { area: Area; reason: string }[],
): Promise<ProjectionRun> {
  const inputs = loadInputs(context, settings, settings);
  const returns = settings.episodes
    ? await loadReturns(context, settings.episodes, inputs, { includeShortBreaks: settings.includeShortBreaks })
    : undefined;
  if (returns && settings.baseYear !== undefined && settings.baseYear !== returns.care.lastYear) {
    const last = returns.care.lastYear;
    throw new UsageError(
      `the latest SSDA903 return is for the year ending 31 March ${last}: flow with durations starts there, so --base-year must be ${last} (or left out)`,
    );
  }
  const recommendedFor = recommendedContext(
    context,
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const reports = forEachArea(
    context,
    inputs,
    (area): AreaReport => {
      const population = populationOf(context, inputs, area, settings.rebase, extensionFrom(settings));
      const parameters = projectionOptionsFrom(settings);
      const history = historyOf(inputs, area);
      const options = {
        ...parameters,
        flow: { ...parameters.flow, care: returns?.care },
        // The regional files are read only for the recommended method (start-up, bench/README.md).
        recommended: settings.methods.includes('recommended') ? recommendedFor(area) : undefined,
        methods: settings.methods,
        // The default run leaves out, with a warning, what the data cannot support (a new council's one
        // year of history, flow without starts and ceased); methods asked for by name must fit.
        optional: settings.defaultMethods ? ['avg3', 'trend', 'naive', 'flow'] : ([] as BaseMethodName[]),
        baseYear: returns?.care.lastYear ?? settings.baseYear,
        toYear: settings.to,
      } satisfies Parameters<typeof projectWithAuto>[2];
      let projection: AreaProjection;
      const others = settings.methods.filter((m) => m !== 'flow');
      const published = returns && settings.baseYear === undefined ? lastObservedCount(history.years).year : undefined;
      if (returns && others.length > 0 && published !== undefined && published > returns.care.lastYear) {
        // Returns are for the flow (and placements), not the headline: a later published count is the
        // base of every other method, and flow with durations starts from the latest return. (Flow
        // alone starts from the latest return, the later published years shown as history.)
        const main = projectWithAuto(history, population.aligned, {
          ...options,
          methods: others,
          flow: parameters.flow,
          baseYear: undefined,
        });
        projection = settings.methods.includes('flow')
          ? flowFromReturns(main, projectWithAuto(history, population.aligned, { ...options, methods: ['flow'] }), settings.methods)
          : main;
      } else {
        projection = projectWithAuto(history, population.aligned, options);
        if (returns) projection = showCountedYearsAsHistory(projection);
      }
      if (returns) {
        // in the output itself (table, JSON), not only on stderr
        const warning = otherCouncil(returns, history);
        if (warning) projection.warnings.push(warning);
      }
      const successor = successorWarning(inputs, area);
      if (successor) projection.warnings.push(successor);
      return { projection, population };
    },
    skipped,
  );
  if (!inputs.many) for (const w of reports[0]!.projection.warnings) context.log.warn(w);
  return { inputs, reports, returns };
}

/** `project --group`'s output: every group's projection, with the JSON blocks every command shares. */
export function projectGroupsOutput(
  context: RunContext,
  settings: GroupProjectSettings,
): { header: RunHeader; projections: GroupProjection[] } {
  const { projections } = projectGroups(context, settings);
  return { header: { command: 'project', parameters: runParameters(settings), inputs: context.inputs, notes: [] }, projections };
}
