import { Command, Option } from 'commander';
import { BACKTEST_SIMULATIONS, backtestAreas, backtestGroups, type BacktestRunSettings } from '../app/backtest.js';
import { runParameters } from '../app/parameters.js';
import { METHOD_NAMES } from '../model/types.js';
import { SIDE_OUTPUTS, type BacktestOutput } from '../report/outputs.js';
import {
  collect,
  formatOption,
  includeShortBreaksOption,
  inputOptions,
  listOf,
  manifestOption,
  methodParameterOptions,
  noColorOption,
  outOption,
  wholeNumber,
  yearList,
} from './options.js';
import { emit, formatFor, write, type CommandEnv } from './run.js';

interface BacktestOptions extends BacktestRunSettings {
  format: string;
  out?: string;
  forecasts?: string;
  metrics?: string;
  perArea?: boolean;
}

export function backtestCommand(env: CommandEnv): Command {
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
  for (const option of [
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
    formatOption('backtest', 'output format of the metrics'),
    outOption('the metrics'),
    new Option('--forecasts <file>', 'also write every forecast as CSV'),
    new Option('--metrics <file>', 'also write the metrics as CSV'),
    new Option('--per-area', "show each area's metrics in the table, not only the pool"),
    new Option(
      '--episodes <path>',
      'SSDA903 returns (folder or files; repeatable): flow is fitted on the periods of care known at each origin, from the first return; placements by type are backtested too (transitions against the fixed mix)',
    ).argParser(collect),
    includeShortBreaksOption(),
    noColorOption(),
    manifestOption(),
  ])
    command.addOption(option);
  command.action(async (options: BacktestOptions) => {
    options.format = formatFor(command, 'backtest', options);
    const context = env.context();
    if (options.group !== undefined) {
      const output = await backtestGroups(context, options);
      if (options.forecasts) write(env, options.forecasts, SIDE_OUTPUTS.groupForecasts(output));
      if (options.metrics) write(env, options.metrics, SIDE_OUTPUTS.groupMetrics(output));
      return emit(env, 'groupBacktest', options.format, output, options);
    }
    const run = await backtestAreas(context, options);
    const output: BacktestOutput = {
      header: {
        command: 'backtest',
        parameters: runParameters(options, { origins: run.origins, horizon: options.horizon, populationAsOf: options.populationAsOf }),
        inputs: context.inputs,
        notes: [],
      },
      rows: run.rows,
      pooled: run.pooled,
      byArea: run.byArea,
      areasByKey: run.areasByKey,
      areas: run.results.map((r) => r.area),
      many: run.inputs.many,
      perArea: options.perArea === true,
      origins: run.origins,
      horizon: options.horizon,
      choices: run.choices,
      skipped: run.skipped,
      ...(run.placements ? { placements: run.placements } : {}),
    };
    if (options.forecasts) write(env, options.forecasts, SIDE_OUTPUTS.forecasts(run));
    if (options.metrics) write(env, options.metrics, SIDE_OUTPUTS.metrics(output));
    await emit(env, 'backtest', options.format, output, options);
  });
  return command;
}
