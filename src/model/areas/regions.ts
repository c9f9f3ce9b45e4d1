import type { Area, AreaHistory } from '../types.js';
import { joinReorganisedAreas } from './crosswalk.js';
import { currentCode, normaliseName } from './matching.js';

/**
 * Which DfE region each English council belongs to, and a region's children looked after as the
 * sum of its councils. DfE publishes nine regions, with London as Inner and Outer London; the
 * recommended projection treats London as one region, so both map to E12000007.
 */

export interface Region {
  code: string;
  name: string;
}

/** One council of the council -> region table (`data/england/council-regions.csv`). */
export interface CouncilRegion {
  dfeCode: string;
  code: string;
  name: string;
  region: Region;
  /** DfE's own region (Inner or Outer London for London's boroughs; `region` is London). */
  dfeRegion?: Region;
}

export const LONDON: Region = { code: 'E12000007', name: 'London' };
const INNER_OUTER_LONDON: ReadonlySet<string> = new Set(['E13000001', 'E13000002']);

/** DfE's Inner and Outer London are one London region here; other region codes as given. */
function canonicalRegion(region: Region): Region {
  return INNER_OUTER_LONDON.has(region.code) || normaliseName(region.name).endsWith('london') ? LONDON : region;
}

/** England, its regions and DfE's Inner/Outer London: areas that are not a council. */
export function isCouncil(area: Area): boolean {
  return !/^E(92|12|13)/.test(area.code) && normaliseName(area.name) !== 'england';
}

/** Councils indexed by DfE number, GSS code (old and new) and name: one map look-up per area. */
export class RegionTable {
  private readonly byDfe = new Map<string, CouncilRegion>();
  private readonly byCode = new Map<string, CouncilRegion>();
  private readonly byName = new Map<string, CouncilRegion>();
  readonly councils: readonly CouncilRegion[];

  constructor(councils: readonly CouncilRegion[]) {
    this.councils = councils.map((c) => ({ ...c, dfeRegion: c.dfeRegion ?? c.region, region: canonicalRegion(c.region) }));
    for (const council of this.councils) {
      if (council.dfeCode !== '') this.byDfe.set(council.dfeCode, council);
      if (council.code !== '') this.byCode.set(currentCode(council.code), council);
      this.byName.set(normaliseName(council.name), council);
    }
  }

  /**
   * The council an area is: by DfE number, else GSS code, else name (names are ambiguous only for
   * Dorset, whose old county and new unitary share one; their DfE numbers tell them apart). A
   * reorganised area joined from several councils (`835+836+...`) is its first council's.
   */
  councilOf(area: Area): CouncilRegion | undefined {
    const dfe = area.dfeCode?.split('+')[0];
    if (dfe !== undefined && dfe !== '') {
      const found = this.byDfe.get(dfe);
      if (found) return found;
    }
    if (area.code !== '') {
      const found = this.byCode.get(currentCode(area.code));
      if (found) return found;
    }
    return this.byName.get(normaliseName(area.name));
  }

  regionOf(area: Area): Region | undefined {
    return this.councilOf(area)?.region;
  }

  councilsIn(region: Region): CouncilRegion[] {
    return this.councils.filter((c) => c.region.code === region.code);
  }
}

/** Where a region's series came from, for the Assumptions. */
export type RegionalSource = 'input councils' | 'input regional rows' | 'bundled councils';

/**
 * A region's children looked after on 31 March, kept per member (council, or DfE's regional row)
 * so that growth can be measured over the members counted in both years.
 */
export interface RegionalSeries {
  region: Region;
  source: RegionalSource;
  /** The files the members came from, for the Assumptions. */
  files: string[];
  members: { name: string; counts: ReadonlyMap<number, number | null> }[];
}

export interface RegionalGrowth {
  /** Average yearly log growth: (ln R_T - ln R_{T-span}) / span. */
  growth: number;
  fromYear: number;
  toYear: number;
  /** R over the members counted in both years. */
  fromTotal: number;
  toTotal: number;
  members: number;
  /** Members left out because one of the two years is missing or suppressed. */
  leftOut: number;
}

/**
 * The region's average yearly log growth over `span` years to `toYear`, summing only the members
 * with a count in both years (a council suppressed in one year would otherwise look like a fall).
 * Reads nothing but the counts of those two years, so later years cannot leak into a backtest.
 * @returns undefined when no member has both counts or a total is not positive
 * @example members A: 100 -> 121, B: 50 -> 55 (2019 -> 2022), span 3: g = ln(176/150)/3 = 0.0533
 */
export function regionalGrowth(series: RegionalSeries, toYear: number, span = 3): RegionalGrowth | undefined {
  const fromYear = toYear - span;
  let fromTotal = 0;
  let toTotal = 0;
  let members = 0;
  let leftOut = 0;
  for (const member of series.members) {
    const a = member.counts.get(fromYear);
    const b = member.counts.get(toYear);
    if (a === undefined && b === undefined) continue; // not a member in those years
    if (a === undefined || a === null || b === undefined || b === null) {
      leftOut++;
      continue;
    }
    fromTotal += a;
    toTotal += b;
    members++;
  }
  if (members === 0 || !(fromTotal > 0) || !(toTotal > 0)) return undefined;
  return { growth: (Math.log(toTotal) - Math.log(fromTotal)) / span, fromYear, toYear, fromTotal, toTotal, members, leftOut };
}

/**
 * A region's series from council histories: the councils the table puts in the region,
 * reorganised councils first joined into one series each (so that Dorset, Poole and Bournemouth
 * and their successors count in both years of a growth). Undefined when fewer than `minShare` of
 * the region's councils are there: a few councils are not their region.
 */
export function regionFromCouncils(
  region: Region,
  histories: readonly AreaHistory[],
  table: RegionTable,
  source: RegionalSource,
  files: string[],
  minShare = 0.5,
): RegionalSeries | undefined {
  const members = histories.filter((h) => isCouncil(h.area) && table.regionOf(h.area)?.code === region.code);
  const known = new Set(members.map((h) => table.councilOf(h.area)!.dfeCode));
  const expected = table.councilsIn(region).length;
  if (expected === 0 || known.size < minShare * expected) return undefined;
  const joined = joinReorganisedAreas(members).areas;
  return { region, source, files, members: joined.map(toMember) };
}

/**
 * A region's series from regional rows (DfE's files have them): the London row, else Inner and
 * Outer London as two members; another region's row by its code.
 */
export function regionFromRegionalRows(region: Region, histories: readonly AreaHistory[], files: string[]): RegionalSeries | undefined {
  const own = histories.filter((h) => h.area.code === region.code);
  const parts = own.length > 0 || region.code !== LONDON.code ? own : histories.filter((h) => INNER_OUTER_LONDON.has(h.area.code));
  if (parts.length === 0) return undefined;
  return { region, source: 'input regional rows', files, members: parts.map(toMember) };
}

function toMember(history: AreaHistory): RegionalSeries['members'][number] {
  return { name: history.area.name, counts: new Map(history.years.map((y) => [y.year, y.cla])) };
}

/** The first series, in order of preference, that has a growth to `toYear`. */
export function firstWithGrowth(
  candidates: readonly RegionalSeries[],
  toYear: number,
): { series: RegionalSeries; growth: RegionalGrowth } | undefined {
  for (const series of candidates) {
    const growth = regionalGrowth(series, toYear);
    if (growth) return { series, growth };
  }
  return undefined;
}
