import { mean } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import { PLACEMENT_TYPES, type PlacementType } from '../episodes/placementTypes.js';
import type { Area } from '../types.js';
import type { PlacementCount, ProjectedTotal } from './placements.js';

/**
 * The placement figures DfE publishes for every council (children looked after on 31 March by
 * placement, place provider, locality and distance from home: `la_cla_on_31_march_by_characteristics`
 * and the yearly files before it), turned into placement counts of the one type list and into the
 * shares placed outside the council's boundary and more than 20 miles from home.
 *
 * DfE's categories are coarser than the types councils commission, and changed in the 2025 release:
 * - foster placements: one figure. In-house and agency fostering are estimated from the place
 *   providers (`fosteringSplit`), which DfE publishes for all placements together;
 * - "secure homes and children's homes" (2025 release) or "secure units, children's homes and
 *   semi-independent living accommodation" (releases to 2022): their own group types;
 * - residential schools, supported accommodation (2025 release), placed with parents, placed for
 *   adoption: one type each; other residential settings (care homes, NHS, family centres, custody),
 *   missing and other placements: other; "other placements in the community" (to 2022): living
 *   independently.
 * Suppressed cells (`c`, `x`, ...) are missing, never zero: the children of the categories
 * suppressed in any year of the mix are the type `suppressed` in every year (the published total
 * less the types published every year), so that each year's shares are of the same types.
 */

const PUBLISHED_PLACEMENTS = [
  'total',
  'foster',
  'homes_secure',
  'homes_secure_semi',
  'supported',
  'community',
  'other_residential',
  'residential_schools',
  'with_parents',
  'adoption',
  'missing',
  'other',
] as const;
const PUBLISHED_PROVIDERS = ['total', 'own', 'other_la', 'other_public', 'private', 'voluntary', 'parents', 'not_reported'] as const;
const PUBLISHED_LOCALITY = ['total', 'inside', 'outside'] as const;
const PUBLISHED_DISTANCE = ['total', 'up_to_20', 'over_20', 'not_known'] as const;

/** DfE's tables of children on 31 March kept here, and their categories. */
export const PUBLISHED_GROUPS = {
  placement: PUBLISHED_PLACEMENTS,
  provider: PUBLISHED_PROVIDERS,
  locality: PUBLISHED_LOCALITY,
  distance: PUBLISHED_DISTANCE,
} as const;
export type PublishedGroup = keyof typeof PUBLISHED_GROUPS;

/** A table's figures: a count, null where DfE suppressed it, absent where not published that year. */
export type PublishedFigures<G extends PublishedGroup> = Partial<Record<(typeof PUBLISHED_GROUPS)[G][number], number | null>>;

/** One council's published figures for one 31 March. */
export interface PublishedPlacementYear {
  area: Area;
  year: number;
  placement: PublishedFigures<'placement'>;
  provider: PublishedFigures<'provider'>;
  locality: PublishedFigures<'locality'>;
  distance: PublishedFigures<'distance'>;
}

/** The type each of DfE's placement categories counts towards (foster placements: see `fosteringSplit`). */
const PUBLISHED_TYPE: Record<Exclude<(typeof PUBLISHED_PLACEMENTS)[number], 'total'>, PlacementType> = {
  foster: 'fostering',
  homes_secure: 'childrens_home_or_secure',
  homes_secure_semi: 'homes_secure_semi_independent',
  supported: 'supported',
  community: 'living_independently',
  other_residential: 'other',
  residential_schools: 'residential_school',
  with_parents: 'with_parents',
  adoption: 'adoption',
  missing: 'other',
  other: 'other',
};

/** DfE's wording of its categories, for notes. */
const PUBLISHED_WORDING: Record<(typeof PUBLISHED_PLACEMENTS)[number], string> = {
  total: 'total',
  foster: 'foster placements',
  homes_secure: "secure homes and children's homes",
  homes_secure_semi: "secure units, children's homes and semi-independent living",
  supported: 'independent and semi-independent living/supported accommodation',
  community: 'other placements in the community',
  other_residential: 'other residential settings',
  residential_schools: 'residential schools',
  with_parents: 'placed with parents',
  adoption: 'placed for adoption',
  missing: 'missing from placement',
  other: 'other placements',
};

type Category = Exclude<(typeof PUBLISHED_PLACEMENTS)[number], 'total'>;
const categoriesOf = (y: PublishedPlacementYear) =>
  (Object.keys(y.placement) as (typeof PUBLISHED_PLACEMENTS)[number][]).filter((k): k is Category => k !== 'total');

/** How fostering was counted: split by estimate, or one type and why. */
export type FosteringSplit = { split: true } | { split: false; reason: string };

