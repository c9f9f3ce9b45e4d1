import { Command, Option } from 'commander';
import { InsufficientDataError, UsageError } from '../errors.js';
import { describeArea } from '../model/areas/matching.js';
import { autoForecasts } from '../model/evaluation/auto.js';
import type { AutoChoice } from '../model/projection/types.js';
import { rollingForecasts, type Forecast } from '../model/evaluation/backtest.js';
import { metricsTable, type AreaForecast } from '../model/evaluation/metrics.js';
import { alignPopulation } from '../model/population/rebase.js';
import { AUTO_CANDIDATES, BASE_METHOD_NAMES, METHOD_NAMES, type Area, type MethodName } from '../model/types.js';
import {
  FORECAST_COLUMNS,
  METRICS_COLUMNS,
  describeChoices,
  forecastRecords,
  metricsRecords,
  renderBacktestTable,
} from '../report/backtest.js';
import { renderCsv } from '../report/csv.js';
import { terminalWidth, toolVersion, type Io } from './context.js';
import { forEachArea, historyOf, inputOptions, loadInputs, writeOutput, type InputOptions, type LoadedInputs } from './inputs.js';
import { populationOf } from './population.js';
import { collect, listOf, wholeNumber, yearList, manifestOption, noColorOption } from './options.js';
import { includeShortBreaksOption, loadReturns, warnIfOtherCouncil, type CouncilReturns } from './returns.js';
import { methodParameterOptions, projectionOptionsFrom, type MethodParameters } from './project.js';
import { progressReporter } from './progress.js';
import { recommendedContext, regionalInputsRead } from './regions.js';
import type { RecommendedInputs } from '../model/projection/types.js';
import { SIZE_BANDS } from '../model/methods/recommended.js';

const FORMATS = ['table', 'csv', 'json'] as const;

/**
 * Paths per flow forecast in a backtest: every area and origin is simulated, and 250 paths place
 * the 10th and 90th percentiles to within about 2% of the spread, enough to measure coverage.
 */
export const BACKTEST_SIMULATIONS = 250;

interface BacktestOptions extends InputOptions, MethodParameters {
  origins?: number[];
  horizon: number;
  methods: MethodName[];
  populationAsOf: 'estimates' | 'origin';
  format: (typeof FORMATS)[number];
  out?: string;
  forecasts?: string;
  metrics?: string;
  perArea?: boolean;
  episodes?: string[];
  includeShortBreaks?: boolean;
}

export function backtestOptions(): Option[] {
  return [
    ...inputOptions(),
    ...methodParameterOptions({ simulations: BACKTEST_SIMULATIONS }),
    new Option('--methods <list>', `comma-separated methods: ${METHOD_NAMES.join(', ')}`)
      .argParser(listOf(METHOD_NAMES))
      .default([...METHOD_NAMES], METHOD_NAMES.join(',')),
    new Option('--origins <years>', 'origins to report, e.g. 2014-2021 or 2016,2018')
      .argParser(yearList)
      .default(undefined, 'every year with enough history'),
    new Option('--horizon <years>', 'years ahead forecast from each origin').argParser(wholeNumber(1, 10)).default(3),
    new Option(
      '--population-as-of <when>',
      'estimates = future population as later estimated (tests the CLA method alone); origin = only what was known at the origin, held flat',
    )
      .choices(['estimates', 'origin'])
      .default('estimates'),
    new Option('--format <format>', 'output format of the metrics').choices(FORMATS).default('table'),
    new Option('--out <file>', 'write the metrics to a file (atomically) instead of stdout').default(undefined, 'stdout'),
    new Option('--forecasts <file>', 'also write every forecast as CSV'),
    new Option('--metrics <file>', 'also write the metrics as CSV'),
    new Option('--per-area', "show each area's metrics in the table, not only the pool"),
    new Option(
      '--episodes <path>',
      'SSDA903 returns (folder or files; repeatable): flow is fitted on the periods of care known at each origin, from the first return',
    ).argParser(collect),
    includeShortBreaksOption(),
    noColorOption(),
    manifestOption(),
  ];
}

