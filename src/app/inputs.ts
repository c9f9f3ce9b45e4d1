import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { mergeByAge } from '../io/byAge.js';
import { combineHistory, populationLookup, type AreaPopulationInputs, type CombinedHistory } from '../io/combine.js';
import type { HistoryFile, HistoryLayout } from '../io/history.js';
import { AreaIndex } from '../io/identity.js';
import { limitError, thousands } from '../io/limits.js';
import { loadByAge, loadHistory, loadPopulation } from '../io/load.js';
import { checkHistory, checkPopulation, describeFindings, type Finding } from '../io/plausibility.js';
import { UNNAMED_AREA, type PopulationFile, type PopulationLayout } from '../io/population.js';
import type { MissingCell } from '../io/values.js';
import type { AgeBandYear } from '../model/ageBands.js';
import { currentCouncils, joinReorganisedAreas, type JoinedArea, type Replaced } from '../model/areas/crosswalk.js';
import { normaliseName, sameArea, selectAreas } from '../model/areas/matching.js';
import { isCouncil } from '../model/areas/regions.js';
import { sumDistricts } from '../model/population/districts.js';
import type { Area, AreaHistory } from '../model/types.js';
import { inputNotes, joinedNote, replacedNote, skippedAreasWarning, successorNote } from '../report/inputNotes.js';
import { bundled, inputFiles } from './bundled.js';
import type { RunContext } from './context.js';

/** The history and population files of a run, and which areas it projects. */
export interface InputOptions {
  history?: string[];
  historyByAge?: string[];
  population?: string[];
  historyLayout?: HistoryLayout;
  populationLayout?: PopulationLayout;
  area?: string;
  region?: string;
  populationSheet?: string;
  /** A group of councils (`--group`) and the file defining groups (`--groups`): app/groups.ts. */
  group?: string;
  groups?: string;
}

/** The bundled Tower Hamlets files a run reads when given no history. */
const DEFAULT_HISTORY = ['tower-hamlets-cla-history.csv'];
const DEFAULT_HISTORY_BY_AGE = ['tower-hamlets-cla-by-age.csv'];
const DEFAULT_POPULATION = ['tower-hamlets-population-0-17-estimates.csv', 'ons-2022-snpp-tower-hamlets-age-0-17.csv'];

export interface LoadedInputs {
  historyFiles: (HistoryFile & { sha256: string })[];
  populationFiles: (PopulationFile & { sha256: string })[];
  /** Each area's estimates and projection in the population files (indexed once). */
  population: (area: Area) => AreaPopulationInputs;
  combined: CombinedHistory;
  /** The areas `--area` picked, and whether the user asked for several. */
  selected: Area[];
  many: boolean;
  /** Reorganised councils joined into one series (backtests over several areas). */
  joined: JoinedArea[];
  /** Reorganisations whose successors are run as the current councils they are (every other run). */
  replaced: Replaced[];
  /** Every area of the history files as read (regional rows too), for regional series. */
  allAreas: AreaHistory[];
}

/**
 * What a run of a group of councils changes in the loading: the bundled national files when no
 * history is given, and only the councils its groups need (reorganised councils joined, as with
 * `--area all`).
 */
export interface AreaSelection {
  defaultHistory: readonly string[];
  defaultPopulation: readonly string[];
  select: (areas: AreaHistory[], joined: JoinedArea[], source: string) => AreaHistory[];
}

/** `--area all` or `--region`: several areas asked for. */
export function asksForSeveral(options: Pick<InputOptions, 'area' | 'region'>): boolean {
  return options.area?.trim().toLowerCase() === 'all' || options.region !== undefined;
}

/**
 * Read the history and population files (or the bundled defaults), note suppressed cells and
 * overrides in the run's log, merge the history and pick the areas.
 */
