import { InvalidArgumentError, Option } from 'commander';
import { HISTORY_LAYOUTS } from '../io/history.js';
import { POPULATION_LAYOUTS } from '../io/population.js';
import { DEFAULT_FLOW_OPTIONS } from '../model/methods/flow.js';
import { EXTEND_METHODS } from '../model/population/extend.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../model/projection/types.js';
import { MIN_SIMULATIONS } from '../model/stats/simulation.js';
import { MIX_RULES } from '../model/sufficiency/placements.js';
import { METHOD_NAMES } from '../model/types.js';
import type { OptionGroup } from '../report/optionTables.js';
import { formatsOf, type OutputName } from '../report/outputs.js';

/** Option parsers: commander shows their message as "error: option '--x' argument ... is invalid. <message>". */

export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER, why = '') {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got ${n}${why ? `: ${why}` : ''}`);
    return n;
  };
}

export function year(value: string): number {
  if (!/^\d{4}$/.test(value.trim())) throw new InvalidArgumentError(`expected a year such as 2030, got "${value}"`);
  return Number(value);
}

export function fraction(min: number, max: number, { minExclusive = false } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${value}"`);
    if ((minExclusive ? n <= min : n < min) || n > max) {
      throw new InvalidArgumentError(
        `expected a number ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'up ' : ''}to ${max}, got ${n}`,
      );
    }
    return n;
  };
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}

