import { type ZipEntry, zipEntries } from '../zip.js';
import { constants, inflateRawSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { cleanText } from './text.js';

/**
 * Reading the sheets of an xlsx workbook (as the GLA publishes its population projections)
 * synchronously: the zip's central directory, then the workbook, shared strings and one sheet's
 * XML. Only what a data sheet needs: text, numbers and booleans, no formulas evaluated (their cached
 * values are read), no styles. Every entry inflates to at most `maxEntryBytes`.
 *
 * The workbook is untrusted: the XML is scanned element by element with `indexOf`, never with a
 * pattern that can run to the end of the text for every opening tag (a tag left open is refused
 * where it is found), cells are kept as they are written (a cell at column XFD is one cell, not
 * 16,384), references past the format's last column and row are refused, and only the shared
 * strings the sheet uses are decoded.
 */

/** The first bytes of a zip file (xlsx is one). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** One cell with text, by zero-based column (A = 0). */
export interface SheetCell {
  column: number;
  text: string;
}

/** One row of a sheet: its number (1-based, as written) and its cells with text, in the order written. */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

export interface Workbook {
  sheetNames: string[];
  /** A sheet's rows with their non-empty cells. */
  rows(sheet: string): SheetRow[];
}

/** The format's bounds: columns A to XFD, rows 1 to 1,048,576. */
const MAX_COLUMNS = 16_384;
const MAX_ROWS = 1_048_576;
/** V8's longest string: an entry that unpacks to more cannot be read as text. */
const MAX_TEXT = 0x1fffffe8;
const DEFAULT_MAX_ENTRY = 512 * 1024 * 1024;

type Fail = (why: string) => never;

export function readWorkbook(buffer: Buffer, source: string, maxEntryBytes = DEFAULT_MAX_ENTRY): Workbook {
  const fail: Fail = (why) => {
    throw new InputError('unknown-layout', `cannot read the file as an xlsx workbook: ${why}`, { file: source });
  };
  const entries = centralDirectory(buffer, fail);
  /**
   * An entry's text, or undefined when there is no such entry. With `compressedBytes`, only the
   * text those first compressed bytes unpack to (`whole` says whether that is all of it): a deflate
   * stream's start unpacks on its own, so a reader that needs the start of a large entry stops there.
   */
  const read = (name: string, compressedBytes = Number.POSITIVE_INFINITY): { text: string; whole: boolean } | undefined => {
    const entry = entries.get(name);
    if (!entry) return undefined;
    if (entry.size > maxEntryBytes) fail(`${name} unpacks to ${entry.size} bytes, more than the ${maxEntryBytes} allowed`);
    if (buffer.readUInt32LE(entry.localOffset) !== 0x04034b50) fail(`${name} has no local header`);
    const start = entry.localOffset + 30 + buffer.readUInt16LE(entry.localOffset + 26) + buffer.readUInt16LE(entry.localOffset + 28);
    const data = buffer.subarray(start, start + entry.compressedSize);
    if (entry.method !== 0 && entry.method !== 8) fail(`${name} uses zip compression method ${entry.method}`);
    const whole = entry.method === 0 || compressedBytes >= data.length;
    let bytes: Buffer = data;
    if (entry.method === 8) {
      try {
        bytes = inflateRawSync(whole ? data : data.subarray(0, compressedBytes), {
          maxOutputLength: maxEntryBytes,
          ...(whole ? {} : { finishFlush: constants.Z_SYNC_FLUSH }),
        });
      } catch (err) {
        return fail(`${name} does not unpack (${(err as Error).message})`);
      }
    }
    if (bytes.length > MAX_TEXT) fail(`${name} unpacks to ${bytes.length} bytes, more than can be read as text`);
    return { text: bytes.toString('utf8'), whole };
  };
  const text = (name: string) => read(name)?.text;
  const workbook = text('xl/workbook.xml') ?? fail('no xl/workbook.xml inside');
  const relations = text('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  eachElement(relations, 'Relationship', fail, (attributes) => {
    const id = attribute(attributes, 'Id');
    const target = attribute(attributes, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  });
  const sheets = new Map<string, string>();
  const folded = new Map<string, string>();
  eachElement(workbook, 'sheet', fail, (attributes) => {
    const raw = attribute(attributes, 'name');
    const id = attribute(attributes, 'r:id');
    if (raw === undefined || id === undefined || !targets.has(id)) return;
    const name = cleanText(decodeXml(raw));
    // Excel's sheet names are unique whatever their case: two of one name would leave which is read to chance.
    const key = name.trim().toLowerCase();
    if (folded.has(key)) fail(`two sheets are named "${name}"${folded.get(key) === name ? '' : ` ("${folded.get(key)}" and "${name}")`}`);
    folded.set(key, name);
    sheets.set(name, targets.get(id)!);
  });
  return {
    sheetNames: [...sheets.keys()],
    rows(sheet) {
      const xml = text(sheets.get(sheet) ?? '') ?? fail(`sheet "${sheet}" is missing`);
      const { rows, sharedUsed } = sheetRows(xml, fail);
      if (sharedUsed.length > 0) {
        const shared = sharedStrings((bytes) => read('xl/sharedStrings.xml', bytes) ?? { text: '', whole: true }, sharedUsed, fail);
        for (const row of rows) {
          for (const cell of row.cells) if (cell.shared !== undefined) cell.text = shared.get(cell.shared)!;
        }
      }
      return rows.map((r) => ({ row: r.row, cells: r.cells.filter((c) => c.text !== '').map(({ column, text }) => ({ column, text })) }));
    },
  };
}

/** A cell as first read: a shared string's index, filled in once the strings used are decoded. */
interface ReadCell extends SheetCell {
  shared?: number;
}

/** The rows of a sheet's XML, and the shared strings its cells use (their indices, ascending). */
function sheetRows(xml: string, fail: Fail): { rows: { row: number; cells: ReadCell[] }[]; sharedUsed: number[] } {
  const rows: { row: number; cells: ReadCell[] }[] = [];
  const used = new Set<number>();
  let previousRow = 0;
  eachElement(xml, 'row', fail, (rowAttributes, rowBody) => {
    const written = attribute(rowAttributes, 'r');
    const row = written === undefined ? previousRow + 1 : rowNumber(written, fail);
    previousRow = row;
    const cells: ReadCell[] = [];
    let next = 0;
    // Cells come in column order; only when one does not is each checked against the others.
    let columns: Set<number> | undefined;
    eachElement(rowBody, 'c', fail, (attributes, body) => {
      const ref = attribute(attributes, 'r');
      const column = ref === undefined ? next : cellColumn(ref, fail);
      if (column >= MAX_COLUMNS) fail(`row ${row} has more than ${MAX_COLUMNS} cells (the last column is XFD)`);
      if (column < next || columns) {
        columns ??= new Set(cells.map((c) => c.column));
        if (columns.has(column)) fail(`two cells of row ${row} are in column ${columnName(column)}`);
        columns.add(column);
      }
      next = column + 1;
      const type = attribute(attributes, 't');
      const value = body === '' ? undefined : elementText(body, 'v', fail);
      if (type === 's') {
        if (value === undefined) return;
        const index = /^\d{1,10}$/.test(value.trim()) ? Number(value) : Number.NaN;
        if (!Number.isSafeInteger(index)) fail(`cell ${columnName(column)}${row} has no shared string number`);
        used.add(index);
        cells.push({ column, text: '', shared: index });
      } else if (type === 'inlineStr') {
        cells.push({ column, text: cleanText(runText(body, fail)) });
      } else if (type === 'b') {
        cells.push({ column, text: value === '1' ? 'TRUE' : 'FALSE' });
      } else if (value !== undefined) {
        cells.push({ column, text: cleanText(decodeXml(value)) });
      }
    });
    rows.push({ row, cells });
  });
  return { rows, sharedUsed: [...used].sort((a, b) => a - b) };
}

/**
 * The shared strings a sheet uses, decoded from `sharedStrings.xml` up to the last one needed, and
 * unpacked only that far (64 KiB of the compressed entry first, four times as much each time it is
 * not enough): a table of millions of strings no cell uses costs neither their memory nor their time.
 */
function sharedStrings(
  read: (compressedBytes: number) => { text: string; whole: boolean },
  used: readonly number[],
  fail: Fail,
): Map<number, string> {
  const last = used.at(-1)!;
  for (let take = 1 << 16; ; take *= 4) {
    const { text, whole } = read(take);
    const strings = new Map<number, string>();
    let wanted = 0;
    let index = 0;
    // The start of an entry may end inside a string: only the whole entry's last string can be unclosed.
    const cut = new Error('cut');
    try {
      eachElement(
        text,
        'si',
        whole
          ? fail
          : () => {
              throw cut;
            },
        (_attributes, body) => {
          if (index === used[wanted]) {
            strings.set(index, cleanText(runText(body, fail)));
            wanted++;
          }
          index++;
          return index > last;
        },
      );
    } catch (err) {
      if (err !== cut) throw err;
    }
    if (wanted === used.length) return strings;
    if (whole) fail(`a cell uses shared string ${used[wanted]! + 1}, but the workbook has ${index}`);
  }
}

/**
 * Each `<name ...>...</name>` or `<name .../>` in a text, found with `indexOf`, so the scan is linear
 * in the text: `visit` gets the attributes' text and the body (a slice, so that a scan inside it
 * stops at its end), and stops the scan by returning true.
 * @throws InputError for a tag not closed
 */
function eachElement(xml: string, name: string, fail: Fail, visit: (attributes: string, body: string) => unknown): void {
  const open = `<${name}`;
  const close = `</${name}>`;
  let at = 0;
  for (;;) {
    const start = xml.indexOf(open, at);
    if (start < 0) return;
    const after = xml.charCodeAt(start + open.length);
    // `<c` must not match `<col`, `<si` not `<sheet`: the name ends at a space, `>` or `/`
    if (!(after === 62 || after === 47 || after === 32 || after === 9 || after === 10 || after === 13)) {
      at = start + open.length;
      continue;
    }
    const tagEnd = xml.indexOf('>', start + open.length);
    if (tagEnd < 0) fail(`a <${name}> tag is not closed`);
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      if (visit(xml.slice(start + open.length, tagEnd - 1), '') === true) return;
      at = tagEnd + 1;
      continue;
    }
    const end = xml.indexOf(close, tagEnd + 1);
    if (end < 0) fail(`a <${name}> has no </${name}>`);
    if (visit(xml.slice(start + open.length, tagEnd), xml.slice(tagEnd + 1, end)) === true) return;
    at = end + close.length;
  }
}