export function loadInputs(
  context: RunContext,
  options: InputOptions,
  work: { simulations?: number; to?: number; baseYear?: number; horizon?: number; joinReorganised?: boolean } = {},
  selection?: AreaSelection,
): LoadedInputs {
  if (options.history !== undefined && options.population === undefined && !selection) {
    throw new UsageError(
      `--history needs --population too: the bundled population is for Tower Hamlets only${options.history.includes('england') ? ' (--population england is the bundled ONS estimates of every council)' : ''}`,
    );
  }
  const { reader } = context;
  const given = (paths: string[]) => paths.map((path) => ({ path, label: path }));
  const historyInputs = options.history
    ? inputFiles('history', options.history)
    : (selection?.defaultHistory ?? DEFAULT_HISTORY).map(bundled);
  const populationInputs = options.population
    ? inputFiles('population', options.population)
    : (selection?.defaultPopulation ?? DEFAULT_POPULATION).map(bundled);
  const historyFiles = historyInputs.map(({ path, label }) => loadHistory(reader, path, options.historyLayout, label));
  const byAgeInputs = options.historyByAge
    ? given(options.historyByAge)
    : options.history || selection
      ? []
      : DEFAULT_HISTORY_BY_AGE.map(bundled);
  const byAgeFiles = byAgeInputs.map(({ path, label }) => loadByAge(reader, path, label));
  const populationFiles = populationInputs.map(({ path, label }) =>
    loadPopulation(reader, path, options.populationLayout, label, options.populationSheet),
  );
  for (const f of historyFiles) context.describeInput({ role: 'history', file: f.source, layout: f.layout, sha256: f.sha256 });
  for (const f of byAgeFiles) context.describeInput({ role: 'history-by-age', file: f.source, layout: 'by-age', sha256: f.sha256 });
  for (const f of populationFiles) context.describeInput({ role: 'population', file: f.source, layout: f.layout, sha256: f.sha256 });
  for (const file of populationFiles) {
    // ONS projects districts; children's services are counties' and unitaries'
    if (file.layout !== 'ons-snpp') continue;
    const { records, summed } = sumDistricts(file.records, context.bundled.districtLookup(), file.source);
    file.records = records;
    file.summed = summed;
  }

  const combined = combineHistory(historyFiles, context.limits);
  const allAreas = [...combined.areas];
  const findings = checkPlausible(context, combined, populationFiles);
  checkSimulationBudget(context, work, combined);
  attachByAge(combined, byAgeFiles);
  if (options.region !== undefined && options.area !== undefined && options.area.trim().toLowerCase() !== 'all') {
    throw new UsageError(`--region picks every council of a region; it cannot be combined with --area ${options.area}`);
  }
  const all = asksForSeveral(options);
  let joined: JoinedArea[] = [];
  // Backtests over several areas join reorganised councils into one series (the same children);
  // every other run is of the current councils, each with its own code and years.
  const current = currentCouncils(combined.areas);
  const replaced = current.replaced;
  if (all) {
    const result = work.joinReorganised ? joinReorganisedAreas(combined.areas) : { areas: current.areas, joined: [] };
    joined = result.joined;
    // England, its regions and Inner/Outer London are in DfE's files too; `all` means every council.
    const las = result.areas.filter((a) => isCouncil(a.area));
    combined.areas = las.length > 0 ? las : result.areas;
    if (options.region !== undefined) {
      combined.areas = councilsOfRegion(context, options.region, combined.areas, historyFiles.map((f) => f.source).join(', '));
    }
    if (selection) combined.areas = selection.select(combined.areas, joined, historyFiles.map((f) => f.source).join(', '));
    for (const j of joined) {
      if (!selection || combined.areas.some((a) => a.area === j.area))
        context.log.note(joinedNote({ ...j, firstYear: j.reorganisation.firstYear }));
    }
    if (!work.joinReorganised) {
      for (const r of replaced.filter((r) => r.predecessors.length > 0 && r.successors.some((s) => combined.areas.includes(s)))) {
        context.log.note(
          replacedNote({
            predecessors: r.predecessors.map((p) => p.area),
            successors: r.successors.map((p) => p.area),
            firstYear: r.reorganisation.firstYear,
          }),
        );
      }
    }
  }
  const historyLabel = historyFiles.map((f) => f.source).join(', ');
  const selected = selectAreas(
    all ? 'all' : options.area,
    combined.areas.map((a) => a.area),
    historyLabel,
  );
  noteForAreasRun(
    context,
    selected,
    joined,
    [...byAgeFiles, ...historyFiles, ...populationFiles].flatMap((f) => f.missing),
    combined.overrides,
    findings,
  );
  return {
    joined,
    replaced: work.joinReorganised && all ? [] : replaced,
    allAreas,
    historyFiles,
    populationFiles,
    population: populationLookup(populationFiles),
    combined,
    selected,
    many: selected.length > 1 || all,
  };
}

/** Each history area's counts by age band, from the by-age files that name it (or name no area). */
function attachByAge(combined: CombinedHistory, byAgeFiles: readonly { areas: { area: Area; years: AgeBandYear[] }[] }[]): void {
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
}

