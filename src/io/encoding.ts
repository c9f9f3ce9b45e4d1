import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** A sentence for stderr when the encoding was a guess (Windows-1252). */
  note?: string;
}

/**
 * Bytes to text: UTF-8 with or without a BOM, UTF-16 LE or BE with a BOM, and otherwise
 * Windows-1252 when the bytes are not valid UTF-8 (Excel's usual "CSV" export), with a note saying
 * so. Binary files (NUL bytes: a workbook, UTF-16 without a BOM) are refused.
 * @throws InputError `not-text`
 */
export function decodeText(bytes: Uint8Array, source: string): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: utf16(bytes, 'utf-16le', source), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: utf16(bytes, 'utf-16be', source), encoding: 'utf-16be' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw notText(bytes, nul, source);
  if (isUtf8(bytes)) {
    // The BOM stays in the text: parseTable removes it, and sha256 is of the bytes anyway.
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  }
  const bad = firstInvalidUtf8(bytes);
  const line = lineAt(bytes, bad);
  return {
    text: decodeWindows1252(bytes),
    encoding: 'windows-1252',
    note:
      `${source}: not valid UTF-8 (line ${line}, byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}): read as Windows-1252, ` +
      `Excel's usual CSV encoding; save it as "CSV UTF-8" to be sure of names with accents`,
  };
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', source: string): string {
  if (bytes.length % 2 !== 0) {
    throw new InputError(
      'not-text',
      `the file starts with a ${encoding.toUpperCase()} byte-order mark but has an odd number of bytes: it is cut short or not UTF-16`,
      { file: source },
    );
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(
      'not-text',
      `the file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}`,
      { file: source },
    );
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new InputError('not-text', `expected text, found a NUL character (not a text file?)`, {
      file: source,
      line: text.slice(0, nul).split('\n').length,
    });
  }
  return text;
}

/** Why a file with NUL bytes is not CSV text, in the words of what it probably is. */
function notText(bytes: Uint8Array, nul: number, source: string): InputError {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    return new InputError(
      'not-text',
      'expected CSV text, found a zip file (an Excel .xlsx workbook?): save the sheet as "CSV UTF-8" and give that file',
      { file: source },
    );
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return new InputError(
      'not-text',
      'expected CSV text, found an old Excel .xls workbook: save the sheet as "CSV UTF-8" and give that file',
      { file: source },
    );
  }
  // ASCII text in UTF-16 has every other byte zero.
  const sample = bytes.subarray(0, Math.min(bytes.length, 512));
  let zeros = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) zeros++;
  if (sample.length >= 4 && zeros >= sample.length / 3) {
    return new InputError(
      'not-text',
      'expected CSV text, found UTF-16 without a byte-order mark: save it as "CSV UTF-8" (or UTF-16 with a BOM)',
      { file: source },
    );
  }
  return new InputError('not-text', 'expected text, found a NUL byte (a binary file?)', { file: source, line: lineAt(bytes, nul) });
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (called only when `isUtf8` said it is broken). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    if (length === 3 && (b === 0xe0 ? bytes[i + 1]! < 0xa0 : b === 0xed ? bytes[i + 1]! > 0x9f : false)) return i;
    if (length === 4 && (b === 0xf0 ? bytes[i + 1]! < 0x90 : b === 0xf4 ? bytes[i + 1]! > 0x8f : false)) return i;
    i += length;
  }
  return 0;
}

/**
 * Windows-1252 differs from ISO-8859-1 in 0x80-0x9F (the euro sign, curly quotes, dashes). Node 20's
 * TextDecoder('windows-1252') decodes those as C1 control characters, so they are mapped here.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}
