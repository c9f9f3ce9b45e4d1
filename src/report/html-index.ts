import { describeArea } from '../model/areas/matching.js';
import type { Area } from '../model/types.js';
import { formatNumber } from './format.js';
import { escapeHtml, htmlPage, list, paragraph } from './html-parts.js';
import type { HtmlReportInput } from './html.js';
import { METHOD_TITLES } from './table.js';

/** What the index shows of one council's page (the page itself is written and let go). */
export interface IndexEntry {
  area: Area;
  /** The page's file name in the folder. */
  page: string;
  baseYear: number;
  latest: number | null;
  method: string;
  last: { year: number; cla: number; lower80: number; upper80: number };
  warnings: number;
}

/** The index of a folder of reports (`report --area all --out DIR`) and the areas left out. */
export interface ReportFolderIndex {
  entries: readonly IndexEntry[];
  skipped: readonly { area: Area; reason: string }[];
  /** The bundled data the pages rest on, where they end (`bundledDataLine`). */
  bundled?: string;
  toolVersion: string;
  command: readonly string[];
}

/** The index page's file name: the pages link back to it. */
export const INDEX_PAGE = 'index.html';

/**
 * A council's page name: its name in lower case, letters and digits joined by hyphens
 * (`bournemouth-christchurch-and-poole.html`), its code added where the name is taken already.
 */
export function pageName(area: Area, used: Set<string>): string {
  const slug =
    area.name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'area';
  let name = `${slug}.html`;
  for (let n = 2; used.has(name) || name === INDEX_PAGE; n++)
    name = `${slug}-${(area.code || area.dfeCode || String(n)).toLowerCase()}${n > 2 ? `-${n}` : ''}.html`;
  used.add(name);
  return name;
}

/** What the index keeps of a page. */
export function indexEntry(page: HtmlReportInput, name: string): IndexEntry {
  const { projection } = page.report;
  const headline = projection.methods[0]!;
  const last = headline.years.at(-1)!;
  return {
    area: projection.area,
    page: name,
    baseYear: projection.baseYear,
    latest: projection.actual.find((a) => a.year === projection.baseYear)?.cla ?? null,
    method: headline.method,
    last: { year: last.year, cla: last.cla, lower80: last.lower80, upper80: last.upper80 },
    warnings: projection.warnings.length,
  };
}

/**
 * The index of a folder of reports: every council with a link to its page, its latest count and
 * the headline projection at the last year, then the councils left out and why. Self-contained
 * like the pages: styles inline, no scripts, links only to the pages beside it.
 */
export function renderReportIndex(input: ReportFolderIndex): string {
  const rows = input.entries.map((e) => {
    const change = e.latest !== null && e.latest > 0 ? (e.last.cla - e.latest) / e.latest : null;
    const cells = [
      `<td>${escapeHtml([e.area.code, e.area.dfeCode].filter(Boolean).join(', '))}</td>`,
      `<td class="num">${e.baseYear}</td>`,
      `<td class="num">${e.latest === null ? '-' : formatNumber(e.latest)}</td>`,
      `<td>${escapeHtml(`${e.method} (${METHOD_TITLES[e.method] ?? e.method})`)}</td>`,
      `<td class="num">${escapeHtml(`${formatNumber(e.last.cla)} in ${e.last.year} (${formatNumber(e.last.lower80)}-${formatNumber(e.last.upper80)})`)}</td>`,
      `<td class="num">${change === null ? '-' : `${change >= 0 ? '+' : ''}${formatNumber(change * 100, 0)}%`}</td>`,
      `<td class="num">${e.warnings}</td>`,
    ];
    return `<tr><th scope="row"><a href="${escapeHtml(e.page)}">${escapeHtml(e.area.name)}</a></th>${cells.join('')}</tr>`;
  });
  const years = [...new Set(input.entries.map((e) => e.last.year))].sort((a, b) => a - b);
  const to = years.length === 1 ? String(years[0]) : `${years[0]}-${years.at(-1)}`;
  const title = `Children looked after: ${input.entries.length} councils, projection to ${to}`;
  const { bundled } = input;
  return htmlPage({
    title,
    heading: title,
    header: [
      `<p class="meta">${escapeHtml(`One page per council, each as lacproj report writes it for one council, made in one run with lacproj ${input.toolVersion}.`)}</p>`,
    ],
    sections: [
      '<section id="councils">',
      '<h2>Councils</h2>',
      '<table class="wide">',
      "<caption>Each council's latest count, and the headline projection at the last year projected with its 80% range</caption>",
      '<thead><tr><th scope="col">Council</th><th scope="col">Codes</th><th scope="col" class="num">History to</th><th scope="col" class="num">Latest count</th>' +
        '<th scope="col">Headline method</th><th scope="col" class="num">Projection (80% range)</th><th scope="col" class="num">Change</th><th scope="col" class="num">Warnings</th></tr></thead>',
      '<tbody>',
      ...rows,
      '</tbody>',
      '</table>',
      '</section>',
      ...(input.skipped.length > 0
        ? [
            '<section id="skipped">',
            '<h2>Councils left out</h2>',
            list(input.skipped.map((s) => `${describeArea(s.area)}: ${s.reason}`)),
            '</section>',
          ]
        : []),
    ],
    footer: bundled ? [paragraph(`${bundled.replace(/^b/, 'B')}.`)] : [],
    command: input.command,
    toolVersion: input.toolVersion,
  });
}
