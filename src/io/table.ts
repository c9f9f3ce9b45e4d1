import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import { DEFAULT_LIMITS, limitError, thousands, type Limits } from './limits.js';
import { cleanText, firstUnsafeCharacter, hasUnsafeCharacters, hasUnsafeCharactersBetweenCells } from './text.js';

/** One data row with the 1-based line it came from. */
export interface TableRow {
  cells: string[];
  line: number;
}

/** A delimited text file split into a header and rows, before any meaning is given to them. */
export interface Table {
  source: string;
  /** Header names as written (trimmed), in file order. */
  header: string[];
  /** Header names lower-cased, for layout detection. */
  keys: string[];
  rows: TableRow[];
  delimiter: ',' | ';' | '\t';
}

/**
 * What a reader is given besides the text: the run's limits, and where its notes go (a cell
 * cleaned of control characters). Every parse* function takes them, so no bound or note is global.
 */
export interface ReadOptions {
  limits?: Readonly<Limits>;
  notice?: (text: string) => void;
}

/** Options of `parseTable`. */
export interface TableOptions extends ReadOptions {
  engine?: 'csv-parse';
  /**
   * Given the header (a table without rows yet), a check run on each row as it is split, before the
   * next is read: a reader can refuse a file as soon as a bound is passed (too many areas), not
   * after splitting all of it.
   */
  rowCheck?: (header: Table) => ((row: TableRow) => void) | undefined;
}

type SplitRecord = { record: string[]; info: { lines: number } };

/**
 * Split CSV text into rows. Accepts a UTF-8 BOM, CRLF or CR line ends, and comma, semicolon or
 * tab separators (chosen from the header line). Blank lines are skipped. Control and
 * bidirectional characters are taken out of every cell (`cleanText`), with a note.
 * @throws InputError `empty-file` when there is no header, `csv-syntax` for broken quoting,
 *   `duplicate-column` for two columns of one name
 */
export function parseTable(text: string, source: string, options: TableOptions = {}): Table {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') {
    throw new InputError('empty-file', 'the file is empty: expected a header line and data rows', {
      file: source,
    });
  }
  const delimiter = detectDelimiter(normalised.slice(0, normalised.indexOf('\n') >>> 0));
  const limits = options.limits ?? DEFAULT_LIMITS;
  let check: ((row: TableRow) => void) | undefined;
  let headerSeen = false;
  const onRecord = (record: string[], line: number) => {
    if (!headerSeen) {
      headerSeen = true;
      const header = tableHeader(source, record, line, delimiter);
      check = options.rowCheck?.(header);
    } else if (check && record.some((c) => c !== '')) {
      check({ cells: record, line });
    }
  };
  // Most lines of published files have no quotes: split them by hand, as csv-parse would, at a
  // fraction of the cost (a test holds the two to the same records).
  const split = options.engine === 'csv-parse' ? undefined : splitByLine(normalised, delimiter, limits, source, onRecord);
  if (split === undefined) headerSeen = false;
  const records = split ?? parseQuoted(normalised, delimiter, limits, source, onRecord);
  const [first, ...rest] = records;
  if (first === undefined) {
    throw new InputError('empty-file', 'the file is empty: expected a header line and data rows', {
      file: source,
    });
  }
  for (const { record, info } of records) {
    for (let i = 0; i < record.length; i++) {
      if (record[i]!.length > limits.maxFieldLength) {
        throw limitError(limits, 'maxFieldLength', 'a field', `${thousands(record[i]!.length)} characters`, {
          file: source,
          line: info.lines,
          column: record !== records[0]!.record && records[0]!.record[i]?.trim() ? records[0]!.record[i]!.trim() : i + 1,
        });
      }
    }
  }
  const rows = rest.map(({ record, info }) => ({ cells: record, line: info.lines })).filter((row) => row.cells.some((cell) => cell !== ''));
  // Cells can hold unsafe characters only where the text does (a tab or line end only in quotes).
  const mayHoldUnsafe =
    hasUnsafeCharactersBetweenCells(normalised) || normalised.includes('"') || (delimiter !== '\t' && normalised.includes('\t'));
  return tableFromRows(source, first.record, first.info.lines, rows, { delimiter, clean: mayHoldUnsafe, notice: options.notice });
}

/** A table's header, checked: no two columns of one name. */
function tableHeader(source: string, cells: readonly string[], line: number, delimiter: Table['delimiter']): Table {
  const header = cells.map((h) => cleanText(h).trim());
  const keys = header.map((h) => h.toLowerCase());
  const seen = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === '') continue;
    const before = seen.get(keys[i]!);
    if (before !== undefined) {
      throw new InputError(
        'duplicate-column',
        `two columns are named "${header[i]}" (columns ${before + 1} and ${i + 1}): which one holds the values is not clear; rename or remove one`,
        { file: source, line, column: header[i] },
      );
    }
    seen.set(keys[i]!, i);
  }
  return { source, header, keys, rows: [], delimiter };
}

/**
 * A table from a header and rows split elsewhere (a CSV file, a workbook's sheet): the header
 * checked, control and bidirectional characters taken out of every cell (with one note naming the
 * first line that had any).
 * @throws InputError `empty-file` without data rows, `duplicate-column`
 */
