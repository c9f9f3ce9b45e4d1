import { Option } from 'commander';
import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { currentLimits, limitError, thousands } from '../io/limits.js';
import { checkHistory, checkPopulation, describeFindings, type Finding } from '../io/plausibility.js';
import { combineHistory, populationForArea, type CombinedHistory } from '../io/combine.js';
import { HISTORY_LAYOUTS, type HistoryFile, type HistoryLayout } from '../io/history.js';
import { mergeByAge } from '../io/byAge.js';
import { AreaIndex } from '../io/identity.js';
import { loadByAge, loadHistory, loadPopulation } from '../io/load.js';
import type { AgeBandYear } from '../model/ageBands.js';
import { POPULATION_LAYOUTS, UNNAMED_AREA, type PopulationFile, type PopulationLayout } from '../io/population.js';
import type { MissingCell } from '../io/values.js';
import { describeArea, normaliseName, sameArea, selectAreas } from '../model/areas/matching.js';
import { joinReorganisedAreas, type JoinedArea } from '../model/areas/crosswalk.js';
import type { Area, AreaHistory } from '../model/types.js';
import { bundled, todayOf, type InputDescription, type Io } from './context.js';

export type { InputDescription } from './context.js';
import { collect } from './options.js';
import { OutputTransaction } from './outputs.js';
import { loadDistrictLookup, loadRegionTable } from './regions.js';
import { isCouncil } from '../model/areas/regions.js';
import { sumDistricts } from '../model/population/districts.js';

/** Shared by every command that reads history and population. */
export interface InputOptions {
  history?: string[];
  historyByAge?: string[];
  population?: string[];
  historyLayout?: HistoryLayout;
  populationLayout?: PopulationLayout;
  area?: string;
  region?: string;
  populationSheet?: string;
}

export const DEFAULT_HISTORY = ['tower-hamlets-cla-history.csv'];
export const DEFAULT_HISTORY_BY_AGE = ['tower-hamlets-cla-by-age.csv'];
export const DEFAULT_POPULATION = ['tower-hamlets-population-0-17-estimates.csv', 'ons-2022-snpp-tower-hamlets-age-0-17.csv'];

