import { Command, Option } from 'commander';
import { scenarioGroups } from '../app/groupScenario.js';
import type { GroupSettings } from '../app/groups.js';
import { runParameters } from '../app/parameters.js';
import { scenarioRuns, type ScenarioSettings } from '../app/scenario.js';
import {
  collect,
  formatOption,
  horizonOptions,
  inputOptions,
  manifestOption,
  methodParameterOptions,
  noColorOption,
  outOption,
} from './options.js';
import { emit, type CommandEnv } from './run.js';

export function scenarioCommand(env: CommandEnv): Command {
  const command = new Command('scenario')
    .summary('compare what-if scenarios with the flow method')
    .description(
      'Project with the inflow/outflow (flow) method under the baseline and under each scenario file ' +
        '(entry rate x factor, exit share + change, UASC arrivals, a population variant), side by side.',
    )
    .addHelpText(
      'after',
      `
Example scenario (YAML):
  name: Edge of care
  description: Early help cuts entries by 10% from 2027
  entry_rate:
    - factor: 0.9
      from: 2027
      bands: [10to15, 16to17]   # optional; all bands when left out
  exit_share:
    - add: 0.02                 # two points more of those in care leave each year
  uasc_arrivals: 40             # or by year: {2026: 40, 2027: 55}
  population: gla-low.csv       # optional projection variant, relative to this file

Example:
  lacproj scenario --scenario examples/edge-of-care.yaml --scenario examples/more-uasc.yaml`,
    );
  for (const option of [
    new Option('--scenario <file>', 'a scenario file (YAML or JSON); repeat to compare several').argParser(collect).makeOptionMandatory(),
    ...inputOptions(),
    ...methodParameterOptions(),
    ...horizonOptions(),
    formatOption('scenario'),
    outOption(),
    noColorOption(),
    manifestOption(),
  ])
    command.addOption(option);
  command.action(async (options: ScenarioSettings & GroupSettings & { format: string; out?: string }) => {
    const context = env.context();
    const group = options.group !== undefined ? scenarioGroups(context, options) : undefined;
    const { scenarios, runs } = group ? { scenarios: group.scenarios, runs: [] } : scenarioRuns(context, options);
    const header = { command: 'scenario', parameters: runParameters({ ...options, methods: ['flow'] }), inputs: context.inputs, notes: [] };
    const described = scenarios.map((s) => ({
      file: s.source,
      description: s.description ?? null,
      area: s.area?.name ?? null,
      ...s.scenario,
    }));
    if (group) return emit(env, 'groupScenario', options.format, { header, runs: group.runs, scenarios: described }, options);
    await emit(env, 'scenario', options.format, { header, runs, scenarios: described }, options);
  });
  return command;
}
