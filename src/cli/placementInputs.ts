import { UsageError } from '../errors.js';
import { readText } from '../io/load.js';
import { checkPlacementYears } from '../io/plausibility.js';
import { parseCapacity, parseCosts, parseMix, parsePlacements, PLACEMENTS_LAYOUT, type ByCouncil } from '../io/placements.js';
import { describeArea, sameArea } from '../model/areas/matching.js';
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
import type { Area } from '../model/types.js';
import type { AreaReport } from '../report/model.js';
import type { SufficiencyReport } from '../report/sufficiency.js';
import { describeMethod } from '../report/table.js';
import { bundled } from './context.js';
import type { LoadedInputs } from './inputs.js';
import { byAgeDemand } from './sufficiencyByAge.js';
import { addByBand } from '../model/sufficiency/ageMix.js';

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
    throw new UsageError(
      `${file.source} names no council (no area_code, dfe_code or area_name column): with several areas each row must say whose it is`,
    );
  }
  return file.rows;
}

/**
 * Rows for an area of the run: a council's own, or for councils joined after a reorganisation the
 * rows of each of them, added up by year and placement type (the same children).
 */
export function joinedRowsFor<T extends { year: number; placementType: string }>(
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
      : `${lacking.length} of the ${selected} areas (${lacking
          .slice(0, 5)
          .map((a) => a.name)
          .join(', ')}${lacking.length > 5 ? ', ...' : ''})`;
  const why = given
    ? `${given} has no rows for ${lacking.length === 1 ? 'it' : 'them'}`
    : `the bundled placements (data/${BUNDLED_PLACEMENTS}) are Tower Hamlets' own and are not used for another council`;
  return new UsageError(
    `no placement counts for ${which}: ${why}. Add --placements FILE with the children in each placement type on 31 March, ` +
      `columns ${PLACEMENTS_LAYOUT}, laid out like this (your own counts in place of N; README, "Your council in five minutes"):\n` +
      `  area_code,year,placement_type,count\n` +
      ['in-house foster', 'IFA foster', 'residential', 'other']
        .map((type) => `  ${lacking[0]!.code || lacking[0]!.name},2024,${type},N\n`)
        .join('')
        .trimEnd(),
  );
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

/**
 * Read --placements (or the bundled Tower Hamlets counts), --mix, --capacity and --costs; with
 * `today`, placement counts dated after it are refused.
 */
export function readPlacementFiles(options: PlacementOptions, today?: Date): PlacementFiles {
  const placementsInput = options.placements ? { path: options.placements, label: options.placements } : bundled(BUNDLED_PLACEMENTS);
  const costsInput = options.costs
    ? { path: options.costs, label: options.costs }
    : bundled(options.episodes ? 'example-costs-by-type.csv' : 'example-costs.csv');
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
  const counts = placements ? parsePlacements(placements.path, placements.text) : undefined;
  if (counts && today) checkPlacementYears(counts, today);
  return {
    placements: counts,
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
    capacity: files.capacity
      ? joinedRowsFor(
          files.capacity,
          area,
          inputs,
          (r) => r.places,
          (r, places) => ({ ...r, places }),
        )
      : capacityInUse(placements),
    capacitySource: files.capacity
      ? { given: true, source: files.capacityLabel! }
      : { given: false, year: latest, source: files.placementsLabel },
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
  const totals = method.years.map((y) => ({
    year: y.year,
    cla: y.cla,
    lower80: y.lower80,
    upper80: y.upper80,
    lower95: y.lower95,
    upper95: y.upper95,
  }));
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