export function backtestCommand(io: Io): Command {
  const command = new Command('backtest')
    .summary('test every method against history with rolling origins')
    .description(
      'Rolling-origin backtest: for each origin year, fit every method on the history up to that year only, ' +
        'forecast the next --horizon years and compare with what happened. Reports MAE, MAPE, MASE, bias, ' +
        'interval coverage (and the share of outcomes below and above each range), width and interval score per method and horizon, per area and pooled.',
    )
    .addHelpText(
      'after',
      `
Examples:
  lacproj backtest
  lacproj backtest --history data/england/cla-history-2010-2022.csv --population data/england/population-0-17-mid-2011-2024.csv \\
    --area all --origins 2014-2021 --forecasts forecasts.csv --metrics metrics.csv`,
    );
  for (const option of backtestOptions()) command.addOption(option);
  command.action((options: BacktestOptions) => runBacktest(options, io));
  return command;
}

export interface AreaBacktest {
  area: Area;
  forecasts: Forecast[];
  latestChoice?: AutoChoice;
  skippedOrigins: number;
}

/** What backtestArea needs of the options: the methods' parameters and the backtest's own. */
export type BacktestSettings = MethodParameters & Pick<BacktestOptions, 'horizon' | 'populationAsOf' | 'methods' | 'origins'>;

/**
 * One area's rolling-origin backtest, as `lacproj backtest` runs it: the population as estimates
 * only (a projection is not what later happened), every base method fitted at every origin, auto
 * chosen at each origin from the forecasts before it; only the methods and origins asked for kept.
 * @throws InsufficientDataError when no origin has enough history
 */
export function backtestArea(
  inputs: LoadedInputs,
  area: Area,
  options: BacktestSettings,
  { returns, recommended }: { returns?: CouncilReturns; recommended?: RecommendedInputs } = {},
): AreaBacktest {
  // Naive is always fitted (the benchmark every error is set against); auto needs its candidates.
  const fitted = BASE_METHOD_NAMES.filter(
    (m) => m === 'naive' || options.methods.includes(m) || (options.methods.includes('auto') && AUTO_CANDIDATES.includes(m)),
  );
  // Population as known: estimates only; a projection is not what later happened.
  const population = populationOf(inputs, area, 'ratio');
  const estimates = new Map(
    [...population.aligned.series.values()].filter((p) => p.kind === 'estimate').map((p) => [p.midYear, p.population0to17]),
  );
  // Band shares (age structure) are kept: the flow methods need band populations.
  const known = { ...alignPopulation(estimates, undefined, 'none'), bandShares: population.aligned.bandShares };
  const rolling = rollingForecasts(historyOf(inputs, area), known, {
    horizon: options.horizon,
    populationAsOf: options.populationAsOf,
    returns,
    projection: { ...projectionOptionsFrom(options), methods: fitted, recommended },
  });
  if (rolling.origins.length === 0) {
    throw new InsufficientDataError(
      `no origin with enough history to fit every method (${rolling.skipped[0]?.reason ?? 'history too short'})`,
    );
  }
  let forecasts = rolling.forecasts;
  let latestChoice: AutoChoice | undefined;
  if (options.methods.includes('auto')) {
    const auto = autoForecasts(rolling.forecasts, rolling.origins, AUTO_CANDIDATES);
    forecasts = [...forecasts, ...auto.forecasts];
    latestChoice = auto.choices.at(-1);
  }
  const wanted = (f: Forecast) =>
    options.methods.includes(f.method) && (options.origins === undefined || options.origins.includes(f.origin));
  const skippedOrigins = rolling.skipped.filter((s) => options.origins === undefined || options.origins.includes(s.origin)).length;
  return { area, forecasts: forecasts.filter(wanted), latestChoice, skippedOrigins };
}

