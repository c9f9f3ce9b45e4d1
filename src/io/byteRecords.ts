/**
 * CSV records read from a file's bytes, one line at a time, with fields kept as byte ranges: the
 * SSDA903 reader's hot path (a million rows without a string per field), and the dates and short
 * codes it reads straight from those bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse as parseSync } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import { dayOf } from '../model/episodes/calendar.js';
import { describeLimit, limitError, thousands } from './limits.js';
import { unreadableReason, type InputReader } from './load.js';
import { detectDelimiter } from './table.js';
import { cleanText } from './text.js';

/**
 * Short codes (RNE, LS, PLACE, PLACE_PROVIDER, REC) are looked up by their bytes packed into a
 * number, so that reading a million rows makes no string for them.
 */
export const packCode = (code: string) => [...code].reduce((key, ch) => key * 256 + ch.charCodeAt(0), 0);

/**
 * `dd/mm/YYYY` (or d/m/YYYY) or ISO `YYYY-MM-DD` to a day number, or undefined. A time of day after
 * the date (`01/05/2018 00:00`, as spreadsheets export dates) is ignored.
 */
export function parseDate(raw: string): number | undefined {
  const text = raw.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text);
  if (m) return validDay(Number(m[3]), Number(m[2]), Number(m[1]));
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text)))
    return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
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

/**
 * One CSV record as byte ranges of a buffer, trimmed of spaces: a field is decoded only when it is
 * needed, and dates and codes are read straight from the bytes.
 */
export interface RecordView {
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
export async function eachRecord(reader: InputReader, file: string, onRecord: (record: RecordView, line: number) => void): Promise<void> {
  // Only regular files: a device (/dev/zero) or a pipe in a returns folder would never end.
  reader.checkReadable(file, file, { pipes: false });
  const limits = reader.limits;
  const { maxFileSize, maxLineLength } = limits;
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
    if (to - from > maxLineLength) throw limitError(limits, 'maxLineLength', 'a line', `${thousands(to - from)} bytes`, { file, line });
    if (line === 1 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
    if (to > from && bytes[to - 1] === 13) to--;
    if (line === 1) {
      if (bytes.subarray(from, to).includes(0)) {
        throw new InputError(
          'not-text',
          'expected CSV text in UTF-8, found NUL bytes (UTF-16, or not a text file): save it as "CSV UTF-8"',
          { file, line },
        );
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
        throw new InputError('csv-syntax', `cannot read the line as CSV: ${(err as Error).message.replace(/ at line \d+/, '')}`, {
          file,
          line,
        });
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
      if (bytesRead > maxFileSize)
        throw limitError(
          limits,
          'maxFileSize',
          'the file',
          `more than ${describeLimit('maxFileSize', maxFileSize)} (stopped reading there)`,
          { file },
        );
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
  reader.announce(file, file, hash.digest('hex'));

  function eachLine(chunk: Buffer): void {
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let from = 0;
    for (let newline = bytes.indexOf(10, from); newline !== -1; newline = bytes.indexOf(10, from)) {
      handle(bytes, from, newline);
      from = newline + 1;
    }
    carry = from < bytes.length ? bytes.subarray(from) : undefined;
    if (carry && carry.length > maxLineLength) {
      throw limitError(limits, 'maxLineLength', 'a line', `more than ${thousands(maxLineLength)} bytes without a line end`, {
        file,
        line: line + 1,
      });
    }
  }
}

/** A field's text, control and bidirectional characters taken out (codes and ids reach messages and tables). */
export const fieldText = (r: RecordView, col: number) =>
  col >= 0 && col < r.count ? cleanText(r.bytes.toString('utf8', r.from[col], r.to[col])) : '';
export const fieldEmpty = (r: RecordView, col: number) => col < 0 || col >= r.count || r.from[col] === r.to[col];

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
export function fieldDate(r: RecordView, col: number): number | null | undefined {
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
export function fieldCodeKey(r: RecordView, col: number): number {
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
