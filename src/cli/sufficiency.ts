import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { readText } from '../io/load.js';
import { parseCapacity, parseCosts, parseMix, parsePlacements, PLACEMENTS_LAYOUT, type ByCouncil } from '../io/placements.js';
import { describeArea, sameArea } from '../model/areas/matching.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import type { AreaProjection } from '../model/projection/types.js';
import {
  annualCosts,
  capacityGap,
  capacityInUse,
  demandByType,
  mixFromHistory,
  type Capacity,
  type PlacementCount,
  type PlacementMix,
} from '../model/sufficiency/placements.js';
import { METHOD_NAMES, type Area, type MethodName } from '../model/types.js';
import type { AreaReport } from '../report/model.js';
import type { RebaseMethod } from '../model/population/rebase.js';
import { renderCsv } from '../report/csv.js';
import { SUFFICIENCY_COLUMNS, renderSufficiencyTable, sufficiencyRecords, type SufficiencyReport } from '../report/sufficiency.js';
import { describeMethod } from '../report/table.js';
import { renderWorkbook } from '../report/xlsx.js';
import { bundled, chartFonts, terminalWidth, toolVersion, type Io } from './context.js';
import { forEachArea, historyOf, inputOptions, loadInputs, writeOutput, type InputOptions, type LoadedInputs } from './inputs.js';
import { extensionFrom, populationOf, horizonOptions } from './population.js';
import { collect, fraction, manifestOption, noColorOption, listOf } from './options.js';
import { recommendedContext, regionalInputsRead } from './regions.js';
import { methodParameterOptions, projectionOptionsFrom, type MethodParameters } from './project.js';
import { includeShortBreaksOption } from './returns.js';
import { sufficiencyFromReturns } from './sufficiencyReturns.js';
import { byAgeDemand } from './sufficiencyByAge.js';
import { addByBand } from '../model/sufficiency/ageMix.js';
import { renderTransitionsCsv, renderTransitionsTable } from '../report/transitions.js';

const FORMATS = ['table', 'csv', 'json', 'xlsx'] as const;

/** Demand comes from the recommended projection unless asked otherwise (README, "Backtests"). */
export const DEFAULT_SUFFICIENCY_METHOD: MethodName = 'recommended';

interface SufficiencyOptions extends InputOptions, MethodParameters {
  methods: MethodName[];
  placements?: string;
  mix?: string;
  capacity?: string;
  costs?: string;
  inflation: number;
  to?: number;
  rebase: RebaseMethod;
  format: (typeof FORMATS)[number];
  out?: string;
  episodes?: string[];
  includeShortBreaks?: boolean;
  transitions?: string;
}

export function sufficiencyOptions(): Option[] {
  return [
    ...inputOptions(),
    ...methodParameterOptions(),
    new Option('--methods <method>', `the projection method the demand comes from (one of ${METHOD_NAMES.join(', ')})`).argParser(oneMethod).default([DEFAULT_SUFFICIENCY_METHOD], DEFAULT_SUFFICIENCY_METHOD),
    new Option('--placements <file>', 'children by placement type on 31 March: year,placement_type,count (with age_band: a mix by age band)').default(undefined, 'bundled Tower Hamlets placements 2021-2024'),
    new Option('--mix <file>', 'placement shares instead of the recent mix: placement_type,share or year,placement_type,share'),
    new Option('--capacity <file>', 'places available: year,placement_type,places (a year carries forward)').default(undefined, 'the places in use in the latest placement year'),
    new Option('--costs <file>', 'weekly cost by type: placement_type,weekly_cost[,price_year]').default(undefined, 'bundled example (CMA national averages)'),
    new Option('--inflation <rate>', 'yearly price inflation applied from each cost\'s price year').argParser(fraction(-0.5, 1)).default(0.03),
    ...horizonOptions(),
    new Option('--format <format>', 'output format (xlsx needs --out)').choices(FORMATS).default('table'),
    new Option('--out <file>', 'write the output to a file (atomically) instead of stdout').default(undefined, 'stdout'),
    new Option('--episodes <path>', "SSDA903 returns (folder or files; repeatable): placement types then come from transitions between types by age band in the returns, not a fixed mix; the base year becomes the latest return's").argParser(collect),
    includeShortBreaksOption(),
    new Option('--transitions <file>', 'with --episodes, write the estimated yearly rates as CSV: age_band,from,to,rate,count'),
    noColorOption(),
    manifestOption(),
  ];
}

