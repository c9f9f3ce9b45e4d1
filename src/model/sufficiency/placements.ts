import { mean } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import type { DFE_AGE_BANDS } from '../episodes/calendar.js';
import { PLACEMENT_TYPE_INFO, type PlacementType } from '../episodes/placementTypes.js';
import type { Area } from '../types.js';

/**
 * Sufficiency planning: turn a projection of children looked after into placements by type, set
 * them against the places available, and cost them. Pure arithmetic on shares, places and prices.
 * The types are the one list of `model/episodes/placementTypes.ts`; files name them by key or alias.
 */

/** Children in one placement type on 31 March of a year. */
export interface PlacementCount {
  year: number;
  placementType: PlacementType;
  count: number;
  /** The count by DfE age band, where the placements file gives one (`ageMix.ts`). */
  byBand?: Partial<Record<(typeof DFE_AGE_BANDS)[number], number>>;
}

/** Share of children looked after in each placement type, for every year or per year. */
export interface PlacementMix {
  /** Shares by type that sum to 1. */
  shares: Map<PlacementType, number>;
  /** Per-year shares overriding `shares` where given. */
  byYear?: Map<number, Map<PlacementType, number>>;
  /** Years the shares were averaged over (empty when given by the user). */
  years: number[];
}

/**
 * How the fixed mix is chosen from the placement counts (`--mix`): `mean3`, the default, averages
 * each type's share over the latest `--window` years (3 unless told otherwise); `latest` takes the
 * latest year's shares alone, for a mix that is moving.
 */
export const MIX_RULES = ['mean3', 'latest'] as const;
export type MixRule = (typeof MIX_RULES)[number];

/** The years a mix rule averages: the window for `mean3`, one for `latest`. */
export function mixWindow(rule: MixRule, window: number): number {
  return rule === 'latest' ? 1 : window;
}

/**
 * Default mix: each type's share of the total in each of the last `window` years, averaged. A year
 * whose counts add up to 0 has no shares and is left out (averaged in, its zeros would make the
 * shares add up to less than 1, and children would vanish from the placements); when every year
 * is such, the shares are all 0 and `demandByType` refuses them.
 * @example counts 2023: foster 60, residential 40; 2024: foster 80, residential 20 -> 0.7 / 0.3
 * @throws InsufficientDataError when there are no placement counts
 */
export function mixFromHistory(counts: readonly PlacementCount[], window: number): PlacementMix {
  const last = [...new Set(counts.map((c) => c.year))].sort((a, b) => a - b).slice(-window);
  if (last.length === 0) throw new InsufficientDataError('the placement mix requires at least one year of placement counts');
  const types = [...new Set(counts.map((c) => c.placementType))];
  const totalIn = (year: number) => counts.filter((c) => c.year === year).reduce((s, c) => s + c.count, 0);
  const years = last.filter((y) => totalIn(y) > 0);
  const shareIn = (year: number, type: PlacementType) =>
    (counts.find((c) => c.year === year && c.placementType === type)?.count ?? 0) / totalIn(year);
  if (years.length === 0) return { shares: new Map(types.map((t) => [t, 0])), years: last };
  return { shares: new Map(types.map((t) => [t, mean(years.map((y) => shareIn(y, t)))])), years };
}

/**
 * Shares must share out every child projected: a mix whose shares add up to 0 (placement counts of
 * nothing but zeros) would turn them into no placements at no cost. A council projected to look
 * after none (a range of 0 to 2 is what chance allows it) has none to share out.
 * @throws InsufficientDataError when children are projected (the point projection above 0) and the shares add up to 0
 */
export function requireSharesOfChildren(year: number, projected: number, shares: Iterable<number>, mixYears: readonly number[]): void {
  let total = 0;
  for (const share of shares) total += share;
  if (projected > 0 && !(total > 0)) {
    throw new InsufficientDataError(
      `the placement mix shares out none of the children projected for ${year}: the placement counts` +
        `${mixYears.length > 0 ? ` of ${mixYears.join(', ')}` : ''} add up to 0 (give the children in each type, or shares with --mix)`,
    );
  }
}

function shareFor(mix: PlacementMix, year: number, type: PlacementType): number {
  return mix.byYear?.get(year)?.get(type) ?? mix.shares.get(type) ?? 0;
}

/** Projected children in care, with the 80% interval, for one year. */
export interface ProjectedTotal {
  year: number;
  cla: number;
  lower80: number;
  upper80: number;
}

