import { Command } from 'commander';
import { groupReportModel } from '../app/groupReport.js';
import type { GroupSettings } from '../app/groups.js';
import { reportModel, type ReportSettings } from '../app/report.js';
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
  lacproj report --history cla.csv --population mye.csv --area Manchester --to 2030 --out manchester.html`,
    );
  for (const option of [...projectionOptions(), manifestOption(), ...placementOptions(), outOption('the HTML report')]) {
    command.addOption(option);
  }
  command.action(async (options: Omit<ReportSettings, 'defaultMethods'> & GroupSettings & { out?: string }) => {
    const context = env.context();
    const defaultMethods = command.getOptionValueSource('methods') === 'default';
    if (options.group !== undefined) {
      const group = await groupReportModel(context, { ...options, defaultMethods });
      const page = { ...group, settings: options, inputs: context.inputs, toolVersion, command: withoutOut(env.io.argv ?? []) };
      return emit(env, 'groupReport', 'html', page, options);
    }
    const model = await reportModel(context, { ...options, defaultMethods });
    await emit(
      env,
      'report',
      'html',
      {
        ...model,
        settings: { ...options, inflation: model.sufficiency ? options.inflation : undefined },
        // the placement files are sources only when the page shows placements
        inputs: context.inputs.filter((i) => model.sufficiency !== undefined || !PLACEMENT_ROLES.has(i.role)),
        toolVersion,
        command: withoutOut(env.io.argv ?? []),
      },
      options,
    );
  });
  return command;
}

const PLACEMENT_ROLES: ReadonlySet<string> = new Set(['placements', 'mix', 'capacity', 'costs']);

/**
 * The command line shown on the page, without where the page itself was written: the same page
 * then comes out wherever it is written (rerun writes into a fresh folder).
 */
function withoutOut(argv: readonly string[]): string[] {
  const shown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') i++;
    else if (!argv[i]!.startsWith('--out=')) shown.push(argv[i]!);
  }
  return shown;
}
