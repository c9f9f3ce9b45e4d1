import { Command } from 'commander';
import { projectAreas, type ProjectSettings } from '../app/project.js';
import { UsageError } from '../errors.js';
import { formatOption, manifestOption, outOption, projectionOptions } from './options.js';
import { emit, formatFor, type CommandEnv } from './run.js';

export function chartCommand(env: CommandEnv): Command {
  const command = new Command('chart')
    .summary("draw history and each method's projection with its 80% band (SVG or text)")
    .description(
      "Draw the chart of the Tower Hamlets 2015 strategy: actual numbers, each method's projection with its " +
        '80% band, and the 0-17 population in a panel below. SVG (rendered with Vega-Lite, byte-identical for the ' +
        'same inputs) or, with --format text, a compact text chart for the terminal.',
    )
    .addHelpText('after', '\nExamples:\n  lacproj chart --out projection.svg\n  lacproj chart --format text --methods naive,auto');
  for (const option of [
    ...projectionOptions(),
    formatOption('chart', 'svg, png (drawn with the bundled DejaVu Sans; needs --out) or a text chart'),
    outOption('the chart'),
    manifestOption(),
  ])
    command.addOption(option);
  command.action(async (options: Omit<ProjectSettings, 'defaultMethods'> & { format: string; out?: string }) => {
    options.format = formatFor(command, 'chart', options);
    if (options.format === 'png' && options.out === undefined)
      throw new UsageError('--format png writes an image: give it a file with --out');
    if (options.area?.trim().toLowerCase() === 'all' || options.group) throw new UsageError('a chart draws one area: pick it with --area');
    const { reports } = await projectAreas(env.context(), {
      ...options,
      defaultMethods: command.getOptionValueSource('methods') === 'default',
    });
    if (reports.length > 1) throw new UsageError('a chart draws one area: pick it with --area');
    await emit(env, 'chart', options.format, { report: reports[0]! }, options);
  });
  return command;
}
