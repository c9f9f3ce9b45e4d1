import { describeArea } from '../model/areas/matching.js';
import type { MetricsRow } from '../model/evaluation/metrics.js';
import type { AutoChoice } from '../model/projection/types.js';
import { bundledDataLine } from './bundledNote.js';
import { renderChartSvg } from './chart.js';
import { formatNumber } from './format.js';
import { escapeHtml, htmlFigure, htmlPage, htmlTable, list, paragraph, remadeLine } from './html-parts.js';
import type { AreaReport } from './model.js';
import { describeSettings, type RunSettings } from './settings.js';
import { methodInWords, plainSummary } from './summary.js';
import { describeSufficiency, sufficiencySummary } from './html-sufficiency.js';
import { namesNotPaths } from './placementNames.js';
import type { SufficiencyReport } from './sufficiency.js';
import { describeInterval, describeMethod, describePopulation, METHOD_TITLES } from './table.js';

/** The council's own backtest, for "how far each method could be trusted here". */
export interface ReportBacktest {
  /** Metrics by method and horizon for this area. */
  rows: MetricsRow[];
  origins: number[];
  horizon: number;
  /** auto's choice at the latest origin, when auto was backtested. */
  choice?: AutoChoice;
}

/** Everything `lacproj report` puts on the page. */
export interface HtmlReportInput {
  report: AreaReport;
  /** The backtest, or why there is none (history too short). */
  backtest: ReportBacktest | { unavailable: string };
  /** Placements, gap and costs; undefined when no placement counts were given. */
  sufficiency?: SufficiencyReport;
  settings: RunSettings;
  inputs: readonly { role: string; file: string; sha256: string; bundled?: string }[];
  toolVersion: string;
  /** The command line after `lacproj`, shown so the page can be made again. */
  command: readonly string[];
  /** In a folder of reports (`--area all --out DIR`): the index page it links back to. */
  index?: string;
}

const withRange = (y: { cla: number; lower80: number; upper80: number }) =>
  `${formatNumber(y.cla)} (${formatNumber(y.lower80)}-${formatNumber(y.upper80)})`;
const methodColumn = (method: string) => (METHOD_TITLES[method] ? `${METHOD_TITLES[method]} (${method})` : method);

/**
 * One self-contained HTML page: styles inline, charts as inline SVG with titles and descriptions,
 * no scripts, no links to fetch. The same input gives the same bytes (no clock, no randomness).
 */
export async function renderHtmlReport(input: HtmlReportInput): Promise<string> {
  const { report, toolVersion } = input;
  const { projection } = report;
  const area = describeArea(projection.area);
  const headline = projection.methods[0]!;
  // Files by name in what a board reads; the sources keep each file's full path.
  const named = (html: string) =>
    namesNotPaths(
      html,
      input.inputs.map((i) => i.file),
    );
  const sections = [
    ...[
      summarySection(input),
      await projectionSection(report),
      historySection(report),
      await describeSufficiency(input.sufficiency, headline.method),
      trustSection(input),
      assumptionsSection(input),
    ].map(named),
    sourcesSection(input),
  ];
  return htmlPage({
    title: `Children looked after: ${projection.area.name}, projection to ${projection.toYear}`,
    heading: `Children looked after in ${projection.area.name}: projection to ${projection.toYear}`,
    header: [
      ...(input.index ? [`<p class="meta"><a href="${escapeHtml(input.index)}">All councils of this run</a></p>`] : []),
      `<p class="meta">${escapeHtml(`${area}. History to 31 March ${projection.baseYear}, projected to 31 March ${projection.toYear} by ${methodInWords(headline.method)} and ${projection.methods.length - 1} other method${projection.methods.length === 2 ? '' : 's'}. Made with lacproj ${toolVersion}.`)}</p>`,
    ],
    sections,
    footer: [remadeLine(toolVersion)],
    command: input.command,
    toolVersion,
  });
}

function summarySection(input: HtmlReportInput): string {
  const s = plainSummary(input.report);
  const warnings = input.report.projection.warnings;
  return [
    '<section id="summary">',
    '<h2>Summary</h2>',
    `<p class="headline">${escapeHtml(s.headline)}</p>`,
    paragraph(s.range),
    '<h3>What the projection rests on</h3>',
    list(s.drivers),
    ...(s.alternatives.length > 0 ? ['<h3>Other methods, as alternatives</h3>', list(s.alternatives)] : []),
    ...sufficiencySummary(input.sufficiency),
    ...(trustSentence(input) ? ['<h3>How well it has done here</h3>', paragraph(trustSentence(input)!)] : []),
    ...(warnings.length > 0 ? ['<h3>Warnings</h3>', list(warnings)] : []),
    '</section>',
  ].join('\n');
}