/**
 * In-house and agency fostering, estimated from the place providers, which DfE publishes for all
 * placements together, never for fostering alone:
 *   in-house = the children in the council's own provision (all placement types),
 *   agency   = foster placements - in-house.
 * It assumes every child in the council's own provision is in foster care, so it counts the
 * council's own children's homes, supported accommodation and adoptions through its own agency as
 * in-house fostering: it overstates in-house fostering (and understates agency fostering) by them.
 * Kinship carers are in it (DfE does not publish them apart by council). It is made only when, in
 * every year of the mix, own provision is published and between none and all foster placements:
 * suppressed, nil (a council whose services are run by a trust or company reports its carers as
 * voluntary provision) or at least the foster placements (own provision that is not fostering is
 * then too large to ignore) keep fostering as one type.
 * @example foster 187, own provision 125 -> in-house 125, agency 62 (Tower Hamlets 2022)
 */
export function fosteringSplit(years: readonly PublishedPlacementYear[]): FosteringSplit {
  for (const y of years) {
    const foster = y.placement.foster;
    const own = y.provider.own;
    if (foster === undefined || foster === null) return { split: false, reason: `foster placements are not published for ${y.year}` };
    if (own === undefined) return { split: false, reason: `DfE publishes no place providers for ${y.year}` };
    if (own === null) return { split: false, reason: `own provision is suppressed in ${y.year}` };
    if (own === 0)
      return {
        split: false,
        reason: `own provision is nil in ${y.year} (a council whose children's services are run by a trust or company reports its carers as voluntary provision)`,
      };
    if (own >= foster)
      return {
        split: false,
        reason: `own provision (${own}) is not below the foster placements (${foster}) in ${y.year}, so it holds placements other than fostering the estimate cannot take out`,
      };
  }
  return { split: true };
}

/** Placement counts from the published figures, and what was done to them, in words. */
export interface PublishedCounts {
  counts: PlacementCount[];
  /** Years ending 31 March the counts are for (the mix's years). */
  years: number[];
  fostering: FosteringSplit;
  /** DfE's categories merged into `suppressed`, suppressed in some year. */
  suppressed: Category[];
  notes: string[];
}

/**
 * The counts by type of the latest `window` years (up to 31 March `lastYear`, when given) whose
 * published categories are the latest year's (DfE's 2025 release and the releases before it group
 * placements differently: their years are not mixed), with a published total.
 * @throws InsufficientDataError when no year has a published total of placements
 */
export function publishedCounts(all: readonly PublishedPlacementYear[], window: number, lastYear?: number): PublishedCounts {
  const usable = all
    .filter((y) => typeof y.placement.total === 'number' && (lastYear === undefined || y.year <= lastYear))
    .sort((a, b) => a.year - b.year);
  const latest = usable.at(-1);
  if (latest === undefined) throw new InsufficientDataError('published placements require a year with a total of placements on 31 March');
  const scheme = categoriesOf(latest).sort().join('|');
  const chosen = usable.filter((y) => categoriesOf(y).sort().join('|') === scheme).slice(-Math.max(1, window));
  const suppressed = categoriesOf(latest).filter((c) => chosen.some((y) => y.placement[c] === null));
  const fostering = suppressed.includes('foster')
    ? { split: false as const, reason: 'foster placements are suppressed' }
    : fosteringSplit(chosen);
  const counts = chosen.flatMap((y) => {
    const byType = new Map<PlacementType, number>();
    const add = (type: PlacementType, n: number) => byType.set(type, (byType.get(type) ?? 0) + n);
    for (const c of categoriesOf(y)) {
      if (suppressed.includes(c)) continue;
      const n = y.placement[c]!;
      if (c === 'foster' && fostering.split) {
        const inHouse = Math.min(n, y.provider.own!);
        add('fostering_inhouse', inHouse);
        add('fostering_agency', n - inHouse);
      } else add(PUBLISHED_TYPE[c], n);
    }
    const published = [...byType.values()].reduce((s, n) => s + n, 0);
    const rest = y.placement.total! - published;
    if (suppressed.length > 0 || rest > 0) add('suppressed', Math.max(0, rest));
    return [...byType]
      .sort((a, b) => PLACEMENT_TYPES.indexOf(a[0]) - PLACEMENT_TYPES.indexOf(b[0]))
      .map(([placementType, count]) => ({ year: y.year, placementType, count }));
  });
  const years = chosen.map((y) => y.year);
  const notes = [
    fostering.split
      ? `fostering split by estimate: in-house = the children in the council's own provision (DfE publishes providers for all placements together), agency = the rest of the foster placements; it counts the council's own children's homes, supported accommodation and adoptions as in-house fostering (overstating it by them) and includes kinship carers`
      : `fostering kept as one type (in-house and agency cannot be told apart: ${fostering.reason})`,
  ];
  if (suppressed.length > 0 || counts.some((c) => c.placementType === 'suppressed')) {
    const rests = counts.filter((c) => c.placementType === 'suppressed').map((c) => `${c.count} in ${c.year}`);
    notes.push(
      suppressed.length > 0
        ? `suppressed in DfE's figures (missing, not zero): ${suppressed.map((c) => PUBLISHED_WORDING[c]).join(', ')}; their children together (the total less the types published every year: ${rests.join(', ')}) are the type "suppressed", not set against places`
        : `children in DfE's total but in none of its published types (${rests.join(', ')}) are the type "suppressed"`,
    );
  }
  return { counts, years, fostering, suppressed, notes };
}

