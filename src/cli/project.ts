import { Command, Option } from 'commander';
import { asksForSeveral } from '../app/inputs.js';
import { runParameters } from '../app/parameters.js';
import { projectAreas, projectGroupsOutput, type ProjectSettings } from '../app/project.js';
import { UsageError } from '../errors.js';
import { SIDE_OUTPUTS } from '../report/outputs.js';
import { formatOption, manifestOption, noColorOption, outOption, projectionOptions } from './options.js';
import { emit, formatFor, renderSettings, write, type CommandEnv } from './run.js';

interface ProjectOptions extends Omit<ProjectSettings, 'defaultMethods'> {
  format: string;
  out?: string;
  explain?: boolean;
  color?: boolean;
  detail?: string;
  chart?: string;
}

export function projectCommand(env: CommandEnv): Command {
  const command = new Command('project')
    .summary('project children looked after by each method, with 80% and 95% intervals')
    .description(
      'Project children looked after on 31 March with each method (avg3, trend, naive, flow; auto on request), with 80% and 95% intervals.\n\n' +
        'With no options it runs on the bundled Tower Hamlets data (history 2010-2025, ONS estimates, ONS 2022-based projection).',
    )
    .addHelpText(
      'after',
      `
Examples:
  lacproj project
  lacproj project --format csv --out projection.csv
  lacproj project --history cla.csv --population mye.csv --population snpp.csv --area E09000030
  lacproj project --methods trend --damping 1 --explain`,
    );
  for (const option of [
    ...projectionOptions(),
    formatOption('project'),
    outOption(),
    new Option('--chart <file>', 'also draw an SVG chart of history and each method with its 80% band; - prints a text chart'),
    new Option('--detail <file>', "write the flow model's yearly flows by age band as CSV"),
    new Option('--explain', "print each projected year's arithmetic (to stderr with --format csv or json)"),
    noColorOption(),
    manifestOption(),
  ])
    command.addOption(option);
  command.action(async (options: ProjectOptions) => {
    options.format = formatFor(command, 'project', options);
    // Refused before any work: combinations that cannot give what they ask for.
    if (options.chart !== undefined && options.chart !== '-' && asksForSeveral(options)) {
      throw new UsageError('--chart draws one area: pick it with --area');
    }
    if (options.detail !== undefined && !options.methods.includes('flow')) {
      throw new UsageError("--detail writes the flow model's yearly flows: add flow to --methods");
    }
    const context = env.context();
    if (options.group !== undefined) return emit(env, 'groupProject', options.format, projectGroupsOutput(context, options), options);
    const { reports } = await projectAreas(context, { ...options, defaultMethods: command.getOptionValueSource('methods') === 'default' });
    const settings = renderSettings(env.io, options);
    const header = { command: 'project', parameters: runParameters(options), inputs: context.inputs, notes: [] };
    const explain = options.explain === true && options.format === 'table';
    if (options.explain && !explain) env.io.stderr(SIDE_OUTPUTS.explain(reports, settings));
    if (options.detail !== undefined) write(env, options.detail, SIDE_OUTPUTS.flowDetail(reports));
    if (options.chart !== undefined && options.chart !== '-') write(env, options.chart, await SIDE_OUTPUTS.chartSvg(reports[0]!));
    await emit(env, 'project', options.format, { header, reports, explain }, options);
    if (options.chart === '-') env.io.stdout(`\n${SIDE_OUTPUTS.textCharts(reports)}`);
  });
  return command;
}
