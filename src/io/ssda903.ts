import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseSync } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import { currentLimits, describeLimit, limitError, thousands } from './limits.js';
import { announceRead, checkReadable, unreadableReason } from './load.js';
import { detectDelimiter } from './table.js';
import { ChildRegistry, ENDS_X1, EpisodeTable, OPEN_END, RNE_CODES, SHORT_BREAK, type Problem } from '../model/episodes/episodeTable.js';
import { dayOf, returnYearOf } from '../model/episodes/calendar.js';
import { classifyPlacements, type PlacementCodeMap } from '../model/episodes/placements.js';
import { loadPlacementCodes } from './placementCodes.js';

export type Ssda903Kind = 'episodes' | 'header' | 'uasc';

/**
 * Short codes (RNE, LS, PLACE, PLACE_PROVIDER, REC) are looked up by their bytes packed into a
 * number, so that reading a million rows makes no string for them.
 */
const packCode = (code: string) => [...code].reduce((key, ch) => key * 256 + ch.charCodeAt(0), 0);
const RNE_BY_KEY = new Map(RNE_CODES.map((code, i) => [packCode(code), i]));
const SHORT_BREAK_KEYS = new Set([packCode('V3'), packCode('V4')]);
const X1_KEY = packCode('X1');

/**
 * `dd/mm/YYYY` (or d/m/YYYY) or ISO `YYYY-MM-DD` to a day number, or undefined. A time of day after
 * the date (`01/05/2018 00:00`, as spreadsheets export dates) is ignored.
 */
export function parseDate(raw: string): number | undefined {
  const text = raw.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text);
  if (m) return validDay(Number(m[3]), Number(m[2]), Number(m[1]));
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text))) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The day number of a calendar date, or undefined for 31/02/2020 and the like. */
function validDay(year: number, month: number, date: number): number | undefined {
  if (year < 0 || month < 1 || month > 12 || date < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (date > (leap ? 29 : MONTH_DAYS[month - 1]!)) return undefined;
  return dayOf(year, month, date);
}

export interface Ssda903Data {
  episodes: EpisodeTable;
  children: ChildRegistry;
  problems: Problem[];
  files: { file: string; kind: Ssda903Kind; rows: number }[];
}

/** Files to read: every .csv in a folder, or the files given. */
export function listSsda903Files(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : unreadableReason(err);
      throw new InputError('file-not-found', `cannot read: ${reason}`, { file: path });
    }
    if (!stat.isDirectory()) return [path];
    let names: string[];
    try {
      names = readdirSync(path);
    } catch (err) {
      throw new InputError('file-not-found', `cannot list the folder: ${unreadableReason(err)}`, { file: path });
    }
    return names
      .filter((name) => name.toLowerCase().endsWith('.csv'))
      .sort()
      .map((name) => join(path, name));
  });
}

/** Columns each kind of SSDA903 file must have for the analysis to be right. */
const REQUIRED_COLUMNS: Record<Ssda903Kind, string[]> = {
  episodes: ['CHILD', 'DECOM', 'RNE', 'PLACE', 'DEC'],
  header: ['CHILD', 'DOB'],
  uasc: ['CHILD'],
};

/**
 * Stream SSDA903 episode, header and UASC files (kind from the header line), row by row: memory
 * grows with the episodes kept (a few typed-array columns), not with the file. Rows that cannot be
 * used are reported with file and line and left out; rows that can be repaired are kept and reported.
 * `onFile` hears of each file as it is opened (for progress).
 */
export async function readSsda903(
  paths: readonly string[],
  onFile?: (file: string, files: number) => void,
  placementCodes: PlacementCodeMap = loadPlacementCodes(),
): Promise<Ssda903Data> {
  const data: Ssda903Data = { episodes: new EpisodeTable(), children: new ChildRegistry(), problems: [], files: [] };
  const files = listSsda903Files(paths);
  for (const file of files) {
    onFile?.(file, files.length);
    await readFile(file, data);
  }
  // Placement codes are read as written and classified once every return's year is known.
  data.problems.push(...classifyPlacements(data.episodes, placementCodes));
  if (!data.files.some((f) => f.kind === 'episodes')) {
    throw new InputError('unknown-layout', 'no SSDA903 episodes file (columns CHILD, DECOM, RNE, LS, PLACE, DEC, ...) among the inputs', { file: paths.join(', ') });
  }
  if (data.episodes.size === 0) {
    const dropped = data.problems.filter((p) => p.action === 'dropped');
    const first = dropped[0];
    throw new InputError(
      'no-usable-rows',
      dropped.length === 0 ? 'the SSDA903 episodes files have no rows' : `no usable episode rows: all ${dropped.length} were dropped, the first for ${first!.reason}`,
      first ? { file: first.file, line: first.line } : { file: data.files.find((f) => f.kind === 'episodes')!.file },
    );
  }
  return data;
}

