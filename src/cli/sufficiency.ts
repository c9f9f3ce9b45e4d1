import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { readText } from '../io/load.js';
import { parseCapacity, parseCosts, parseMix, parsePlacements } from '../io/placements.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
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
import type { AreaReport } from '../report/model.js';
import { METHOD_NAMES, type MethodName } from '../model/types.js';
import type { RebaseMethod } from '../model/population/rebase.js';
import { renderCsv } from '../report/csv.js';
import { SUFFICIENCY_COLUMNS, renderSufficiencyTable, sufficiencyRecords, type SufficiencyReport } from '../report/sufficiency.js';
import { describeMethod } from '../report/table.js';
import { renderWorkbook } from '../report/xlsx.js';
import { bundled, chartFonts, terminalWidth, toolVersion, type Io } from './context.js';
import { forEachArea, historyOf, inputOptions, loadInputs, populationOf, writeOutput, type InputOptions } from './inputs.js';
import { fraction, oneOf, year } from './options.js';
import { methodParameterOptions, projectionOptionsFrom, type MethodParameters } from './project.js';

const FORMATS = ['table', 'csv', 'json', 'xlsx'] as const;

/** The recommended method: it did best in the backtests (README, "Backtests"). */
export const DEFAULT_SUFFICIENCY_METHOD: MethodName = 'auto';

interface SufficiencyOptions extends InputOptions, MethodParameters {
  method: MethodName;
  placements?: string;
  mix?: string;
  capacity?: string;
  costs?: string;
  inflation: number;
  to?: number;
  rebase: RebaseMethod;
  format: (typeof FORMATS)[number];
  out?: string;
}

