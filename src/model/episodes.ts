import { kaplanMeier, survivalAt, survivalQuantile, type SurvivalStep } from './survival.js';

/**
 * Periods of care from SSDA903 episodes. An episode is one spell with the same legal status and
 * placement; a period of care runs from a start (reason for new episode S) through every episode
 * that follows without a break to the day the child leaves care. Dates are whole days since
 * 1 January 1970 (UTC), so that differences are exact.
 */

export interface Episode {
  child: string;
  start: number;
  /** Null while the episode is open. */
  end: number | null;
  /** Reason for new episode: S = started to be looked after; L, P, T, U, B = changes within care. */
  rne: string;
  place: string;
  /** Return year the row came from (later returns win) and where, for messages. */
  returnYear: number;
  file: string;
  line: number;
}

export interface Child {
  dob: number | null;
  uasc: boolean;
}

export interface Problem {
  reason: string;
  file: string;
  line: number;
  /** `dropped` rows are left out; `repaired` rows are kept after a change. */
  action: 'dropped' | 'repaired';
}

export interface Period {
  child: string;
  start: number;
  end: number | null;
  episodes: Episode[];
  /** Age in whole years at the start, or null without a date of birth. */
  ageAtStart: number | null;
  dob: number | null;
  uasc: boolean;
}

export const DAY_MS = 86_400_000;
export const dayOf = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;