/** The text of the first `<name>` element, undecoded, or undefined. */
function elementText(xml: string, name: string, fail: Fail): string | undefined {
  let text: string | undefined;
  eachElement(xml, name, fail, (_attributes, body) => {
    text = body;
    return true;
  });
  return text;
}

/** The text of a shared or inline string: every <t> run joined. */
function runText(xml: string, fail: Fail): string {
  let text = '';
  eachElement(xml, 't', fail, (_attributes, body) => {
    text += decodeXml(body);
  });
  return text;
}

function centralDirectory(buffer: Buffer, fail: Fail): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  for (const entry of zipEntries(buffer, fail)) {
    // Two entries of one name: readers disagree on which one counts, so neither is chosen here.
    if (entries.has(entry.name)) fail(`two entries are named ${cleanText(entry.name)}`);
    entries.set(entry.name, entry);
  }
  return entries;
}

/** An attribute's value (undecoded), or undefined; `name` may have a prefix (`r:id`). */
function attribute(attributes: string, name: string): string | undefined {
  let at = 0;
  for (;;) {
    const found = attributes.indexOf(`${name}="`, at);
    if (found < 0) return undefined;
    const before = found === 0 ? 32 : attributes.charCodeAt(found - 1);
    if (before === 32 || before === 9 || before === 10 || before === 13) {
      const end = attributes.indexOf('"', found + name.length + 2);
      return end < 0 ? undefined : attributes.slice(found + name.length + 2, end);
    }
    at = found + 1;
  }
}