export function sufficiencyCommand(io: Io): Command {
  const command = new Command('sufficiency')
    .summary('placements needed by type, the gap against places, and their cost')
    .description(
      'Turn a projection into placements by type (the recent mix, or --mix), set them against the places ' +
        'available (--capacity) and cost them (--costs, --inflation): tables, CSV, JSON or an xlsx workbook.',
    )
    .addHelpText('after', '\nExample:\n  lacproj sufficiency --capacity places.csv --format xlsx --out sufficiency.xlsx');
  for (const option of sufficiencyOptions()) command.addOption(option);
  command.action((options: SufficiencyOptions) => runSufficiency(options, io));
  return command;
}

/** `--methods` as every command spells it; the demand comes from one projection, so one method. */
function oneMethod(value: string): MethodName[] {
  const methods = listOf(METHOD_NAMES)(value);
  if (methods.length !== 1) throw new InvalidArgumentError(`sufficiency takes its demand from one method, got ${methods.join(', ')}`);
  return methods;
}

/** Tower Hamlets, whose placements are bundled (`data/tower-hamlets-placements.csv`). */
const BUNDLED_COUNCIL: Area = { code: 'E09000030', dfeCode: '211', name: 'Tower Hamlets' };
const BUNDLED_PLACEMENTS = 'tower-hamlets-placements.csv';

/**
 * A file's rows for one council: rows naming it, or every row of a file that names no council
 * (for one council run alone). Bundled rows belong to their council only.
 * @throws UsageError a file without council columns used for several councils
 */
function rowsFor<T>(file: ByCouncil<T>, area: Area, many: boolean, bundledFor?: Area): T[] {
  if (bundledFor !== undefined) return sameArea(area, bundledFor) ? file.rows : [];
  if (file.hasAreas) return file.rows.filter((r) => r.area !== undefined && sameArea(r.area, area));
  if (many) {
    throw new UsageError(`${file.source} names no council (no area_code, dfe_code or area_name column): with several areas each row must say whose it is`);
  }
  return file.rows;
}

/**
 * Rows for an area of the run: a council's own, or for councils joined after a reorganisation the
 * rows of each of them, added up by year and placement type (the same children).
 */
function joinedRowsFor<T extends { year: number; placementType: string }>(
  file: ByCouncil<T>,
  area: Area,
  inputs: Pick<LoadedInputs, 'joined' | 'many'>,
  value: (row: T) => number,
  withValue: (row: T, total: number, added: T) => T,
  bundledFor?: Area,
): T[] {
  const join = inputs.joined.find((j) => j.area === area);
  if (!join || !file.hasAreas) return rowsFor(file, area, inputs.many, bundledFor);
  const totals = new Map<string, T>();
  for (const part of [...join.predecessors, ...join.successors]) {
    for (const row of rowsFor(file, part, inputs.many)) {
      const key = `${row.year}|${row.placementType}`;
      const before = totals.get(key);
      totals.set(key, before ? withValue(before, value(before) + value(row), row) : row);
    }
  }
  return [...totals.values()];
}

