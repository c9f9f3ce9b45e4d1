import { Command } from 'commander';
import { groupPage } from '../app/groupReport.js';
import { asksForSeveral } from '../app/inputs.js';
import { reportEach, reportModel, shownCommand, type ReportModel, type ReportSettings } from '../app/report.js';
import { UsageError } from '../errors.js';
import { reportFolder } from '../report/outputs.js';
import { manifestOption, outOption, placementOptions, projectionOptions } from './options.js';
import { toolVersion } from './context.js';
import { emit, type CommandEnv } from './run.js';

export function reportCommand(env: CommandEnv): Command {
  const command = new Command('report')
    .summary('one self-contained HTML page: summary, charts, tables, backtest, assumptions, sources')
    .description(
      "Write the projection as one HTML page to attach or print (A4): a plain-English summary of the first method's projection, " +
        'the chart, history and projection tables, placements, gap and costs (with placement counts), how well each method did in the ' +
        "council's own backtest, the assumptions, and every input file with its SHA-256. No scripts, no network: styles and charts are inline.",
    )
    .addHelpText(
      'after',
      `
Examples:
  lacproj report --out report.html
  lacproj report --history cla.csv --population mye.csv --area Manchester --to 2030 --out manchester.html
  lacproj report --history england --population england --region London --to 2025 --out london/   (a page per council and index.html)`,
    );
  for (const option of [
    ...projectionOptions(),
    manifestOption(),
    ...placementOptions(),
    outOption('the HTML report (with --area all or --region: a folder, a page per council and an index)'),
  ]) {
    command.addOption(option);
  }
  command.action(async (options: Omit<ReportSettings, 'defaultMethods'> & { out?: string }) => {
    const context = env.context();
    if (options.group !== undefined)
      return emit(env, 'groupReport', 'html', await groupPage(context, options, toolVersion, env.io.argv), options);
    const settings = { ...options, defaultMethods: command.getOptionValueSource('methods') === 'default' };
    const page = (model: ReportModel) => ({
      ...model,
      settings: { ...options, inflation: model.sufficiency ? options.inflation : undefined },
      // the placement files are sources only when the page shows placements
      inputs: context.inputs.filter((i) => model.sufficiency !== undefined || !PLACEMENT_ROLES.has(i.role)),
      toolVersion,
      command: shownCommand(env.io.argv),
    });
    if (!asksForSeveral(options)) return emit(env, 'report', 'html', page(await reportModel(context, settings)), options);
    // --area all, --region: a page per council and an index, into the folder --out names (all or none)
    if (options.out === undefined || /\.html?$/i.test(options.out))
      throw new UsageError(
        '--area all and --region write a page per council and an index: give --out a folder (a new name or one that exists)',
      );
    const folder = reportFolder(context.outputs.folder(options.out));
    const skipped = await reportEach(context, settings, (model) => folder.page(page(model)));
    folder.index({ skipped, toolVersion, command: shownCommand(env.io.argv) });
  });
  return command;
}

const PLACEMENT_ROLES: ReadonlySet<string> = new Set(['placements', 'mix', 'capacity', 'costs']);