export function tableFromRows(
  source: string,
  headerCells: readonly string[],
  headerLine: number,
  rows: TableRow[],
  { delimiter = ',', clean = true, notice }: { delimiter?: Table['delimiter']; clean?: boolean; notice?: (text: string) => void } = {},
): Table {
  const table = tableHeader(source, headerCells, headerLine, delimiter);
  if (rows.length === 0) {
    throw new InputError('empty-file', 'the file has a header but no data rows', {
      file: source,
      line: headerLine,
    });
  }
  const unsafe = headerCells.find(hasUnsafeCharacters);
  let first = unsafe === undefined ? undefined : { line: headerLine, character: firstUnsafeCharacter(unsafe)! };
  if (clean) {
    for (const row of rows) {
      for (let i = 0; i < row.cells.length; i++) {
        const value = row.cells[i]!;
        if (!hasUnsafeCharacters(value)) continue;
        first ??= { line: row.line, character: firstUnsafeCharacter(value)! };
        row.cells[i] = cleanText(value).trim();
      }
    }
  }
  if (first) {
    notice?.(
      `${source} line ${first.line}: control or bidirectional characters (${first.character} the first) taken out of the text, ` +
        'so that no output shows or obeys them',
    );
  }
  table.rows = rows;
  return table;
}

/** Text with quotes: csv-parse, its errors turned into input errors naming the line. */
function parseQuoted(
  text: string,
  delimiter: string,
  limits: Readonly<Limits>,
  source: string,
  onRecord: (record: string[], line: number) => void,
): SplitRecord[] {
  try {
    return parse(text, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      // A record (one line, or several inside quotes) longer than a line may be is refused as it is read.
      max_record_size: limits.maxLineLength,
      // with `info`, each record comes with its line as { record, info }
      on_record: ((read: SplitRecord) => {
        onRecord(read.record, read.info.lines);
        return read;
      }) as unknown as (record: string[]) => string[],
    }) as unknown as SplitRecord[];
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { message?: string; lines?: number; code?: string };
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      throw limitError(
        limits,
        'maxLineLength',
        'a record',
        `more than ${thousands(limits.maxLineLength)} characters (a quote left open?)`,
        {
          file: source,
          line: e.lines,
        },
      );
    }
    const reason = (e.message ?? String(err)).replace(/^[^:]*: /, '').replace(/ at line \d+$/, '');
    throw new InputError('csv-syntax', `cannot read the file as CSV: ${reason}`, {
      file: source,
      line: e.lines,
    });
  }
}

/**
 * Text split line by line as csv-parse splits it with trim, skip_empty_lines and relax_column_count:
 * a line without quotes by hand, a line with quotes by csv-parse alone. Undefined when a quoted
 * field may run over a line end (an odd number of quotes on a line), or a line will not parse: the
 * whole text then goes to csv-parse, which reads such fields and words such errors.
 */
function splitByLine(
  text: string,
  delimiter: ',' | ';' | '\t',
  limits: Readonly<Limits>,
  source: string,
  onRecord: (record: string[], line: number) => void,
): SplitRecord[] | undefined {
  const records: SplitRecord[] = [];
  let line = 0;
  let from = 0;
  while (from <= text.length) {
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    line++;
    if (end - from > limits.maxLineLength) {
      throw limitError(
        limits,
        'maxLineLength',
        'a record',
        `more than ${thousands(limits.maxLineLength)} characters (a quote left open?)`,
        {
          file: source,
          line,
        },
      );
    }
    const content = text.slice(from, end);
    if (content.includes('"')) {
      if ((content.split('"').length - 1) % 2 !== 0) return undefined;
      let parsed: string[][];
      try {
        parsed = parse(content, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
      } catch {
        return undefined;
      }
      if (parsed.length > 1) return undefined;
      if (parsed.length === 1) {
        records.push({ record: parsed[0]!, info: { lines: line } });
        onRecord(parsed[0]!, line);
      }
    } else {
      const record = content.split(delimiter).map((cell) => cell.trim());
      // csv-parse skips a line that trims to nothing (blank, or spaces only)
      if (record.length > 1 || record[0] !== '') {
        records.push({ record, info: { lines: line } });
        onRecord(record, line);
      }
    }
    from = end + 1;
  }
  return records;
}

/** Comma, semicolon or tab: whichever the header line has most of (comma when none). */
export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  const candidates: [',' | ';' | '\t', number][] = [
    [',', count(',')],
    [';', count(';')],
    ['\t', count('\t')],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ',';
}

/** Column accessor with error context: name lookup once, then cell reads by row. */
export interface Column {
  name: string;
  index: number;
}

export function findColumn(table: Table, ...names: string[]): Column | undefined {
  for (const name of names) {
    const index = table.keys.indexOf(name.toLowerCase());
    if (index >= 0) return { name: table.header[index]!, index };
  }
  return undefined;
}

export function requireColumn(table: Table, layoutName: string, ...names: string[]): Column {
  const column = findColumn(table, ...names);
  if (column === undefined) {
    throw new InputError(
      'missing-column',
      `the ${layoutName} layout needs a column ${names.map((n) => `"${n}"`).join(' or ')}; ` + `found columns: ${table.header.join(', ')}`,
      { file: table.source, line: 1 },
    );
  }
  return column;
}

export function cell(row: TableRow, column: Column): string {
  return row.cells[column.index] ?? '';
}