async function projectionSection(report: AreaReport): Promise<string> {
  const { projection } = report;
  const headline = projection.methods[0]!;
  const svg = await renderChartSvg(report, { bands: 'first', id: 'projection-chart' });
  const years = headline.years.map((y) => y.year);
  const all = htmlTable(
    "Children looked after on 31 March: each method's projection with its 80% range",
    ['Year', 'Population 0-17', ...projection.methods.map((m) => methodColumn(m.method))],
    years.map((year, i) => {
      const population = projection.methods.map((m) => m.years[i]!.population0to17).find((p) => p !== null) ?? null;
      return [String(year), population === null ? '-' : formatNumber(population), ...projection.methods.map((m) => withRange(m.years[i]!))];
    }),
    projection.methods.length > 4 ? 'wide' : '',
  );
  const detail = htmlTable(
    `${methodColumn(headline.method)}: point, 80% and 95% ranges`,
    ['Year', 'Children looked after', 'Lower 80%', 'Upper 80%', 'Lower 95%', 'Upper 95%'],
    headline.years.map((y) => [
      String(y.year),
      formatNumber(y.cla),
      formatNumber(y.lower80),
      formatNumber(y.upper80),
      formatNumber(y.lower95),
      formatNumber(y.upper95),
    ]),
  );
  return [
    '<section id="projection">',
    '<h2>Projection</h2>',
    htmlFigure(
      svg,
      `Black: the children looked after on each 31 March up to ${projection.baseYear}. Each method's projection has its own colour and dash pattern; ` +
        `the shaded band is the 80% range of ${methodColumn(headline.method)}. Below: the population aged 0-17 (dashed where projected).`,
    ),
    all,
    detail,
    '</section>',
  ].join('\n');
}

function historySection({ projection }: AreaReport): string {
  return [
    '<section id="history">',
    '<h2>History</h2>',
    htmlTable(
      'Children looked after on 31 March, the population aged 0-17 and the rate per 10,000',
      ['Year', 'Population 0-17', 'Children looked after', 'Rate per 10,000'],
      projection.actual.map((a) => [
        String(a.year),
        a.population0to17 === null ? '-' : formatNumber(a.population0to17),
        a.cla === null ? '-' : formatNumber(a.cla),
        a.ratePer10k === null ? '-' : formatNumber(a.ratePer10k, 1),
      ]),
    ),
    paragraph(
      `Rates are per 10,000 children aged 0-17 at mid-year ${projection.populationLag === 0 ? 'of the same year' : `${projection.populationLag} year${projection.populationLag === 1 ? '' : 's'} before each 31 March, as DfE publishes them`}; "-" is a figure not published or suppressed.`,
    ),
    '</section>',
  ].join('\n');
}

/** The headline method's record one year ahead, in a sentence; undefined without a backtest. */
function trustSentence(input: HtmlReportInput): string | undefined {
  if ('unavailable' in input.backtest) return undefined;
  const method = input.report.projection.methods[0]!.method;
  const own = input.backtest.rows.filter((r) => r.method === method && r.n > 0).sort((a, b) => a.horizon - b.horizon);
  const first = own[0];
  if (!first || first.mae === null) return `${methodInWords(method)} has no backtest here.`;
  const { origins } = input.backtest;
  return (
    `Forecasting from each year ${origins[0]}-${origins.at(-1)} with only the history known then, ${methodInWords(method)} missed the next year's count ` +
    `by ${formatNumber(first.mae, 0)} children on average (${formatNumber(first.mape ?? 0, 1)}%)` +
    (first.coverage80 !== null ? `, and its 80% range held ${formatNumber(first.coverage80 * 100, 0)}% of the outcomes` : '') +
    (first.relativeMase !== null
      ? `; its error was ${formatNumber(first.relativeMase, 2)} times that of carrying the last count forward.`
      : '.')
  );
}

