import { inflateRawSync } from 'node:zlib';
import { InputError } from '../errors.js';

/**
 * Reading the sheets of an xlsx workbook (as the GLA publishes its population projections)
 * synchronously: the zip's central directory, then the workbook, shared strings and one sheet's
 * XML. Only what a data sheet needs: text, numbers and booleans, no formulas evaluated (their cached
 * values are read), no styles. Every entry inflates to at most `maxEntryBytes`.
 */

/** The first bytes of a zip file (xlsx is one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface Workbook {
  sheetNames: string[];
  /** A sheet's rows as strings (row r at index r - 1 of the sheet; cells by column letter). */
  rows(sheet: string): { row: number; cells: string[] }[];
}

const DEFAULT_MAX_ENTRY = 512 * 1024 * 1024;

export function readWorkbook(buffer: Buffer, source: string, maxEntryBytes = DEFAULT_MAX_ENTRY): Workbook {
  const fail = (why: string): never => {
    throw new InputError('unknown-layout', `cannot read the file as an xlsx workbook: ${why}`, { file: source });
  };
  const entries = centralDirectory(buffer, fail);
  const text = (name: string): string | undefined => {
    const entry = entries.get(name);
    if (!entry) return undefined;
    if (entry.size > maxEntryBytes) fail(`${name} unpacks to ${entry.size} bytes, more than the ${maxEntryBytes} allowed`);
    if (buffer.readUInt32LE(entry.localOffset) !== 0x04034b50) fail(`${name} has no local header`);
    const start = entry.localOffset + 30 + buffer.readUInt16LE(entry.localOffset + 26) + buffer.readUInt16LE(entry.localOffset + 28);
    const data = buffer.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method !== 8) fail(`${name} uses zip compression method ${entry.method}`);
    try {
      return inflateRawSync(data, { maxOutputLength: maxEntryBytes }).toString('utf8');
    } catch (err) {
      return fail(`${name} does not unpack (${(err as Error).message})`);
    }
  };
  const workbook = text('xl/workbook.xml') ?? fail('no xl/workbook.xml inside');
  const relations = text('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  for (const m of relations.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attribute(m[1]!, 'Id');
    const target = attribute(m[1]!, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = attribute(m[1]!, 'name');
    const id = attribute(m[1]!, 'r:id');
    if (name !== undefined && id !== undefined && targets.has(id)) sheets.set(decodeXml(name), targets.get(id)!);
  }
  let shared: string[] | undefined;
  const sharedStrings = () => {
    shared ??= [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => runText(m[1]!));
    return shared;
  };
  return {
    sheetNames: [...sheets.keys()],
    rows(sheet) {
      const xml = text(sheets.get(sheet) ?? '') ?? fail(`sheet "${sheet}" is missing`);
      const rows: { row: number; cells: string[] }[] = [];
      for (const rowMatch of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
        const row = Number(attribute(rowMatch[1]!, 'r') ?? rows.length + 1);
        const cells: string[] = [];
        let next = 0;
        for (const c of (rowMatch[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
          const ref = attribute(c[1]!, 'r');
          const column = ref ? columnIndex(ref) : next;
          next = column + 1;
          const type = attribute(c[1]!, 't');
          const body = c[2] ?? '';
          const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
          let cell = '';
          if (type === 's') cell = sharedStrings()[Number(value)] ?? '';
          else if (type === 'inlineStr') cell = runText(body);
          else if (type === 'b') cell = value === '1' ? 'TRUE' : 'FALSE';
          else if (value !== undefined) cell = decodeXml(value);
          cells[column] = cell;
        }
        rows.push({ row, cells: Array.from(cells, (c) => c ?? '') });
      }
      return rows;
    },
  };
}

function centralDirectory(buffer: Buffer, fail: (why: string) => never): Map<string, ZipEntry> {
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the end.
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) fail('no zip directory (a damaged or truncated file)');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  if (offset === 0xffffffff || count === 0xffff) fail('zip64 workbooks are not supported');
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) fail('a damaged zip directory');
    const nameLength = buffer.readUInt16LE(offset + 28);
    const entry: ZipEntry = {
      method: buffer.readUInt16LE(offset + 10),
      compressedSize: buffer.readUInt32LE(offset + 20),
      size: buffer.readUInt32LE(offset + 24),
      localOffset: buffer.readUInt32LE(offset + 42),
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
    };
    if (entry.localOffset + 30 > buffer.length) fail(`${entry.name} lies outside the file`);
    entries.set(entry.name, entry);
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  return entries;
}

function attribute(attributes: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}="([^"]*)"`).exec(attributes);
  return m?.[1];
}

/** The text of a shared or inline string: every <t> run joined. */
function runText(xml: string): string {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decodeXml(m[1]!)).join('');
}

/** "AB12" -> 27 (zero-based column). */
function columnIndex(ref: string): number {
  let index = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const e = entity.toLowerCase();
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}
