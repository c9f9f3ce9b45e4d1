/**
 * Errors a user can act on. Anything else that escapes is a bug (exit code 2).
 */

/** Closed set of input problems, so tests and callers can match on them. */
export type InputErrorCode =
  | 'file-not-found'
  | 'empty-file'
  | 'unknown-layout'
  | 'missing-column'
  | 'bad-number'
  | 'negative-count'
  | 'bad-year'
  | 'missing-year'
  | 'duplicate-year'
  | 'duplicate-column'
  | 'duplicate-entry'
  | 'year-gap'
  | 'unknown-area'
  | 'ambiguous-area'
  | 'no-population'
  | 'zero-population'
  | 'no-history'
  | 'csv-syntax'
  | 'no-usable-rows'
  | 'bad-value'
  | 'scenario-cannot-act'
  | 'not-a-file'
  | 'not-text'
  | 'limit-exceeded'
  | 'area-conflict'
  | 'impossible-value'
  | 'bad-manifest';

export interface InputLocation {
  /** File name as the user gave it (or `<stdin>`). */
  file?: string;
  /** 1-based line number in the file. */
  line?: number;
  /** Column header name, or 1-based index where the header is unknown. */
  column?: string | number;
}

/** A problem with an input file or value that the user can fix. Exit code 1. */
export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: string | number;

  constructor(code: InputErrorCode, message: string, where: InputLocation = {}) {
    super(formatLocation(where) + message);
    this.name = 'InputError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

/** A command line the user can fix (bad option combination, unknown method). Exit code 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `history.csv line 7, column "cla": ` */
function formatLocation({ file, line, column }: InputLocation): string {
  const parts: string[] = [];
  if (file !== undefined) parts.push(file);
  if (line !== undefined) parts.push(`line ${line}`);
  if (column !== undefined) {
    parts.push(typeof column === 'number' ? `column ${column}` : `column "${column}"`);
  }
  if (parts.length === 0) return '';
  return `${parts[0]}${parts.length > 1 ? ' ' + parts.slice(1).join(', ') : ''}: `;
}

/**
 * The data are readable but too thin for a method (too few years, no rates). Exit code 1 for a
 * single area; with `--area all` the area is skipped with a warning.
 */
export class InsufficientDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsufficientDataError';
  }
}
