import { Command, Option } from 'commander';
import { InsufficientDataError, UsageError } from '../errors.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { metricsTable } from '../model/evaluation/metrics.js';
import { METHOD_NAMES, type MethodName } from '../model/types.js';
import { renderHtmlReport, type ReportBacktest } from '../report/html.js';
import type { SufficiencyReport } from '../report/sufficiency.js';
import { backtestArea, BACKTEST_SIMULATIONS } from './backtest.js';
import { todayOf, toolVersion, type Io } from './context.js';
import { historyOf, writeOutput } from './inputs.js';
import { projectionOptionsFrom, projectOptions, projectReports, type ProjectOptions } from './project.js';
import { fixedMixFor, missingPlacements, readPlacementFiles, sufficiencyFor, type PlacementOptions } from './placementInputs.js';
import { sufficiencyOptions } from './sufficiency.js';
import { recommendedContext, regionalInputsRead } from './regions.js';

/** Options of project that mean nothing for a report (it is always HTML, with its own chart). */
const NOT_FOR_REPORTS = new Set(['--format', '--out', '--explain', '--detail', '--chart', '--no-color']);
/** Options of sufficiency the report takes: the placement files and the inflation. */
const PLACEMENT_OPTIONS = new Set(['--placements', '--mix', '--capacity', '--costs', '--inflation']);

type ReportOptions = Omit<ProjectOptions, 'format'> & PlacementOptions & { inflation: number };

export function reportOptions(): Option[] {
  const placements = sufficiencyOptions().filter((o) => PLACEMENT_OPTIONS.has(o.long ?? ''));
  placements
    .find((o) => o.long === '--placements')!
    .default(undefined, 'bundled Tower Hamlets placements with the bundled history; none with --history');
  return [
    ...projectOptions().filter((o) => !NOT_FOR_REPORTS.has(o.long ?? '')),
    ...placements,
    new Option('--out <file>', 'write the HTML report to a file (atomically) instead of stdout').default(undefined, 'stdout'),
  ];
}

export function reportCommand(io: Io): Command {
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
  for (const option of reportOptions()) command.addOption(option);
  command.action((options: ReportOptions) =>
    runReport({ ...options, defaultMethods: command.getOptionValueSource('methods') === 'default' }, withoutOut(io.argv ?? []), io),
  );
  return command;
}

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

async function runReport(options: ReportOptions & { defaultMethods: boolean }, command: readonly string[], io: Io): Promise<void> {
  if (options.area?.trim().toLowerCase() === 'all') throw new UsageError('a report is of one area: pick it with --area');
  // Read first, so that a bad placement file stops the run before any work. (--episodes here is
  // for flow with durations; the report's placements are always the fixed mix.)
  const files = readPlacementFiles({ ...options, episodes: undefined }, todayOf(io));
  const { inputs, reports, returns } = await projectReports({ ...options, format: 'table' }, io);
  if (reports.length > 1) throw new UsageError('a report is of one area: pick it with --area');
  const report = reports[0]!;
  const area = report.projection.area;
  // Placement counts are a council's own: without them for this council the section says what to add.
  const fixed = fixedMixFor(files, area, inputs);
  if (fixed === undefined && options.placements !== undefined) throw missingPlacements([area], 1, options.placements);
  const recommended = recommendedContext(
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  )(area);

  let backtest: ReportBacktest | { unavailable: string };
  try {
    const methods = report.projection.methods.map((m) => m.method).filter((m): m is MethodName => METHOD_NAMES.includes(m));
    const result = backtestArea(
      inputs,
      area,
      {
        ...options,
        simulations: Math.min(options.simulations, BACKTEST_SIMULATIONS),
        horizon: 3,
        populationAsOf: 'estimates',
        methods,
        origins: undefined,
      },
      { returns, recommended },
    );
    const rows = metricsTable(
      result.forecasts.map((f) => ({ ...f, areaKey: 'area' })),
      { perArea: false },
    );
    const origins = [...new Set(result.forecasts.map((f) => f.origin))].sort((a, b) => a - b);
    backtest = rows.some((r) => r.n > 0)
      ? { rows, origins, horizon: 3, choice: result.latestChoice }
      : { unavailable: 'no forecast could be checked against a later count' };
  } catch (err) {
    if (!(err instanceof InsufficientDataError)) throw err;
    backtest = { unavailable: `the history is too short to backtest (${err.message})` };
  }

  // With placement counts by age band, the flow model's projected age structure weights each band's mix.
  const flowForWeights = () =>
    projectWithAuto(historyOf(inputs, area), report.population.aligned, {
      ...projectionOptionsFrom(options),
      methods: ['flow'],
      optional: ['flow'],
      baseYear: report.projection.baseYear,
      toYear: options.to,
    });
  const sufficiency: SufficiencyReport | undefined = fixed
    ? sufficiencyFor(report, fixed, files, options.inflation, options.window, flowForWeights)
    : undefined;
  const html = await renderHtmlReport({
    report,
    backtest,
    sufficiency,
    settings: { ...options, inflation: sufficiency ? options.inflation : undefined },
    inputs: [...inputs.described, ...regionalInputsRead(), ...(sufficiency ? files.described : [])],
    toolVersion,
    command,
  });
  if (options.out !== undefined) writeOutput(options.out, html, io);
  else io.stdout(html);
}