export function listOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${allowed.join(', ')}`);
    for (const item of items) oneOf(allowed)(item);
    return [...new Set(items)] as T[];
  };
}

/** For repeatable options: each use adds to the list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `2014-2021`, `2015,2017,2019` or a mix: the years, sorted. */
export function yearList(value: string): number[] {
  const years = new Set<number>();
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new InvalidArgumentError(`the range ${part} runs backwards`);
      for (let y = from; y <= to; y++) years.add(y);
    } else if (/^\d{4}$/.test(part)) {
      years.add(Number(part));
    } else {
      throw new InvalidArgumentError(`expected years such as 2014-2021 or 2016,2018, got "${part}"`);
    }
  }
  if (years.size === 0) throw new InvalidArgumentError('expected at least one year');
  return [...years].sort((a, b) => a - b);
}

/**
 * `--manifest FILE`, listed in every command's help. main.ts takes it out of the arguments before
 * commander parses them (it records the whole run), so the option itself is never read.
 */
export function manifestOption(): Option {
  return new Option(
    '--manifest <file>',
    'also write a JSON record of the run (command, options as used, inputs and outputs with SHA-256, seed) that "lacproj rerun FILE" repeats and checks byte for byte',
  );
}

/** `--no-color`, for every command that prints text. */
export function noColorOption(): Option {
  return new Option('--no-color', 'no colour in the tables (also off when piped or NO_COLOR is set)');
}

/** Options whose value names a file (or, for --episodes, a folder) a command reads. */
export const INPUT_OPTIONS = [
  'history',
  'population',
  'historyByAge',
  'episodes',
  'placements',
  'mix',
  'capacity',
  'costs',
  'scenario',
  'groups',
] as const;

/**
 * Values of an input option that are not files: `--mix latest` and `--mix mean3` are rules, and
 * `--history england` and `--population england` the bundled national files (app/bundled.ts
 * `BUNDLED_NAMES`; not imported: main.ts loads this file at start-up).
 */
const INPUT_KEYWORDS: Readonly<Partial<Record<(typeof INPUT_OPTIONS)[number], readonly string[]>>> = {
  mix: MIX_RULES,
  history: ['england'],
  population: ['england'],
};

/**
 * Options whose value names a file a command writes (`--chart -` is a text chart on stdout). One
 * list: the output transaction checks them before any work, and `rerun` moves each into its folder
 * (test/cli/manifest.test.ts fails when a command declares a file option that is in neither list).
 */
export const OUTPUT_OPTIONS = ['out', 'detail', 'forecasts', 'metrics', 'chart', 'survivalChart', 'transitions'] as const;

/**
 * Output options that name a folder, by command: `report --area all --out DIR` writes a page per
 * council and an index into DIR.
 */
function folderOutputs(command: string, options: Record<string, unknown>): string[] {
  // --area all or --region, as app/inputs.ts asksForSeveral reads them (not imported: main.ts loads this file at start-up)
  const several = (typeof options.area === 'string' && options.area.trim().toLowerCase() === 'all') || options.region !== undefined;
  return command === 'report' && several ? ['out'] : [];
}

/** The files a command line names: what it reads and what it writes (flag and path, and whether a folder). */
export function plannedFiles(
  options: Record<string, unknown>,
  command = '',
): { inputs: string[]; outputs: { flag: string; path: string; folder?: boolean }[] } {
  const values = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const folders = folderOutputs(command, options);
  return {
    inputs: INPUT_OPTIONS.flatMap((name) => values(options[name]).filter((v) => !INPUT_KEYWORDS[name]?.includes(v))),
    outputs: OUTPUT_OPTIONS.flatMap((name) =>
      values(options[name]).map((path) => ({ flag: optionFlag(name), path, ...(folders.includes(name) ? { folder: true } : {}) })),
    ),
  };
}

/** `--survival-chart` from `survivalChart`. */
export const optionFlag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The history and population files and the areas, shared by every command that projects. */
export function inputOptions(): Option[] {
  return [
    new Option(
      '--history <file>',
      'history of counts: simple CSV or DfE cla_number_and_rate_per_10k_children file; repeat to add files (later files replace the same area-years); "england" = the bundled DfE history of every council (to 31 March 2022; London to 2025)',
    )
      .argParser(collect)
      .default(undefined, 'bundled Tower Hamlets history'),
    new Option(
      '--population <file>',
      '0-17 population: simple CSV, ONS projection, GLA projection or DfE layout of ONS estimates; repeat for estimates plus a projection; required with --history; "england" = the bundled ONS 0-17 estimates of every council (to mid-2024)',
    )
      .argParser(collect)
      .default(undefined, 'bundled ONS estimates and 2022-based projection'),
    new Option(
      '--history-by-age <file>',
      'counts by DfE age band (area_code,area_name,year,measure,age_band,count) for the flow model; repeatable',
    )
      .argParser(collect)
      .default(undefined, 'bundled Tower Hamlets by age, with the bundled history'),
    new Option('--history-layout <layout>', 'force the history layout instead of detecting it from the header').choices(HISTORY_LAYOUTS),
    new Option('--population-layout <layout>', 'force the population layout instead of detecting it from the header').choices(
      POPULATION_LAYOUTS,
    ),
    new Option(
      '--population-sheet <name>',
      'the sheet of an xlsx population workbook to read (GLA workbooks: persons, females, males)',
    ).default(undefined, 'persons, or the only sheet'),
    new Option('--area <area>', 'area to project: GSS code, DfE number or name (any case), or "all"').default(
      undefined,
      'the only area in the history',
    ),
    new Option('--region <region>', 'every council of one DfE region (name or code, e.g. London or E12000007): --area all within it'),
    new Option('--group <name>', 'a group of councils, its total first: a DfE region (name or code), a group of --groups, or "all"'),
    new Option('--groups <file>', 'groups of councils: group,area (area as --area takes it; a council may be in several groups)'),
  ];
}

/** Parameters of the methods, shared by every command that projects. */
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

/** `--to`, `--population-extend` and `--rebase`: how far and on what population a command projects. */
export function horizonOptions(): Option[] {
  return [
    new Option('--to <year>', 'last year to project').argParser(year).default(undefined, 'base year + 10'),
    populationExtendOption(),
    new Option(
      '--rebase <method>',
      'align a projection to the latest estimate: ratio = scale by estimate/projection at the latest common mid-year; none = use as published',
    )
      .choices(['ratio', 'none'])
      .default('ratio'),
  ];
}

/** `--population-extend`, for the commands that project. */
function populationExtendOption(): Option {
  return new Option(
    '--population-extend <how>',
    'continue the population past the last mid-year given, where no projection covers the years needed: flat = hold the last mid-year, trend = continue the log-linear trend of the last 5 estimates, damped to level off at one year of change (said in the Assumptions)',
  ).choices(EXTEND_METHODS);
}

/** `--include-short-breaks`, for every command that reads SSDA903 returns. */
export function includeShortBreaksOption(): Option {
  return new Option(
    '--include-short-breaks',
    'keep episodes of short breaks (legal status V3/V4), which DfE does not count as looked after',
  );
}

/** `--methods` for the commands that project with several methods. */
function methodsOption(): Option {
  const d = DEFAULT_PROJECTION_OPTIONS;
  return new Option(
    '--methods <list>',
    `comma-separated methods: ${METHOD_NAMES.join(', ')} (auto = the method that did best in the area's own backtest)`,
  )
    .argParser(listOf(METHOD_NAMES))
    .default([...d.methods], d.methods.join(','));
}