async function runBacktest(options: BacktestOptions, io: Io): Promise<void> {
  const inputs = loadInputs(options, io);
  const returns = options.episodes
    ? await loadReturns(options.episodes, inputs, io, { includeShortBreaks: options.includeShortBreaks })
    : undefined;
  if (returns && options.origins?.some((o) => o < returns.care.firstYear || o > returns.care.lastYear)) {
    throw new UsageError(`with --episodes the origins must lie within the returns, ${returns.care.firstYear}-${returns.care.lastYear}`);
  }
  const recommendedFor = recommendedContext(
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const progress = progressReporter(io, 'backtest', inputs.selected.length);
  const results = forEachArea(inputs, io, (area): AreaBacktest => {
    progress.tick(describeArea(area));
    if (returns) warnIfOtherCouncil(returns, historyOf(inputs, area), io);
    return backtestArea(inputs, area, options, { returns, recommended: recommendedFor(area) });
  });
  progress.done();

  const areaKey = (area: Area) => `${area.code}|${area.dfeCode ?? ''}|${area.name}`;
  const areasByKey = new Map(results.map((r) => [areaKey(r.area), r.area]));
  const tagged: AreaForecast[] = results.flatMap((r) => r.forecasts.map((f) => ({ ...f, areaKey: areaKey(r.area) })));
  if (!tagged.some((f) => f.actual !== null)) {
    throw new InsufficientDataError('no forecast could be checked against a later count: the history is too short to backtest');
  }
  const methodOrder = (m: string) => METHOD_NAMES.indexOf(m as MethodName);
  const sizeOrder = (band: string) => ['all', ...SIZE_BANDS].indexOf(band);
  const rows = metricsTable(tagged, { perArea: inputs.many, bySize: inputs.many }).sort(
    (a, b) =>
      (a.areaKey ?? '').localeCompare(b.areaKey ?? '', 'en') ||
      sizeOrder(a.sizeBand) - sizeOrder(b.sizeBand) ||
      methodOrder(a.method) - methodOrder(b.method) ||
      a.horizon - b.horizon,
  );
  const pooled = rows.filter((r) => r.areaKey === null);
  const byArea = rows.filter((r) => r.areaKey !== null);
  const metricsCsvRows = metricsRecords(inputs.many ? rows : pooled.map((r) => ({ ...r, areaKey: areaKey(results[0]!.area) })), areasByKey);

  const forecastRows = results
    .flatMap((r) => r.forecasts.map((forecast) => ({ area: r.area, forecast })))
    .sort(
      (a, b) =>
        areaKey(a.area).localeCompare(areaKey(b.area), 'en') ||
        methodOrder(a.forecast.method) - methodOrder(b.forecast.method) ||
        a.forecast.origin - b.forecast.origin ||
        a.forecast.year - b.forecast.year,
    );
  if (options.forecasts) writeOutput(options.forecasts, renderCsv(FORECAST_COLUMNS, forecastRecords(forecastRows)), io);
  if (options.metrics) writeOutput(options.metrics, renderCsv(METRICS_COLUMNS, metricsCsvRows), io);

  const origins = [...new Set(tagged.map((f) => f.origin))].sort((a, b) => a - b);
  const choices = results.map((r) => r.latestChoice).filter((c): c is AutoChoice => c !== undefined);
  const notes: string[] = [];
  if (choices.length === 1) notes.push(`auto at ${choices[0]!.origin}: ${choices[0]!.method}, because ${choices[0]!.reason}`);
  else if (choices.length > 1) notes.push(describeChoices(choices));
  const skipped = results.reduce((s, r) => s + r.skippedOrigins, 0);
  if (skipped > 0) notes.push(`${skipped} area-origins had too little history (or population) to fit every method and were left out`);

  let output: string;
  switch (options.format) {
    case 'csv':
      output = renderCsv(METRICS_COLUMNS, metricsCsvRows);
      break;
    case 'json':
      output =
        JSON.stringify(
          {
            tool: { name: 'lacproj', version: toolVersion },
            parameters: {
              origins: origins,
              horizon: options.horizon,
              methods: options.methods,
              window: options.window,
              simulations: options.simulations,
              seed: options.seed,
              trend_years: options.trendYears,
              damping: options.damping,
              population_lag: options.populationLag,
              population_as_of: options.populationAsOf,
            },
            inputs: [...inputs.described, ...regionalInputsRead()],
            metrics: metricsCsvRows,
            auto_choices: results
              .filter((r) => r.latestChoice)
              .map((r) => ({ area_code: r.area.code, area_name: r.area.name, ...r.latestChoice })),
          },
          null,
          2,
        ) + '\n';
      break;
    case 'table': {
      const scope = inputs.many ? `${results.length} areas, pooled` : describeArea(results[0]!.area);
      const title = `Backtest of ${scope}: origins ${origins[0]}-${origins.at(-1)}, forecasts 1-${options.horizon} years ahead`;
      output = renderBacktestTable(title, pooled, notes, { width: terminalWidth(io) });
      if (options.perArea && inputs.many) {
        for (const area of results.map((r) => r.area)) {
          const own = byArea.filter((r) => r.areaKey === areaKey(area));
          output += '\n' + renderBacktestTable(describeArea(area), own, [], { width: terminalWidth(io) });
        }
      }
      break;
    }
  }
  if (options.out !== undefined) writeOutput(options.out, output, io);
  else io.stdout(output);
}