export interface DemandRow {
  year: number;
  placementType: PlacementType;
  share: number;
  demand: number;
  lower80: number;
  upper80: number;
}

/**
 * Demand by type: the projected total (and its 80% bounds) times the type's share.
 * @throws InsufficientDataError when the shares of a year with children projected add up to 0
 */
export function demandByType(projection: readonly ProjectedTotal[], mix: PlacementMix): DemandRow[] {
  const types = [...new Set([...mix.shares.keys(), ...[...(mix.byYear?.values() ?? [])].flatMap((m) => [...m.keys()])])];
  return projection.flatMap((p) => {
    requireSharesOfChildren(
      p.year,
      p.cla,
      types.map((t) => shareFor(mix, p.year, t)),
      mix.years,
    );
    return types.map((placementType) => {
      const share = shareFor(mix, p.year, placementType);
      return { year: p.year, placementType, share, demand: p.cla * share, lower80: p.lower80 * share, upper80: p.upper80 * share };
    });
  });
}

export interface Capacity {
  year: number;
  placementType: PlacementType;
  places: number;
}

export interface GapRow extends DemandRow {
  /** Places available; null when the capacity file has none for that year and type. */
  places: number | null;
  /** Demand - places: positive = a shortfall. */
  gap: number | null;
  /** Upper 80% demand - places. */
  gapUpper80: number | null;
}

/** Years in a row short of places: the first and the last (inclusive). */
export interface ShortSpell {
  from: number;
  to: number;
}

/**
 * Each type's verdict over the years: when it is short of places, at the point value and at the
 * 80% upper bound. A shortage may start, end and return (places added part-way, demand falling).
 */
export interface RunOut {
  placementType: PlacementType;
  /** False for placements that are not places to provide (placed with parents, adoption, other). */
  isPlace: boolean;
  /** False when the capacity file gives no places for the type at all. */
  hasPlaces: boolean;
  /** The first year short of places (the first spell's `from`), at the point value and the upper bound. */
  year: number | null;
  yearAtUpper80: number | null;
  /** Every spell of years short of places, in order: at the point value and at the 80% upper bound. */
  spells: ShortSpell[];
  spellsAtUpper80: ShortSpell[];
  /** The last projected year: a spell that reaches it lasts to the end of the projection. */
  lastYear: number;
}

/**
 * The spells of years short of places: runs of consecutive projected years whose gap is at least
 * one child (`SHORTFALL_CHILDREN`). A year with no places (null gap) is not short.
 * @example gaps 2023 40.9, 2024 12.0, 2025 -42.9, 2026 3.0 -> [{2023, 2024}, {2026, 2026}]
 */
export function shortSpells(rows: readonly { year: number; gap: number | null }[]): ShortSpell[] {
  const spells: ShortSpell[] = [];
  for (const r of [...rows].sort((a, b) => a.year - b.year)) {
    if (r.gap === null || !(r.gap >= SHORTFALL_CHILDREN)) continue;
    const open = spells.at(-1);
    if (open !== undefined && open.to === r.year - 1) open.to = r.year;
    else spells.push({ from: r.year, to: r.year });
  }
  return spells;
}

/**
 * A shortfall is counted from one whole child: a gap of 0.6 is rounding in a share of a projection,
 * not a child without a place.
 */
const SHORTFALL_CHILDREN = 1;

/**
 * Placement types that are not places a council provides or commissions (`isPlace` in the type
 * list): placed with parents, placed for adoption, living independently, the catch-all `other`
 * (in DfE's and councils' tables mostly placed with parents and for adoption) and DfE's suppressed
 * remainder. They are projected like any other type but are not set against places.
 * @example isPlaceToProvide('fostering_agency') // true; isPlaceToProvide('with_parents') // false
 */
export function isPlaceToProvide(placementType: PlacementType): boolean {
  return PLACEMENT_TYPE_INFO[placementType].isPlace;
}

/**
 * Places of a type in a year: the latest given for it up to the year; for a group with none of
 * its own (`parts` in the type list, e.g. fostering), the sum of its parts' places when every part
 * has some. Null otherwise.
 */
export function placesFor(capacity: readonly Capacity[], year: number, type: PlacementType): number | null {
  const latest = (t: PlacementType) =>
    capacity.filter((c) => c.placementType === t && c.year <= year).sort((a, b) => b.year - a.year)[0]?.places ?? null;
  const own = latest(type);
  if (own !== null) return own;
  const parts = PLACEMENT_TYPE_INFO[type].parts?.map(latest);
  return parts?.every((p) => p !== null) ? parts.reduce((s: number, p) => s + p!, 0) : null;
}

