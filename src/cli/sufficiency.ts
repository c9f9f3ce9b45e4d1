import { Command, InvalidArgumentError, Option } from 'commander';
import { groupsSufficiency } from '../app/groupSufficiency.js';
import { runParameters } from '../app/parameters.js';
import { describeScenarioFiles } from '../app/placementScenarios.js';
import { sufficiencyAreas, type SufficiencySettings } from '../app/sufficiency.js';
import { UsageError } from '../errors.js';
import { METHOD_NAMES, type MethodName } from '../model/types.js';
import { SIDE_OUTPUTS } from '../report/outputs.js';
import { mixByAgeUsed } from '../report/sufficiencyBasis.js';
import {
  collect,
  formatOption,
  horizonOptions,
  includeShortBreaksOption,
  inputOptions,
  listOf,
  manifestOption,
  methodParameterOptions,
  noColorOption,
  outOption,
  placementOptions,
} from './options.js';
import { emit, formatFor, write, type CommandEnv } from './run.js';

/** Demand comes from the recommended projection unless asked otherwise (README, "Backtests"). */
const DEFAULT_SUFFICIENCY_METHOD: MethodName = 'recommended';

interface SufficiencyOptions extends SufficiencySettings {
  format: string;
  out?: string;
  transitions?: string;
}

/** `--methods` as every command spells it; the demand comes from one projection, so one method. */
function oneMethod(value: string): MethodName[] {
  const methods = listOf(METHOD_NAMES)(value);
  if (methods.length !== 1) throw new InvalidArgumentError(`sufficiency takes its demand from one method, got ${methods.join(', ')}`);
  return methods;
}

export function sufficiencyCommand(env: CommandEnv): Command {
  const command = new Command('sufficiency')
    .summary('placements needed by type, the gap against places, and their cost')
    .description(
      'Turn a projection into placements by type (the recent mix, or --mix), set them against the places ' +
        'available (--capacity) and cost them (--costs, --inflation): tables, CSV, JSON or an xlsx workbook.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  lacproj sufficiency --capacity places.csv --format xlsx --out sufficiency.xlsx\n' +
        '  lacproj sufficiency --episodes returns/ --scenario examples/step-down-homes.yaml (placement scenarios: README, "Placement scenarios")',
    );
  for (const option of [
    ...inputOptions(),
    ...methodParameterOptions(),
    new Option('--methods <method>', `the projection method the demand comes from (one of ${METHOD_NAMES.join(', ')})`)
      .argParser(oneMethod)
      .default([DEFAULT_SUFFICIENCY_METHOD], DEFAULT_SUFFICIENCY_METHOD),
    ...placementOptions(),
    ...horizonOptions(),
    formatOption('sufficiency', 'output format (xlsx needs --out)'),
    outOption(),
    new Option(
      '--episodes <path>',
      "SSDA903 returns (folder or files; repeatable): placement types then come from transitions between types by age band in the returns, not a fixed mix; the base year becomes the latest return's",
    ).argParser(collect),
    includeShortBreaksOption(),
    new Option(
      '--scenario <file>',
      'with --episodes, a scenario file (YAML or JSON) changing moves, exits and entrants by age band and placement type; repeat to compare several beside the baseline',
    ).argParser(collect),
    new Option('--transitions <file>', 'with --episodes, write the estimated yearly rates as CSV: age_band,from,to,rate,count'),
    noColorOption(),
    manifestOption(),
  ])
    command.addOption(option);
  command.action(async (options: SufficiencyOptions) => {
    options.format = formatFor(command, 'sufficiency', options);
    if (options.format === 'xlsx' && options.out === undefined)
      throw new UsageError('--format xlsx writes a workbook: give it a file with --out');
    if (options.transitions !== undefined && !options.episodes) {
      throw new UsageError('--transitions writes the rates estimated from SSDA903 returns: give them with --episodes');
    }
    const context = env.context();
    if (options.group !== undefined)
      return emit(env, 'groupSufficiency', options.format, await groupsSufficiency(context, options), options);
    const { reports, transitions, scenarios, scenarioFiles } = await sufficiencyAreas(context, options);
    const mixes = [...new Set(reports.map((r) => mixByAgeUsed(r.basis)).filter((m): m is string => m !== undefined))];
    // The CSV's columns cannot say which mix made its shares: a note on stderr does.
    if (options.format === 'csv' && mixes.length > 0) {
      env.io.stderr(`note: placement types: ${mixes.join('; ')} (the share column is each year's own mix)\n`);
    }
    const parameters = runParameters(options, {
      placements: options.placements ?? null,
      // the mix rule in force (mean3 unless told), or the file of shares
      mix: options.episodes ? null : (options.mix ?? 'mean3'),
      capacity: options.capacity ?? null,
      costs: options.costs ?? null,
      inflation: options.inflation,
      episodes: options.episodes ?? null,
      includeShortBreaks: options.includeShortBreaks ?? false,
      scenario: options.scenario ?? null,
    });
    if (options.transitions !== undefined && transitions) write(env, options.transitions, SIDE_OUTPUTS.transitions(transitions[0]!));
    const header = { command: 'sufficiency', parameters, inputs: context.inputs, notes: mixes.map((m) => `placement types: ${m}`) };
    const beside = scenarios ? { scenarios: { areas: scenarios, files: describeScenarioFiles(scenarioFiles ?? []) } } : {};
    await emit(env, 'sufficiency', options.format, { header, reports, transitions, settings: options, ...beside }, options);
  });
  return command;
}
