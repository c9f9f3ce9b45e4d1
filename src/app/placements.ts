import { InsufficientDataError, UsageError } from '../errors.js';
import { parseCapacity, parseMix, parsePlacements, PLACEMENTS_LAYOUT, type ByCouncil } from '../io/placements.js';
import { detectPublishedLayout, parsePublishedPlacements } from '../io/publishedPlacements.js';
import { parseTable } from '../io/table.js';
import { addPublishedYears, publishedCounts, type PublishedCounts, type PublishedPlacementYear } from '../model/sufficiency/published.js';
import { checkPlacementYears } from '../io/plausibility.js';
import { describeArea, sameArea } from '../model/areas/matching.js';
import {
  capacityInUse,
  MIX_RULES,
  type Capacity,
  type MixRule,
  type PlacementCount,
  type PlacementMix,
} from '../model/sufficiency/placements.js';
import type { Area } from '../model/types.js';
import type { SufficiencyReport } from '../report/sufficiency.js';
import { addByBand } from '../model/sufficiency/ageMix.js';
import { bundled } from './bundled.js';
import type { RunContext } from './context.js';
import type { LoadedInputs } from './inputs.js';

/** Tower Hamlets, whose own placements are bundled (`data/tower-hamlets-placements.csv`). */
const BUNDLED_COUNCIL: Area = { code: 'E09000030', dfeCode: '211', name: 'Tower Hamlets' };
const BUNDLED_PLACEMENTS = 'tower-hamlets-placements.csv';
/** DfE's published placements for every council (data/README.md), for a council without its own. */
const BUNDLED_PUBLISHED = 'england/placements-by-council-2010-2022.csv';

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
    ? `${given} has no rows for ${lacking.length === 1 ? 'it' : 'them'} with a total of children on 31 March`
    : `DfE's published placements (data/${BUNDLED_PUBLISHED}) have no year with a total of children on 31 March for ${lacking.length === 1 ? 'it' : 'them'}`;
  return new UsageError(
    `no placement counts for ${which}: ${why}. Add --placements FILE with DfE's la_cla_on_31_march_by_characteristics file, or with the children in each placement type on 31 March, ` +
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

/** DfE's published placement figures: a --placements file in DfE's layout, or the bundled ones. */
interface PublishedFile {
  label: string;
  years: PublishedPlacementYear[];
}

/** The placement files of a run, read and parsed once for every area. */
export interface PlacementFiles {
  /** Placement counts (not read with --episodes), the bundled ones for Tower Hamlets only. */
  placements?: ByCouncil<PlacementCount> & { byAgeBand: boolean };
  placementsLabel: string;
  bundledFor?: Area;
  /** DfE's published figures: read from --placements, or from the bundled file when first needed. */
  published?: () => PublishedFile;
  window: number;
  /** --mix: a rule on the counts (mean3, the default, or latest), or `file` for shares read from --mix FILE. */
  mixRule: MixRule | 'file';
  mix?: PlacementMix;
  mixLabel?: string;
  capacity?: ByCouncil<Capacity>;
  capacityLabel?: string;
  costs: { path: string; text: string };
}

/**
 * Read --placements (a council's own counts or DfE's published file; by default the bundled Tower
 * Hamlets counts for Tower Hamlets and DfE's published figures, read when a council needs them,
 * for any other council), --mix, --capacity and --costs.
 */
export function readPlacementFiles(context: RunContext, options: PlacementOptions): PlacementFiles {
  const rule = mixRuleOf(options.mix);
  const placementsInput = options.placements ? { path: options.placements, label: options.placements } : bundled(BUNDLED_PLACEMENTS);
  const costsInput = options.costs
    ? { path: options.costs, label: options.costs }
    : bundled(options.episodes ? 'example-costs-by-type.csv' : 'example-costs.csv');
  const files = [
    ...(options.episodes ? [] : [{ role: 'placements', ...placementsInput }]),
    ...(options.mix && rule === 'file' ? [{ role: 'mix', path: options.mix, label: options.mix }] : []),
    ...(options.capacity ? [{ role: 'capacity', path: options.capacity, label: options.capacity }] : []),
    { role: 'costs', ...costsInput },
  ].map((f) => ({ ...f, ...context.reader.text(f.path, f.label) }));
  for (const f of files) context.describeInput({ role: f.role, file: f.label, layout: f.role, sha256: f.sha256 });
  const text = (role: string) => files.find((f) => f.role === role);
  const placements = text('placements');
  const mix = text('mix');
  const capacity = text('capacity');
  const given = placements && options.placements ? parsePublished(placements.path, placements.text, context) : undefined;
  let bundledPublished: PublishedFile | undefined;
  const published =
    given !== undefined
      ? () => ({ label: placementsInput.label, years: given })
      : options.placements || options.episodes
        ? undefined
        : () => {
            if (bundledPublished === undefined) {
              const file = bundled(BUNDLED_PUBLISHED);
              const read = context.reader.text(file.path, file.label);
              bundledPublished = { label: file.label, years: parsePublishedPlacements(read.path, read.text).years };
              context.describeInput({ role: 'published placements', file: read.path, layout: 'published-placements', sha256: read.sha256 });
            }
            return bundledPublished;
          };
  const counts = placements && given === undefined ? parsePlacements(placements.path, placements.text, context.read) : undefined;
  // placement counts dated after today would be shown as today's places in use
  if (counts) checkPlacementYears(counts, context.today);
  return {
    placements: counts,
    placementsLabel: placementsInput.label,
    // The bundled placements are Tower Hamlets' (its 2023/24 annual report): for it alone.
    bundledFor: options.placements ? undefined : BUNDLED_COUNCIL,
    published,
    window: options.window,
    mixRule: rule,
    mix: mix ? parseMix(mix.path, mix.text, context.read) : undefined,
    mixLabel: mix?.label,
    capacity: capacity ? parseCapacity(capacity.path, capacity.text, context.read) : undefined,
    capacityLabel: capacity?.label,
    costs: { path: text('costs')!.path, text: text('costs')!.text },
  };
}

/**
 * What --mix asks for: `latest` or `mean3` (a rule on the placement counts), anything else a file
 * of shares; mean3 when not given. (`./latest` names a file called latest.)
 */
function mixRuleOf(mix: string | undefined): MixRule | 'file' {
  if (mix === undefined) return 'mean3';
  return (MIX_RULES as readonly string[]).includes(mix) ? (mix as MixRule) : 'file';
}

/** A --placements file in one of DfE's published layouts, or undefined for a council's own layout. */
function parsePublished(path: string, text: string, context: RunContext): PublishedPlacementYear[] | undefined {
  return detectPublishedLayout(parseTable(text, path, context.read)) === undefined ? undefined : parsePublishedPlacements(path, text).years;
}

/** One area's published figures (a joined area's councils added up) and their counts by type; undefined without a usable year. */
function publishedFor(
  files: PlacementFiles,
  area: Area,
  inputs: Pick<LoadedInputs, 'joined'>,
): { file: PublishedFile; years: PublishedPlacementYear[]; counts: PublishedCounts } | undefined {
  const file = files.published?.();
  if (file === undefined) return undefined;
  const join = inputs.joined.find((j) => j.area === area);
  const years = join
    ? addPublishedYears(
        file.years.filter((y) => [...join.predecessors, ...join.successors].some((part) => sameArea(y.area, part))),
        area,
      )
    : file.years.filter((y) => sameArea(y.area, area));
  try {
    return { file, years, counts: publishedCounts(years, files.window) };
  } catch (err) {
    if (err instanceof InsufficientDataError) return undefined;
    throw err;
  }
}

/** An area's placement counts, places and, from DfE's published figures, what was done to them. */
export interface FixedMix {
  placements: PlacementCount[];
  capacity: Capacity[];
  capacitySource: SufficiencyReport['capacity'];
  published?: { label: string; years: PublishedPlacementYear[]; counts: PublishedCounts };
}

/**
 * One area's counts, mix and places from the fixed-mix files: a council's own counts, else DfE's
 * published figures for it; undefined when the files have neither.
 */
export function fixedMixFor(files: PlacementFiles, area: Area, inputs: Pick<LoadedInputs, 'joined' | 'many'>): FixedMix | undefined {
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
  const published = placements.length === 0 ? publishedFor(files, area, inputs) : undefined;
  if (published) placements.push(...published.counts.counts);
  if (placements.length === 0) return undefined;
  const latest = placements.reduce((m, c) => Math.max(m, c.year), -Infinity);
  return {
    ...(published ? { published: { label: published.file.label, years: published.years, counts: published.counts } } : {}),
    placements,
    capacity: givenCapacity(files, area, inputs) ?? capacityInUse(placements),
    capacitySource: files.capacity
      ? { given: true, source: files.capacityLabel! }
      : { given: false, year: latest, source: published?.file.label ?? files.placementsLabel },
  };
}

/** The places a --capacity file gives an area (a joined area's councils' added up), or undefined without one. */
export function givenCapacity(files: PlacementFiles, area: Area, inputs: Pick<LoadedInputs, 'joined' | 'many'>): Capacity[] | undefined {
  return files.capacity
    ? joinedRowsFor(
        files.capacity,
        area,
        inputs,
        (r) => r.places,
        (r, places) => ({ ...r, places }),
      )
    : undefined;
}
