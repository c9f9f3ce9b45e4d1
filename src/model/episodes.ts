import { ChildRegistry, EpisodeTable, OPEN_END, PLACEMENT_CATEGORIES, RNE_CODES, RNE_STARTED, type PlacementCategory } from './episodeTable.js';
import type { AreaHistory } from './types.js';
import { kaplanMeier, stepAt, survivalAt, survivalQuantile, type SurvivalStep } from './survival.js';

/**
 * Periods of care from SSDA903 episodes. An episode is one spell with the same legal status and
 * placement; a period of care runs from a start (reason for new episode S) through every episode
 * that follows without a break to the day the child leaves care. Dates are whole days since
 * 1 January 1970 (UTC), so that differences are exact.
 */

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
  /** Its episodes: `episodeCount` entries from `firstEpisode` in `PeriodsOfCare.episodes`. */
  firstEpisode: number;
  episodeCount: number;
  /** Age in whole years at the start, or null without a date of birth. */
  ageAtStart: number | null;
  dob: number | null;
  uasc: boolean;
}

/** Episodes kept, in period order, after merging returns and cutting overlaps. */
export interface EpisodesInPeriods {
  start: Int32Array;
  /** `OPEN_END` while open. */
  end: Int32Array;
  /** Index into `PLACEMENT_CATEGORIES`. */
  placement: Uint8Array;
}

export interface PeriodsOfCare {
  /** By child (in the order first read), then by start. */
  periods: Period[];
  episodes: EpisodesInPeriods;
  problems: Problem[];
  /** Episodes that appeared again in a later return (the later copy is kept). */
  repeated: number;
  /** Children with at least one period. */
  children: number;
}

/**
 * Periods of care and the return years they were read from: flows before `firstYear` are
 * incomplete (only the children still in care at the first return are seen).
 */
export interface CareHistory {
  periods: readonly Period[];
  firstYear: number;
  lastYear: number;
}

export const DAY_MS = 86_400_000;
export const dayOf = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;

/**
 * A day as the number YYYYMMDD (Howard Hinnant's civil-from-days, in integers: no Date objects,
 * which matters when a million episodes are dated).
 */
export function civilDate(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const date = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + date;
}

/**
 * Whole years between two days (age on a date): the YYYYMMDD difference divided by 10,000 counts
 * a year only once the birthday is reached (29 February birthdays turn on 1 March).
 */
export function ageOn(dob: number, day: number): number {
  return Math.floor((civilDate(day) - civilDate(dob)) / 10_000);
}

/** Year ending 31 March that contains a day. */
export function returnYearOf(day: number): number {
  const civil = civilDate(day);
  const year = Math.floor(civil / 10_000);
  return civil % 10_000 >= 401 ? year + 1 : year;
}

