import { Command, Option } from 'commander';
import { scenarioGroupsOutput } from '../app/groupScenario.js';
import { runParameters } from '../app/parameters.js';
import { describeScenarioFiles } from '../app/placementScenarios.js';
import { scenarioRuns, type ScenarioSettings } from '../app/scenario.js';
import {
  collect,
  formatOption,
  horizonOptions,
  includeShortBreaksOption,
  inputOptions,
  manifestOption,
  methodParameterOptions,
  noColorOption,
  outOption,
} from './options.js';
import { SIDE_OUTPUTS } from '../report/outputs.js';
import { emit, formatFor, type CommandEnv } from './run.js';

export function scenarioCommand(env: CommandEnv): Command {
  const command = new Command('scenario')
    .summary('compare what-if scenarios with the flow method')
    .description(
      'Project with the inflow/outflow (flow) method under the baseline and under each scenario file ' +
        '(entry rate x factor, exit share + change, UASC arrivals, a population variant), side by side; ' +
        'with --episodes, the totals the placement transitions imply (the files may then change moves between placement types).',
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
  placement_moves:              # with --episodes: the yearly chances between placement types
    - {bands: [10to15], type: childrens_home, to: fostering_inhouse, add: 0.2}

Examples:
  lacproj scenario --scenario examples/edge-of-care.yaml --scenario examples/more-uasc.yaml
  lacproj scenario --episodes returns/ --scenario examples/step-down-homes.yaml`,
    );
  for (const option of [
    new Option('--scenario <file>', 'a scenario file (YAML or JSON); repeat to compare several').argParser(collect).makeOptionMandatory(),
    ...inputOptions(),
    ...methodParameterOptions(),
    ...horizonOptions(),
    new Option(
      '--episodes <path>',
      "SSDA903 returns (folder or files; repeatable): the totals then come from the placement transitions, which the files' placement_moves and placement_entries change",
    ).argParser(collect),
    includeShortBreaksOption(),
    formatOption('scenario'),
    outOption(),
    noColorOption(),
    manifestOption(),
  ])
    command.addOption(option);
  command.action(async (options: ScenarioSettings & { format: string; out?: string }) => {
    options.format = formatFor(command, 'scenario', options);
    const context = env.context();
    if (options.group !== undefined) return emit(env, 'groupScenario', options.format, scenarioGroupsOutput(context, options), options);
    const { scenarios, runs, transitions } = await scenarioRuns(context, options);
    // with returns the totals are the placement transitions' (their entrants are the flow with durations')
    const parameters = runParameters(
      { ...options, methods: ['flow'] },
      options.episodes ? { episodes: options.episodes, includeShortBreaks: options.includeShortBreaks ?? false } : {},
    );
    const header = { command: 'scenario', parameters, inputs: context.inputs, notes: [] };
    const described = describeScenarioFiles(scenarios);
    // The CSV's rows are flow's alone: what they are, and where the headline's figures are, on stderr.
    if (options.format === 'csv' && !transitions)
      for (const run of runs) env.io.stderr(`note: ${SIDE_OUTPUTS.scenarioNote(run)} (in the table and JSON)\n`);
    await emit(env, 'scenario', options.format, { header, runs, scenarios: described, ...(transitions ? { transitions } : {}) }, options);
  });
  return command;
}