/** A placement type as files are matched on it: case and spacing aside ("IFA  Foster" is "IFA foster"). */
function placementTypeKey(placementType: string): string {
  return placementType.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Gap = demand - places, by year and type; a type is short of places in each year its demand
 * exceeds its places by at least one child (`SHORTFALL_CHILDREN`), in spells that may end and
 * return (`shortSpells`). Places for a year not in the capacity
 * file carry forward from the latest earlier year; a group's places may be its parts' (`placesFor`).
 * Types that are not places to provide (`isPlaceToProvide`) get no places and no gap, whatever the
 * capacity says. `unmatched` lists the capacity's types that match no type of the demand (their
 * places would otherwise be left out without a word).
 */
export function capacityGap(
  demand: readonly DemandRow[],
  capacity: readonly Capacity[],
): { rows: GapRow[]; runOut: RunOut[]; unmatched?: string[] } {
  const rows = demand.map((d) => {
    const places = isPlaceToProvide(d.placementType) ? placesFor(capacity, d.year, d.placementType) : null;
    return { ...d, places, gap: places === null ? null : d.demand - places, gapUpper80: places === null ? null : d.upper80 - places };
  });
  const types = [...new Set(rows.map((r) => r.placementType))];
  const runOut = types.map((placementType) => {
    const own = rows.filter((r) => r.placementType === placementType);
    const spells = shortSpells(own);
    const spellsAtUpper80 = shortSpells(own.map((r) => ({ year: r.year, gap: r.gapUpper80 })));
    return {
      placementType,
      isPlace: isPlaceToProvide(placementType),
      hasPlaces: own.some((r) => r.places !== null),
      year: spells[0]?.from ?? null,
      yearAtUpper80: spellsAtUpper80[0]?.from ?? null,
      spells,
      spellsAtUpper80,
      lastYear: Math.max(...own.map((r) => r.year)),
    };
  });
  const demanded = new Set(types.map(placementTypeKey));
  const unmatched = [...new Set(capacity.map((c) => c.placementType))].filter((t) => !demanded.has(placementTypeKey(t)));
  return unmatched.length > 0 ? { rows, runOut, unmatched } : { rows, runOut };
}

export interface WeeklyCost {
  placementType: PlacementType;
  weeklyCost: number;
  /** Year ending 31 March the price is for. */
  priceYear: number;
  /** The council (or group) whose price it is; everyone's when absent. */
  area?: Area;
}

export interface CostRow {
  year: number;
  placementType: PlacementType;
  demand: number;
  weeklyCost: number | null;
  /** Annual cost at the year's prices; null where no weekly cost is given. */
  annualCost: number | null;
  annualCostUpper80: number | null;
}

/** Weeks in a year: 365.25 / 7. */
export const WEEKS_PER_YEAR = 365.25 / 7;

/**
 * Annual cost = demand x weekly cost x 52.18 weeks x (1 + inflation)^(year - price year). Demand
 * on 31 March stands for the year's average number of children in the placement.
 */
export function annualCosts(demand: readonly DemandRow[], costs: readonly WeeklyCost[], inflation: number): CostRow[] {
  return demand.map((d) => {
    const cost = costs.find((c) => c.placementType === d.placementType);
    if (!cost)
      return {
        year: d.year,
        placementType: d.placementType,
        demand: d.demand,
        weeklyCost: null,
        annualCost: null,
        annualCostUpper80: null,
      };
    const weekly = cost.weeklyCost * (1 + inflation) ** (d.year - cost.priceYear);
    return {
      year: d.year,
      placementType: d.placementType,
      demand: d.demand,
      weeklyCost: weekly,
      annualCost: d.demand * weekly * WEEKS_PER_YEAR,
      annualCostUpper80: d.upper80 * weekly * WEEKS_PER_YEAR,
    };
  });
}

/**
 * Without a capacity file, the places in use on the latest 31 March with placement counts stand in
 * for capacity: the gap is then the extra places needed beyond today's (assumed fully used). Types
 * that are not places to provide have none.
 */
export function capacityInUse(counts: readonly PlacementCount[]): Capacity[] {
  const latest = counts.reduce((m, c) => Math.max(m, c.year), -Infinity);
  return counts
    .filter((c) => c.year === latest && isPlaceToProvide(c.placementType))
    .map((c) => ({ year: c.year, placementType: c.placementType, places: c.count }));
}
