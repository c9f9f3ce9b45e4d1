import { Command, Option } from 'commander';
import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { combineHistory, populationForArea } from '../io/combine.js';
import { HISTORY_LAYOUTS, type HistoryLayout } from '../io/history.js';
import { loadHistory, loadPopulation } from '../io/load.js';
import { POPULATION_LAYOUTS, type PopulationLayout } from '../io/population.js';
import type { MissingCell } from '../io/values.js';
import { writeFileAtomic } from '../io/write.js';
import { describeArea, selectAreas } from '../model/areas.js';
import { alignPopulation, type RebaseMethod } from '../model/population.js';
import { DEFAULT_PROJECTION_OPTIONS, projectArea } from '../model/project.js';
import { METHOD_NAMES, type MethodName } from '../model/types.js';
import { renderCsv } from '../report/csv.js';
import { renderExplain } from '../report/explain.js';
import { renderJson } from '../report/json.js';
import { PROJECTION_COLUMNS, projectionRecords, type AreaReport } from '../report/model.js';
import { renderTable } from '../report/table.js';
import { bundled, toolVersion, wantsColor, type Io } from './context.js';
import { collect, fraction, listOf, oneOf, wholeNumber, year } from './options.js';

export const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const DEFAULT_HISTORY = ['tower-hamlets-cla-history.csv'];
export const DEFAULT_POPULATION = [
  'tower-hamlets-population-0-17-estimates.csv',
  'ons-2022-snpp-tower-hamlets-age-0-17.csv',
];

interface ProjectOptions {
  history?: string[];
  population?: string[];
  historyLayout?: HistoryLayout;
  populationLayout?: PopulationLayout;
  area?: string;
  methods: MethodName[];
  window: number;
  trendYears: number;
  damping: number;
  baseYear?: number;
  to?: number;
  populationLag: number;
  rebase: RebaseMethod;
  format: Format;
  out?: string;
  explain?: boolean;
  color?: boolean;
}

/** The project command's options, declared once (the README table is written from these). */
export function projectOptions(): Option[] {
  const d = DEFAULT_PROJECTION_OPTIONS;
  return [
    new Option('--history <file>', 'history of counts: simple CSV or DfE cla_number_and_rate_per_10k_children file; repeat to add files (later files replace the same area-years)').argParser(collect).default(undefined, 'bundled Tower Hamlets history'),
    new Option('--population <file>', '0-17 population: simple CSV, ONS projection, GLA projection or DfE layout of ONS estimates; repeat for estimates plus a projection; required with --history').argParser(collect).default(undefined, 'bundled ONS estimates and 2022-based projection'),
    new Option('--history-layout <layout>', 'force the history layout instead of detecting it from the header').choices(HISTORY_LAYOUTS),
    new Option('--population-layout <layout>', 'force the population layout instead of detecting it from the header').choices(POPULATION_LAYOUTS),
    new Option('--area <area>', 'area to project: GSS code, DfE number or name (any case), or "all"').default(undefined, 'the only area in the history'),
    new Option('--methods <list>', `comma-separated methods: ${METHOD_NAMES.join(', ')}`).argParser(listOf(METHOD_NAMES)).default([...d.methods], d.methods.join(',')),
    new Option('--window <years>', 'years averaged by avg3').argParser(wholeNumber(1, 50)).default(d.window),
    new Option('--trend-years <years>', 'years the trend line is fitted through').argParser(wholeNumber(3, 50)).default(d.trendYears),
    new Option('--damping <phi>', 'trend damping: 1 = straight line, smaller levels off sooner').argParser(fraction(0, 1, { minExclusive: true })).default(d.damping),
    new Option('--base-year <year>', 'last year of history to use').argParser(year).default(undefined, 'last year with a count'),
    new Option('--to <year>', 'last year to project').argParser(year).default(undefined, 'base year + 10'),
    new Option('--population-lag <years>', 'the rate for 31 March Y uses the population of mid-year Y minus this (DfE: 1)').argParser(wholeNumber(0, 5)).default(d.populationLag),
    new Option('--rebase <method>', 'align a projection to the latest estimate: ratio = scale by estimate/projection at the latest common mid-year; none = use as published').choices(['ratio', 'none']).default('ratio'),
    new Option('--format <format>', 'output format').choices(FORMATS).default('table'),
    new Option('--out <file>', 'write the output to a file (atomically) instead of stdout').default(undefined, 'stdout'),
    new Option('--explain', "print each projected year's arithmetic (to stderr with --format csv or json)"),
    new Option('--no-color', 'no colour in the table (also off when piped or NO_COLOR is set)'),
  ];
}