function trustSection(input: HtmlReportInput): string {
  const head = ['<section id="trust">', '<h2>How far each method could be trusted here</h2>'];
  if ('unavailable' in input.backtest) return [...head, paragraph(`No backtest: ${input.backtest.unavailable}.`), '</section>'].join('\n');
  const { rows, origins, horizon, choice } = input.backtest;
  const order = input.report.projection.methods.map((m) => m.method);
  const shown = rows
    .filter((r) => order.includes(r.method as never))
    .sort((a, b) => order.indexOf(a.method as never) - order.indexOf(b.method as never) || a.horizon - b.horizon);
  const pct = (v: number | null) => (v === null ? '-' : `${formatNumber(v * 100, 0)}%`);
  const table = htmlTable(
    `Backtest of ${input.report.projection.area.name}: forecasts from ${origins[0]}-${origins.at(-1)}, 1-${horizon} years ahead, against the counts later published`,
    [
      'Method',
      'Years ahead',
      'Forecasts',
      'Average miss',
      'Miss %',
      'Error against last count',
      'Bias',
      '80% range held (below / above)',
      '95% range held',
    ],
    shown.map((m) => [
      m.method,
      String(m.horizon),
      String(m.n),
      m.mae === null ? '-' : formatNumber(m.mae, 1),
      m.mape === null ? '-' : `${formatNumber(m.mape, 1)}%`,
      m.relativeMase === null ? '-' : formatNumber(m.relativeMase, 2),
      m.biasPct === null ? '-' : `${m.biasPct >= 0 ? '+' : ''}${formatNumber(m.biasPct, 1)}%`,
      m.coverage80 === null ? '-' : `${pct(m.coverage80)} (${pct(m.below80)} / ${pct(m.above80)})`,
      pct(m.coverage95),
    ]),
    'wide',
  );
  return [
    ...head,
    paragraph(
      `For each year from ${origins[0]} to ${origins.at(-1)}, every method was fitted on the council's history up to that year only and forecast the next ` +
        `${horizon} years; the forecasts are set against the counts later published. "Average miss" is in children. "Error against last count" divides a method's typical error by that of ` +
        'carrying the last count forward: below 1 it did better than assuming no change. "Bias" is the average signed miss (negative = too low). ' +
        'The ranges should hold about 80% and 95% of the outcomes, missing about as often below as above; fewer means they were too narrow, and misses mostly on one side mean they leaned. A few years of one council is a small record: read it with the national backtest in the README.',
    ),
    table,
    ...(choice
      ? [paragraph(`At the latest origin, ${choice.origin}, ${methodInWords('auto')} chose ${choice.method}: ${choice.reason}.`)]
      : []),
    '</section>',
  ].join('\n');
}

function assumptionsSection(input: HtmlReportInput): string {
  const { projection, population } = input.report;
  return [
    '<section id="assumptions">',
    '<h2>Assumptions</h2>',
    '<h3>Methods</h3>',
    list(projection.methods.map(describeMethod)),
    '<h3>Ranges</h3>',
    list(projection.methods.map(describeInterval)),
    '<h3>Population</h3>',
    list(describePopulation(population)),
    htmlTable(
      'Settings of this run',
      ['Setting', 'Value'],
      describeSettings(input.settings).map((r) => [r.item, String(r.value)]),
    ),
    '</section>',
  ].join('\n');
}

/** What each input file covers, from the data read (years of history, mid-years of population...). */
function covers(input: HtmlReportInput, role: string, file: string): string {
  const { projection, population } = input.report;
  const counted = projection.actual.filter((a) => a.cla !== null).map((a) => a.year);
  const kinds = [...population.aligned.series.values()];
  const span = (kind: string) => {
    const years = kinds.filter((p) => p.kind === kind).map((p) => p.midYear);
    return years.length > 0 ? `mid-${Math.min(...years)} to mid-${Math.max(...years)}` : '';
  };
  switch (role) {
    case 'history':
      return `children looked after, years ending 31 March ${counted[0]}-${counted.at(-1)}`;
    case 'history-by-age':
      return 'children looked after, starting and ceasing by age band';
    case 'population':
      if (population.estimateSources.includes(file)) return `0-17 population estimates, ${span('estimate')}`;
      if (population.projectionSources.includes(file)) return `0-17 population projection, ${span('projection')}`;
      return '0-17 population (not used for this area)';
    case 'placements':
      return `children by placement type on 31 March ${input.sufficiency?.placementYears?.join(', ') ?? ''}`;
    case 'published placements':
      return `DfE's published placements by council, used ${input.sufficiency?.placementYears?.join(', ') ?? ''}`;
    case 'mix':
      return 'placement shares given';
    case 'capacity':
      return 'places available by type';
    case 'costs':
      return 'weekly cost by placement type';
    case 'regional history':
      return "children looked after in the region's councils, for the recommended method's regional change";
    case 'council regions':
      return 'which region each council is in';
    case 'district lookup':
      return 'which council each district belongs to';
    case 'interval calibration':
      return "past errors across England behind the recommended method's ranges";
    default:
      return role;
  }
}

function sourcesSection(input: HtmlReportInput): string {
  return [
    '<section id="sources">',
    '<h2>Data sources</h2>',
    htmlTable(
      'The files this report was made from, what they cover, and their SHA-256 (which changes if a single byte does)',
      ['Role', 'File', 'What it covers', 'SHA-256'],
      input.inputs.map((i) => [i.role, i.file, covers(input, i.role, i.file), { text: i.sha256 }]),
      'wide sources',
    ).replace(/<td>([0-9a-f]{64})<\/td>/g, '<td class="hash">$1</td>'),
    paragraph(
      `${bundledDataLine(input.inputs)?.replace(/^b/, 'B').concat('. ') ?? ''}Where each bundled file comes from, and its licence, is in data/README.md of lacproj.`,
    ),
    '</section>',
  ].join('\n');
}