export function missingPlacements(lacking: Area[], selected: number, given?: string): UsageError {
  const which =
    lacking.length === 1
      ? describeArea(lacking[0]!)
      : `${lacking.length} of the ${selected} areas (${lacking.slice(0, 5).map((a) => a.name).join(', ')}${lacking.length > 5 ? ', ...' : ''})`;
  const why = given
    ? `${given} has no rows for ${lacking.length === 1 ? 'it' : 'them'}`
    : `the bundled placements (data/${BUNDLED_PLACEMENTS}) are Tower Hamlets' own and are not used for another council`;
  return new UsageError(
    `no placement counts for ${which}: ${why}. Add --placements FILE with the children in each placement type on 31 March, ` +
      `columns ${PLACEMENTS_LAYOUT}, laid out like this (your own counts in place of N; README, "Your council in five minutes"):\n` +
      `  area_code,year,placement_type,count\n` +
      ['in-house foster', 'IFA foster', 'residential', 'other'].map((type) => `  ${lacking[0]!.code || lacking[0]!.name},2024,${type},N\n`).join('').trimEnd(),
  );
}

async function runSufficiency(options: SufficiencyOptions, io: Io): Promise<void> {
  if (options.format === 'xlsx' && options.out === undefined) throw new UsageError('--format xlsx writes a workbook: give it a file with --out');
  if (options.transitions !== undefined && !options.episodes) throw new UsageError('--transitions writes the rates estimated from SSDA903 returns: give them with --episodes');
  if (options.episodes && (options.placements || options.mix)) {
    throw new UsageError('--placements and --mix set a fixed placement mix: with --episodes the placement types come from the returns');
  }
  const inputs = loadInputs(options, io);
  const files = readPlacementFiles(options);
  if (options.episodes) {
    const fromReturns = await sufficiencyFromReturns({ ...options, episodes: options.episodes }, inputs, io, { costs: files.costs }, (area) =>
      files.capacity ? joinedRowsFor(files.capacity, area, inputs, (r) => r.places, (r, places) => ({ ...r, places })) : undefined,
    );
    if (options.transitions !== undefined) writeOutput(options.transitions, renderTransitionsCsv(fromReturns.transitions[0]!), io);
    const parameters = {
      placement_types: 'transitions between placement types by age band, from the SSDA903 returns',
      episodes: options.episodes,
      include_short_breaks: options.includeShortBreaks ?? false,
      ...projectionOptionsFrom(options),
      inflation: options.inflation,
      to: options.to ?? null,
      rebase: options.rebase,
      capacity: options.capacity ? 'given' : 'places in use on 31 March of the latest return',
    };
    const described = [...inputs.described, ...regionalInputsRead(), ...files.described];
    const extra = options.format === 'table' ? fromReturns.transitions.map((t) => renderTransitionsTable(t, { width: terminalWidth(io) })).join('\n') : '';
    await writeSufficiency(fromReturns.reports, options, parameters, described, io, extra);
    return;
  }
  const lacking = inputs.selected.filter((area) => fixedMixFor(files, area, inputs) === undefined);
  if (lacking.length > 0) throw missingPlacements(lacking, inputs.selected.length, options.placements);
  const window = options.window;

  const recommendedFor = recommendedContext(inputs.allAreas, inputs.historyFiles.map((f) => f.source));
  const mixUsed = new Set<string>();
  const reports = forEachArea(inputs, io, (area): SufficiencyReport => {
    const population = populationOf(inputs, area, options.rebase, extensionFrom(options));
    const projection = projectWithAuto(historyOf(inputs, area), population.aligned, {
      ...projectionOptionsFrom(options),
      recommended: recommendedFor(area),
      methods: options.methods,
      toYear: options.to,
    });
    const flowForWeights = () =>
      projectWithAuto(historyOf(inputs, area), population.aligned, { ...projectionOptionsFrom(options), methods: ['flow'], optional: ['flow'], baseYear: projection.baseYear, toYear: options.to });
    const report = sufficiencyFor({ projection, population }, fixedMixFor(files, area, inputs)!, files, options.inflation, window, flowForWeights);
    if (report.mixUsed) mixUsed.add(report.mixUsed);
    return report;
  });
  const described = [...inputs.described, ...regionalInputsRead(), ...files.described];
  const parameters = {
    method: options.methods[0],
    ...projectionOptionsFrom(options),
    inflation: options.inflation,
    to: options.to ?? null,
    rebase: options.rebase,
    mix: options.mix ? 'given' : `mean share of the last ${window} years`,
    capacity: options.capacity ? 'given' : 'places in use in the latest placement year',
    placement_types: 'fixed mix',
    ...(mixUsed.size > 0 ? { mix: mixUsed.size === 1 ? [...mixUsed][0] : 'mix by age band (the age structure differs by area: see areas[].placement_types)', placement_types: 'mix by age band' } : {}),
  };
  // The CSV's columns cannot say which mix made its shares: a note on stderr does.
  if (options.format === 'csv' && mixUsed.size > 0) io.stderr(`note: placement types: ${[...mixUsed].join('; ')} (the share column is each year's own mix)\n`);
  await writeSufficiency(reports, options, parameters, described, io);
}