/** The 18th birthday (29 February birthdays fall on 1 March in other years, as in `ageOn`). */
export function eighteenthBirthday(dob: number): number {
  const civil = civilDate(dob);
  return dayOf(Math.floor(civil / 10_000) + 18, Math.floor(civil / 100) % 100, civil % 100);
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
 * Episodes are grouped by child with a counting sort (child indices are dense), then each child's
 * few episodes are sorted by start: linear in the number of episodes. With `lastReturn`, only the
 * returns up to that year are read: care as it was known then, for backtests.
 */
export function buildPeriods(table: EpisodeTable, children: ChildRegistry, lastReturn = Infinity): PeriodsOfCare {
  const problems: Problem[] = [];
  const where = (i: number) => ({ file: table.files[table.file[i]!]!, line: table.line[i]! });
  // Counting sort by child: firstOf[c]..firstOf[c + 1] are child c's episodes in `order`.
  const firstOf = new Int32Array(children.size + 1);
  const read = (i: number) => table.returnYear[i]! <= lastReturn;
  for (let i = 0; i < table.size; i++) if (read(i)) firstOf[table.child[i]! + 1]!++;
  for (let c = 0; c < children.size; c++) firstOf[c + 1]! += firstOf[c]!;
  const order = new Int32Array(firstOf[children.size]!);
  const filled = firstOf.slice(0, children.size);
  for (let i = 0; i < table.size; i++) if (read(i)) order[filled[table.child[i]!]!++] = i;

  // Each child's episodes by start, latest return first among copies of the same episode.
  const before = (a: number, b: number) => table.start[a]! - table.start[b]! || table.returnYear[b]! - table.returnYear[a]!;
  for (let c = 0; c < children.size; c++) sortRange(order, firstOf[c]!, firstOf[c + 1]!, before);

  const kept = { start: new Int32Array(order.length), end: new Int32Array(order.length), placement: new Uint8Array(order.length) };
  let size = 0;
  let repeated = 0;
  let withPeriods = 0;
  const periods: Period[] = [];
  for (let c = 0; c < children.size; c++) {
    const from = firstOf[c]!;
    const to = firstOf[c + 1]!;
    if (from === to) continue;
    withPeriods++;
    // The same episode (child and start day) in several returns: the first, latest, copy is kept.
    let unique = from;
    for (let k = from; k < to; k++) {
      if (k > from && table.start[order[k]!] === table.start[order[unique - 1]!]) {
        repeated++;
        continue;
      }
      order[unique++] = order[k]!;
    }
    const id = children.ids[c]!;
    const dob = children.dob[c] ?? null;
    let current: Period | undefined;
    let currentEnd = 0;
    for (let k = from; k < unique; k++) {
      const i = order[k]!;
      const start = table.start[i]!;
      let end = table.end[i]!;
      if (k + 1 < unique && end > table.start[order[k + 1]!]!) {
        problems.push({ reason: 'episode overlaps the next one of the same child: ended at the next start', ...where(i), action: 'repaired' });
        end = table.start[order[k + 1]!]!;
      }
      const rne = table.rne[i]!;
      const continues = current !== undefined && currentEnd === start && rne !== RNE_STARTED;
      if (!continues) {
        if (current && rne !== RNE_STARTED && currentEnd !== OPEN_END) {
          problems.push({ reason: `reason for new episode ${RNE_CODES[rne]} after a break in care: started a new period`, ...where(i), action: 'repaired' });
        }
        current = { child: id, start, end: null, firstEpisode: size, episodeCount: 0, dob, ageAtStart: dob !== null ? ageOn(dob, start) : null, uasc: children.uasc[c] ?? false };
        periods.push(current);
      }
      kept.start[size] = start;
      kept.end[size] = end;
      kept.placement[size] = table.placement[i]!;
      size++;
      current!.episodeCount++;
      currentEnd = end;
      current!.end = end === OPEN_END ? null : end;
    }
  }
  const episodes = { start: kept.start.subarray(0, size), end: kept.end.subarray(0, size), placement: kept.placement.subarray(0, size) };
  return { periods, episodes, problems, repeated, children: withPeriods };
}

/** Sort `order[from..to)` by `before`: insertion sort for the usual handful, the built-in sort beyond. */
function sortRange(order: Int32Array, from: number, to: number, before: (a: number, b: number) => number): void {
  if (to - from > 32) {
    order.subarray(from, to).sort(before);
    return;
  }
  for (let k = from + 1; k < to; k++) {
    const value = order[k]!;
    let j = k - 1;
    while (j >= from && before(order[j]!, value) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = value;
  }
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
export function countByYear(care: Pick<PeriodsOfCare, 'periods' | 'episodes'>, years: readonly number[]): YearCounts[] {
  const { periods, episodes } = care;
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
      if (p.start <= march && (p.end === null || p.end > march)) {
        row.stock++;
        row.stockByBand[ageBand(p.dob === null ? null : ageOn(p.dob, march))]!++;
        row.stockByPlacement[PLACEMENT_CATEGORIES[episodes.placement[episodeOn(episodes, p, march)]!]!]++;
      }
      if (p.start >= april && p.start <= march) {
        row.starts++;
        row.startsByBand[ageBand(p.ageAtStart)]!++;
      }
      if (p.end !== null && p.end >= april && p.end <= march) {
        row.ceased++;
        row.ceasedByBand[ageBand(p.dob === null ? null : ageOn(p.dob, p.end))]!++;
      }
    }
    row.residual = previous === null ? null : row.stock - (previous + row.starts - row.ceased);
    previous = row.stock;
    result.push(row);
  }
  return result;
}

/** The period's episode in force on a day (its last one if none is). */
function episodeOn(episodes: EpisodesInPeriods, p: Period, day: number): number {
  const last = p.firstEpisode + p.episodeCount - 1;
  for (let k = p.firstEpisode; k < last; k++) {
    if (episodes.start[k]! <= day && episodes.end[k]! > day) return k;
  }
  return last;
}

/** One year's count from the returns beside the published figure for the same council. */
export interface Reconciliation {
  year: number;
  measure: 'stock' | 'starts' | 'ceased';
  returns: number;
  /** Null when the history has no figure (missing, suppressed or another year range). */
  published: number | null;
  /** (returns - published) / published, or null. */
  relativeDifference: number | null;
}

/**
 * The returns' stock, starts and ceased beside the published (DfE) history of the same council. They
 * should agree within a few per cent: DfE counts children, once each in starts and ceased, where the
 * returns count periods of care; a larger gap means a missing return or the wrong council's file.
 */
export function reconcileWithHistory(counts: readonly YearCounts[], history: AreaHistory): Reconciliation[] {
  const published = new Map(history.years.map((y) => [y.year, { stock: y.cla, starts: y.starts, ceased: y.ceased }]));
  return counts.flatMap((c) =>
    (['stock', 'starts', 'ceased'] as const).map((measure) => {
      const figure = published.get(c.year)?.[measure] ?? null;
      const returns = c[measure];
      return { year: c.year, measure, returns, published: figure, relativeDifference: figure ? (returns - figure) / figure : null };
    }),
  );
}

/** S just before `days`: the share still in care when that day begins (leaving on it not yet counted). */
const survivalBefore = (steps: readonly SurvivalStep[], days: number) => (days <= 0 ? 1 : survivalAt(steps, days - 1));

/** Time in care for the periods that started in one age band. */
export interface BandSurvival {
  band: DfeAgeBand;
  periods: number;
  ended: number;
  /** Days in care by which 25%, 50% and 75% had left; null if not reached. */
  quartiles: [number | null, number | null, number | null];
  /** Share still in care after 1, 2 and 5 years, with its 95% interval. */
  stillInCare: { years: number; share: number; lower95: number | null; upper95: number | null }[];
  /** Of the periods that ended, the share that ended on or after the 18th birthday. */
  leftAt18: number | null;
  /**
   * Of the band's entrants, the share still in care on their 18th birthday (Kaplan-Meier of leaving
   * before 18, periods still open or reaching 18 censored, averaged over the entrants' own times to
   * 18); null without dates of birth.
   */
  inCareAt18: number | null;
  steps: SurvivalStep[];
}

/**
 * Kaplan-Meier survival of periods of care by age band at entry, censoring periods still open at
 * `censorDay` (the 31 March of the latest return). Leaving at 18 counts as an exit: it is the end
 * of care; the share that ended that way is reported beside the curve.
 */
export function survivalByBand(periods: readonly Period[], censorDay: number): BandSurvival[] {
  const byBand = new Map<DfeAgeBand, Period[]>();
  for (const p of periods) {
    if (p.start > censorDay) continue;
    const band = ageBand(p.ageAtStart);
    const list = byBand.get(band);
    if (list) list.push(p);
    else byBand.set(band, [p]);
  }
  return [...DFE_AGE_BANDS, 'unknown' as const]
    .map((band) => {
      const own = byBand.get(band) ?? [];
      const durations = own.map((p) => {
        const ended = p.end !== null && p.end <= censorDay;
        return { days: (ended ? p.end! : censorDay) - p.start, ended };
      });
      const steps = kaplanMeier(durations);
      const endedPeriods = own.filter((p) => p.end !== null && p.end <= censorDay);
      const at18 = endedPeriods.filter((p) => p.dob !== null && ageOn(p.dob, p.end!) >= 18).length;
      const aged = own.filter((p) => p.dob !== null).map((p) => ({ p, toEighteen: eighteenthBirthday(p.dob!) - p.start }));
      const beforeEighteen = kaplanMeier(
        aged.map(({ p, toEighteen }) => {
          const left = p.end !== null && p.end <= censorDay ? p.end - p.start : Infinity;
          const followed = Math.min(censorDay - p.start, toEighteen);
          return left < toEighteen ? { days: left, ended: true } : { days: Math.min(left, followed), ended: false };
        }),
      );
      return {
        band,
        periods: own.length,
        ended: endedPeriods.length,
        quartiles: [survivalQuantile(steps, 0.75), survivalQuantile(steps, 0.5), survivalQuantile(steps, 0.25)] as [number | null, number | null, number | null],
        stillInCare: [1, 2, 5].map((years) => {
          const step = stepAt(steps, Math.round(years * 365.25));
          return step ? { years, share: step.survival, lower95: step.lower95, upper95: step.upper95 } : { years, share: 1, lower95: 1, upper95: 1 };
        }),
        leftAt18: endedPeriods.length > 0 ? at18 / endedPeriods.length : null,
        inCareAt18: aged.length > 0 ? aged.reduce((sum, { toEighteen }) => sum + survivalBefore(beforeEighteen, toEighteen), 0) / aged.length : null,
        steps,
      };
    })
    .filter((b) => b.periods > 0);
}
