import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import { DEFAULT_LIMITS, limitError, thousands, type Limits } from './limits.js';

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
 * Split CSV text into rows. Accepts a UTF-8 BOM, CRLF or CR line ends, and comma, semicolon or
 * tab separators (chosen from the header line). Blank lines are skipped.
 * @throws InputError `empty-file` when there is no header, `csv-syntax` for broken quoting.
 */
export function parseTable(text: string, source: string, options: { engine?: 'csv-parse'; limits?: Readonly<Limits> } = {}): Table {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') {
    throw new InputError('empty-file', 'the file is empty: expected a header line and data rows', {
      file: source,
    });
  }
  const delimiter = detectDelimiter(normalised.slice(0, normalised.indexOf('\n') >>> 0));
  const limits = options.limits ?? DEFAULT_LIMITS;
  let records: { record: string[]; info: { lines: number } }[];
  // Most lines of published files have no quotes: split them by hand, as csv-parse would, at a
  // fraction of the cost (a test holds the two to the same records).
  const split = options.engine === 'csv-parse' ? undefined : splitByLine(normalised, delimiter, limits, source);
  records = split ?? parseQuoted(normalised, delimiter, limits, source);
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
  const header = first.record.map((h) => h.trim());
  const rows = rest.map(({ record, info }) => ({ cells: record, line: info.lines })).filter((row) => row.cells.some((cell) => cell !== ''));
  if (rows.length === 0) {
    throw new InputError('empty-file', 'the file has a header but no data rows', {
      file: source,
      line: first.info.lines,
    });
  }
  return { source, header, keys: header.map((h) => h.toLowerCase()), rows, delimiter };
}

/** Text with quotes: csv-parse, its errors turned into input errors naming the line. */
function parseQuoted(
  text: string,
  delimiter: string,
  limits: Readonly<Limits>,
  source: string,
): { record: string[]; info: { lines: number } }[] {
  try {
    return parse(text, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      // A record (one line, or several inside quotes) longer than a line may be is refused as it is read.
      max_record_size: limits.maxLineLength,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
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
): { record: string[]; info: { lines: number } }[] | undefined {
  const records: { record: string[]; info: { lines: number } }[] = [];
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
      if (parsed.length === 1) records.push({ record: parsed[0]!, info: { lines: line } });
    } else {
      const record = content.split(delimiter).map((cell) => cell.trim());
      // csv-parse skips a line that trims to nothing (blank, or spaces only)
      if (record.length > 1 || record[0] !== '') records.push({ record, info: { lines: line } });
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
