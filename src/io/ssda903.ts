import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import { dayOf, type Child, type Episode, type Problem } from '../model/episodes.js';

export type Ssda903Kind = 'episodes' | 'header' | 'uasc';

const KNOWN_RNE = new Set(['S', 'L', 'P', 'T', 'U', 'B']);
const KNOWN_PLACE = new Set([
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'K3', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
  'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1',
]);

/** `dd/mm/YYYY` or ISO `YYYY-MM-DD` to a day number, or undefined. */
export function parseDate(raw: string): number | undefined {
  const text = raw.trim();
  // Fast path for dd/mm/YYYY, the usual SSDA903 form (a million rows are read this way).
  if (text.length === 10 && text.charCodeAt(2) === 47 && text.charCodeAt(5) === 47) {
    const d = Number(text.slice(0, 2));
    const mo = Number(text.slice(3, 5));
    const y = Number(text.slice(6, 10));
    if (Number.isInteger(d) && Number.isInteger(mo) && Number.isInteger(y) && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) {
      return dayOf(y, mo, d);
    }
    return undefined;
  }
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  let y: number, mo: number, d: number;
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return undefined;
  const day = dayOf(y, mo, d);
  const back = new Date(day * 86_400_000);
  // 31/02/2020 and the like roll over in Date.UTC: reject them
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return day;
}

export interface Ssda903Data {
  episodes: Episode[];
  children: Map<string, Child>;
  problems: Problem[];
  files: { file: string; kind: Ssda903Kind; rows: number }[];
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  return leap ? 29 : MONTH_DAYS[month - 1]!;
}

/** Files to read: every .csv in a folder, or the files given. */
export function listSsda903Files(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new InputError('file-not-found', 'cannot read: no such file or folder', { file: path });
    }
    if (!stat.isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => name.toLowerCase().endsWith('.csv'))
      .sort()
      .map((name) => join(path, name));
  });
}

/**
 * Stream SSDA903 episode, header and UASC files (kind from the header line), row by row: memory
 * grows with the episodes kept, not with the file. Rows that cannot be used are reported with file
 * and line and left out; rows that can be repaired are kept and reported.
 */
export async function readSsda903(paths: readonly string[]): Promise<Ssda903Data> {
  const data: Ssda903Data = { episodes: [], children: new Map(), problems: [], files: [] };
  for (const file of listSsda903Files(paths)) {
    await readFile(file, data);
  }
  if (!data.files.some((f) => f.kind === 'episodes')) {
    throw new InputError('unknown-layout', 'no SSDA903 episodes file (columns CHILD, DECOM, RNE, LS, PLACE, DEC, ...) among the inputs', { file: paths.join(', ') });
  }
  return data;
}

/**
 * Lines one at a time, read in chunks and split here (no per-line promise): plain lines are split on
 * commas (SSDA903 exports rarely quote); a line with a quote goes through csv-parse. A record never
 * spans lines in these returns.
 */
async function eachRecord(file: string, onRecord: (record: string[], line: number) => void): Promise<void> {
  let line = 0;
  let rest = '';
  const handle = (raw: string) => {
    line++;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    if (text.trim() === '') return;
    if (!text.includes('"')) {
      onRecord(text.split(','), line);
      return;
    }
    let record: string[];
    try {
      record = (parseSync(text, { relax_column_count: true }) as string[][])[0] ?? [];
    } catch (err) {
      throw new InputError('csv-syntax', `cannot read the line as CSV: ${(err as Error).message}`, { file, line });
    }
    onRecord(record, line);
  };
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const raw of lines) handle(raw);
  }
  if (rest !== '') handle(rest);
}

async function readFile(file: string, data: Ssda903Data): Promise<void> {
  let header: string[] | undefined;
  let kind: Ssda903Kind | undefined;
  let rows = 0;
  const fileEpisodes: Episode[] = [];
  const col = (name: string) => header!.indexOf(name);
  let idx: Record<string, number> = {};
  await eachRecord(file, (record, line) => {
    const info = { lines: line };
    if (!header) {
      header = record.map((h) => h.toUpperCase());
      if (header.includes('DECOM') && header.includes('RNE')) kind = 'episodes';
      else if (header.includes('DUC')) kind = 'uasc';
      else if (header.includes('DOB') && header.includes('SEX')) kind = 'header';
      else {
        throw new InputError('unknown-layout', `not an SSDA903 episodes, header or UASC file: expected CHILD with DECOM, RNE (episodes), SEX, DOB (header) or DUC (UASC); found ${record.join(', ')}`, { file, line: info.lines });
      }
      idx = Object.fromEntries(['CHILD', 'DECOM', 'RNE', 'PLACE', 'DEC', 'DOB'].map((c) => [c, col(c)]));
      if (idx.CHILD! < 0) throw new InputError('missing-column', 'the SSDA903 file has no CHILD column', { file, line: info.lines });
      return;
    }
    rows++;
    const get = (name: string) => {
      const at = idx[name]!;
      return at >= 0 ? (record[at] ?? '').trim() : '';
    };
    const child = get('CHILD');
    const problem = (reason: string, action: Problem['action']) => data.problems.push({ reason, file, line: info.lines, action });
    if (child === '') {
      problem('no CHILD id', 'dropped');
      return;
    }
    if (kind === 'episodes') {
      const start = parseDate(get('DECOM'));
      if (start === undefined) {
        problem(`bad start date (DECOM) "${get('DECOM')}"`, 'dropped');
        return;
      }
      const endText = get('DEC');
      const end = endText === '' ? null : parseDate(endText);
      if (end === undefined) {
        problem(`bad end date (DEC) "${endText}"`, 'dropped');
        return;
      }
      if (end !== null && end < start) {
        problem(`episode ends (${endText}) before it starts (${get('DECOM')})`, 'dropped');
        return;
      }
      let rne = get('RNE').toUpperCase();
      if (!KNOWN_RNE.has(rne)) {
        problem(`unknown reason for new episode (RNE) "${rne}": read as a change within care`, 'repaired');
        rne = 'P';
      }
      const place = get('PLACE').toUpperCase();
      if (!KNOWN_PLACE.has(place)) problem(`unknown placement code (PLACE) "${place}": counted as other`, 'repaired');
      fileEpisodes.push({ child, start, end, rne, place, returnYear: 0, file, line: info.lines });
    } else {
      const entry = data.children.get(child) ?? { dob: null, uasc: false };
      if (kind === 'uasc') entry.uasc = true;
      const dobText = get('DOB');
      if (dobText !== '') {
        const dob = parseDate(dobText);
        if (dob === undefined) problem(`bad date of birth (DOB) "${dobText}"`, 'repaired');
        else entry.dob = dob;
      }
      data.children.set(child, entry);
    }
  });
  if (!header) throw new InputError('empty-file', 'the file is empty', { file });
  // The return covers the year ending on the 31 March after its latest start date; later returns
  // win when the same episode appears in several.
  const latest = fileEpisodes.reduce((m, e) => Math.max(m, e.start), -Infinity);
  const returnYear = Number.isFinite(latest) ? returnYearOf(latest) : 0;
  for (const e of fileEpisodes) e.returnYear = returnYear;
  for (const e of fileEpisodes) data.episodes.push(e);
  data.files.push({ file, kind: kind!, rows });
}

/** Year ending 31 March that contains a day. */
export function returnYearOf(day: number): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCMonth() >= 3 ? d.getUTCFullYear() + 1 : d.getUTCFullYear();
}