export function sufficiencyOptions(): Option[] {
  return [
    ...inputOptions(),
    ...methodParameterOptions(),
    new Option('--method <method>', 'projection method the demand comes from').argParser(oneOf(METHOD_NAMES)).default(DEFAULT_SUFFICIENCY_METHOD),
    new Option('--placements <file>', 'children by placement type on 31 March: year,placement_type,count').default(undefined, 'bundled Tower Hamlets placements 2021-2024'),
    new Option('--mix <file>', 'placement shares instead of the recent mix: placement_type,share or year,placement_type,share'),
    new Option('--capacity <file>', 'places available: year,placement_type,places (a year carries forward)').default(undefined, 'the places in use in the latest placement year'),
    new Option('--costs <file>', 'weekly cost by type: placement_type,weekly_cost[,price_year]').default(undefined, 'bundled example (CMA national averages)'),
    new Option('--inflation <rate>', 'yearly price inflation applied from each cost\'s price year').argParser(fraction(-0.5, 1)).default(0.03),
    new Option('--to <year>', 'last year to project').argParser(year).default(undefined, 'base year + 10'),
    new Option('--rebase <method>', 'align a projection to the latest estimate').choices(['ratio', 'none']).default('ratio'),
    new Option('--format <format>', 'output format (xlsx needs --out)').choices(FORMATS).default('table'),
    new Option('--out <file>', 'write the output to a file (atomically) instead of stdout').default(undefined, 'stdout'),
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

/** The placement files of a run, read and parsed once for every area. */
export interface SufficiencyInputs {
  placements: PlacementCount[];
  mix: PlacementMix;
  capacity: Capacity[];
  capacitySource: SufficiencyReport['capacity'];
  costs: { path: string; text: string };
  described: { role: string; file: string; sha256: string }[];
}

/** Placement options, shared by sufficiency and report. */
export interface PlacementOptions {
  placements?: string;
  mix?: string;
  capacity?: string;
  costs?: string;
  window: number;
}

/** Read --placements (or the bundled Tower Hamlets placements), --mix, --capacity and --costs. */
export function loadSufficiencyInputs(options: PlacementOptions): SufficiencyInputs {
  const placementsInput = options.placements ? { path: options.placements, label: options.placements } : bundled('tower-hamlets-placements.csv');
  const costsInput = options.costs ? { path: options.costs, label: options.costs } : bundled('example-costs.csv');
  const files = [
    { role: 'placements', ...placementsInput },
    ...(options.mix ? [{ role: 'mix', path: options.mix, label: options.mix }] : []),
    ...(options.capacity ? [{ role: 'capacity', path: options.capacity, label: options.capacity }] : []),
    { role: 'costs', ...costsInput },
  ].map((f) => ({ ...f, ...readText(f.path, f.label) }));
  const text = (role: string) => files.find((f) => f.role === role);
  const placements = parsePlacements(text('placements')!.path, text('placements')!.text);
  const mixFile = text('mix');
  const capacityFile = text('capacity');
  const capacity = capacityFile ? parseCapacity(capacityFile.path, capacityFile.text) : capacityInUse(placements);
  return {
    placements,
    mix: mixFile ? parseMix(mixFile.path, mixFile.text) : mixFromHistory(placements, options.window),
    capacity,
    capacitySource: capacityFile
      ? { given: true, source: capacityFile.label }
      : { given: false, year: placements.reduce<number | null>((m, c) => Math.max(m ?? c.year, c.year), null), source: placementsInput.label },
    costs: { path: text('costs')!.path, text: text('costs')!.text },
    described: files.map((f) => ({ role: f.role, file: f.path, sha256: f.sha256 })),
  };
}

/** One area's placements, gap and costs from the first method of its projection. */
export function sufficiencyFor(source: AreaReport, inputs: SufficiencyInputs, inflation: number): SufficiencyReport {
  const { projection } = source;
  const method = projection.methods[0]!;
  const totals = method.years.map((y) => ({ year: y.year, cla: y.cla, lower80: y.lower80, upper80: y.upper80, lower95: y.lower95, upper95: y.upper95 }));
  const demand = demandByType(totals, inputs.mix);
  const costs = parseCosts(inputs.costs.path, inputs.costs.text, projection.baseYear);
  return {
    area: projection.area,
    method: method.method,
    methodNote: describeMethod(method),
    baseYear: projection.baseYear,
    mix: inputs.mix,
    placementYears: [...new Set(inputs.placements.map((p) => p.year))].sort((a, b) => a - b),
    capacity: inputs.capacitySource,
    demand,
    gap: capacityGap(demand, inputs.capacity),
    costs: annualCosts(demand, costs, inflation),
    inflation,
    source,
    projection: totals,
  };
}

async function runSufficiency(options: SufficiencyOptions, io: Io): Promise<void> {
  if (options.format === 'xlsx' && options.out === undefined) throw new UsageError('--format xlsx writes a workbook: give it a file with --out');
  const inputs = loadInputs(options, io);
  const placementInputs = loadSufficiencyInputs(options);
  const reports = forEachArea(inputs, io, (area): SufficiencyReport => {
    const population = populationOf(inputs, area, options.rebase);
    const projection = projectWithAuto(historyOf(inputs, area), population.aligned, {
      ...projectionOptionsFrom(options),
      methods: [options.method],
      toYear: options.to,
    });
    return sufficiencyFor({ projection, population }, placementInputs, options.inflation);
  });
  const described = [...inputs.described, ...placementInputs.described];
  const window = options.window;
  const parameters = {
    method: options.method,
    ...projectionOptionsFrom(options),
    inflation: options.inflation,
    to: options.to ?? null,
    rebase: options.rebase,
    mix: options.mix ? 'given' : `mean share of the last ${window} years`,
    capacity: options.capacity ? 'given' : 'places in use in the latest placement year',
  };
  let output: string | Uint8Array;
  switch (options.format) {
    case 'csv':
      output = renderCsv(SUFFICIENCY_COLUMNS, sufficiencyRecords(reports));
      break;
    case 'json':
      output = JSON.stringify({ tool: { name: 'lacproj', version: toolVersion }, parameters, inputs: described, records: sufficiencyRecords(reports) }, null, 2) + '\n';
      break;
    case 'xlsx':
      output = await renderWorkbook(reports, { settings: { ...options, inflation: options.inflation }, inputs: described, toolVersion, fonts: chartFonts() });
      break;
    case 'table':
      output = renderSufficiencyTable(reports, { width: terminalWidth(io) });
      break;
  }
  if (options.out !== undefined) writeOutput(options.out, output, io);
  else io.stdout(String(output));
}