/** The councils of one region (`--region`), by the bundled council -> region table. */
function councilsOfRegion(context: RunContext, query: string, areas: AreaHistory[], source: string): AreaHistory[] {
  const table = context.bundled.regionTable();
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
export function loadCouncilHistory(context: RunContext, paths: string[], area: string | undefined): AreaHistory {
  if (area?.trim().toLowerCase() === 'all') throw new UsageError("--episodes are one council's returns: pick the council with --area");
  const files = inputFiles('history', paths).map(({ path, label }) => loadHistory(context.reader, path, undefined, label));
  for (const f of files) context.describeInput({ role: 'history', file: f.source, layout: f.layout, sha256: f.sha256 });
  const combined = combineHistory(files, context.limits);
  const findings = checkPlausible(context, combined, []);
  const [selected] = selectAreas(
    area,
    combined.areas.map((a) => a.area),
    paths.join(', '),
  );
  noteForAreasRun(
    context,
    [selected!],
    [],
    files.flatMap((f) => f.missing),
    combined.overrides,
    findings,
  );
  return combined.areas.find((a) => a.area === selected)!;
}

/**
 * For a council created by a reorganisation and run as itself: that it is projected from its own
 * years, what the years before its creation are and why no method uses them (a warning every
 * output of the area carries); undefined for any other area.
 */
export function successorWarning(inputs: Pick<LoadedInputs, 'replaced'>, area: Area): string | undefined {
  const r = inputs.replaced.find((x) => x.successors.some((s) => s.area === area));
  if (r === undefined || r.predecessors.length === 0) return undefined;
  const lastCount = (h: AreaHistory) => {
    const y = h.years.filter((x) => x.cla !== null).at(-1);
    return y ? { year: y.year, cla: y.cla! } : undefined;
  };
  return successorNote({
    area,
    firstYear: r.reorganisation.firstYear,
    predecessors: r.predecessors.map((p) => ({ area: p.area, last: lastCount(p) })),
    siblings: r.successors.filter((s) => s.area !== area).map((s) => s.area),
  });
}

export function historyOf(inputs: LoadedInputs, area: Area): AreaHistory {
  return inputs.combined.areas.find((a) => a.area === area)!;
}

/**
 * Run `work` for each selected area. With several areas, one that is too short or has no population
 * is skipped and listed in one warning; with one area the error stops the run.
 */
export function forEachArea<T>(
  context: RunContext,
  inputs: LoadedInputs,
  work: (area: Area) => T,
  /** Also given the areas skipped (a report's index lists them). */
  skippedOut?: { area: Area; reason: string }[],
): T[] {
  const results: T[] = [];
  const skipped: { area: Area; reason: string }[] = skippedOut ?? [];
  for (const area of inputs.selected) {
    try {
      results.push(work(area));
    } catch (err) {
      const skippable =
        err instanceof InsufficientDataError ||
        (err instanceof InputError && (err.code === 'no-population' || err.code === 'scenario-cannot-act'));
      if (!inputs.many || !skippable) throw err;
      skipped.push({ area, reason: err.message });
    }
  }
  if (skipped.length > 0) context.log.warn(skippedAreasWarning(skipped, inputs.selected.length));
  if (results.length === 0) throw new InsufficientDataError('no area could be projected');
  return results;
}

/**
 * Notes about suppressed values and replaced years speak of the areas being run (and of the
 * councils a joined area is made of); the rest of a national file is summed up in one line a file.
 */
function noteForAreasRun(
  context: RunContext,
  selected: readonly Area[],
  joined: readonly JoinedArea[],
  missing: readonly MissingCell[],
  overrides: CombinedHistory['overrides'],
  findings: readonly Finding[],
): void {
  const parts = [...selected, ...joined.filter((j) => selected.includes(j.area)).flatMap((j) => [...j.predecessors, ...j.successors])];
  const runs = (area: Area | undefined) => area === undefined || parts.some((p) => sameArea(p, area));
  const notes = inputNotes({
    findings: describeFindings(findings.filter((f) => runs(f.area))),
    elsewhere: findings.filter((f) => !runs(f.area)),
    missing: missing.filter((c) => runs(c.area)),
    missingElsewhere: missing.filter((c) => !runs(c.area)),
    overrides: overrides.filter((o) => runs(o.area)),
    overridesElsewhere: overrides.filter((o) => !runs(o.area)),
  });
  for (const n of notes) (n.level === 'warning' ? context.log.warn : context.log.note)(n.text);
}

/**
 * Stop on impossible figures, warn (summarised) about implausible ones: the history against the
 * calendar and the population, each population file against itself.
 */
function checkPlausible(context: RunContext, combined: CombinedHistory, populationFiles: readonly PopulationFile[]): Finding[] {
  const findings = populationFiles.flatMap((f) => checkPopulation(f));
  // A population file naming no area stands for the one area projected; with several it says nothing of each.
  const named =
    combined.areas.length === 1 ? populationFiles : populationFiles.filter((f) => f.records.some((r) => r.area.name !== UNNAMED_AREA));
  const lookup = populationLookup(named);
  findings.unshift(
    ...checkHistory(combined, context.today, (area) => {
      if (named.length === 0) return undefined;
      const found = lookup(area);
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
function checkSimulationBudget(
  context: RunContext,
  work: { simulations?: number; to?: number; baseYear?: number; horizon?: number },
  combined: CombinedHistory,
): void {
  if (work.simulations === undefined) return;
  const lastYear = Math.max(...combined.areas.map((a) => a.years.at(-1)?.year ?? -Infinity));
  const base = work.baseYear ?? lastYear;
  const years = work.horizon ?? (work.to !== undefined ? work.to - base : 10);
  const pathYears = work.simulations * Math.max(years, 1);
  const limit = context.limits.maxSimulationYears;
  if (Number.isFinite(pathYears) && pathYears > limit) {
    throw limitError(
      context.limits,
      'maxSimulationYears',
      'the simulation',
      `${thousands(work.simulations)} paths x ${years} years = ${thousands(pathYears)} path-years; lower --simulations or --to`,
    );
  }
}