/**
 * One CSV record as byte ranges of a buffer, trimmed of spaces: a field is decoded only when it is
 * needed, and dates and codes are read straight from the bytes.
 */
interface RecordView {
  bytes: Buffer;
  from: Int32Array;
  to: Int32Array;
  count: number;
}

const QUOTE = 34;
const isBlank = (byte: number) => byte === 32 || byte === 9;

/**
 * Records one line at a time, read in 1 MiB chunks and split here on bytes: plain lines are cut at
 * the delimiter (comma, semicolon or tab, from the header line; SSDA903 exports rarely quote); a
 * line with a quote goes through csv-parse. A record never spans lines in these returns. Blank lines
 * are skipped but counted.
 */
async function eachRecord(file: string, onRecord: (record: RecordView, line: number) => void): Promise<void> {
  // Only regular files: a device (/dev/zero) or a pipe in a returns folder would never end.
  checkReadable(file, file, { pipes: false });
  const { maxFileSize, maxLineLength } = currentLimits();
  const hash = createHash('sha256');
  let bytesRead = 0;
  const record: RecordView = { bytes: Buffer.alloc(0), from: new Int32Array(64), to: new Int32Array(64), count: 0 };
  let line = 0;
  let delimiter = ',';
  let delimiterByte = 44;
  const addField = (from: number, to: number) => {
    while (from < to && isBlank(record.bytes[from]!)) from++;
    while (to > from && isBlank(record.bytes[to - 1]!)) to--;
    if (record.count === record.from.length) {
      const from2 = new Int32Array(record.count * 2);
      const to2 = new Int32Array(record.count * 2);
      from2.set(record.from);
      to2.set(record.to);
      record.from = from2;
      record.to = to2;
    }
    record.from[record.count] = from;
    record.to[record.count] = to;
    record.count++;
  };
  const handle = (bytes: Buffer, from: number, to: number) => {
    line++;
    if (to - from > maxLineLength) throw limitError('maxLineLength', 'a line', `${thousands(to - from)} bytes`, { file, line });
    if (line === 1 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
    if (to > from && bytes[to - 1] === 13) to--;
    if (line === 1) {
      if (bytes.subarray(from, to).includes(0)) {
        throw new InputError('not-text', 'expected CSV text in UTF-8, found NUL bytes (UTF-16, or not a text file): save it as "CSV UTF-8"', { file, line });
      }
      delimiter = detectDelimiter(bytes.toString('utf8', from, to));
      delimiterByte = delimiter.charCodeAt(0);
    }
    let blank = true;
    let quoted = false;
    for (let k = from; k < to; k++) {
      const byte = bytes[k]!;
      if (byte === QUOTE) {
        quoted = true;
        break;
      }
      if (blank && !isBlank(byte)) blank = false;
    }
    if (blank && !quoted) return;
    record.count = 0;
    if (!quoted) {
      record.bytes = bytes;
      let fieldStart = from;
      for (let k = bytes.indexOf(delimiterByte, from); k !== -1 && k < to; k = bytes.indexOf(delimiterByte, k + 1)) {
        addField(fieldStart, k);
        fieldStart = k + 1;
      }
      addField(fieldStart, to);
    } else {
      const text = bytes.toString('utf8', from, to);
      let fields: string[];
      try {
        fields = (parseSync(text, { relax_column_count: true, delimiter }) as string[][])[0] ?? [];
      } catch (err) {
        // csv-parse counts lines within the one line it was given: its "at line 1" would mislead
        throw new InputError('csv-syntax', `cannot read the line as CSV: ${(err as Error).message.replace(/ at line \d+/, '')}`, { file, line });
      }
      // The parsed fields laid end to end in a buffer of their own, so the same views work.
      record.bytes = Buffer.from(fields.join(''), 'utf8');
      let at = 0;
      for (const field of fields) {
        const length = Buffer.byteLength(field, 'utf8');
        addField(at, at + length);
        at += length;
      }
    }
    onRecord(record, line);
  };
  let carry: Buffer | undefined;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      bytesRead += (chunk as Buffer).length;
      if (bytesRead > maxFileSize) throw limitError('maxFileSize', 'the file', `more than ${describeLimit('maxFileSize')} (stopped reading there)`, { file });
      hash.update(chunk as Buffer);
      eachLine(chunk as Buffer);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).syscall === undefined) throw err;
    throw new InputError('file-not-found', `cannot read the file: ${unreadableReason(err)}`, { file });
  } finally {
    stream.destroy();
  }
  if (carry) handle(carry, 0, carry.length);
  announceRead(file, file, hash.digest('hex'));

  function eachLine(chunk: Buffer): void {
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let from = 0;
    for (let newline = bytes.indexOf(10, from); newline !== -1; newline = bytes.indexOf(10, from)) {
      handle(bytes, from, newline);
      from = newline + 1;
    }
    carry = from < bytes.length ? bytes.subarray(from) : undefined;
    if (carry && carry.length > maxLineLength) {
      throw limitError('maxLineLength', 'a line', `more than ${thousands(maxLineLength)} bytes without a line end`, { file, line: line + 1 });
    }
  }
}

