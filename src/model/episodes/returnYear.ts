import { ageOn, civilDate, dayOf, returnYearOf } from './calendar.js';
import { type ChildRegistry, type EpisodeTable, OPEN_END, type Problem } from './episodeTable.js';

/**
 * Which year a return is for, and the rows no return could hold: a return of the year ending
 * 31 March Y holds the episodes open at some time in that year, so nothing in it starts after
 * 31 March Y, and no child in care is unborn or a grown adult. One mistyped date (01/01/2099)
 * must neither move the return's year nor be counted in care on every 31 March to 2099.
 */

/** A year needs the dates of at least this share of a return's rows, and of two rows, to be its year. */
const RETURN_YEAR_SHARE = 0.01;
/** The oldest a child in an episode can be: care ends at 18, care leavers' support at 25. */
const MAX_AGE = 25;

/**
 * The year ending 31 March a return is for: the latest year in which at least two of its rows,
 * and at least 1% of them (`RETURN_YEAR_SHARE`), start or end an episode. A return's own year holds
 * its starts and its ends, a large share of its rows; a year that one stray date reaches does not.
 * A return too small for any year to have two rows falls back to its latest start.
 * @param starts, ends day numbers of the return's rows (`OPEN_END` for an episode still open)
 * @throws Error for a return without rows
 */
export function returnYearOfRows(starts: ArrayLike<number>, ends: ArrayLike<number>): number {
  if (starts.length === 0) throw new Error('returnYearOfRows requires at least one row');
  const rowsByYear = new Map<number, number>();
  let latestStart = -Infinity;
  for (let i = 0; i < starts.length; i++) {
    const startYear = returnYearOf(starts[i]!);
    if (starts[i]! > latestStart) latestStart = starts[i]!;
    rowsByYear.set(startYear, (rowsByYear.get(startYear) ?? 0) + 1);
    if (ends[i] !== OPEN_END) {
      const endYear = returnYearOf(ends[i]!);
      if (endYear !== startYear) rowsByYear.set(endYear, (rowsByYear.get(endYear) ?? 0) + 1);
    }
  }
  const needed = Math.max(2, Math.ceil(starts.length * RETURN_YEAR_SHARE));
  let year = -Infinity;
  for (const [y, rows] of rowsByYear) if (rows >= needed && y > year) year = y;
  return year === -Infinity ? returnYearOf(latestStart) : year;
}

/** dd/mm/YYYY of a day number, for messages. */
function formatDay(day: number): string {
  const civil = civilDate(day);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(civil % 100)}/${pad(Math.floor(civil / 100) % 100)}/${Math.floor(civil / 10_000)}`;
}

/**
 * Give the rows of one return (from `from` to the end of the table) their return's year, and set
 * aside the rows that start after it, each reported with file and line.
 * @returns the return's year, or null when the return has no rows
 */
export function settleReturnYear(table: EpisodeTable, from: number): { year: number | null; problems: Problem[] } {
  if (table.size === from) return { year: null, problems: [] };
  const year = returnYearOfRows(table.start.subarray(from, table.size), table.end.subarray(from, table.size));
  const yearEnd = dayOf(year, 3, 31);
  const problems: Problem[] = [];
  const span = `${year - 1}-${String(year % 100).padStart(2, '0')}`;
  table.keepOnly(from, (i) => {
    if (table.start[i]! <= yearEnd) return true;
    problems.push({
      reason: `starts (DECOM ${formatDay(table.start[i]!)}) after 31 March ${year}, the end of the return's year (${span}): set aside`,
      file: table.files[table.file[i]!]!,
      line: table.line[i]!,
      action: 'dropped',
    });
    return false;
  });
  table.returnYear.fill(year, from, table.size);
  return { year, problems };
}

/**
 * Once every return and header is read: an end after the latest return's 31 March, which no return
 * can know of, is read as still open then; and the episodes of a child not yet born, or over 25
 * (`MAX_AGE`) by the episode's last day (its end, or its return's 31 March while open), are set
 * aside. Each is reported with file and line. (A wrong date of birth is as likely as a wrong
 * episode; either way the row cannot be counted.)
 */
export function settleDatesAndAges(table: EpisodeTable, children: ChildRegistry): Problem[] {
  const problems: Problem[] = [];
  const years = table.returnYears();
  if (years === null) return problems;
  const lastEnd = dayOf(years.last, 3, 31);
  table.keepOnly(0, (i) => {
    const where = { file: table.files[table.file[i]!]!, line: table.line[i]! };
    if (table.end[i] !== OPEN_END && table.end[i]! > lastEnd) {
      problems.push({
        reason: `ends (DEC ${formatDay(table.end[i]!)}) after 31 March ${years.last}, the end of the latest return's year: read as still open then`,
        ...where,
        action: 'repaired',
      });
      table.end[i] = OPEN_END;
    }
    const dob = children.dob[table.child[i]!];
    if (dob == null) return true;
    if (table.start[i]! < dob) {
      problems.push({
        reason: `starts (DECOM ${formatDay(table.start[i]!)}) before the child was born (DOB ${formatDay(dob)}): set aside`,
        ...where,
        action: 'dropped',
      });
      return false;
    }
    const last = table.end[i] === OPEN_END ? dayOf(table.returnYear[i]!, 3, 31) : table.end[i]!;
    const age = ageOn(dob, last);
    if (age > MAX_AGE) {
      problems.push({
        reason: `the child (DOB ${formatDay(dob)}) would be ${age} on ${formatDay(last)}, over ${MAX_AGE}: set aside`,
        ...where,
        action: 'dropped',
      });
      return false;
    }
    return true;
  });
  return problems;
}
