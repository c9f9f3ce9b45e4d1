import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { readText } from '../io/load.js';
import { parseCapacity, parseCosts, parseMix, parsePlacements } from '../io/placements.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { annualCosts, capacityGap, capacityInUse, demandByType, mixFromHistory } from '../model/sufficiency/placements.js';
import { METHOD_NAMES, type MethodName } from '../model/types.js';
import type { RebaseMethod } from '../model/population/rebase.js';
import { renderCsv } from '../report/csv.js';
import { SUFFICIENCY_COLUMNS, renderSufficiencyTable, sufficiencyRecords, type SufficiencyReport } from '../report/sufficiency.js';
import { describeMethod } from '../report/table.js';
import { renderWorkbook } from '../report/xlsx.js';
import { bundled, toolVersion, type Io } from './context.js';
import { forEachArea, historyOf, inputOptions, loadInputs, populationOf, writeOutput, type InputOptions } from './inputs.js';
import { collect, fraction, oneOf, year } from './options.js';
import { methodParameterOptions, projectionOptionsFrom, type MethodParameters } from './project.js';
import { includeShortBreaksOption } from './returns.js';
import { sufficiencyFromReturns } from './sufficiencyReturns.js';
import { renderTransitionsCsv, renderTransitionsTable } from '../report/transitions.js';

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
  episodes?: string[];
  includeShortBreaks?: boolean;
  transitions?: string;
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
    new Option('--episodes <path>', "SSDA903 returns (folder or files; repeatable): placement types then come from transitions between types by age band in the returns, not a fixed mix; the base year becomes the latest return's").argParser(collect),
    includeShortBreaksOption(),
    new Option('--transitions <file>', 'with --episodes, write the estimated yearly rates as CSV: age_band,from,to,rate,count'),
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

async function runSufficiency(options: SufficiencyOptions, io: Io): Promise<void> {
  if (options.format === 'xlsx' && options.out === undefined) throw new UsageError('--format xlsx writes a workbook: give it a file with --out');
  if (options.transitions !== undefined && !options.episodes) throw new UsageError('--transitions writes the rates estimated from SSDA903 returns: give them with --episodes');
  if (options.episodes && (options.placements || options.mix)) {
    throw new UsageError('--placements and --mix set a fixed placement mix: with --episodes the placement types come from the returns');
  }
  const inputs = loadInputs(options, io);
  const placementsInput = options.placements ? { path: options.placements, label: options.placements } : bundled('tower-hamlets-placements.csv');
  const costsInput = options.costs ? { path: options.costs, label: options.costs } : bundled(options.episodes ? 'example-costs-by-type.csv' : 'example-costs.csv');
  const files = [
    ...(options.episodes ? [] : [{ role: 'placements', ...placementsInput }]),
    ...(options.mix ? [{ role: 'mix', path: options.mix, label: options.mix }] : []),
    ...(options.capacity ? [{ role: 'capacity', path: options.capacity, label: options.capacity }] : []),
    { role: 'costs', ...costsInput },
  ].map((f) => ({ ...f, ...readText(f.path, f.label) }));
  const text = (role: string) => files.find((f) => f.role === role);
  if (options.episodes) {
    const fromReturns = await sufficiencyFromReturns({ ...options, episodes: options.episodes }, inputs, io, { capacity: text('capacity'), costs: text('costs')! }, parseCapacity);
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
    const described = [...inputs.described, ...files.map((f) => ({ role: f.role, file: f.path, sha256: f.sha256 }))];
    const extra = options.format === 'table' ? fromReturns.transitions.map((t) => renderTransitionsTable(t)).join('\n') : '';
    await writeSufficiency(fromReturns.reports, options, parameters, described, io, extra);
    return;
  }
  const placements = parsePlacements(text('placements')!.path, text('placements')!.text);
  const window = options.window;
  const mix = text('mix') ? parseMix(text('mix')!.path, text('mix')!.text) : mixFromHistory(placements, window);
  const capacity = text('capacity') ? parseCapacity(text('capacity')!.path, text('capacity')!.text) : capacityInUse(placements);

  const reports = forEachArea(inputs, io, (area): SufficiencyReport => {
    const population = populationOf(inputs, area, options.rebase);
    const projection = projectWithAuto(historyOf(inputs, area), population.aligned, {
      ...projectionOptionsFrom(options),
      methods: [options.method],
      toYear: options.to,
    });
    const method = projection.methods[0]!;
    const totals = method.years.map((y) => ({ year: y.year, cla: y.cla, lower80: y.lower80, upper80: y.upper80, lower95: y.lower95, upper95: y.upper95 }));
    const demand = demandByType(totals, mix);
    const costs = parseCosts(text('costs')!.path, text('costs')!.text, projection.baseYear);
    return {
      area,
      method: method.method,
      methodNote: describeMethod(method),
      baseYear: projection.baseYear,
      mix,
      demandSource: options.mix ? `fixed mix given in ${options.mix} (no SSDA903 returns)` : `fixed mix: the mean share of each type in ${mix.years.join(', ')} (${placementsInput.label}; no SSDA903 returns)`,
      capacityNote: options.capacity
        ? `places from ${options.capacity}`
        : `no --capacity file: the places in use on 31 March ${capacity[0]?.year ?? '?'} (${placementsInput.label}), assumed full, so the gap is the extra places needed`,
      demand,
      gap: capacityGap(demand, capacity),
      costs: annualCosts(demand, costs, options.inflation),
      inflation: options.inflation,
      projection: totals,
    };
  });
  const described = [...inputs.described, ...files.map((f) => ({ role: f.role, file: f.path, sha256: f.sha256 }))];
  const parameters = {
    method: options.method,
    ...projectionOptionsFrom(options),
    inflation: options.inflation,
    to: options.to ?? null,
    rebase: options.rebase,
    mix: options.mix ? 'given' : `mean share of the last ${window} years`,
    capacity: options.capacity ? 'given' : 'places in use in the latest placement year',
    placement_types: 'fixed mix',
  };
  await writeSufficiency(reports, options, parameters, described, io);
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
  let output: string | Buffer;
  switch (options.format) {
    case 'csv':
      output = renderCsv(SUFFICIENCY_COLUMNS, sufficiencyRecords(reports));
      break;
    case 'json':
      output = JSON.stringify({ tool: { name: 'lacproj', version: toolVersion }, parameters, inputs: described, areas: reports.map((r) => ({ area: r.area, method: r.method, placement_types: r.demandSource ?? null, warnings: r.warnings ?? [], notes: r.notes ?? [] })), records: sufficiencyRecords(reports) }, null, 2) + '\n';
      break;
    case 'xlsx':
      output = await renderWorkbook(reports, { parameters, inputs: described, toolVersion });
      break;
    case 'table':
      output = renderSufficiencyTable(reports) + (tableExtra === '' ? '' : `\n${tableExtra}`);
      break;
  }
  if (options.out !== undefined) writeOutput(options.out, output, io);
  else io.stdout(String(output));
}
