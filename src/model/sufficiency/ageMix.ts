import { mean } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import { DFE_AGE_BANDS } from '../episodes/calendar.js';
import type { FlowDetail } from '../methods/flow.js';
import { mixFromHistory, requireSharesOfChildren, type DemandRow, type PlacementCount, type ProjectedTotal } from './placements.js';
import type { PlacementType } from '../episodes/placementTypes.js';

/**
 * The placement mix by age band: placements by type from a projected total, where the mix follows
 * the age structure of the children looked after instead of staying fixed.
 *
 *   demand(t, type) = total(t) x sum over bands b of w_b(t) x mix_b(type)
 *
 * - mix_b(type): the share of band b's children placed in `type`, averaged over the last `window`
 *   years of placement counts (a year in which the band has no children is left out of its mean).
 * - w_b(t): band b's share of the children looked after on 31 March of projected year t. From the
 *   flow model's projected closing stock by band when it ran by bands (16-17s and the UASC cohort,
 *   mostly 16-17, both count as 16plus), so an ageing cohort moves the mix (more 16-17s, more
 *   supported accommodation); otherwise the bands' shares in the latest placement year, held.
 * - The effective share of a type, sum_b w_b(t) x mix_b(type), sums to 1 over types, so demand by
 *   type adds up to the projected total; the 80% bounds are the total's bounds times that share.
 *
 * Assumptions: placement patterns within a band stay as they were in the window; only the weights
 * move. A band with no children in any year of the window takes the all-ages mix of the window.
 * Units: children on 31 March; shares in 0-1.
 */

/** DfE's age bands of children looked after on 31 March (16plus: 16- and 17-year-olds). */
export type PlacementBand = (typeof DFE_AGE_BANDS)[number];
export const PLACEMENT_BANDS: readonly PlacementBand[] = DFE_AGE_BANDS;

/** Shares by band, summing to 1. */
export type BandShares = Map<PlacementBand, number>;

export interface BandMix {
  /** mix_b(type) of each band with children in the window; each band's shares sum to 1. */
  byBand: Map<PlacementBand, Map<PlacementType, number>>;
  /** The all-ages mix of the window, for bands with no children in it. */
  allAges: Map<PlacementType, number>;
  /** Bands with no children in any year of the window (they take `allAges`). */
  missing: PlacementBand[];
  /** Placement types in the order they first appear in the counts. */
  types: PlacementType[];
  /** Years averaged. */
  years: number[];
}

/** Where the weights w_b(t) came from. */
export interface AgeStructure {
  /** flow: the flow model's projected closing stock by band; held: the latest placement year's. */
  source: 'flow' | 'held';
  /** The placement year whose shares are held (source 'held'). */
  heldYear?: number;
  /** w_b(t) by year. */
  byYear: Map<number, BandShares>;
}

/** Children of a band in a row (0 where the row has no count for it). */
const inBand = (c: PlacementCount, band: PlacementBand) => c.byBand?.[band] ?? 0;

/**
 * mix_b(type) = mean over the last `window` placement years y (those with children in band b) of
 * count(y, b, type) / count(y, b).
 * @example 2024: 10to15 foster 30, residential 10; 16plus foster 10, supported 30 -> 10to15
 *   foster 0.75, residential 0.25; 16plus foster 0.25, supported 0.75
 * @throws InsufficientDataError when there are no placement counts
 */
export function mixByBand(counts: readonly PlacementCount[], window: number): BandMix {
  const allAges = mixFromHistory(counts, window);
  const types = [...new Set(counts.map((c) => c.placementType))];
  const byBand = new Map<PlacementBand, Map<PlacementType, number>>();
  const missing: PlacementBand[] = [];
  for (const band of PLACEMENT_BANDS) {
    const years = allAges.years.filter((y) => counts.some((c) => c.year === y && inBand(c, band) > 0));
    if (years.length === 0) {
      missing.push(band);
      continue;
    }
    const shareIn = (year: number, type: PlacementType) => {
      const ofYear = counts.filter((c) => c.year === year);
      const own = ofYear.filter((c) => c.placementType === type).reduce((s, c) => s + inBand(c, band), 0);
      return own / ofYear.reduce((s, c) => s + inBand(c, band), 0);
    };
    byBand.set(band, new Map(types.map((t) => [t, mean(years.map((y) => shareIn(y, t)))])));
  }
  return { byBand, allAges: allAges.shares, missing, types, years: allAges.years };
}

/**
 * Held age structure: w_b = count(Y, b) / count(Y) in the latest placement year Y, for every year
 * in `years`.
 * @throws InsufficientDataError when the latest year has no children in any band
 */
