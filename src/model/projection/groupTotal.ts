import { GROUP_DRAWS, groupIntervals, type GroupHorizonRange, type GroupMember } from '../methods/groupRanges.js';
import { rangeCalibration, type PastErrors } from '../methods/recommendedRanges.js';
import { ratePer10k } from '../population/rates.js';
import type { Area, Interval, MethodName } from '../types.js';
import type { AreaProjection } from './types.js';

/**
 * A group's total from its members' projections: for each method every member has, the sum of the
 * members' points; for the recommended projection, the group's range (`methods/groupRanges.ts`:
 * how the members' errors moved together, measured on the past), never narrower than chance alone
 * moves the total nor, relative to the point, than the year before. The other methods' totals are
 * points: their members' ranges are not measured on past errors, so there is nothing to measure how
 * they move together by, and adding them would assume every member misses the same way.
 *
 * A member counted in the base year T enters with its own projection; one whose latest count is d
 * <= MAX_MEMBER_LAG years older enters with its projection from that count (h + d years ahead, its
 * own part of the range at h + d); one with none that recent is left out, and the total says so.
 */

/** A member whose latest count is at most this many years before the base year is in the total. */
export const MAX_MEMBER_LAG = 3;

/** A member as the total takes it. */
export interface TotalMember {
  area: Area;
  projection: AreaProjection;
  /** Its region's code (members of one region share the regional part of the range). */
  region: string;
}

/** One year of a method's group total. */
export interface TotalYear {
  year: number;
  cla: number;
  /** The members' population 0-17 summed (null unless every member has one) and the rate. */
  population0to17: number | null;
  ratePer10k: number | null;
  /** The group's range (recommended only); null for the other methods. */
  interval: Interval | null;
}

export interface TotalMethod {
  method: MethodName;
  years: TotalYear[];
  /** For the recommended total: each year's range as measured (h0, origins, rho), or why there is none. */
  ranges?: GroupHorizonRange[];
  noRange?: string;
}

export interface GroupTotal {
  baseYear: number;
  toYear: number;
  /** Each year of history: the members' counts summed where every member in the total has one. */
  actual: { year: number; cla: number | null; population0to17: number | null; ratePer10k: number | null }[];
  methods: TotalMethod[];
  /** Members in the total, with how many years their latest count lies before the base year. */
  members: { area: Area; lag: number }[];
  /** Methods some member lacks (left out of the total), with the members. */
  missingMethods: { method: MethodName; members: Area[] }[];
  draws: number;
  seed: number;
}

/**
 * The group's total from members already projected (each to `toYear`, from its own latest count;
 * members too far behind already left out by the caller).
 * @throws Error on no members (a caller's bug)
 */
export function groupTotal(
  members: readonly TotalMember[],
  {
    baseYear,
    toYear,
    calibration,
    seed,
    methods,
  }: { baseYear: number; toYear: number; calibration?: PastErrors; seed: number; methods: readonly MethodName[] },
): GroupTotal {
  if (members.length === 0) throw new Error('groupTotal requires at least one member');
  const years: number[] = [];
  for (let y = baseYear + 1; y <= toYear; y++) years.push(y);
  const lagged = members.map((m) => ({ ...m, lag: baseYear - m.projection.baseYear }));
  const missingMethods: GroupTotal['missingMethods'] = [];
  const totals: TotalMethod[] = [];
  for (const method of methods) {
    const own = lagged.map((m) => m.projection.methods.find((p) => p.method === method));
    if (own.some((p) => p === undefined)) {
      missingMethods.push({ method, members: lagged.filter((_, i) => own[i] === undefined).map((m) => m.area) });
      continue;
    }
    const rows = years.map((year) => {
      const at = own.map((p) => p!.years.find((y) => y.year === year)!);
      const cla = at.reduce((s, y) => s + y.cla, 0);
      const population = at.every((y) => y.population0to17 !== null) ? at.reduce((s, y) => s + y.population0to17!, 0) : null;
      return {
        year,
        cla,
        population0to17: population,
        ratePer10k: population !== null && population > 0 ? ratePer10k(cla, population) : null,
      };
    });
    if (method !== 'recommended') {
      totals.push({ method, years: rows.map((r) => ({ ...r, interval: null })) });
      continue;
    }
    const measured = calibration ? rangeCalibration(calibration, baseYear) : undefined;
    const membersAt = (h: number): GroupMember[] =>
      lagged.map((m, i) => {
        const a = own[i]!.assumptions;
        return {
          point: own[i]!.years.find((y) => y.year === baseYear + h)!.cla,
          size: a.method === 'recommended' ? a.cla : (m.projection.actual.find((y) => y.year === m.projection.baseYear)?.cla ?? 0),
          region: m.region,
          horizon: h + m.lag,
        };
      });
    const fitted = measured
      ? groupIntervals(
          measured,
          membersAt,
          years.map((y) => y - baseYear),
          rows.map((r) => r.cla),
          { seed },
        )
      : undefined;
    const noRange =
      measured === undefined
        ? `no past errors from 3 origins were known by ${baseYear}, so the group's range cannot be measured`
        : 'a member is projected further ahead than any horizon measured';
    totals.push({
      method,
      years: rows.map((r, i) => ({ ...r, interval: fitted?.intervals[i] ?? null })),
      ...(fitted ? { ranges: fitted.ranges } : { noRange }),
    });
  }
  return {
    baseYear,
    toYear,
    actual: actualTotals(lagged.map((m) => m.projection)),
    methods: totals,
    members: lagged.map((m) => ({ area: m.area, lag: m.lag })),
    missingMethods,
    draws: GROUP_DRAWS,
    seed,
  };
}

/** The members' counts (and populations) summed for each year where every member has a count. */
function actualTotals(projections: readonly AreaProjection[]): GroupTotal['actual'] {
  const years = [...new Set(projections.flatMap((p) => p.actual.map((a) => a.year)))].sort((a, b) => a - b);
  return years.map((year) => {
    const rows = projections.map((p) => p.actual.find((a) => a.year === year));
    const cla = rows.every((r) => r?.cla !== null && r?.cla !== undefined) ? rows.reduce((s, r) => s + r!.cla!, 0) : null;
    const population = rows.every((r) => r?.population0to17 !== null && r?.population0to17 !== undefined)
      ? rows.reduce((s, r) => s + r!.population0to17!, 0)
      : null;
    return {
      year,
      cla,
      population0to17: population,
      ratePer10k: cla !== null && population !== null && population > 0 ? ratePer10k(cla, population) : null,
    };
  });
}
