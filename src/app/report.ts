import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { historyUpTo } from '../model/evaluation/backtest.js';
import { metricsTable } from '../model/evaluation/metrics.js';
import type { RecommendedInputs } from '../model/projection/types.js';
import { METHOD_NAMES, type Area, type MethodName } from '../model/types.js';
import type { ReportBacktest } from '../report/html.js';
import type { AreaReport } from '../report/model.js';
import type { SufficiencyReport } from '../report/sufficiency.js';
import { skippedAreasWarning } from '../report/inputNotes.js';
import { BACKTEST_SIMULATIONS, backtestArea } from './backtest.js';
import type { RunContext } from './context.js';
import { asksForSeveral, historyOf, type LoadedInputs } from './inputs.js';
import type { ProjectionSettings } from './parameters.js';
import { fixedMixFor, missingPlacements, readPlacementFiles, type PlacementFiles, type PlacementOptions } from './placements.js';
import { projectAreas, type ProjectionRun, type ProjectSettings } from './project.js';
import { recommendedContext } from './regions.js';
import { flowForWeights, sufficiencyFor } from './sufficiency.js';

export interface ReportSettings extends ProjectSettings, Omit<PlacementOptions, 'window' | 'episodes'> {
  inflation: number;
}

/** Everything the HTML report shows, as data. */
export interface ReportModel {
  report: AreaReport;
  backtest: ReportBacktest | { unavailable: string };
  sufficiency?: SufficiencyReport;
}

/** The years backtested for the report: a forecast from each origin up to three years ahead. */
export const REPORT_BACKTEST_HORIZON = 3;

/**
 * One area's report: its projection, its own backtest on the history up to the base year (what
 * was known then), and its placements, gap and costs when it has placement counts.
 */
export async function reportModel(context: RunContext, settings: ReportSettings): Promise<ReportModel> {
  if (asksForSeveral(settings)) throw new UsageError('--area all and --region write a page per council: give a folder with --out');
  const models: ReportModel[] = [];
  await reportEach(context, settings, async (model) => void models.push(model));
  return models[0]!;
}

/**
 * The report of each area of the run, in one process, each handed to `each` as it is made (a run
 * over every council holds one at a time): the inputs, the regional series and the placement files
 * read once, then each council's projection, backtest and placements. With several areas, one that
 * cannot be projected, backtested or given placements is skipped: the areas skipped, and why.
 */
export async function reportEach(
  context: RunContext,
  settings: ReportSettings,
  each: (model: ReportModel) => Promise<void>,
): Promise<{ area: Area; reason: string }[]> {
  // Read first, so that a bad placement file stops the run before any work. (--episodes here is
  // for flow with durations; the report's placements are always the fixed mix.)
  const files = readPlacementFiles(context, { ...settings, episodes: undefined, window: settings.window });
  const skipped: { area: Area; reason: string }[] = [];
  const { inputs, reports, returns } = await projectAreas(context, settings, skipped);
  if (reports.length > 1 && !inputs.many) throw new UsageError('a report is of one area: pick it with --area');
  const recommendedFor = recommendedContext(
    context,
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const projectionSkips = skipped.length;
  const progress = inputs.many ? context.progress('reports', reports.length) : undefined;
  let made = 0;
  for (const report of reports) {
    const area = report.projection.area;
    progress?.tick(area.name);
    let model: ReportModel;
    try {
      model = areaReport(context, settings, { inputs, files, returns, recommended: recommendedFor(area) }, report);
    } catch (err) {
      const skippable = err instanceof InsufficientDataError || err instanceof InputError || err instanceof UsageError;
      if (!inputs.many || !skippable) throw err;
      skipped.push({ area, reason: err.message });
      continue;
    }
    await each(model);
    made++;
  }
  progress?.done();
  const unreported = skipped.slice(projectionSkips);
  if (unreported.length > 0) context.log.warn(skippedAreasWarning(unreported, reports.length));
  if (made === 0) throw new InsufficientDataError('no area could be reported');
  return skipped;
}

function areaReport(
  context: RunContext,
  settings: ReportSettings,
  run: {
    inputs: LoadedInputs;
    files: PlacementFiles;
    returns: ProjectionRun['returns'];
    recommended: RecommendedInputs;
  },
  report: AreaReport,
): ReportModel {
  const { inputs, files, returns, recommended } = run;
  const area = report.projection.area;
  // Placement counts are a council's own: without them for this council the section says what to add.
  const fixed = fixedMixFor(files, area, inputs);
  if (fixed === undefined && settings.placements !== undefined) throw missingPlacements([area], 1, settings.placements);

  let backtest: ReportBacktest | { unavailable: string };
  try {
    const methods = report.projection.methods.map((m) => m.method).filter((m): m is MethodName => METHOD_NAMES.includes(m));
    const result = backtestArea(
      context,
      inputs,
      area,
      {
        ...settings,
        simulations: Math.min(settings.simulations, BACKTEST_SIMULATIONS),
        horizon: REPORT_BACKTEST_HORIZON,
        populationAsOf: 'estimates',
        methods,
        origins: undefined,
      },
      { returns, recommended, history: historyUpTo(historyOf(inputs, area), report.projection.baseYear) },
    );
    const rows = metricsTable(
      result.forecasts.map((f) => ({ ...f, areaKey: 'area' })),
      { perArea: false },
    );
    const origins = [...new Set(result.forecasts.map((f) => f.origin))].sort((a, b) => a - b);
    backtest = rows.some((r) => r.n > 0)
      ? { rows, origins, horizon: REPORT_BACKTEST_HORIZON, choice: result.latestChoice }
      : { unavailable: 'no forecast could be checked against a later count' };
  } catch (err) {
    if (!(err instanceof InsufficientDataError)) throw err;
    backtest = { unavailable: `the history is too short to backtest (${err.message})` };
  }
  const sufficiency = fixed
    ? sufficiencyFor(context, report, fixed, files, settings, () => flowForWeights(inputs, area, report, settings as ProjectionSettings))
    : undefined;
  return { report, backtest, sufficiency };
}

/**
 * The command line shown on a report, without where the page itself was written: the same page
 * then comes out wherever it is written (rerun writes into a fresh folder).
 */
export function shownCommand(argv: readonly string[] = []): string[] {
  const shown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') i++;
    else if (!argv[i]!.startsWith('--out=')) shown.push(argv[i]!);
  }
  return shown;
}