export function inputOptions(): Option[] {
  return [
    new Option(
      '--history <file>',
      'history of counts: simple CSV or DfE cla_number_and_rate_per_10k_children file; repeat to add files (later files replace the same area-years)',
    )
      .argParser(collect)
      .default(undefined, 'bundled Tower Hamlets history'),
    new Option(
      '--population <file>',
      '0-17 population: simple CSV, ONS projection, GLA projection or DfE layout of ONS estimates; repeat for estimates plus a projection; required with --history',
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
  ];
}

export interface LoadedInputs {
  historyFiles: (HistoryFile & { sha256: string })[];
  populationFiles: (PopulationFile & { sha256: string })[];
  combined: CombinedHistory;
  described: InputDescription[];
  /** The areas `--area` picked, and whether the user asked for several. */
  selected: Area[];
  many: boolean;
  /** Reorganised councils joined into one series (with `--area all`). */
  joined: JoinedArea[];
  /** Every area of the history files as read (regional rows too), for regional series. */
  allAreas: AreaHistory[];
}

/**
 * Read the history and population files (or the bundled defaults), report suppressed cells and
 * overrides on stderr, merge the history and pick the areas.
 */
export function loadInputs(options: InputOptions, io: Io): LoadedInputs {
  if (options.history !== undefined && options.population === undefined) {
    throw new UsageError('--history needs --population too: the bundled population is for Tower Hamlets only');
  }
  const given = (paths: string[]) => paths.map((path) => ({ path, label: path }));
  const historyInputs = options.history ? given(options.history) : DEFAULT_HISTORY.map(bundled);
  const populationInputs = options.population ? given(options.population) : DEFAULT_POPULATION.map(bundled);
  const historyFiles = historyInputs.map(({ path, label }) => loadHistory(path, options.historyLayout, label));
  const byAgeInputs = options.historyByAge ? given(options.historyByAge) : options.history ? [] : DEFAULT_HISTORY_BY_AGE.map(bundled);
  const byAgeFiles = byAgeInputs.map(({ path, label }) => loadByAge(path, label));
  const populationFiles = populationInputs.map(({ path, label }) =>
    loadPopulation(path, options.populationLayout, label, options.populationSheet),
  );
  for (const file of populationFiles) {
    // ONS projects districts; children's services are counties' and unitaries'
    if (file.layout !== 'ons-snpp') continue;
    const { records, summed } = sumDistricts(file.records, loadDistrictLookup(), file.source);
    file.records = records as typeof file.records;
    file.summed = summed;
  }

  const combined = combineHistory(historyFiles);
  const allAreas = [...combined.areas];
  const findings = checkPlausible(combined, populationFiles, io);
  checkSimulationBudget(options, combined);
  const byAge = byAgeFiles.flatMap((f) => f.areas).map((a, position) => ({ ...a, position }));
  const byAgeIndex = new AreaIndex<(typeof byAge)[number]>();
  for (const a of byAge) byAgeIndex.add(a);
  const byAgeUnnamed = byAge.filter((a) => a.area.code === '' && a.area.name === '');
  for (const history of combined.areas) {
    const match = [...byAgeIndex.matches(history.area), ...byAgeUnnamed]
      .filter((a, i, all) => all.indexOf(a) === i)
      .sort((a, b) => a.position - b.position);
    if (match.length > 0) history.byAge = match.reduce<AgeBandYear[]>((merged, a) => mergeByAge(merged, a.years), []);
  }
  const historyLabel = historyFiles.map((f) => f.source).join(', ');
  if (options.region !== undefined && options.area !== undefined && options.area.trim().toLowerCase() !== 'all') {
    throw new UsageError(`--region picks every council of a region; it cannot be combined with --area ${options.area}`);
  }
  const all = options.area?.trim().toLowerCase() === 'all' || options.region !== undefined;
  let joined: JoinedArea[] = [];
  if (all) {
    const result = joinReorganisedAreas(combined.areas);
    joined = result.joined;
    // England, its regions and Inner/Outer London are in DfE's files too; `all` means every council.
    const las = result.areas.filter((a) => isCouncil(a.area));
    combined.areas = las.length > 0 ? las : result.areas;
    if (options.region !== undefined)
      combined.areas = councilsOfRegion(options.region, combined.areas, historyFiles.map((f) => f.source).join(', '));
    for (const j of joined) {
      io.stderr(
        `note: ${j.predecessors.map(describeArea).join(', ')} and ${j.successors.map(describeArea).join(', ')} ` +
          `are joined into one series, "${j.area.name}", reorganised from ${j.reorganisation.firstYear}\n`,
      );
    }
  }
  const selected = selectAreas(
    all ? 'all' : options.area,
    combined.areas.map((a) => a.area),
    historyLabel,
  );
  reportForAreasRun(
    selected,
    joined,
    [...byAgeFiles, ...historyFiles, ...populationFiles].flatMap((f) => f.missing),
    combined.overrides,
    findings,
    io,
  );
  return {
    joined,
    allAreas,
    historyFiles,
    populationFiles,
    combined,
    described: [
      ...historyFiles.map((f) => ({ role: 'history' as const, file: f.source, layout: f.layout, sha256: f.sha256 })),
      ...byAgeFiles.map((f) => ({ role: 'history-by-age' as const, file: f.source, layout: 'by-age', sha256: f.sha256 })),
      ...populationFiles.map((f) => ({ role: 'population' as const, file: f.source, layout: f.layout, sha256: f.sha256 })),
    ],
    selected,
    many: selected.length > 1 || all,
  };
}

/** The councils of one region (`--region`), by the bundled council -> region table. */
function councilsOfRegion(query: string, areas: AreaHistory[], source: string): AreaHistory[] {
  const table = loadRegionTable();
  const regions = [...new Map(table.councils.map((c) => [c.region.code, c.region])).values()];
  const q = normaliseName(query);
  const region = regions.find((r) => r.code.toLowerCase() === query.trim().toLowerCase() || normaliseName(r.name) === q);
  if (region === undefined) {
    throw new UsageError(
      `no region "${query}": expected one of ${regions
        .map((r) => r.name)
        .sort()
        .join(', ')} (or its code)`,
    );
  }
  const members = areas.filter((a) => table.regionOf(a.area)?.code === region.code);
  if (members.length === 0) throw new InputError('unknown-area', `no council of ${region.name} in the history`, { file: source });
  return members;
}

/**
 * One council's history from history files alone (no population needed), as `loadInputs` reads
 * them: for setting SSDA903 returns beside the published figures.
 */
export function loadCouncilHistory(paths: string[], area: string | undefined, io: Io): AreaHistory {
  if (area?.trim().toLowerCase() === 'all') throw new UsageError("--episodes are one council's returns: pick the council with --area");
  const files = paths.map((path) => loadHistory(path));
  const combined = combineHistory(files);
  const findings = checkPlausible(combined, [], io);
  const [selected] = selectAreas(
    area,
    combined.areas.map((a) => a.area),
    paths.join(', '),
  );
  reportForAreasRun(
    [selected!],
    [],
    files.flatMap((f) => f.missing),
    combined.overrides,
    findings,
    io,
  );
  return combined.areas.find((a) => a.area === selected)!;
}

export function historyOf(inputs: LoadedInputs, area: Area): AreaHistory {
  return inputs.combined.areas.find((a) => a.area === area)!;
}

/**
 * Run `work` for each selected area. With several areas, one that is too short or has no population
 * is skipped and listed in one warning; with one area the error stops the run.
 */
export function forEachArea<T>(inputs: LoadedInputs, io: Io, work: (area: Area) => T): T[] {
  const results: T[] = [];
  const skipped: string[] = [];
  for (const area of inputs.selected) {
    try {
      results.push(work(area));
    } catch (err) {
      const skippable =
        err instanceof InsufficientDataError ||
        (err instanceof InputError && (err.code === 'no-population' || err.code === 'scenario-cannot-act'));
      if (!inputs.many || !skippable) throw err;
      skipped.push(`${describeArea(area)}: ${err.message}`);
    }
  }
  if (skipped.length > 0) {
    io.stderr(`warning: skipped ${skipped.length} of ${inputs.selected.length} areas:\n${skipped.map((s) => `  ${s}\n`).join('')}`);
  }
  if (results.length === 0) throw new InsufficientDataError('no area could be projected');
  return results;
}

/**
 * Notes about suppressed values and replaced years speak of the areas being run (and of the
 * councils a joined area is made of); the rest of a national file is summed up in one line a file.
 */
function reportForAreasRun(
  selected: readonly Area[],
  joined: readonly JoinedArea[],
  missing: readonly MissingCell[],
  overrides: CombinedHistory['overrides'],
  findings: readonly Finding[],
  io: Io,
): void {
  const parts = [...selected, ...joined.filter((j) => selected.includes(j.area)).flatMap((j) => [...j.predecessors, ...j.successors])];
  const runs = (area: Area | undefined) => area === undefined || parts.some((p) => sameArea(p, area));
  for (const line of describeFindings(findings.filter((f) => runs(f.area)))) io.stderr(`warning: ${line}\n`);
  const elsewhere = findings.filter((f) => !runs(f.area));
  if (elsewhere.length > 0) {
    const files = [...new Set(elsewhere.map((f) => f.file))].join(', ');
    io.stderr(
      `note: ${files}: ${elsewhere.length} implausible figure${elsewhere.length === 1 ? '' : 's'} in other areas, not run (run them with --area to see)\n`,
    );
  }
  reportMissing(
    missing.filter((c) => runs(c.area)),
    io,
  );
  for (const { text } of overrides.filter((o) => runs(o.area))) io.stderr(`note: ${text}\n`);
  const byFile = new Map<string, { cells: number; areas: Set<string>; replaced: Set<string> }>();
  const entry = (file: string) => byFile.get(file) ?? byFile.set(file, { cells: 0, areas: new Set(), replaced: new Set() }).get(file)!;
  for (const c of missing.filter((c) => !runs(c.area))) {
    const e = entry(c.file);
    e.cells++;
    e.areas.add(c.area!.code || c.area!.name);
  }
  for (const o of overrides.filter((o) => !runs(o.area))) entry(o.text.split(' replaces ')[0]!).replaced.add(o.area.name);
  for (const [file, e] of byFile) {
    const said = [
      e.cells > 0
        ? `${e.cells} suppressed or empty value${e.cells === 1 ? '' : 's'} (treated as missing) in ${e.areas.size} other area${e.areas.size === 1 ? '' : 's'}`
        : '',
      e.replaced.size > 0 ? `replaces years of ${e.replaced.size} other area${e.replaced.size === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    io.stderr(`note: ${file}: ${said.join('; ')}, not run\n`);
  }
}

/**
 * Stop on impossible figures, warn (summarised) about implausible ones: the history against the
 * calendar and the population, each population file against itself.
 */
function checkPlausible(combined: CombinedHistory, populationFiles: readonly PopulationFile[], io: Io): Finding[] {
  const findings = populationFiles.flatMap((f) => checkPopulation(f));
  // A population file naming no area stands for the one area projected; with several it says nothing of each.
  const named =
    combined.areas.length === 1 ? populationFiles : populationFiles.filter((f) => f.records.some((r) => r.area.name !== UNNAMED_AREA));
  findings.unshift(
    ...checkHistory(combined, todayOf(io), (area) => {
      if (named.length === 0) return undefined;
      const found = populationForArea(named, area);
      const all = new Map([...(found.projection ?? new Map<number, number>()), ...found.estimates]);
      return all.size > 0 ? all : undefined;
    }),
  );
  return findings;
}

/**
 * Simulated paths x projected years, bounded (--max-simulation-years): the flow method's time and
 * memory grow with both, and `--simulations 1000000 --to 2200` would run for hours.
 * @throws InputError `limit-exceeded`
 */
function checkSimulationBudget(options: InputOptions, combined: CombinedHistory): void {
  const o = options as InputOptions & { simulations?: number; to?: number; baseYear?: number; horizon?: number };
  if (o.simulations === undefined) return;
  const lastYear = Math.max(...combined.areas.map((a) => a.years.at(-1)?.year ?? -Infinity));
  const base = o.baseYear ?? lastYear;
  const years = o.horizon ?? (o.to !== undefined ? o.to - base : 10);
  const pathYears = o.simulations * Math.max(years, 1);
  const limit = currentLimits().maxSimulationYears;
  if (Number.isFinite(pathYears) && pathYears > limit) {
    throw limitError(
      'maxSimulationYears',
      'the simulation',
      `${thousands(o.simulations)} paths x ${years} years = ${thousands(pathYears)} path-years; lower --simulations or --to`,
    );
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
    const shown = group
      .slice(0, 3)
      .map((c) => `line ${c.line} "${c.value}"`)
      .join(', ');
    const more = group.length > 3 ? ` and ${group.length - 3} more` : '';
    io.stderr(
      `note: ${first.file} column "${first.column}": ${group.length} suppressed or empty value${group.length > 1 ? 's' : ''} treated as missing (${shown}${more})\n`,
    );
  }
}

/** Called with every output file written, for run manifests (`--manifest`). */
const writeListeners = new Set<(path: string, content: string | Uint8Array) => void>();

export function onOutputWritten(listener: (path: string, content: string | Uint8Array) => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

/**
 * Hand an output to the run's transaction (written with the others when the command succeeds),
 * or, outside `main`, write it at once (atomically for a file, in place for a device or pipe).
 */
export function writeOutput(path: string, content: string | Uint8Array, io: Io): void {
  if (io.outputs) {
    io.outputs.stage(path, content);
  } else {
    const transaction = new OutputTransaction(io);
    try {
      transaction.stage(path, content);
      transaction.commit();
    } finally {
      transaction.abort();
      transaction.close();
    }
  }
  // `-` is stdout, which a manifest records as stdout, not as a file.
  if (path !== '-') for (const listener of writeListeners) listener(path, content);
}
