import { fixedMixFor, joinedRowsFor, missingPlacements, readPlacementFiles, sufficiencyFor } from './placementInputs.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import { METHOD_NAMES, type MethodName } from '../model/types.js';
import type { RebaseMethod } from '../model/population/rebase.js';
import { renderCsv } from '../report/csv.js';
import { SUFFICIENCY_COLUMNS, renderSufficiencyTable, sufficiencyRecords, type SufficiencyReport } from '../report/sufficiency.js';
import { renderWorkbook } from '../report/xlsx.js';
import { chartFonts, terminalWidth, todayOf, toolVersion, type Io } from './context.js';
import { forEachArea, historyOf, inputOptions, loadInputs, writeOutput, type InputOptions } from './inputs.js';
import { extensionFrom, populationOf, horizonOptions } from './population.js';
import { collect, fraction, manifestOption, noColorOption, listOf } from './options.js';
import { recommendedContext, regionalInputsRead } from './regions.js';
import { methodParameterOptions, projectionOptionsFrom, type MethodParameters } from './project.js';
import { includeShortBreaksOption } from './returns.js';
import { sufficiencyFromReturns } from './sufficiencyReturns.js';
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
    new Option('--methods <method>', `the projection method the demand comes from (one of ${METHOD_NAMES.join(', ')})`)
      .argParser(oneMethod)
      .default([DEFAULT_SUFFICIENCY_METHOD], DEFAULT_SUFFICIENCY_METHOD),
    new Option(
      '--placements <file>',
      'children by placement type on 31 March: year,placement_type,count (with age_band: a mix by age band)',
    ).default(undefined, 'bundled Tower Hamlets placements 2021-2024'),
    new Option('--mix <file>', 'placement shares instead of the recent mix: placement_type,share or year,placement_type,share'),
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
    ...horizonOptions(),
    new Option('--format <format>', 'output format (xlsx needs --out)').choices(FORMATS).default('table'),
    new Option('--out <file>', 'write the output to a file (atomically) instead of stdout').default(undefined, 'stdout'),
    new Option(
      '--episodes <path>',
      "SSDA903 returns (folder or files; repeatable): placement types then come from transitions between types by age band in the returns, not a fixed mix; the base year becomes the latest return's",
    ).argParser(collect),
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

async function runSufficiency(options: SufficiencyOptions, io: Io): Promise<void> {
  if (options.format === 'xlsx' && options.out === undefined)
    throw new UsageError('--format xlsx writes a workbook: give it a file with --out');
  if (options.transitions !== undefined && !options.episodes)
    throw new UsageError('--transitions writes the rates estimated from SSDA903 returns: give them with --episodes');
  if (options.episodes && (options.placements || options.mix)) {
    throw new UsageError('--placements and --mix set a fixed placement mix: with --episodes the placement types come from the returns');
  }
  const inputs = loadInputs(options, io);
  const files = readPlacementFiles(options, todayOf(io));
  if (options.episodes) {
    const fromReturns = await sufficiencyFromReturns(
      { ...options, episodes: options.episodes },
      inputs,
      io,
      { costs: files.costs },
      (area) =>
        files.capacity
          ? joinedRowsFor(
              files.capacity,
              area,
              inputs,
              (r) => r.places,
              (r, places) => ({ ...r, places }),
            )
          : undefined,
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
    const extra =
      options.format === 'table'
        ? fromReturns.transitions.map((t) => renderTransitionsTable(t, { width: terminalWidth(io) })).join('\n')
        : '';
    await writeSufficiency(fromReturns.reports, options, parameters, described, io, extra);
    return;
  }
  const lacking = inputs.selected.filter((area) => fixedMixFor(files, area, inputs) === undefined);
  if (lacking.length > 0) throw missingPlacements(lacking, inputs.selected.length, options.placements);
  const window = options.window;

  const recommendedFor = recommendedContext(
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
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
      projectWithAuto(historyOf(inputs, area), population.aligned, {
        ...projectionOptionsFrom(options),
        methods: ['flow'],
        optional: ['flow'],
        baseYear: projection.baseYear,
        toYear: options.to,
      });
    const report = sufficiencyFor(
      { projection, population },
      fixedMixFor(files, area, inputs)!,
      files,
      options.inflation,
      window,
      flowForWeights,
    );
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
    ...(mixUsed.size > 0
      ? {
          mix: mixUsed.size === 1 ? [...mixUsed][0] : 'mix by age band (the age structure differs by area: see areas[].placement_types)',
          placement_types: 'mix by age band',
        }
      : {}),
  };
  // The CSV's columns cannot say which mix made its shares: a note on stderr does.
  if (options.format === 'csv' && mixUsed.size > 0)
    io.stderr(`note: placement types: ${[...mixUsed].join('; ')} (the share column is each year's own mix)\n`);
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
  let output: string | Uint8Array;
  switch (options.format) {
    case 'csv':
      output = renderCsv(SUFFICIENCY_COLUMNS, sufficiencyRecords(reports));
      break;
    case 'json':
      output =
        JSON.stringify(
          {
            tool: { name: 'lacproj', version: toolVersion },
            parameters,
            inputs: described,
            areas: reports.map((r) => ({
              area: r.area,
              method: r.method,
              placement_types: r.demandSource ?? null,
              warnings: r.warnings ?? [],
              notes: r.notes ?? [],
            })),
            records: sufficiencyRecords(reports),
          },
          null,
          2,
        ) + '\n';
      break;
    case 'xlsx':
      output = await renderWorkbook(reports, {
        settings: { ...options, inflation: options.inflation },
        inputs: described,
        toolVersion,
        fonts: chartFonts(),
      });
      break;
    case 'table':
      output = renderSufficiencyTable(reports, { width: terminalWidth(io) }) + (tableExtra === '' ? '' : `\n${tableExtra}`);
      break;
  }
  if (options.out !== undefined) writeOutput(options.out, output, io);
  else io.stdout(String(output));
}
