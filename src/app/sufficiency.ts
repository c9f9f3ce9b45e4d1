import { UsageError } from '../errors.js';
import { parseCosts } from '../io/placements.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import type { PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import type { AreaProjection } from '../model/projection/types.js';
import { demandByBandMix, flowAgeStructure, heldAgeStructure, mixByBand, type AgeStructure } from '../model/sufficiency/ageMix.js';
import {
  annualCosts,
  capacityGap,
  demandByType,
  mixFromHistory,
  type PlacementCount,
  type PlacementMix,
  type ProjectedTotal,
} from '../model/sufficiency/placements.js';
import { costsFor } from '../model/sufficiency/group.js';
import { localityByYear, projectLocality } from '../model/sufficiency/published.js';
import type { Area } from '../model/types.js';
import type { AreaReport } from '../report/model.js';
import type { DemandBasis, SufficiencyReport } from '../report/sufficiency.js';
import type { RunContext } from './context.js';
import { forEachArea, historyOf, loadInputs, type InputOptions, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom, type ProjectionSettings } from './parameters.js';
import {
  fixedMixFor,
  joinedRowsFor,
  missingPlacements,
  readPlacementFiles,
  type PlacementFiles,
  type PlacementOptions,
  type FixedMix,
} from './placements.js';
import { extensionFrom, populationOf } from './population.js';
import { recommendedContext } from './regions.js';
import { sufficiencyFromReturns } from './sufficiencyReturns.js';

export interface SufficiencySettings extends InputOptions, Omit<ProjectionSettings, 'baseYear'>, Omit<PlacementOptions, 'window'> {
  inflation: number;
  episodes?: string[];
  includeShortBreaks?: boolean;
}

/** Placements by type, gap and costs for every selected area, with what they were made from. */
export interface SufficiencyRun {
  inputs: LoadedInputs;
  reports: SufficiencyReport[];
  /** The moves between placement types estimated from SSDA903 returns (with --episodes). */
  transitions?: PlacementTransitionParameters[];
}