/** Whole years between two days (age on a date). */
export function ageOn(dob: number, day: number): number {
  const b = new Date(dob * DAY_MS);
  const d = new Date(day * DAY_MS);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (d.getUTCMonth() < b.getUTCMonth() || (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

export type PlacementCategory = 'fostering' | 'residential' | 'supported' | 'other';

const FOSTERING = new Set(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']);
const RESIDENTIAL = new Set(['K2', 'R1', 'P3', 'S1']);
const SUPPORTED = new Set(['H5', 'K3', 'P2']);

export function placementCategory(place: string): PlacementCategory {
  if (FOSTERING.has(place)) return 'fostering';
  if (RESIDENTIAL.has(place)) return 'residential';
  if (SUPPORTED.has(place)) return 'supported';
  return 'other';
}

export const DFE_AGE_BANDS = ['under1', '1to4', '5to9', '10to15', '16plus'] as const;
export type DfeAgeBand = (typeof DFE_AGE_BANDS)[number] | 'unknown';

export function ageBand(age: number | null): DfeAgeBand {
  if (age === null || age < 0) return 'unknown';
  if (age < 1) return 'under1';
  if (age < 5) return '1to4';
  if (age < 10) return '5to9';
  if (age < 16) return '10to15';
  return '16plus';
}

/**
 * Merge returns and join episodes into periods of care.
 * - The same episode (child and start date) in several returns: the latest return wins.
 * - Episodes that overlap the next one of the same child are cut at the next start (repaired).
 * - An episode that follows the previous one without a break continues its period; one with reason
 *   S, or after a break, starts a new period (a non-S episode after a break is reported).
 */
export function buildPeriods(
  episodes: readonly Episode[],
  children: ReadonlyMap<string, Child>,
): { periods: Period[]; problems: Problem[]; repeated: number } {
  const problems: Problem[] = [];
  const byChild = new Map<string, Episode[]>();
  for (const e of episodes) {
    const list = byChild.get(e.child);
    if (list) list.push(e);
    else byChild.set(e.child, [e]);
  }
  // The same episode (child and start day) in several returns: the latest return's copy is kept.
  let repeated = 0;
  for (const [child, list] of byChild) {
    list.sort((a, b) => a.start - b.start || b.returnYear - a.returnYear);
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      if (i > 0 && list[i]!.start === list[kept - 1]!.start) {
        repeated++;
        continue;
      }
      list[kept++] = list[i]!;
    }
    list.length = kept;
    byChild.set(child, list);
  }
  const periods: Period[] = [];
  for (const [child, list] of byChild) {
    const info = children.get(child);
    let current: Period | undefined;
    for (let i = 0; i < list.length; i++) {
      let e = list[i]!;
      const next = list[i + 1];
      if (next && (e.end === null || e.end > next.start)) {
        e = { ...e }; // repaired copy: the input stays as read
        problems.push({ reason: 'episode overlaps the next one of the same child: ended at the next start', file: e.file, line: e.line, action: 'repaired' });
        e.end = next.start;
      }
      const continues = current !== undefined && current.end === e.start && e.rne !== 'S';
      if (!continues) {
        if (current && e.rne !== 'S' && current.end !== null) {
          problems.push({ reason: `reason for new episode ${e.rne} after a break in care: started a new period`, file: e.file, line: e.line, action: 'repaired' });
        }
        current = {
          child,
          start: e.start,
          end: e.end,
          episodes: [e],
          dob: info?.dob ?? null,
          ageAtStart: info?.dob != null ? ageOn(info.dob, e.start) : null,
          uasc: info?.uasc ?? false,
        };
        periods.push(current);
      } else {
        current!.episodes.push(e);
        current!.end = e.end;
      }
    }
  }
  periods.sort((a, b) => a.start - b.start || a.child.localeCompare(b.child));
  return { periods, problems, repeated };
}

export interface YearCounts {
  /** Year ending 31 March. */
  year: number;
  stock: number;
  starts: number;
  ceased: number;
  /** stock - (previous stock + starts - ceased): 0 when every period is seen whole. */
  residual: number | null;
  stockByBand: Record<string, number>;
  startsByBand: Record<string, number>;
  ceasedByBand: Record<string, number>;
  stockByPlacement: Record<PlacementCategory, number>;
}

const empty = () => Object.fromEntries([...DFE_AGE_BANDS, 'unknown'].map((b) => [b, 0])) as Record<string, number>;

/**
 * Stock on each 31 March, starts and ceased in each year ending 31 March, by age band (age on
 * 31 March for stock, at starting for starts, at leaving for ceased) and placement category.
 */
export function countByYear(periods: readonly Period[], years: readonly number[]): YearCounts[] {
  const result: YearCounts[] = [];
  let previous: number | null = null;
  for (const year of years) {
    const march = dayOf(year, 3, 31);
    const april = dayOf(year - 1, 4, 1);
    const row: YearCounts = {
      year,
      stock: 0,
      starts: 0,
      ceased: 0,
      residual: null,
      stockByBand: empty(),
      startsByBand: empty(),
      ceasedByBand: empty(),
      stockByPlacement: { fostering: 0, residential: 0, supported: 0, other: 0 },
    };
    for (const p of periods) {
      const age = (day: number) => ageBand(p.dob === null ? null : ageOn(p.dob, day));
      if (p.start <= march && (p.end === null || p.end > march)) {
        row.stock++;
        row.stockByBand[age(march)]!++;
        const episode = p.episodes.find((e) => e.start <= march && (e.end === null || e.end > march)) ?? p.episodes.at(-1)!;
        row.stockByPlacement[placementCategory(episode.place)]++;
      }
      if (p.start >= april && p.start <= march) {
        row.starts++;
        row.startsByBand[age(p.start)]!++;
      }
      if (p.end !== null && p.end >= april && p.end <= march) {
        row.ceased++;
        row.ceasedByBand[age(p.end)]!++;
      }
    }
    row.residual = previous === null ? null : row.stock - (previous + row.starts - row.ceased);
    previous = row.stock;
    result.push(row);
  }
  return result;
}

/** Time in care for the periods that started in one age band. */
export interface BandSurvival {
  band: DfeAgeBand;
  periods: number;
  ended: number;
  /** Days in care by which 25%, 50% and 75% had left; null if not reached. */
  quartiles: [number | null, number | null, number | null];
  /** Share still in care after 1, 2 and 5 years. */
  stillInCare: { years: number; share: number }[];
  /** Of the periods that ended, the share that ended on or after the 18th birthday. */
  leftAt18: number | null;
  steps: SurvivalStep[];
}

/**
 * Kaplan-Meier survival of periods of care by age band at entry, censoring periods still open at
 * `censorDay` (the 31 March of the latest return). Leaving at 18 counts as an exit: it is the end
 * of care; the share that ended that way is reported beside the curve.
 */
export function survivalByBand(periods: readonly Period[], censorDay: number): BandSurvival[] {
  return [...DFE_AGE_BANDS, 'unknown' as const]
    .map((band) => {
      const own = periods.filter((p) => ageBand(p.ageAtStart) === band && p.start <= censorDay);
      const durations = own.map((p) => {
        const ended = p.end !== null && p.end <= censorDay;
        return { days: (ended ? p.end! : censorDay) - p.start, ended };
      });
      const steps = kaplanMeier(durations);
      const endedPeriods = own.filter((p) => p.end !== null && p.end <= censorDay);
      const at18 = endedPeriods.filter((p) => p.dob !== null && ageOn(p.dob, p.end!) >= 18).length;
      return {
        band,
        periods: own.length,
        ended: endedPeriods.length,
        quartiles: [survivalQuantile(steps, 0.75), survivalQuantile(steps, 0.5), survivalQuantile(steps, 0.25)] as [number | null, number | null, number | null],
        stillInCare: [1, 2, 5].map((years) => ({ years, share: survivalAt(steps, Math.round(years * 365.25)) })),
        leftAt18: endedPeriods.length > 0 ? at18 / endedPeriods.length : null,
        steps,
      };
    })
    .filter((b) => b.periods > 0);
}