export function heldAgeStructure(counts: readonly PlacementCount[], years: readonly number[]): AgeStructure {
  const latest = counts.reduce((m, c) => Math.max(m, c.year), -Infinity);
  const ofYear = counts.filter((c) => c.year === latest);
  const total = PLACEMENT_BANDS.reduce((s, b) => s + ofYear.reduce((t, c) => t + inBand(c, b), 0), 0);
  if (!(total > 0)) throw new InsufficientDataError('the age structure requires children by age band in the latest placement year');
  const shares: BandShares = new Map(PLACEMENT_BANDS.map((b) => [b, ofYear.reduce((t, c) => t + inBand(c, b), 0) / total]));
  return { source: 'held', heldYear: latest, byYear: new Map(years.map((y) => [y, shares])) };
}

/** The flow model's band names as placement bands: 16-17s and the UASC cohort are 16plus. */
function placementBandOf(flowBand: string): PlacementBand | undefined {
  if (flowBand === '16to17' || flowBand === 'uasc') return '16plus';
  return PLACEMENT_BANDS.find((b) => b === flowBand);
}

/**
 * Projected age structure: w_b(t) = closing(t, b) / sum over bands of closing(t, .), from the flow
 * model's detail by band (its central path). A year with no children projected is left out.
 * @example 2026 closing: 10to15 60, 16to17 30, uasc 10 -> 10to15 0.6, 16plus 0.4
 */
export function flowAgeStructure(detail: readonly FlowDetail[]): AgeStructure {
  const closing = new Map<number, Map<PlacementBand, number>>();
  for (const d of detail) {
    const band = placementBandOf(d.band);
    if (band === undefined) continue;
    const year = closing.get(d.year) ?? new Map(PLACEMENT_BANDS.map((b) => [b, 0]));
    year.set(band, year.get(band)! + d.closing);
    closing.set(d.year, year);
  }
  const byYear = new Map<number, BandShares>();
  for (const [year, bands] of closing) {
    const total = [...bands.values()].reduce((s, v) => s + v, 0);
    if (total > 0) byYear.set(year, new Map([...bands].map(([b, v]) => [b, v / total])));
  }
  return { source: 'flow', byYear };
}

/**
 * The effective share of each type in year t: sum over bands of w_b(t) x mix_b(type).
 * @throws InsufficientDataError when the age structure has no weights for the year
 */
function sharesByBandMix(mix: BandMix, structure: AgeStructure, year: number): Map<PlacementType, number> {
  const weights = structure.byYear.get(year);
  if (!weights)
    throw new InsufficientDataError(`the mix by age band requires the age structure of every projected year (none for ${year})`);
  return new Map(
    mix.types.map((type) => [
      type,
      [...weights].reduce((s, [band, w]) => s + w * ((mix.byBand.get(band) ?? mix.allAges).get(type) ?? 0), 0),
    ]),
  );
}

/**
 * Demand by type: total(t) x sum_b w_b(t) x mix_b(type), with the total's 80% bounds times the
 * same share (see the opening comment).
 * @example total 100 in 2026; w 10to15 0.6, 16plus 0.4; mix as in `mixByBand`'s example ->
 *   foster 100 x (0.6 x 0.75 + 0.4 x 0.25) = 55, residential 15, supported 30
 * @throws InsufficientDataError when a projected year has no age structure, or its shares add up to 0
 */
export function demandByBandMix(projection: readonly ProjectedTotal[], mix: BandMix, structure: AgeStructure): DemandRow[] {
  return projection.flatMap((p) => {
    const shares = sharesByBandMix(mix, structure, p.year);
    requireSharesOfChildren(p.year, p.cla, shares.values(), mix.years);
    return mix.types.map((placementType) => {
      const share = shares.get(placementType)!;
      return { year: p.year, placementType, share, demand: p.cla * share, lower80: p.lower80 * share, upper80: p.upper80 * share };
    });
  });
}

/** Counts by band added up (two councils joined, or rows of one type and year). */
export function addByBand(
  a: Partial<Record<PlacementBand, number>> | undefined,
  b: Partial<Record<PlacementBand, number>> | undefined,
): Partial<Record<PlacementBand, number>> | undefined {
  if (a === undefined && b === undefined) return undefined;
  const sum: Partial<Record<PlacementBand, number>> = {};
  for (const band of PLACEMENT_BANDS) {
    const v = (a?.[band] ?? 0) + (b?.[band] ?? 0);
    if (a?.[band] !== undefined || b?.[band] !== undefined) sum[band] = v;
  }
  return sum;
}
