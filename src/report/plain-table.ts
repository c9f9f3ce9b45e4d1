import Table from 'cli-table3';

/** Width tables and prose are fitted to when the CLI is not told the terminal's (`COLUMNS`). */
export const DEFAULT_WIDTH = 100;

/** Options of every text renderer: the width to fit, which the CLI reads from `COLUMNS`. */
export interface WidthOptions {
  /** Columns of text available; tables and prose are fitted to it. */
  width?: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes this strips
const ANSI = /\x1b\[[0-9;]*m/g;
const visibleLength = (text: string) => text.replace(ANSI, '').length;
const widest = (text: string) => Math.max(0, ...text.split('\n').map(visibleLength));

function render(head: readonly string[], rows: readonly string[][]): string {
  const table = new Table({
    head: [...head],
    colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')),
    // A stacked header sits on its column, its last line just above the values.
    rowAligns: ['bottom'],
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: ' ',
    },
  });
  table.push(...rows.map((r) => [...r]));
  // cli-table3 pads the last column; trailing spaces only make diffs noisy.
  return table.toString().replace(/[ \t]+$/gm, '');
}

/**
 * A header stacked on lines about as wide as its column's values: "avg3 (average rate)" becomes
 * "avg3" over "(average rate)" (breaking before a bracket first), "In care at 18" "In care" over
 * "at 18"; a long word breaks after a slash. A bracketed part stays whole if at most `slack`
 * characters wider than that.
 */
export function stackHeader(header: string, valueWidth: number, slack = 2): string {
  const words = header.split(' ').flatMap((w) => w.split(/(?<=\/)(?=.)/));
  const target = Math.max(valueWidth, Math.ceil(header.length / 2), ...words.map((w) => w.length));
  if (header.length <= target) return header;
  const lines: string[] = [];
  for (const part of header.split(/ (?=\()/)) {
    if (part.length <= target + slack && part.startsWith('(')) {
      lines.push(part);
      continue;
    }
    let line = '';
    for (const word of part.split(' ').flatMap((w) => w.split(/(?<=\/)(?=.)/))) {
      const joined = line === '' || line.endsWith('/') ? line + word : `${line} ${word}`;
      if (line !== '' && joined.length > target) {
        lines.push(line);
        line = word;
      } else line = joined;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/**
 * A borderless table for the terminal: the first column left-aligned, the rest right-aligned
 * (numbers), no colour of cli-table3's own (colour stays a renderer parameter). Wider than
 * `width`, its headers are stacked on several lines; still wider, its columns are split into
 * blocks printed one below the other, each starting with the first column (the year).
 */
class PlainTable {
  private readonly rows: string[][] = [];
  constructor(
    private readonly head: readonly string[],
    private readonly width = Infinity,
  ) {}

  push(...rows: string[][]): void {
    this.rows.push(...rows);
  }

  toString(): string {
    const all = this.head.map((_, i) => i).slice(1);
    const fitted = this.fit(all);
    if (widest(fitted) <= this.width || all.length <= 1) return fitted;
    // Column blocks: as many columns as fit beside the first, then the rest below.
    const blocks: number[][] = [];
    let block: number[] = [];
    for (const i of all) {
      if (block.length > 0 && widest(this.fit([...block, i])) > this.width) {
        blocks.push(block);
        block = [i];
      } else block.push(i);
    }
    blocks.push(block);
    return blocks.map((columns) => this.fit(columns)).join('\n\n');
  }

  /** The first column and `columns`, with headers stacked only when they would not fit. */
  private fit(columns: readonly number[]): string {
    const pick = (row: readonly string[]) => [row[0] ?? '', ...columns.map((i) => row[i] ?? '')];
    const rows = this.rows.map(pick);
    const plain = render(pick(this.head), rows);
    if (widest(plain) <= this.width) return plain;
    const valueWidth = (i: number) => Math.max(0, ...rows.map((r) => widest(r[i] ?? '')));
    // A bracketed title may run two characters past its values; if that is too wide, none.
    let stacked = plain;
    for (const slack of [2, 0]) {
      stacked = render(
        pick(this.head).map((h, i) => stackHeader(h, valueWidth(i), slack)),
        rows,
      );
      if (widest(stacked) <= this.width) break;
    }
    return stacked;
  }
}

export function plainTable(head: string[], width = Infinity): PlainTable {
  return new PlainTable(head, width);
}

/** The table as text, without trailing spaces. */
export function tableText(table: PlainTable): string {
  return table.toString();
}

/**
 * Prose wrapped at spaces to `width` columns: the first line starts with `indent`, the rest with
 * `hanging`. A word longer than the line is broken (so nothing runs past the width).
 */
export function wrapText(text: string, width: number, indent = '', hanging = indent === '' ? '  ' : `${indent}  `): string[] {
  if (!Number.isFinite(width) || visibleLength(indent + text) <= width) return [indent + text];
  const lines: string[] = [];
  let line = indent;
  let empty = true;
  const room = () => width - visibleLength(line);
  for (let word of text.split(' ')) {
    if (!empty && visibleLength(word) + 1 > room()) {
      lines.push(line);
      line = hanging;
      empty = true;
    }
    while (visibleLength(word) > room() && empty) {
      const space = Math.max(1, room());
      lines.push(line + word.slice(0, space));
      word = word.slice(space);
      line = hanging;
    }
    line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.replace(/[ \t]+$/, ''));
}
