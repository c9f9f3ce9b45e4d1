/** An area's population for a run: aligned, joined for reorganised councils, extended on request. */
import { InputError } from '../errors.js';
import { populationLookup, type AreaPopulationInputs } from '../io/combine.js';
import { loadPopulation } from '../io/load.js';
import type { PopulationLayout } from '../io/population.js';
import { joinPopulation, REORGANISATIONS, type JoinedArea } from '../model/areas/crosswalk.js';
import { describeArea, sameArea } from '../model/areas/matching.js';
import { extendPopulation } from '../model/population/extend.js';
import {
  alignPopulation,
  bandSharesFromAges,
  type AlignedPopulation,
  type ExtendMethod,
  type RebaseMethod,
} from '../model/population/rebase.js';
import type { Area } from '../model/types.js';
import type { PopulationSummary } from '../report/model.js';
import type { RunContext } from './context.js';
import { historyOf, type LoadedInputs } from './inputs.js';

/** How far to continue a population past its last mid-year, when asked (`--population-extend`). */
export interface PopulationExtension {
  method: ExtendMethod;
  /** The last projected year (`--to`); default the last year of history + 10. */
  toYear?: number;
  populationLag: number;
}

/**
 * An area's estimates and projection, aligned, and continued past its last mid-year when asked. A
 * council split into others (Cumbria, Northamptonshire) takes its successors' sum where it has no
 * figure of its own (the same children).
 * @throws InputError `no-population` when there are none
 */
export function populationOf(
  context: RunContext,
  inputs: LoadedInputs,
  area: Area,
  rebase: RebaseMethod,
  extend?: PopulationExtension,
): PopulationSummary {
  const join = inputs.joined.find((j) => j.area === area) ?? splitInto(context, area);
  const found = join ? joinedPopulation(inputs, join) : inputs.population(area);
  let aligned = alignPopulation(found.estimates, found.projection, rebase);
  if (found.byAge.size > 0) aligned.bandShares = bandSharesFromAges(found.byAge);
  if (aligned.series.size === 0) {
    throw new InputError(
      'no-population',
      `no 0-17 population for ${describeArea(area)} in ${inputs.populationFiles.map((f) => f.source).join(', ')}`,
    );
  }
  if (extend) {
    const lastYear = Math.max(...(historyOf(inputs, area)?.years.map((y) => y.year) ?? [0]));
    aligned = extendPopulation(aligned, (extend.toYear ?? lastYear + 10) - extend.populationLag, extend.method);
  }
  const summed = inputs.populationFiles
    .flatMap((f) => f.summed ?? [])
    .filter((s) => sameArea({ code: s.council.code, name: s.council.name }, area));
  return {
    aligned,
    estimateSources: found.estimateSources,
    projectionSources: found.projectionSources,
    ...(summed.length > 0 ? { districts: summed[0]!.districts } : {}),
  };
}

/** The extension `--population-extend` asks for, with the run's --to and population lag. */
export function extensionFrom(options: {
  populationExtend?: ExtendMethod;
  to?: number;
  populationLag: number;
}): PopulationExtension | undefined {
  return options.populationExtend
    ? { method: options.populationExtend, toYear: options.to, populationLag: options.populationLag }
    : undefined;
}

/** A council split into several (one predecessor): joined with its successors for population. */
function splitInto(context: RunContext, area: Area): JoinedArea | undefined {
  const reorganisation = REORGANISATIONS.find((r) => r.predecessors.length === 1 && r.predecessors[0] === area.dfeCode);
  if (!reorganisation) return undefined;
  const table = context.bundled.regionTable();
  const successors = reorganisation.successors.flatMap((dfe) => {
    const council = table.councils.find((c) => c.dfeCode === dfe);
    return council ? [{ code: council.code, name: council.name, dfeCode: dfe }] : [];
  });
  return { reorganisation, area, predecessors: [area], successors };
}

/** A joined area's population: its councils' estimates (and projections) summed. */
function joinedPopulation(inputs: LoadedInputs, join: JoinedArea): AreaPopulationInputs {
  const parts = (areas: Area[]) => areas.map((a) => inputs.population(a));
  const before = parts(join.predecessors);
  const after = parts(join.successors);
  const projections = (list: AreaPopulationInputs[]) => list.flatMap((p) => (p.projection ? [p.projection] : []));
  const projected = joinPopulation(projections(before), projections(after));
  return {
    estimates: joinPopulation(
      before.map((p) => p.estimates),
      after.map((p) => p.estimates),
    ),
    projection: projected.size > 0 ? projected : undefined,
    estimateSources: [...new Set([...before, ...after].flatMap((p) => p.estimateSources))],
    projectionSources: [...new Set([...before, ...after].flatMap((p) => p.projectionSources))],
    byAge: new Map(),
  };
}

/**
 * An area's population with the projection files replaced (a scenario's population variant): the
 * run's estimates are kept, the variant files stand in for its projection.
 */
export function populationWithVariant(
  context: RunContext,
  inputs: LoadedInputs,
  area: Area,
  rebase: RebaseMethod,
  variantFiles: readonly string[],
  populationLayout?: PopulationLayout,
  extend?: PopulationExtension,
): PopulationSummary {
  const variants = variantFiles.map((path) => loadPopulation(context.reader, path, populationLayout));
  for (const f of variants) context.describeInput({ role: 'population', file: f.source, layout: f.layout, sha256: f.sha256 });
  const populationFiles = [...inputs.populationFiles.filter((f) => f.kind === 'estimate'), ...variants];
  return populationOf(context, { ...inputs, populationFiles, population: populationLookup(populationFiles) }, area, rebase, extend);
}

/**
 * An area's population as a backtest knows it: estimates only (a projection is not what later
 * happened), with the band shares (age structure) kept, as the flow methods need band populations.
 */
export function knownPopulation(context: RunContext, inputs: LoadedInputs, area: Area): AlignedPopulation {
  const population = populationOf(context, inputs, area, 'ratio');
  const estimates = new Map(
    [...population.aligned.series.values()].filter((p) => p.kind === 'estimate').map((p) => [p.midYear, p.population0to17]),
  );
  return { ...alignPopulation(estimates, undefined, 'none'), bandShares: population.aligned.bandShares };
}
