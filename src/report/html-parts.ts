import { escapeControls } from './printable.js';
/** Small pieces of HTML: escaping, accessible tables, the page's CSS. No scripts anywhere. */

export const escapeHtml = (text: string | number): string =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A cell of a table: text, and whether it is a number (right-aligned, tabular figures). */
export type Cell = string | { text: string; numeric?: boolean };

/**
 * A table with a caption, column headers (`<th scope="col">`) and the first cell of each row as its
 * row header (`<th scope="row">`), so a screen reader can name every figure.
 */
export function htmlTable(caption: string, head: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const cell = (c: Cell, i: number) => {
    const { text, numeric } = typeof c === 'string' ? { text: c, numeric: false } : c;
    const attrs = numeric ? ' class="num"' : '';
    return i === 0 ? `<th scope="row"${attrs}>${escapeHtml(text)}</th>` : `<td${attrs}>${escapeHtml(text)}</td>`;
  };
  // A column of figures (or "-") is right-aligned, header and all.
  const numericColumn = head.map(
    (_, i) => i > 0 && rows.every((r) => typeof r[i] === 'string' && /^[-+£]?[\d,.]+[%k]?( \([\d,.-]+\))?$|^-$/.test(r[i] as string)),
  );
  return [
    `<table${className ? ` class="${className}"` : ''}>`,
    `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${head.map((h, i) => `<th scope="col"${numericColumn[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map(
      (r) => `<tr>${r.map((c, i) => cell(typeof c === 'string' && numericColumn[i] ? { text: c, numeric: true } : c, i)).join('')}</tr>`,
    ),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/**
 * Room for a table, in ems of its 0.9rem text: the narrower of the screen's column (60rem less
 * padding) and an A4 page's printed at 10pt (about 51rem), so a table that fits one fits both.
 */
const TABLE_ROOM_EM = 51 / 0.9;
/** Widths in ems: a figure or letter of the text, a letter of a bold head, a cell's padding (0.6rem a side). */
const CHAR_EM = 0.58;
const HEAD_CHAR_EM = 0.66;
const PADDING_EM = 1.2 / 0.9;

/** A column's narrowest width in ems: its widest cell (kept on one line) or its head's longest word. */
function columnEm(head: string, cells: readonly Cell[]): number {
  const text = (c: Cell) => (typeof c === 'string' ? c : c.text);
  const widest = Math.max(0, ...cells.map((c) => text(c).length));
  const word = Math.max(0, ...head.split(/\s+/).map((w) => w.length));
  return Math.max(widest * CHAR_EM, word * HEAD_CHAR_EM) + PADDING_EM;
}

/**
 * A table too wide for the page split into tables of a few columns each, every one starting with
 * the first column (the year) and captioned "(continued)" after the first, so nothing is cut off on
 * screen or paper. A table that fits is one table, as `htmlTable` gives it.
 */
export function htmlTableBlocks(caption: string, head: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const widths = head.map((h, i) =>
    columnEm(
      h,
      rows.map((r) => r[i]!),
    ),
  );
  const blocks: number[][] = [];
  let used = Number.POSITIVE_INFINITY;
  for (let i = 1; i < head.length; i++) {
    if (used + widths[i]! > TABLE_ROOM_EM) {
      blocks.push([]);
      used = widths[0]!;
    }
    blocks.at(-1)!.push(i);
    used += widths[i]!;
  }
  if (blocks.length <= 1) return htmlTable(caption, head, rows, className);
  return blocks
    .map((columns, b) =>
      htmlTable(
        b === 0 ? caption : `${caption} (continued)`,
        [head[0]!, ...columns.map((i) => head[i]!)],
        rows.map((r) => [r[0]!, ...columns.map((i) => r[i]!)]),
        className,
      ),
    )
    .join('\n');
}

/** A figure: the chart's SVG (already titled and described) and a caption saying what to read in it. */
export function htmlFigure(svg: string, caption: string): string {
  return `<figure>\n${svg.trim()}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}

export const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

/**
 * A whole page: the document head (its title, the styles inline), the header (a heading and the
 * lines under it, already HTML), the sections, and a footer (already HTML) ending with the command
 * line that made it. The command line is the user's, not a file's: controls in it are shown, not obeyed.
 */
export function htmlPage(page: {
  title: string;
  heading: string;
  header: readonly string[];
  sections: readonly string[];
  footer: readonly string[];
  command: readonly string[];
  toolVersion: string;
  css?: string;
}): string {
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="lacproj ${escapeHtml(page.toolVersion)}">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>\n${CSS}${page.css ? `\n${page.css}` : ''}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${escapeHtml(page.heading)}</h1>`,
    ...page.header,
    '</header>',
    ...page.sections,
    '<footer>',
    ...page.footer,
    `<p>Command: <code>${escapeHtml(escapeControls(['lacproj', ...page.command].join(' ')))}</code></p>`,
    '</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The footer's first line: how the page can be made again. */
export const remadeLine = (toolVersion: string) =>
  paragraph(
    `Made with lacproj ${toolVersion} from the files listed under Data sources (their SHA-256 say exactly which). ` +
      'The same command on the same files makes this page again, byte for byte.',
  );
export const list = (items: readonly string[]) =>
  items.length === 0 ? '' : `<ul>\n${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</ul>`;

/**
 * Screen and print styles. Print: A4 with margins, a figure or table never split across pages, a
 * heading kept with what follows it. Colours of text and rules are dark greys and one blue, all
 * above 4.5:1 contrast on white.
 */
export const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4d4d4d; --rule: #c8c8c8; --accent: #0060a0; --band: #f2f4f7; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; line-height: 1.45; }
body { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: 0 0 0.4rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-top: 0.4rem; border-top: 2px solid var(--accent); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p, li { max-width: 46rem; }
.meta { color: var(--muted); margin: 0; }
.headline { font-size: 1.15rem; }
.note { color: var(--muted); font-size: 0.92rem; }
figure { margin: 1rem 0 1.4rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.3rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.35rem; }
th, td { padding: 0.22rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
tbody tr:nth-child(even) { background: var(--band); }
.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; }
table.wide { font-size: 0.82rem; }
table.wide thead th { white-space: normal; }
table.sources { table-layout: fixed; width: 100%; }
table.sources thead th:nth-child(1) { width: 15%; }
table.sources thead th:nth-child(2) { width: 33%; }
table.sources thead th:nth-child(3) { width: 24%; }
table.sources thead th:nth-child(4) { width: 28%; }
table.sources th, table.sources td { overflow-wrap: anywhere; }
code, .hash { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  html { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure, table, .keep { break-inside: avoid; page-break-inside: avoid; }
  table.sources { break-inside: auto; page-break-inside: auto; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  section.sheet { break-before: page; page-break-before: always; }
  tbody tr:nth-child(even) { background: none; }
  a { color: inherit; text-decoration: none; }
}
`.trim();
