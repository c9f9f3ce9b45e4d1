import { InputError, UsageError } from '../errors.js';
import type { ScenarioFile } from '../io/scenario.js';
import { areaMatchesQuery, describeArea } from '../model/areas/matching.js';
import { projectArea } from '../model/projection/project.js';
import { namesGroup } from '../model/sufficiency/group.js';
import type { GroupProjection, GroupScenarioRun } from '../report/groupModel.js';
import type { ScenarioRun } from '../report/scenario.js';
import type { RunContext } from './context.js';
import { loadGroupInputs, projectGroups, type GroupInputs, type GroupSettings } from './groups.js';
import { historyOf } from './inputs.js';
import { describeScenarioFiles, readScenarioFiles, refusePlacementRules } from './placementScenarios.js';
import { projectionOptionsFrom, runParameters } from './parameters.js';
import { extensionFrom, populationWithVariant } from './population.js';
import { requireEffect, type ScenarioSettings } from './scenario.js';

/**
 * Each group under the baseline and each scenario (the flow method): a scenario without an `area`,
 * or naming the group, acts on every member; one naming a member acts on it alone, the others
 * keeping their baseline. The group's total is its members' flow projections added up (points: the
 * group's measured range is the recommended projection's, `project --group`).
 */
/** `scenario --group`'s output, with the JSON blocks every command shares. */
export function scenarioGroupsOutput(context: RunContext, settings: ScenarioSettings & GroupSettings) {
  const { runs, scenarios } = scenarioGroups(context, settings);
  const parameters = runParameters({ ...settings, methods: ['flow'] });
  return {
    header: { command: 'scenario', parameters, inputs: context.inputs, notes: [] },
    runs,
    scenarios: describeScenarioFiles(scenarios),
  };
}

function scenarioGroups(
  context: RunContext,
  settings: ScenarioSettings & GroupSettings,
): GroupInputs & { runs: GroupScenarioRun[]; scenarios: ScenarioFile[] } {
  if (settings.episodes) throw new UsageError("--episodes are one council's returns: a group run does not take them");
  const scenarios = readScenarioFiles(context, settings.scenario);
  refusePlacementRules(scenarios);
  const loaded = loadGroupInputs(context, settings, settings);
  const { projections } = projectGroups(context, { ...settings, methods: ['flow'] }, loaded);
  for (const s of scenarios) {
    const named = s.area?.name;
    if (named === undefined) continue;
    const found = projections.some(
      (p) => namesGroup({ code: '', name: named }, p.group.name) || p.group.members.some((m) => areaMatchesQuery(m, named)),
    );
    if (!found) {
      throw new InputError('unknown-area', `this scenario is for "${named}", which is neither a group run nor one of its members`, {
        file: s.source,
        line: s.area!.line,
        column: 'area',
      });
    }
  }
  const runs = projections.map((p) => groupScenario(context, settings, loaded, p, scenarios));
  return { ...loaded, runs, scenarios };
}

function groupScenario(
  context: RunContext,
  settings: ScenarioSettings,
  { inputs }: GroupInputs,
  p: GroupProjection,
  scenarios: readonly ScenarioFile[],
): GroupScenarioRun {
  const inTotal = p.members.filter((m) => m.report !== undefined && m.leftOut === undefined);
  const whole = (s: ScenarioFile) => s.area === undefined || namesGroup({ code: '', name: s.area.name }, p.group.name);
  const members = inTotal.map((m): ScenarioRun => {
    const baseline = m.report!.projection;
    const options = {
      ...projectionOptionsFrom(settings),
      methods: ['flow'] as const,
      baseYear: baseline.baseYear,
      toYear: baseline.toYear,
    };
    return {
      area: m.area,
      baseline,
      scenarios: scenarios.map((s) => {
        const named = { name: s.scenario.name, description: s.description, source: s.source };
        if (!whole(s) && !areaMatchesQuery(m.area, s.area!.name)) return { ...named, projection: baseline };
        const flow = baseline.methods[0]!.assumptions;
        if (flow.method === 'flow' && 'flow' in flow)
          requireEffect(s, flow.flow.parameters, baseline.baseYear + 1, baseline.toYear, m.area);
        const population = s.populationFiles
          ? populationWithVariant(
              context,
              inputs,
              m.area,
              settings.rebase,
              s.populationFiles,
              settings.populationLayout,
              extensionFrom(settings),
            ).aligned
          : m.report!.population.aligned;
        return {
          ...named,
          projection: projectArea(historyOf(inputs, m.area), population, { ...options, flow: { ...options.flow, scenario: s.scenario } }),
        };
      }),
    };
  });
  const years = p.total.methods[0]?.years.map((y) => y.year) ?? [];
  const sum = (pick: (run: ScenarioRun) => ScenarioRun['baseline']) =>
    years.map((year) => ({ year, cla: members.reduce((t, run) => t + pick(run).methods[0]!.years.find((y) => y.year === year)!.cla, 0) }));
  const targets = (s: ScenarioFile) => {
    if (whole(s)) return `every member of ${p.group.name}`;
    const hit = inTotal.filter((m) => areaMatchesQuery(m.area, s.area!.name));
    return hit.length > 0 ? hit.map((m) => describeArea(m.area)).join(', ') : `no member of ${p.group.name} (it is for "${s.area!.name}")`;
  };
  return {
    group: p.group,
    baseYear: p.total.baseYear,
    totals: [
      { name: 'baseline', targets: 'none', years: sum((run) => run.baseline) },
      ...scenarios.map((s, i) => ({
        name: s.scenario.name,
        source: s.source,
        description: s.description,
        targets: targets(s),
        years: sum((run) => run.scenarios[i]!.projection),
      })),
    ],
    members,
    warnings: p.warnings,
  };
}