/** Placement options, shared by sufficiency and report. */
export interface PlacementOptions {
  placements?: string;
  mix?: string;
  capacity?: string;
  costs?: string;
  episodes?: string[];
  window: number;
}

/** The placement files of a run, read and parsed once for every area. */
export interface PlacementFiles {
  /** Placement counts (not read with --episodes), the bundled ones for Tower Hamlets only. */
  placements?: ByCouncil<PlacementCount> & { byAgeBand: boolean };
  placementsLabel: string;
  bundledFor?: Area;
  mix?: PlacementMix;
  mixLabel?: string;
  capacity?: ByCouncil<Capacity>;
  capacityLabel?: string;
  costs: { path: string; text: string };
  described: { role: string; file: string; sha256: string }[];
}

/** Read --placements (or the bundled Tower Hamlets counts), --mix, --capacity and --costs. */
export function readPlacementFiles(options: PlacementOptions): PlacementFiles {
  const placementsInput = options.placements ? { path: options.placements, label: options.placements } : bundled(BUNDLED_PLACEMENTS);
  const costsInput = options.costs ? { path: options.costs, label: options.costs } : bundled(options.episodes ? 'example-costs-by-type.csv' : 'example-costs.csv');
  const files = [
    ...(options.episodes ? [] : [{ role: 'placements', ...placementsInput }]),
    ...(options.mix ? [{ role: 'mix', path: options.mix, label: options.mix }] : []),
    ...(options.capacity ? [{ role: 'capacity', path: options.capacity, label: options.capacity }] : []),
    { role: 'costs', ...costsInput },
  ].map((f) => ({ ...f, ...readText(f.path, f.label) }));
  const text = (role: string) => files.find((f) => f.role === role);
  const placements = text('placements');
  const mix = text('mix');
  const capacity = text('capacity');
  return {
    placements: placements ? parsePlacements(placements.path, placements.text) : undefined,
    placementsLabel: placementsInput.label,
    // The bundled placements are Tower Hamlets' (its 2023/24 annual report): for it alone.
    bundledFor: options.placements ? undefined : BUNDLED_COUNCIL,
    mix: mix ? parseMix(mix.path, mix.text) : undefined,
    mixLabel: mix?.label,
    capacity: capacity ? parseCapacity(capacity.path, capacity.text) : undefined,
    capacityLabel: capacity?.label,
    costs: { path: text('costs')!.path, text: text('costs')!.text },
    described: files.map((f) => ({ role: f.role, file: f.path, sha256: f.sha256 })),
  };
}

/** One area's counts, mix and places from the fixed-mix files; undefined when the files have no counts for it. */
export function fixedMixFor(
  files: PlacementFiles,
  area: Area,
  inputs: Pick<LoadedInputs, 'joined' | 'many'>,
): { placements: PlacementCount[]; capacity: Capacity[]; capacitySource: SufficiencyReport['capacity'] } | undefined {
  const placements = files.placements
    ? joinedRowsFor(
        files.placements,
        area,
        inputs,
        (r) => r.count,
        (r, count, added) => ({ ...r, count, ...(r.byBand || added.byBand ? { byBand: addByBand(r.byBand, added.byBand) } : {}) }),
        files.bundledFor,
      )
    : [];
  if (placements.length === 0) return undefined;
  const latest = placements.reduce((m, c) => Math.max(m, c.year), -Infinity);
  return {
    placements,
    capacity: files.capacity ? joinedRowsFor(files.capacity, area, inputs, (r) => r.places, (r, places) => ({ ...r, places })) : capacityInUse(placements),
    capacitySource: files.capacity ? { given: true, source: files.capacityLabel! } : { given: false, year: latest, source: files.placementsLabel },
  };
}

