import { ageOn } from './calendar.js';
import {
  type ChildRegistry,
  ENDS_X1,
  type EpisodeTable,
  OPEN_END,
  RNE_CODES,
  RNE_STARTED,
  SHORT_BREAK,
  type Problem,
} from './episodeTable.js';
import { provisionOf } from './placements.js';

export type { Problem } from './episodeTable.js';

/**
 * Periods of care from SSDA903 episodes. An episode is one spell with the same legal status and
 * placement; a period of care runs from a start (reason for new episode S) through every episode
 * that follows without a break to the day the child leaves care. Dates are whole days since
 * 1 January 1970 (UTC), so that differences are exact.
 */

export interface Period {
  child: string;
  start: number;
  end: number | null;
  /**
   * False (never set otherwise) when the period ended only because the next episode was coded as a new start (S) after
   * an episode ending X1 ("continues in care"): DfE counts the start and no cessation, so neither
   * the counts of ceased nor the exit hazards see an exit; time in care is censored there.
   */
  ceased?: boolean;
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
  /** Index into `CODE_CATEGORIES` (placementTypes.ts). */
  placement: Uint8Array;
  /** Index into `PROVISIONS` (placements.ts): n/a, in-house, external. */
  provision: Uint8Array;
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
  /**
   * Episodes with legal status V3 or V4 (short breaks), the children who had them (left out unless
   * `includeShortBreaks`), and of those the children left with no period at all (0 when kept).
   */
  shortBreaks: { episodes: number; children: number; childrenWithNoOtherCare: number };
  /** New starts (S) straight after an episode ending X1, each counted as a start with no cessation. */
  startsAfterX1: number;
}

export interface BuildOptions {
  /** Read only the returns up to this year (care as known then, for backtests). */
  lastReturn?: number;
  /** Keep episodes of short breaks (legal status V3/V4), which DfE's counts leave out. */
  includeShortBreaks?: boolean;
}

/**
 * Periods of care and the return years they were read from: flows before `firstYear` are
 * incomplete (only the children still in care at the first return are seen).
 */
export interface CareHistory {
  periods: readonly Period[];
  /** The periods' episodes (placements by date), where known. */
  episodes?: EpisodesInPeriods;
  firstYear: number;
  lastYear: number;
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
export function buildPeriods(table: EpisodeTable, children: ChildRegistry, options: BuildOptions | number = {}): PeriodsOfCare {
  const { lastReturn = Infinity, includeShortBreaks = false } = typeof options === 'number' ? { lastReturn: options } : options;
  const problems: Problem[] = [];
  const provisionOfCode = table.providerCodes.map(provisionOf);
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

  const kept = {
    start: new Int32Array(order.length),
    end: new Int32Array(order.length),
    placement: new Uint8Array(order.length),
    provision: new Uint8Array(order.length),
  };
  let size = 0;
  let repeated = 0;
  let withPeriods = 0;
  const shortBreaks = { episodes: 0, children: 0, childrenWithNoOtherCare: 0 };
  let startsAfterX1 = 0;
  const periods: Period[] = [];
  for (let c = 0; c < children.size; c++) {
    const from = firstOf[c]!;
    const to = firstOf[c + 1]!;
    if (from === to) continue;
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
    let previousFlags = 0;
    // End of the short breaks just left out, when a period could start straight after them.
    let afterShortBreaks = -1;
    let childShortBreaks = 0;
    const periodsBefore = periods.length;
    for (let k = from; k < unique; k++) {
      const i = order[k]!;
      const start = table.start[i]!;
      let end = table.end[i]!;
      if (k + 1 < unique && end > table.start[order[k + 1]!]!) {
        problems.push({
          reason: 'episode overlaps the next one of the same child: ended at the next start',
          ...where(i),
          action: 'repaired',
        });
        end = table.start[order[k + 1]!]!;
      }
      if ((table.flags[i]! & SHORT_BREAK) !== 0) childShortBreaks++;
      if (!includeShortBreaks && (table.flags[i]! & SHORT_BREAK) !== 0) {
        // short breaks end the period they follow, and a period may start where they end
        if (current && currentEnd === start) current = undefined;
        afterShortBreaks = end;
        continue;
      }
      const rne = table.rne[i]!;
      const adjacent = current !== undefined && currentEnd === start;
      const continues = adjacent && rne !== RNE_STARTED;
      if (!continues) {
        if (adjacent && (previousFlags & ENDS_X1) !== 0) {
          // S straight after X1: DfE counts a start and no cessation
          current!.ceased = false;
          startsAfterX1++;
          problems.push({
            reason:
              'new start (RNE S) straight after an episode ending X1 (continues in care): counted as a start with no cessation, as DfE counts',
            ...where(i),
            action: 'repaired',
          });
        } else if (current && rne !== RNE_STARTED && currentEnd !== OPEN_END && start !== afterShortBreaks) {
          problems.push({
            reason: `reason for new episode ${RNE_CODES[rne]} after a break in care: started a new period`,
            ...where(i),
            action: 'repaired',
          });
        }
        current = {
          child: id,
          start,
          end: null,
          firstEpisode: size,
          episodeCount: 0,
          dob,
          ageAtStart: dob !== null ? ageOn(dob, start) : null,
          uasc: children.uasc[c] ?? false,
        };
        periods.push(current);
      }
      kept.start[size] = start;
      kept.end[size] = end;
      kept.placement[size] = table.placement[i]!;
      kept.provision[size] = provisionOfCode[table.provider[i]!]!;
      size++;
      current!.episodeCount++;
      currentEnd = end;
      previousFlags = table.flags[i]!;
      current!.end = end === OPEN_END ? null : end;
    }
    if (childShortBreaks > 0) {
      shortBreaks.episodes += childShortBreaks;
      shortBreaks.children++;
      if (!includeShortBreaks && periods.length === periodsBefore) shortBreaks.childrenWithNoOtherCare++;
    }
    if (periods.length > periodsBefore) withPeriods++;
  }
  const episodes = {
    start: kept.start.subarray(0, size),
    end: kept.end.subarray(0, size),
    placement: kept.placement.subarray(0, size),
    provision: kept.provision.subarray(0, size),
  };
  return { periods, episodes, problems, repeated, children: withPeriods, shortBreaks, startsAfterX1 };
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