/** The share placed outside the council's boundary and more than 20 miles from home on one 31 March. */
export interface LocalityYear {
  year: number;
  /** Placed outside the boundary / all children in the locality table (DfE's percentage). */
  outside: number | null;
  /** Placed more than 20 miles from home / all children in the distance table, distance not known included. */
  over20Miles: number | null;
}

/** The published shares by year; null where the count or its total is suppressed or not published. */
export function localityByYear(all: readonly PublishedPlacementYear[]): LocalityYear[] {
  const share = (n: number | null | undefined, total: number | null | undefined) =>
    typeof n === 'number' && typeof total === 'number' && total > 0 ? n / total : null;
  return [...all]
    .sort((a, b) => a.year - b.year)
    .map((y) => ({
      year: y.year,
      outside: share(y.locality.outside, y.locality.total),
      over20Miles: share(y.distance.over_20, y.distance.total),
    }))
    .filter((y) => y.outside !== null || y.over20Miles !== null);
}

const LOCALITY_MEASURES = ['outside', 'over20Miles'] as const;
export type LocalityMeasure = (typeof LOCALITY_MEASURES)[number];

/** Children placed outside the boundary (or more than 20 miles away) in a projected year. */
export interface LocalityRow {
  year: number;
  measure: LocalityMeasure;
  share: number;
  children: number;
  lower80: number;
  upper80: number;
}

/**
 * Locality projected with the mix: each measure's share, averaged over the mix's years where it is
 * published (`years`), times the projected total and its 80% bounds, as the placement types are.
 * A measure published in none of those years has no rows (and a null share).
 * @example shares outside 0.40 (2021), 0.39 (2022); 2,000 children projected -> 790 outside
 */
export function projectLocality(
  projection: readonly ProjectedTotal[],
  history: readonly LocalityYear[],
  years: readonly number[],
): { shares: Record<LocalityMeasure, number | null>; rows: LocalityRow[] } {
  const shareOf = (measure: LocalityMeasure) => {
    const known = history.filter((h) => years.includes(h.year) && h[measure] !== null).map((h) => h[measure]!);
    return known.length > 0 ? mean(known) : null;
  };
  const shares = { outside: shareOf('outside'), over20Miles: shareOf('over20Miles') };
  const rows = projection.flatMap((p) =>
    LOCALITY_MEASURES.flatMap((measure) => {
      const share = shares[measure];
      if (share === null) return [];
      return [{ year: p.year, measure, share, children: p.cla * share, lower80: p.lower80 * share, upper80: p.upper80 * share }];
    }),
  );
  return { shares, rows };
}

/**
 * Councils added up, year by year (councils joined after a reorganisation): each figure is the
 * sum of the councils' that year, missing if any of theirs is, absent if any does not publish it.
 */
export function addPublishedYears(parts: readonly PublishedPlacementYear[], area: Area): PublishedPlacementYear[] {
  const byYear = new Map<number, PublishedPlacementYear[]>();
  for (const p of parts) byYear.set(p.year, [...(byYear.get(p.year) ?? []), p]);
  const add = <G extends PublishedGroup>(rows: PublishedPlacementYear[], group: G): PublishedFigures<G> => {
    const keys = new Set(rows.flatMap((r) => Object.keys(r[group])));
    const out: Record<string, number | null> = {};
    for (const key of keys) {
      const values = rows.map((r) => (r[group] as Record<string, number | null | undefined>)[key]);
      if (values.some((v) => v === undefined)) continue;
      out[key] = values.some((v) => v === null) ? null : values.reduce((s: number, v) => s + v!, 0);
    }
    return out as PublishedFigures<G>;
  };
  return [...byYear]
    .sort((a, b) => a[0] - b[0])
    .map(([year, rows]) => ({
      area,
      year,
      placement: add(rows, 'placement'),
      provider: add(rows, 'provider'),
      locality: add(rows, 'locality'),
      distance: add(rows, 'distance'),
    }));
}