export async function sufficiencyAreas(context: RunContext, settings: SufficiencySettings): Promise<SufficiencyRun> {
  if (settings.episodes && (settings.placements || settings.mix)) {
    throw new UsageError('--placements and --mix set a fixed placement mix: with --episodes the placement types come from the returns');
  }
  const inputs = loadInputs(context, settings, settings);
  const files = readPlacementFiles(context, { ...settings, window: settings.window });
  if (settings.episodes) {
    const fromReturns = await sufficiencyFromReturns(context, { ...settings, episodes: settings.episodes }, inputs, files, (area) =>
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
    return { inputs, reports: fromReturns.reports, transitions: fromReturns.transitions };
  }
  const lacking = inputs.selected.filter((area) => fixedMixFor(files, area, inputs) === undefined);
  if (lacking.length > 0) throw missingPlacements(lacking, inputs.selected.length, settings.placements);
  const recommendedFor = recommendedContext(
    context,
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const reports = forEachArea(context, inputs, (area): SufficiencyReport => {
    const population = populationOf(context, inputs, area, settings.rebase, extensionFrom(settings));
    const projection = projectWithAuto(historyOf(inputs, area), population.aligned, {
      ...projectionOptionsFrom(settings),
      recommended: recommendedFor(area),
      methods: settings.methods,
      toYear: settings.to,
    });
    return sufficiencyFor(context, { projection, population }, fixedMixFor(files, area, inputs)!, files, settings, () =>
      flowForWeights(inputs, area, { projection, population }, settings),
    );
  });
  return { inputs, reports };
}

/** The flow model run only for its projected age structure, which weights a mix by age band. */
export function flowForWeights(
  inputs: LoadedInputs,
  area: Area,
  source: AreaReport,
  settings: Pick<SufficiencySettings, 'to'> & ProjectionSettings,
): AreaProjection {
  return projectWithAuto(historyOf(inputs, area), source.population.aligned, {
    ...projectionOptionsFrom(settings),
    methods: ['flow'],
    optional: ['flow'],
    baseYear: source.projection.baseYear,
    toYear: settings.to,
  });
}

/**
 * One area's placements, gap and costs from the first method of its projection and a fixed mix: by
 * age band where the placement counts are (and no --mix), weighted by the flow model's projected age
 * structure (`flow`, run for the weights only) or the latest one held.
 */
export function sufficiencyFor(
  context: RunContext,
  source: AreaReport,
  fixed: FixedMix,
  files: PlacementFiles,
  settings: { inflation: number; window: number },
  flow?: () => AreaProjection,
): SufficiencyReport {
  const { projection } = source;
  const method = projection.methods[0]!;
  const totals = method.years.map((y) => ({
    year: y.year,
    cla: y.cla,
    lower80: y.lower80,
    upper80: y.upper80,
    lower95: y.lower95,
    upper95: y.upper95,
  }));
  const mix = files.mix ?? mixFromHistory(fixed.placements, settings.window);
  const published = fixed.published;
  const byAge =
    !published && files.placements?.byAgeBand && !files.mix && flow
      ? byAgeDemand(fixed.placements, totals, settings.window, files.placementsLabel, flow)
      : undefined;
  const demand = byAge?.demand ?? demandByType(totals, mix);
  const costs = costsFor(parseCosts(files.costs.path, files.costs.text, projection.baseYear, context.read), projection.area);
  const basis: DemandBasis =
    byAge?.basis ??
    (files.mix
      ? { kind: 'given-mix', source: files.mixLabel! }
      : published
        ? {
            kind: 'fixed-mix',
            years: mix.years,
            source: `DfE's published placements for ${projection.area.name}, ${published.label}`,
            publishedNotes: published.counts.notes,
          }
        : { kind: 'fixed-mix', years: mix.years, source: files.placementsLabel });
  const locality = published ? projectLocality(totals, localityByYear(published.years), published.counts.years) : undefined;
  return {
    area: projection.area,
    method: method.method,
    baseYear: projection.baseYear,
    mix: byAge?.mix ?? mix,
    basis,
    ...(locality ? { locality: { ...locality, years: published!.counts.years, history: localityByYear(published!.years) } } : {}),
    placementYears: [...new Set(fixed.placements.map((p) => p.year))].sort((a, b) => a - b),
    capacity: fixed.capacitySource,
    demand,
    gap: capacityGap(demand, fixed.capacity),
    costs: annualCosts(demand, costs, settings.inflation),
    inflation: settings.inflation,
    source,
    projection: totals,
  };
}

/**
 * With placement counts by age band (model/sufficiency/ageMix.ts): each band's mix, weighted by the
 * flow model's projected age structure when flow runs by age band on the area's history, else by
 * the latest placement year's structure, held. Flow is run for the weights only: the total stays
 * the chosen method's.
 */
function byAgeDemand(
  placements: readonly PlacementCount[],
  totals: readonly ProjectedTotal[],
  window: number,
  label: string,
  flow: () => AreaProjection,
): { demand: ReturnType<typeof demandByBandMix>; basis: DemandBasis; mix: PlacementMix } {
  const bandMix = mixByBand(placements, window);
  const years = totals.map((t) => t.year);
  const run = flow();
  const fitted = run.methods[0]?.assumptions;
  let projected: AgeStructure | undefined;
  let unprojected = '';
  if (fitted?.method !== 'flow' || !('flow' in fitted)) {
    unprojected = run.warnings.find((w) => w.startsWith('flow left out')) ?? 'the flow model could not run';
  } else if (fitted.flow.parameters.mode !== 'bands') {
    unprojected = 'the flow model ran on totals (no counts by age band (--history-by-age) for the years it averages)';
  } else {
    projected = flowAgeStructure(fitted.flow.detail);
    const lacking = years.filter((y) => !projected!.byYear.has(y));
    if (lacking.length > 0) {
      unprojected = `the flow model projects no children by age band for ${lacking.join(', ')}`;
      projected = undefined;
    }
  }
  const structure = projected ?? heldAgeStructure(placements, years);
  const demand = demandByBandMix(totals, bandMix, structure);
  const byYear = new Map(years.map((y) => [y, new Map(demand.filter((d) => d.year === y).map((d) => [d.placementType, d.share]))]));
  return {
    demand,
    basis: { kind: 'mix-by-age', source: label, bandMix, structure, ...(projected ? {} : { unprojected }) },
    // no single mix: the Assumptions give the bands'
    mix: { shares: new Map(), byYear, years: bandMix.years },
  };
}