const fieldText = (r: RecordView, col: number) => (col >= 0 && col < r.count ? r.bytes.toString('utf8', r.from[col], r.to[col]) : '');
const fieldEmpty = (r: RecordView, col: number) => col < 0 || col >= r.count || r.from[col] === r.to[col];

/** Two or four ASCII digits as a number, or -1. */
function digits(bytes: Buffer, at: number, count: number): number {
  let value = 0;
  for (let k = at; k < at + count; k++) {
    const digit = bytes[k]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** A date field: a day number, null when empty, undefined when not a date. */
function fieldDate(r: RecordView, col: number): number | null | undefined {
  if (fieldEmpty(r, col)) return null;
  const bytes = r.bytes;
  const from = r.from[col]!;
  const length = r.to[col]! - from;
  // The usual SSDA903 forms, read from the bytes: dd/mm/YYYY and YYYY-MM-DD.
  if (length === 10 && bytes[from + 2] === 47 && bytes[from + 5] === 47) {
    const day = validDay(digits(bytes, from + 6, 4), digits(bytes, from + 3, 2), digits(bytes, from, 2));
    if (day !== undefined) return day;
  } else if (length === 10 && bytes[from + 4] === 45 && bytes[from + 7] === 45) {
    const day = validDay(digits(bytes, from, 4), digits(bytes, from + 5, 2), digits(bytes, from + 8, 2));
    if (day !== undefined) return day;
  }
  return parseDate(fieldText(r, col));
}

/** A code of one to three characters packed as its upper-case bytes, or -1. */
function fieldCodeKey(r: RecordView, col: number): number {
  if (fieldEmpty(r, col)) return -1;
  const from = r.from[col]!;
  const to = r.to[col]!;
  if (to - from > 3) return -1;
  let key = 0;
  for (let k = from; k < to; k++) {
    let byte = r.bytes[k]!;
    if (byte >= 97 && byte <= 122) byte -= 32;
    if (byte >= 128) return -1;
    key = key * 256 + byte;
  }
  return key;
}

async function readFile(file: string, data: Ssda903Data): Promise<void> {
  let header: string[] | undefined;
  let kind: Ssda903Kind | undefined;
  let rows = 0;
  const table = data.episodes;
  const fileIndex = table.files.push(file) - 1;
  const firstRow = table.size;
  const placeIndex = new Map<number, number>();
  const providerIndex = new Map<number, number>();
  let latestStart = -Infinity;
  let columns = { child: -1, decom: -1, rne: -1, ls: -1, place: -1, provider: -1, dec: -1, rec: -1, dob: -1 };
  // PLACE and PLACE_PROVIDER codes as written, by packed key (a string only for each new code).
  const codeIndex = (r: RecordView, col: number, codes: string[], index: Map<number, number>) => {
    const key = fieldCodeKey(r, col);
    let at = index.get(key);
    if (at === undefined) {
      const text = fieldText(r, col).toUpperCase();
      at = codes.indexOf(text);
      if (at < 0) at = codes.push(text) - 1;
      if (key !== -1) index.set(key, at);
    }
    return at;
  };
  // Episodes of a child usually come together: the last child's id bytes spare a string per row.
  let lastChild = -1;
  let lastChildBytes = Buffer.alloc(64);
  let lastChildLength = -1;
  const childOf = (r: RecordView): number => {
    const from = r.from[columns.child]!;
    const length = r.to[columns.child]! - from;
    if (length === lastChildLength) {
      let same = true;
      for (let k = 0; k < length; k++) {
        if (r.bytes[from + k] !== lastChildBytes[k]) {
          same = false;
          break;
        }
      }
      if (same) return lastChild;
    }
    if (length > lastChildBytes.length) lastChildBytes = Buffer.alloc(length * 2);
    r.bytes.copy(lastChildBytes, 0, from, from + length);
    lastChildLength = length;
    lastChild = data.children.intern(r.bytes.toString('utf8', from, from + length));
    return lastChild;
  };

  await eachRecord(file, (record, line) => {
    if (!header) {
      header = Array.from({ length: record.count }, (_, col) => fieldText(record, col).toUpperCase());
      if (header.includes('DECOM') && header.includes('RNE')) kind = 'episodes';
      else if (header.includes('DUC')) kind = 'uasc';
      else if (header.includes('DOB') && header.includes('SEX')) kind = 'header';
      else {
        throw new InputError('unknown-layout', `not an SSDA903 episodes, header or UASC file: expected CHILD with DECOM, RNE (episodes), SEX, DOB (header) or DUC (UASC); found ${header.join(', ')}`, { file, line });
      }
      const lacking = REQUIRED_COLUMNS[kind].filter((name) => !header!.includes(name));
      if (lacking.length > 0) {
        throw new InputError(
          'missing-column',
          `the SSDA903 ${kind} file lacks column${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')}, which the analysis needs: expected ${REQUIRED_COLUMNS[kind].join(', ')}; found ${header.join(', ')}`,
          { file, line },
        );
      }
      const col = (name: string) => header!.indexOf(name);
      columns = { child: col('CHILD'), decom: col('DECOM'), rne: col('RNE'), ls: col('LS'), place: col('PLACE'), provider: col('PLACE_PROVIDER'), dec: col('DEC'), rec: col('REC'), dob: col('DOB') };
      if (columns.child < 0) throw new InputError('missing-column', 'the SSDA903 file has no CHILD column', { file, line });
      return;
    }
    rows++;
    const problem = (reason: string, action: Problem['action']) => data.problems.push({ reason, file, line, action });
    if (fieldEmpty(record, columns.child)) {
      problem('no CHILD id', 'dropped');
      return;
    }
    if (kind === 'episodes') {
      const start = fieldDate(record, columns.decom);
      if (start == null) {
        problem(`bad start date (DECOM) "${fieldText(record, columns.decom)}"`, 'dropped');
        return;
      }
      const end = fieldDate(record, columns.dec);
      if (end === undefined) {
        problem(`bad end date (DEC) "${fieldText(record, columns.dec)}"`, 'dropped');
        return;
      }
      if (end !== null && end < start) {
        problem(`episode ends (${fieldText(record, columns.dec)}) before it starts (${fieldText(record, columns.decom)})`, 'dropped');
        return;
      }
      let rne = RNE_BY_KEY.get(fieldCodeKey(record, columns.rne));
      if (rne === undefined) {
        problem(`unknown reason for new episode (RNE) "${fieldText(record, columns.rne).toUpperCase()}": read as a change within care`, 'repaired');
        rne = RNE_CODES.indexOf('P');
      }
      const place = codeIndex(record, columns.place, table.placeCodes, placeIndex);
      const provider = codeIndex(record, columns.provider, table.providerCodes, providerIndex);
      if (table.placeCodes.length > 65_535 || table.providerCodes.length > 255) {
        throw new InputError('bad-value', 'too many different PLACE or PLACE_PROVIDER codes: is this an SSDA903 episodes file?', { file, line });
      }
      const flags = (SHORT_BREAK_KEYS.has(fieldCodeKey(record, columns.ls)) ? SHORT_BREAK : 0) | (fieldCodeKey(record, columns.rec) === X1_KEY ? ENDS_X1 : 0);
      if (start > latestStart) latestStart = start;
      table.push(childOf(record), start, end ?? OPEN_END, rne, 0, fileIndex, line, place, provider, flags);
    } else {
      const child = data.children.intern(fieldText(record, columns.child));
      if (kind === 'uasc') data.children.uasc[child] = true;
      const dob = fieldDate(record, columns.dob);
      if (dob === undefined) problem(`bad date of birth (DOB) "${fieldText(record, columns.dob)}"`, 'repaired');
      else if (dob !== null) data.children.dob[child] = dob;
    }
  });
  if (!header) throw new InputError('empty-file', 'the file is empty', { file });
  // The return covers the year ending on the 31 March after its latest start date; later returns
  // win when the same episode appears in several.
  if (table.size > firstRow) table.returnYear.fill(returnYearOf(latestStart), firstRow, table.size);
  data.files.push({ file, kind: kind!, rows });
}
