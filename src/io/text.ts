/**
 * Text read from files, made safe once, at reading: control characters, Unicode noncharacters and
 * bidirectional controls are taken out of every cell, name and code, so that nothing read can
 * break an SVG or a workbook (XML refuses most controls), move a terminal's cursor or title (ESC
 * sequences), or reverse a heading in a browser (U+202E and friends).
 */

/**
 * What is taken out: C0 controls (tab, line ends, vertical tab and form feed become a space), DEL
 * and C1 controls (U+0080-U+009F, where U+009B starts a terminal sequence), the bidirectional marks,
 * embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the
 * noncharacters U+FFFE and U+FFFF, and lone surrogates (half of a character; invalid in XML).
 */
const OTHER_UNSAFE = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029\\ufffe\\uffff\\ud800-\\udfff';
const UNSAFE = new RegExp(`[\\u0000-\\u001f${OTHER_UNSAFE}]`, 'u');
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');
/** The same but for tab and line feed, which a whole file's text holds between its cells. */
const UNSAFE_BETWEEN_CELLS = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${OTHER_UNSAFE}]`, 'u');
const AS_SPACE = /[\t\n\v\f\r\u0085\u2028\u2029]/;

export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

/** Whether a file's text has unsafe characters other than tabs and line feeds. */
export function hasUnsafeCharactersBetweenCells(text: string): boolean {
  return UNSAFE_BETWEEN_CELLS.test(text);
}

/** The text without the characters above (whitespace controls become a space). */
export function cleanText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (ch) => (AS_SPACE.test(ch) ? ' ' : ''));
}

/** The first unsafe character of a text as `U+001B`, for a note saying what was taken out. */
export function firstUnsafeCharacter(text: string): string | undefined {
  const match = UNSAFE.exec(text);
  return match ? `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
