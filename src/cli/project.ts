import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { RebaseMethod } from '../model/population/rebase.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { DEFAULT_FLOW_OPTIONS } from '../model/methods/flow.js';
import { MIN_SIMULATIONS } from '../model/stats/simulation.js';
import { DEFAULT_PROJECTION_OPTIONS, type MethodParameters } from '../model/projection/types.js';
import { METHOD_NAMES, type MethodName } from '../model/types.js';
import { renderCsv } from '../report/csv.js';
import { renderChartSvg, renderTextChart } from '../report/chart.js';
import { renderExplain } from '../report/explain.js';
import { renderFlowDetail } from '../report/flow.js';
import { renderJson } from '../report/json.js';
import { PROJECTION_COLUMNS, projectionRecords, type AreaReport } from '../report/model.js';
import { renderTable } from '../report/table.js';
import { terminalWidth, toolVersion, wantsColor, type Io } from './context.js';
import { recommendedContext, regionalInputsRead } from './regions.js';
import { includeShortBreaksOption, loadReturns, otherCouncilWarning, type CouncilReturns } from './returns.js';
import { showCountedYearsAsHistory } from '../model/projection/afterReturns.js';
import {
  forEachArea,
  historyOf,
  inputOptions,
  loadInputs,
  type LoadedInputs,
  writeOutput,
  type InputDescription,
  type InputOptions,
} from './inputs.js';
import { extensionFrom, populationOf, horizonOptions } from './population.js';
import { collect, fraction, listOf, wholeNumber, year, manifestOption, noColorOption } from './options.js';

export const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

export interface ProjectOptions extends InputOptions, MethodParameters {
  methods: MethodName[];
  baseYear?: number;
  to?: number;
  rebase: RebaseMethod;
  format: Format;
  out?: string;
  explain?: boolean;
  color?: boolean;
  detail?: string;
  chart?: string;
  episodes?: string[];
  includeShortBreaks?: boolean;
}

export type { MethodParameters } from '../model/projection/types.js';

export function projectionOptionsFrom(o: MethodParameters) {
  return {
    window: o.window,
    trendYears: o.trendYears,
    damping: o.damping,
    populationLag: o.populationLag,
    flow: { simulations: o.simulations, seed: o.seed, uascExitShare: o.uascExitShare },
  };
}

/** Parameters of the methods, shared by project and backtest. */
export function methodParameterOptions({ simulations = DEFAULT_FLOW_OPTIONS.simulations as number } = {}): Option[] {
  const d = DEFAULT_PROJECTION_OPTIONS;
  return [
    new Option('--simulations <n>', `simulated paths for the flow method's intervals (at least ${MIN_SIMULATIONS})`)
      .argParser(wholeNumber(MIN_SIMULATIONS, 1_000_000, `fewer paths cannot estimate a 95% range (${MIN_SIMULATIONS} = 1 / 2.5%)`))
      .default(simulations),
    new Option('--seed <n>', 'seed of the simulation: the same seed gives byte-identical output')
      .argParser(wholeNumber(0, 2 ** 32 - 1))
      .default(DEFAULT_FLOW_OPTIONS.seed),
    new Option('--uasc-exit-share <share>', 'share of UASC in care who leave each year (flow)')
      .argParser(fraction(0, 1))
      .default(DEFAULT_FLOW_OPTIONS.uascExitShare),
    new Option('--window <years>', 'years averaged by avg3').argParser(wholeNumber(1, 50)).default(d.window),
    new Option('--trend-years <years>', 'years the trend line is fitted through').argParser(wholeNumber(3, 50)).default(d.trendYears),
    new Option('--damping <phi>', 'trend damping: 1 = straight line, smaller levels off sooner')
      .argParser(fraction(0, 1, { minExclusive: true }))
      .default(d.damping),
    new Option('--population-lag <years>', 'the rate for 31 March Y uses the population of mid-year Y minus this (DfE: 1)')
      .argParser(wholeNumber(0, 5))
      .default(d.populationLag),
  ];
}

/** The project command's options, declared once (the README table is written from these). */
export function projectOptions(): Option[] {
  const d = DEFAULT_PROJECTION_OPTIONS;
  return [
    ...inputOptions(),
    ...methodParameterOptions(),
    new Option(
      '--methods <list>',
      `comma-separated methods: ${METHOD_NAMES.join(', ')} (auto = the method that did best in the area's own backtest)`,
    )
      .argParser(listOf(METHOD_NAMES))
      .default([...d.methods], d.methods.join(',')),
    new Option('--base-year <year>', 'last year of history to use').argParser(year).default(undefined, 'last year with a count'),
    ...horizonOptions(),
    new Option('--format <format>', 'output format').choices(FORMATS).default('table'),
    new Option('--out <file>', 'write the output to a file (atomically) instead of stdout').default(undefined, 'stdout'),
    new Option(
      '--episodes <path>',
      "SSDA903 returns (folder or files; repeatable): flow then uses exit hazards by time in care; the base year becomes the latest return's",
    ).argParser(collect),
    includeShortBreaksOption(),
    new Option('--chart <file>', 'also draw an SVG chart of history and each method with its 80% band; - prints a text chart'),
    new Option('--detail <file>', "write the flow model's yearly flows by age band as CSV"),
    new Option('--explain', "print each projected year's arithmetic (to stderr with --format csv or json)"),
    noColorOption(),
    manifestOption(),
  ];
}

