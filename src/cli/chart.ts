import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { renderChartSvg, renderTextChart } from '../report/chart.js';
import { chartFonts, type Io } from './context.js';
import { renderPng } from '../report/png.js';
import { writeOutput } from './inputs.js';
import { projectOptions, projectReports, type ProjectOptions } from './project.js';

/** Options of project that mean nothing for a chart. */
const NOT_FOR_CHARTS = new Set(['--format', '--out', '--explain', '--detail', '--chart', '--no-color']);

export function chartCommand(io: Io): Command {
  const command = new Command('chart')
    .summary("draw history and each method's projection with its 80% band (SVG or text)")
    .description(
      "Draw the chart of the Tower Hamlets 2015 strategy: actual numbers, each method's projection with its " +
        '80% band, and the 0-17 population in a panel below. SVG (rendered with Vega-Lite, byte-identical for the ' +
        'same inputs) or, with --format text, a compact text chart for the terminal.',
    )
    .addHelpText('after', '\nExamples:\n  lacproj chart --out projection.svg\n  lacproj chart --format text --methods naive,auto');
  for (const option of projectOptions().filter((o) => !NOT_FOR_CHARTS.has(o.long ?? ''))) command.addOption(option);
  command.addOption(
    new Option('--format <format>', 'svg, png (drawn with the bundled DejaVu Sans; needs --out) or a text chart')
      .choices(['svg', 'png', 'text'])
      .default('svg'),
  );
  command.addOption(new Option('--out <file>', 'write the chart to a file (atomically) instead of stdout').default(undefined, 'stdout'));
  command.action(async (options: Omit<ProjectOptions, 'format'> & { format: 'svg' | 'png' | 'text' }) => {
    if (options.format === 'png' && options.out === undefined)
      throw new UsageError('--format png writes an image: give it a file with --out');
    if (options.area?.trim().toLowerCase() === 'all') throw new UsageError('a chart draws one area: pick it with --area');
    const { reports } = await projectReports(
      { ...options, format: 'table', defaultMethods: command.getOptionValueSource('methods') === 'default' },
      io,
    );
    if (reports.length > 1) throw new UsageError('a chart draws one area: pick it with --area');
    const report = reports[0]!;
    const output =
      options.format === 'text'
        ? renderTextChart(report)
        : options.format === 'png'
          ? await renderPng(await renderChartSvg(report), chartFonts())
          : await renderChartSvg(report);
    if (options.out !== undefined) writeOutput(options.out, output, io);
    else io.stdout(String(output));
  });
  return command;
}