/**
 * One area's placements, gap and costs from the first method of its projection and a fixed mix: by
 * age band where the placement counts are (and no --mix), weighted by the flow model's projected age
 * structure (`flowForWeights`, run for the weights only) or the latest one held.
 */
export function sufficiencyFor(
  source: AreaReport,
  fixed: NonNullable<ReturnType<typeof fixedMixFor>>,
  files: PlacementFiles,
  inflation: number,
  window = 3,
  flowForWeights?: () => AreaProjection,
): SufficiencyReport & { mixUsed?: string } {
  const { projection } = source;
  const method = projection.methods[0]!;
  const totals = method.years.map((y) => ({ year: y.year, cla: y.cla, lower80: y.lower80, upper80: y.upper80, lower95: y.lower95, upper95: y.upper95 }));
  const mix = files.mix ?? mixFromHistory(fixed.placements, window);
  const byAge =
    files.placements?.byAgeBand && !files.mix && flowForWeights
      ? byAgeDemand(fixed.placements, totals, window, files.placementsLabel, flowForWeights)
      : undefined;
  const demand = byAge?.demand ?? demandByType(totals, mix);
  const costs = parseCosts(files.costs.path, files.costs.text, projection.baseYear);
  return {
    area: projection.area,
    method: method.method,
    methodNote: describeMethod(method),
    baseYear: projection.baseYear,
    mix: byAge?.mix ?? mix,
    ...(byAge ? { notes: byAge.notes, mixUsed: byAge.used } : {}),
    demandSource: byAge
      ? byAge.demandSource
      : files.mix
        ? `fixed mix given in ${files.mixLabel} (no SSDA903 returns)`
        : `fixed mix: the mean share of each type in ${mix.years.join(', ')} (${files.placementsLabel}; no SSDA903 returns)`,
    placementYears: [...new Set(fixed.placements.map((p) => p.year))].sort((a, b) => a - b),
    capacity: fixed.capacitySource,
    demand,
    gap: capacityGap(demand, fixed.capacity),
    costs: annualCosts(demand, costs, inflation),
    inflation,
    source,
    projection: totals,
  };
}

/** Render the reports in the chosen format and write them (stdout or --out). */
async function writeSufficiency(
  reports: SufficiencyReport[],
  options: SufficiencyOptions,
  parameters: Record<string, unknown>,
  described: { role: string; file: string; sha256: string }[],
  io: Io,
  tableExtra = '',
): Promise<void> {
  let output: string | Uint8Array;
  switch (options.format) {
    case 'csv':
      output = renderCsv(SUFFICIENCY_COLUMNS, sufficiencyRecords(reports));
      break;
    case 'json':
      output = JSON.stringify({ tool: { name: 'lacproj', version: toolVersion }, parameters, inputs: described, areas: reports.map((r) => ({ area: r.area, method: r.method, placement_types: r.demandSource ?? null, warnings: r.warnings ?? [], notes: r.notes ?? [] })), records: sufficiencyRecords(reports) }, null, 2) + '\n';
      break;
    case 'xlsx':
      output = await renderWorkbook(reports, { settings: { ...options, inflation: options.inflation }, inputs: described, toolVersion, fonts: chartFonts() });
      break;
    case 'table':
      output = renderSufficiencyTable(reports, { width: terminalWidth(io) }) + (tableExtra === '' ? '' : `\n${tableExtra}`);
      break;
  }
  if (options.out !== undefined) writeOutput(options.out, output, io);
  else io.stdout(String(output));
}