export function projectCommand(io: Io): Command {
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
  for (const option of projectOptions()) command.addOption(option);
  command.action((options: ProjectOptions) =>
    runProject({ ...options, defaultMethods: command.getOptionValueSource('methods') === 'default' }, io),
  );
  return command;
}

/** Load the inputs and project every selected area: shared by project and chart. */
export async function projectReports(
  options: ProjectOptions & { defaultMethods: boolean },
  io: Io,
): Promise<{ inputs: LoadedInputs; reports: AreaReport[]; returns?: CouncilReturns }> {
  const inputs = loadInputs(options, io);
  const returns = options.episodes
    ? await loadReturns(options.episodes, inputs, io, { includeShortBreaks: options.includeShortBreaks })
    : undefined;
  if (returns && options.baseYear !== undefined && options.baseYear !== returns.care.lastYear) {
    const last = returns.care.lastYear;
    throw new UsageError(
      `the latest SSDA903 return is for the year ending 31 March ${last}: flow with durations starts there, so --base-year must be ${last} (or left out)`,
    );
  }
  const recommendedFor = recommendedContext(
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const reports = forEachArea(inputs, io, (area): AreaReport => {
    const population = populationOf(inputs, area, options.rebase, extensionFrom(options));
    const parameters = projectionOptionsFrom(options);
    const history = historyOf(inputs, area);
    let projection = projectWithAuto(history, population.aligned, {
      ...parameters,
      flow: { ...parameters.flow, care: returns?.care },
      // The regional files are read only for the recommended method (start-up, bench/README.md).
      recommended: options.methods.includes('recommended') ? recommendedFor(area) : undefined,
      methods: options.methods,
      // The default run leaves out, with a warning, what the data cannot support (a new council's one
      // year of history, flow without starts and ceased); methods asked for by name must fit.
      optional: options.defaultMethods ? ['avg3', 'trend', 'naive', 'flow'] : [],
      baseYear: returns?.care.lastYear ?? options.baseYear,
      toYear: options.to,
    });
    if (returns) {
      // in the output itself (table, JSON), not only on stderr
      const otherCouncil = otherCouncilWarning(returns, history);
      if (otherCouncil) projection.warnings.push(otherCouncil);
      projection = showCountedYearsAsHistory(projection);
    }
    return { projection, population };
  });
  if (!inputs.many) for (const w of reports[0]!.projection.warnings) io.stderr(`warning: ${w}\n`);
  return { inputs, reports, returns };
}

async function runProject(options: ProjectOptions & { defaultMethods: boolean }, io: Io): Promise<void> {
  // Refused before any work: combinations that cannot give what they ask for.
  const several = options.area?.trim().toLowerCase() === 'all' || options.region !== undefined;
  if (options.chart !== undefined && options.chart !== '-' && several) throw new UsageError('--chart draws one area: pick it with --area');
  if (options.detail !== undefined && !options.methods.includes('flow')) {
    throw new UsageError("--detail writes the flow model's yearly flows: add flow to --methods");
  }
  const { inputs, reports } = await projectReports(options, io);
  const output = render(reports, options, io, [...inputs.described, ...regionalInputsRead()]);
  if (options.explain && options.format !== 'table') io.stderr(renderExplain(reports, { width: terminalWidth(io) }));
  if (options.detail !== undefined) writeOutput(options.detail, renderFlowDetail(reports), io);
  if (options.chart !== undefined && options.chart !== '-') {
    writeOutput(options.chart, await renderChartSvg(reports[0]!), io);
  }
  if (options.out !== undefined) writeOutput(options.out, output, io);
  else io.stdout(output);
  if (options.chart === '-') io.stdout('\n' + reports.map((r) => renderTextChart(r)).join('\n'));
}

function render(reports: AreaReport[], options: ProjectOptions, io: Io, inputs: InputDescription[]): string {
  switch (options.format) {
    case 'csv':
      return renderCsv(PROJECTION_COLUMNS, projectionRecords(reports));
    case 'json': {
      const parameters = {
        area: options.area ?? null,
        methods: options.methods,
        window: options.window,
        simulations: options.simulations,
        seed: options.seed,
        uasc_exit_share: options.uascExitShare,
        trend_years: options.trendYears,
        damping: options.damping,
        base_year: options.baseYear ?? null,
        to: options.to ?? null,
        population_lag: options.populationLag,
        rebase: options.rebase,
      };
      return renderJson(reports, { tool: { name: 'lacproj', version: toolVersion }, parameters, inputs });
    }
    case 'table': {
      const color = options.out === undefined && wantsColor(io, options.color);
      const width = terminalWidth(io);
      const table = renderTable(reports, { color, width });
      return options.explain ? `${table}\n${renderExplain(reports, { width })}` : table;
    }
  }
}
