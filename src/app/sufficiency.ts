import { InsufficientDataError, UsageError } from '../errors.js';
import { parseCosts } from '../io/placements.js';
import { projectWithAuto } from '../model/evaluation/auto.js';
import type { PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import type { AreaProjection } from '../model/projection/types.js';
import { demandByBandMix, flowAgeStructure, heldAgeStructure, mixByBand, type AgeStructure } from '../model/sufficiency/ageMix.js';
import {
  annualCosts,
  capacityGap,
  capacityInUse,
  demandByType,
  mixFromHistory,
  mixWindow,
  type DemandRow,
  type PlacementCount,
  type PlacementMix,
  type ProjectedTotal,
} from '../model/sufficiency/placements.js';
import { costsFor } from '../model/sufficiency/group.js';
import { localityByYear, projectLocality, publishedCounts } from '../model/sufficiency/published.js';
import { formatNumber } from '../report/format.js';
import type { Area } from '../model/types.js';
import type { AreaReport } from '../report/model.js';
import type { ScenarioFile } from '../io/scenario.js';
import type { AreaScenarioReports } from '../report/placementScenarios.js';
import type { DemandBasis, SufficiencyReport } from '../report/sufficiency.js';
import type { RunContext } from './context.js';
import { forEachArea, historyOf, loadInputs, successorWarning, type InputOptions, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom, type ProjectionSettings } from './parameters.js';
import {
  fixedMixFor,
  givenCapacity,
  missingPlacements,
  readPlacementFiles,
  type PlacementFiles,
  type PlacementOptions,
  type FixedMix,
} from './placements.js';
import { extensionFrom, populationOf } from './population.js';
import { recommendedContext } from './regions.js';
import { readScenarioFiles } from './placementScenarios.js';
import { sufficiencyFromReturns } from './sufficiencyReturns.js';

export interface SufficiencySettings extends InputOptions, Omit<ProjectionSettings, 'baseYear'>, Omit<PlacementOptions, 'window'> {
  inflation: number;
  episodes?: string[];
  includeShortBreaks?: boolean;
  /** Scenario files changing the placement transitions (with --episodes). */
  scenario?: string[];
}

/** Placements by type, gap and costs for every selected area, with what they were made from. */
export interface SufficiencyRun {
  inputs: LoadedInputs;
  reports: SufficiencyReport[];
  /** The moves between placement types estimated from SSDA903 returns (with --episodes). */
  transitions?: PlacementTransitionParameters[];
  /** Each scenario's placements beside the baseline (with --episodes and --scenario), and the files as read. */
  scenarios?: AreaScenarioReports[];
  scenarioFiles?: ScenarioFile[];
}

export async function sufficiencyAreas(context: RunContext, settings: SufficiencySettings): Promise<SufficiencyRun> {
  if (settings.episodes && (settings.placements || settings.mix)) {
    throw new UsageError('--placements and --mix set a fixed placement mix: with --episodes the placement types come from the returns');
  }
  if (settings.scenario && settings.scenario.length > 0 && !settings.episodes) {
    throw new UsageError(
      '--scenario changes the moves between placement types measured from SSDA903 returns: give them with --episodes (lacproj scenario projects the totals without returns)',
    );
  }
  const scenarioFiles = readScenarioFiles(context, settings.scenario ?? []);
  const inputs = loadInputs(context, settings, settings);
  const files = readPlacementFiles(context, { ...settings, window: settings.window });
  if (settings.episodes) {
    const fromReturns = await sufficiencyFromReturns(
      context,
      { ...settings, episodes: settings.episodes },
      inputs,
      files,
      (area) => givenCapacity(files, area, inputs),
      scenarioFiles,
    );
    return {
      inputs,
      reports: fromReturns.reports,
      transitions: fromReturns.transitions,
      ...(fromReturns.scenarios ? { scenarios: fromReturns.scenarios, scenarioFiles } : {}),
    };
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
    const report = sufficiencyFor(context, { projection, population }, fixedMixFor(files, area, inputs)!, files, settings, () =>
      flowForWeights(inputs, area, { projection, population }, settings),
    );
    const successor = successorWarning(inputs, area);
    return successor ? { ...report, warnings: [...(report.warnings ?? []), successor] } : report;
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
 * age band where the placement counts are (and no --mix file), weighted by the flow model's
 * projected age structure (`flow`, run for the weights only) or the latest one held. The mix is the
 * mean of the latest --window years (mean3) or the latest year's (--mix latest); beside a mean, the
 * latest year's mix and the verdicts it would give, where its shares differ.
 */
export function sufficiencyFor(
  context: RunContext,
  source: AreaReport,
  given: FixedMix,
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
  const { fixed, warning } = upToBaseYear(given, files, source);
  const rule = files.mixRule;
  const window = rule === 'file' ? settings.window : mixWindow(rule, settings.window);
  const published = fixed.published;
  const byAgeCounts = !published && files.placements?.byAgeBand && rule !== 'file' && flow !== undefined;
  const byAge = byAgeCounts ? byAgeDemand(fixed.placements, totals, window, files.placementsLabel, flow!) : undefined;
  const mix = files.mix ?? byAge?.mix ?? mixFromHistory(fixed.placements, window);
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
            source: published.label,
            origin: `DfE's published placements for ${projection.area.name}`,
            publishedNotes: published.counts.notes,
          }
        : { kind: 'fixed-mix', years: mix.years, source: files.placementsLabel });
  const history = published ? localityByYear(published.years) : [];
  const locality = published ? projectLocality(totals, history, mix.years) : undefined;
  const gap = capacityGap(demand, fixed.capacity);
  // Beside a mean of several years, the latest year's mix, which a rising or falling share leads.
  const latest =
    rule === 'mean3' && mix.years.length > 1
      ? latestMixFor(byAge ? demandByBandMix(totals, mixByBand(fixed.placements, 1), byAge.structure) : undefined, fixed, totals, demand)
      : undefined;
  return {
    area: projection.area,
    method: method.method,
    baseYear: projection.baseYear,
    mix,
    mixRule: rule,
    ...(latest ? { latestMix: latest } : {}),
    basis,
    ...(locality ? { locality: { ...locality, years: mix.years, history } } : {}),
    placementYears: [...new Set(fixed.placements.map((p) => p.year))].sort((a, b) => a - b),
    capacity: fixed.capacitySource,
    demand,
    gap,
    costs: annualCosts(demand, costs, settings.inflation),
    inflation: settings.inflation,
    source,
    projection: totals,
    ...(warning ? { warnings: [warning] } : {}),
  };
}

/** Shares differ when they would show differently, to 0.1%. */
const SHARE_SHOWN = 0.0005;

/**
 * The latest placement year's mix and the verdicts it gives (`demandByBand`: by age band, with the
 * same age structure), or undefined when its shares in the first projected year are the mix used.
 */
function latestMixFor(
  demandByBand: DemandRow[] | undefined,
  fixed: FixedMix,
  totals: readonly ProjectedTotal[],
  used: readonly DemandRow[],
): SufficiencyReport['latestMix'] {
  const latestMix = mixFromHistory(fixed.placements, 1);
  const demand = demandByBand ?? demandByType(totals, latestMix);
  const first = totals[0]?.year;
  const shares = new Map(demand.filter((d) => d.year === first).map((d) => [d.placementType, d.share]));
  const differs = used.filter((d) => d.year === first).some((d) => Math.abs((shares.get(d.placementType) ?? 0) - d.share) >= SHARE_SHOWN);
  if (!differs) return undefined;
  return { year: latestMix.years.at(-1)!, shares, runOut: capacityGap(demand, fixed.capacity).runOut };
}

/**
 * Placement counts after the base year would be set beside a projection that starts before them:
 * a council's own file is refused, naming both years; the bundled counts and DfE's published
 * figures are used up to the base year, and a warning names the years left out.
 * @throws UsageError a --placements file of a council's own counts with years after the base year
 */
function upToBaseYear(fixed: FixedMix, files: PlacementFiles, source: AreaReport): { fixed: FixedMix; warning?: string } {
  const { baseYear, area } = source.projection;
  const years = [...new Set(fixed.placements.map((p) => p.year))].sort((a, b) => a - b);
  const after = years.filter((y) => y > baseYear);
  if (after.length === 0) return { fixed };
  const latest = after.at(-1)!;
  const lastCount = source.projection.actual.reduce((m, a) => (a.cla !== null ? Math.max(m, a.year) : m), -Infinity);
  const beyond =
    lastCount > baseYear
      ? `the base year ${baseYear} (--base-year; the history runs to ${lastCount})`
      : `the history of ${area.name}, which ends in ${baseYear}`;
  const span = after.length === 1 ? String(after[0]) : `${after[0]}-${latest}`;
  if (!fixed.published && files.bundledFor === undefined) {
    const total = fixed.placements.filter((p) => p.year === latest).reduce((s, p) => s + p.count, 0);
    throw new UsageError(
      `the placement counts in ${files.placementsLabel} run to ${latest}, beyond ${beyond}: the projection would start from ${baseYear} ` +
        `beside the ${formatNumber(total)} children placed on 31 March ${latest}. ` +
        (lastCount > baseYear ? `Use a later --base-year, ` : `Give the history to ${latest} (--history), `) +
        `or leave ${span} out of ${files.placementsLabel}`,
    );
  }
  const what = fixed.published ? "DfE's published placements" : `the bundled placement counts (${files.placementsLabel})`;
  const cut = cutAt(fixed, files, baseYear);
  // none up to the base year: used as they are, and said
  if (cut === undefined)
    return {
      fixed,
      warning: `${what} start in ${years[0]}, after ${beyond}, so the mix is of later years (${years.join(', ')}) than the projection starts from`,
    };
  return {
    fixed: cut,
    warning:
      `${what} for ${span} are after ${beyond}, so the mix uses the years up to ${baseYear}: ` +
      (lastCount > baseYear ? 'a later --base-year uses them' : `give the history to ${latest} (--history) to use them`),
  };
}

/** The counts up to the base year (DfE's published figures chosen again), and places in use then; undefined without any. */
function cutAt(fixed: FixedMix, files: PlacementFiles, baseYear: number): FixedMix | undefined {
  let placements: PlacementCount[];
  let published = fixed.published;
  if (published) {
    try {
      const counts = publishedCounts(published.years, files.window, baseYear);
      published = { ...published, counts };
      placements = counts.counts;
    } catch (err) {
      if (err instanceof InsufficientDataError) return undefined;
      throw err;
    }
  } else placements = fixed.placements.filter((p) => p.year <= baseYear);
  if (placements.length === 0) return undefined;
  const source = fixed.capacitySource;
  return {
    ...fixed,
    ...(published ? { published } : {}),
    placements,
    ...(source.given
      ? {}
      : {
          capacity: capacityInUse(placements),
          capacitySource: { ...source, year: placements.reduce((m, c) => Math.max(m, c.year), -Infinity) },
        }),
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
): { demand: DemandRow[]; basis: DemandBasis; mix: PlacementMix; structure: AgeStructure } {
  const bandMix = mixByBand(placements, window);
  const years = totals.map((t) => t.year);
  const run = flow();
  const fitted = run.methods[0]?.assumptions;
  let projected: AgeStructure | undefined;
  let unprojected = '';
  if (fitted?.method !== 'flow' || !('flow' in fitted)) {
    unprojected = run.warnings.find((w) => w.startsWith('flow (inflow/outflow) left out')) ?? 'the flow model could not run';
  } else if (fitted.flow.parameters.mode !== 'bands') {
    const lacking = fitted.flow.parameters.bandsLacking;
    unprojected = `the flow model ran on totals (${lacking ?? 'no counts by age band (--history-by-age) for the years it averages'})`;
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
    structure,
  };
}
