import { Command, Option } from 'commander';
import { readText } from '../io/load.js';
import { parseScenario, type ScenarioFile } from '../io/scenario.js';
import { InputError } from '../errors.js';
import { describeArea } from '../model/areas/matching.js';
import type { FlowParameters } from '../model/methods/flow.js';
import { scenarioProblems } from '../model/methods/flowSimulation.js';
import { projectArea } from '../model/projection/project.js';
import type { Area } from '../model/types.js';
import type { RebaseMethod } from '../model/population/rebase.js';
import { renderCsv } from '../report/csv.js';
import { SCENARIO_COLUMNS, renderScenarioTable, scenarioRecords, type ScenarioRun } from '../report/scenario.js';
import { terminalWidth, toolVersion, type Io } from './context.js';
import { forEachArea, historyOf, inputOptions, loadInputs, writeOutput, type InputOptions } from './inputs.js';
import { extensionFrom, populationOf, populationWithVariant, horizonOptions } from './population.js';
import { collect, manifestOption, noColorOption } from './options.js';
import { methodParameterOptions, projectionOptionsFrom, type MethodParameters } from './project.js';

const FORMATS = ['table', 'csv', 'json'] as const;

interface ScenarioOptions extends InputOptions, MethodParameters {
  scenario: string[];
  to?: number;
  rebase: RebaseMethod;
  format: (typeof FORMATS)[number];
  out?: string;
}

export function scenarioOptions(): Option[] {
  return [
    new Option('--scenario <file>', 'a scenario file (YAML or JSON); repeat to compare several').argParser(collect).makeOptionMandatory(),
    ...inputOptions(),
    ...methodParameterOptions(),
    ...horizonOptions(),
    new Option('--format <format>', 'output format').choices(FORMATS).default('table'),
    new Option('--out <file>', 'write the output to a file (atomically) instead of stdout').default(undefined, 'stdout'),
    noColorOption(),
    manifestOption(),
  ];
}

export function scenarioCommand(io: Io): Command {
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
  for (const option of scenarioOptions()) command.addOption(option);
  command.action((options: ScenarioOptions) => runScenario(options, io));
  return command;
}

const FIELD_NAMES = { entryRate: 'entry_rate', exitShare: 'exit_share', uascArrivals: 'uasc_arrivals' } as const;

/** A scenario rule with nothing to act on is an error naming the file, its line and the way out. */
function requireEffect(s: ScenarioFile, parameters: FlowParameters, firstYear: number, lastYear: number, area: Area): void {
  const [problem] = scenarioProblems(s.scenario, parameters, firstYear, lastYear);
  if (!problem) return;
  const field = FIELD_NAMES[problem.field];
  const line = problem.field === 'uascArrivals' ? s.where.uascArrivals : s.where[problem.field][problem.index ?? 0];
  throw new InputError(
    'scenario-cannot-act',
    `this rule cannot change the projection of ${describeArea(area)}: ${problem.reason}; ${problem.fix}`,
    { file: s.source, line, column: problem.index === undefined ? field : `${field}[${problem.index}]` },
  );
}

function runScenario(options: ScenarioOptions, io: Io): void {
  const scenarios: ScenarioFile[] = options.scenario.map((path) => parseScenario(readText(path).text, path));
  const inputs = loadInputs(options, io);
  const projection = { ...projectionOptionsFrom(options), methods: ['flow'] as const, toYear: options.to };
  const runs = forEachArea(inputs, io, (area): ScenarioRun => {
    const history = historyOf(inputs, area);
    const population = populationOf(inputs, area, options.rebase, extensionFrom(options));
    const baseline = projectArea(history, population.aligned, projection);
    const flow = baseline.methods[0]!.assumptions;
    if (flow.method === 'flow' && 'flow' in flow) {
      for (const s of scenarios) requireEffect(s, flow.flow.parameters, baseline.baseYear + 1, baseline.toYear, area);
    }
    return {
      area,
      baseline,
      scenarios: scenarios.map((s) => {
        const variant = s.populationFiles
          ? populationWithVariant(inputs, area, options.rebase, s.populationFiles, options.populationLayout, extensionFrom(options)).aligned
          : population.aligned;
        return {
          name: s.scenario.name,
          description: s.description,
          source: s.source,
          projection: projectArea(history, variant, { ...projection, flow: { ...projection.flow, scenario: s.scenario } }),
        };
      }),
    };
  });
  let output: string;
  switch (options.format) {
    case 'csv':
      output = renderCsv(SCENARIO_COLUMNS, scenarioRecords(runs));
      break;
    case 'json':
      output =
        JSON.stringify(
          {
            tool: { name: 'lacproj', version: toolVersion },
            parameters: { ...projectionOptionsFrom(options), to: options.to ?? null, rebase: options.rebase },
            inputs: inputs.described,
            scenarios: scenarios.map((s) => ({ file: s.source, description: s.description ?? null, ...s.scenario })),
            records: scenarioRecords(runs),
          },
          null,
          2,
        ) + '\n';
      break;
    case 'table':
      output = renderScenarioTable(runs, { width: terminalWidth(io) });
      break;
  }
  if (options.out !== undefined) writeOutput(options.out, output, io);
  else io.stdout(output);
}