/** `--format`, offering what the output registry renders for the command, the first the default. */
export function formatOption(name: OutputName, description = 'output format'): Option {
  const formats = formatsOf(name);
  return new Option('--format <format>', description).choices(formats).default(formats[0]);
}

/** `--out`: where the command's output goes. */
export function outOption(what = 'the output'): Option {
  return new Option('--out <file>', `write ${what} to a file (atomically) instead of stdout`).default(undefined, 'stdout');
}

/**
 * The options of `project` that chart and report share: inputs, method parameters, methods, base
 * year, horizon and SSDA903 returns.
 */
export function projectionOptions(): Option[] {
  return [
    ...inputOptions(),
    ...methodParameterOptions(),
    methodsOption(),
    new Option('--base-year <year>', 'last year of history to use').argParser(year).default(undefined, 'last year with a count'),
    ...horizonOptions(),
    new Option(
      '--episodes <path>',
      'SSDA903 returns (folder or files; repeatable): flow then uses exit hazards by time in care, from the latest return; the other methods start from the latest published count',
    ).argParser(collect),
    includeShortBreaksOption(),
  ];
}

/** The placement files sufficiency and report read, and the inflation of costs. */
export function placementOptions(): Option[] {
  return [
    new Option(
      '--placements <file>',
      "children by placement type on 31 March: year,placement_type,count (with age_band: a mix by age band), or DfE's la_cla_on_31_march_by_characteristics file as downloaded",
    ).default(
      undefined,
      "Tower Hamlets' own 2021-2024 for Tower Hamlets; DfE's published figures 2010-2022 (bundled) for any other council",
    ),
    new Option(
      '--mix <how>',
      `the placement mix: mean3 (the default) = each type's share averaged over the last --window years (3); latest = the latest year's shares (for a mix that is moving); or a file of shares: placement_type,share or year,placement_type,share`,
    ).default(undefined, 'mean3'),
    new Option('--capacity <file>', 'places available: year,placement_type,places (a year carries forward)').default(
      undefined,
      'the places in use in the latest placement year',
    ),
    new Option('--costs <file>', 'weekly cost by type: placement_type,weekly_cost[,price_year]').default(
      undefined,
      'bundled example (CMA national averages)',
    ),
    new Option('--inflation <rate>', "yearly price inflation applied from each cost's price year")
      .argParser(fraction(-0.5, 1))
      .default(0.03),
  ];
}

/** The groups of options several commands share, each tabled once in the README. */
export function optionGroups(): OptionGroup[] {
  return [
    { key: 'inputs', title: 'input files and area', options: inputOptions() },
    { key: 'methods', title: 'method parameters', options: methodParameterOptions() },
    { key: 'horizon', title: 'horizon and population', options: horizonOptions() },
    { key: 'common', title: 'every command', options: [noColorOption(), manifestOption()] },
  ];
}