export function projectCommand(io: Io): Command {
  const command = new Command('project')
    .summary('project children looked after by each method, with 80% and 95% intervals')
    .description(
      'Project children looked after on 31 March with each method (avg3, trend, naive), with 80% and 95% intervals.\n' +
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
  command.action((options: ProjectOptions) => runProject(options, io));
  return command;
}

function runProject(options: ProjectOptions, io: Io): void {
  if (options.history !== undefined && options.population === undefined) {
    throw new UsageError('--history needs --population too: the bundled population is for Tower Hamlets only');
  }
  const historyInputs = options.history?.map((path) => ({ path, label: path })) ?? DEFAULT_HISTORY.map(bundled);
  const populationInputs =
    options.population?.map((path) => ({ path, label: path })) ?? DEFAULT_POPULATION.map(bundled);

  const historyFiles = historyInputs.map(({ path, label }) => loadHistory(path, options.historyLayout, label));
  const populationFiles = populationInputs.map(({ path, label }) =>
    loadPopulation(path, options.populationLayout, label),
  );
  reportMissing([...historyFiles, ...populationFiles].flatMap((f) => f.missing), io);

  const combined = combineHistory(historyFiles);
  for (const line of combined.overrides) io.stderr(`note: ${line}\n`);
  const historyLabel = historyFiles.map((f) => f.source).join(', ');
  const selected = selectAreas(options.area, combined.areas.map((a) => a.area), historyLabel);
  const all = selected.length > 1 || options.area?.toLowerCase() === 'all';

  const reports: AreaReport[] = [];
  const skipped: string[] = [];
  for (const area of selected) {
    const history = combined.areas.find((a) => a.area === area)!;
    const inputs = populationForArea(populationFiles, area);
    const aligned = alignPopulation(inputs.estimates, inputs.projection, options.rebase);
    try {
      if (aligned.series.size === 0) {
        throw new InputError(
          'no-population',
          `no 0-17 population for ${describeArea(area)} in ${populationFiles.map((f) => f.source).join(', ')}`,
        );
      }
      const projection = projectArea(history, aligned, {
        methods: options.methods,
        window: options.window,
        trendYears: options.trendYears,
        damping: options.damping,
        populationLag: options.populationLag,
        baseYear: options.baseYear,
        toYear: options.to,
      });
      reports.push({
        projection,
        population: {
          aligned,
          estimateSources: inputs.estimateSources,
          projectionSources: inputs.projectionSources,
        },
      });
    } catch (err) {
      const skippable = err instanceof InsufficientDataError || (err instanceof InputError && err.code === 'no-population');
      if (!all || !skippable) throw err;
      skipped.push(`${describeArea(area)}: ${err.message}`);
    }
  }
  if (skipped.length > 0) {
    io.stderr(`warning: skipped ${skipped.length} of ${selected.length} areas:\n${skipped.map((s) => `  ${s}\n`).join('')}`);
  }
  if (reports.length === 0) throw new InsufficientDataError('no area could be projected');
  if (!all) for (const w of reports[0]!.projection.warnings) io.stderr(`warning: ${w}\n`);

  const output = render(reports, options, io, [
    ...historyFiles.map((f) => ({ role: 'history', file: f.source, layout: f.layout, sha256: f.sha256 })),
    ...populationFiles.map((f) => ({ role: 'population', file: f.source, layout: f.layout, sha256: f.sha256 })),
  ]);
  if (options.explain && options.format !== 'table') io.stderr(renderExplain(reports));
  if (options.out !== undefined) {
    writeOutput(options.out, output);
    io.stderr(`wrote ${options.out}\n`);
  } else {
    io.stdout(output);
  }
}

function render(
  reports: AreaReport[],
  options: ProjectOptions,
  io: Io,
  inputs: { role: string; file: string; layout: string; sha256: string }[],
): string {
  switch (options.format) {
    case 'csv':
      return renderCsv(PROJECTION_COLUMNS, projectionRecords(reports));
    case 'json': {
      const parameters = {
        area: options.area ?? null,
        methods: options.methods,
        window: options.window,
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
      const table = renderTable(reports, { color });
      return options.explain ? `${table}\n${renderExplain(reports)}` : table;
    }
  }
}

/** Suppression markers and empty counts, summarised per file and column. */
function reportMissing(cells: MissingCell[], io: Io): void {
  const groups = new Map<string, MissingCell[]>();
  for (const c of cells) {
    const key = `${c.file}\u0000${c.column}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const shown = group.slice(0, 3).map((c) => `line ${c.line} "${c.value}"`).join(', ');
    const more = group.length > 3 ? ` and ${group.length - 3} more` : '';
    io.stderr(
      `note: ${first.file} column "${first.column}": ${group.length} suppressed or empty value${group.length > 1 ? 's' : ''} treated as missing (${shown}${more})\n`,
    );
  }
}

function writeOutput(path: string, content: string): void {
  try {
    writeFileAtomic(path, content);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`cannot write ${path}: ${reason}`);
  }
}