/** A row number from 1 to 1,048,576. */
function rowNumber(written: string, fail: Fail): number {
  const row = /^\d{1,7}$/.test(written) ? Number(written) : Number.NaN;
  if (!(row >= 1 && row <= MAX_ROWS)) fail(`row number "${cleanText(written).slice(0, 20)}" is not one from 1 to ${MAX_ROWS}`);
  return row;
}

/** "AB12" -> 27 (zero-based column), within A-XFD and rows 1-1,048,576. */
function cellColumn(ref: string, fail: Fail): number {
  const m = /^([A-Za-z]+)(\d+)$/.exec(ref);
  const shown = cleanText(ref).slice(0, 20);
  if (!m) fail(`"${shown}" is not a cell reference such as B7`);
  const letters = m![1]!.toUpperCase();
  let index = 0;
  for (let k = 0; k < letters.length && index <= MAX_COLUMNS; k++) index = index * 26 + (letters.charCodeAt(k) - 64);
  if (index > MAX_COLUMNS) fail(`cell ${shown} is past the last column of a sheet, XFD`);
  const row = m![2]!.length <= 7 ? Number(m![2]) : Number.POSITIVE_INFINITY;
  if (row < 1 || row > MAX_ROWS) fail(`cell ${shown} is past the last row of a sheet, ${MAX_ROWS}`);
  return index - 1;
}

/** 0 -> "A", 27 -> "AB". */
function columnName(column: number): string {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,8}|#\d{1,10}|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
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
