import { ageOn } from './calendar.js';
import { ChildRegistry, EpisodeTable, OPEN_END, RNE_CODES, RNE_STARTED } from './episodeTable.js';

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
