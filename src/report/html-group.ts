import { formatNumber } from './format.js';
import { groupBacktestNotes } from './groupBacktest.js';
import { renderGroupCharts } from './groupCharts.js';
import type { GroupReportInput } from './groupModel.js';
import { groupHeadline, headlineOf, memberRows, rangeLines } from './groups.js';
import { describeShared, describeSources } from './groupSufficiency.js';
import { escapeHtml, htmlFigure, htmlPage, htmlTable, list, paragraph, remadeLine } from './html-parts.js';
import { describeSufficiency, sufficiencySummary } from './html-sufficiency.js';
import { describeSettings } from './settings.js';
import { METHOD_TITLES } from './table.js';

/** A group's tables run to more placement types (its members' together): they scroll on a screen. */
const GROUP_CSS = `
#sufficiency table, #members table.wide { font-size: 0.78rem; }
@media screen { #sufficiency table, #members table.wide { display: block; overflow-x: auto; max-width: 100%; } }
`.trim();

/**
 * The report of a group of councils, one self-contained HTML page: the group's summary, the chart of
 * its total with its range and its members' small charts, the members table, the group's backtest,
 * placements and gap, and the sources. Styles and charts inline, no scripts, no network; the same
 * input gives the same bytes.
 */
export async function renderGroupHtmlReport(input: GroupReportInput): Promise<string> {
  const p = input.projection;
  const { group, total } = p;
  const charts = await renderGroupCharts(p);
  const lead = headlineOf(total);
  const sections = [
    summarySection(input),
    [
      '<section id="projection">',
      "<h2>The group's total</h2>",
      htmlFigure(
        charts.total,
        `Black: the members' counts added up on each 31 March to ${total.baseYear}. Each method's total has its own colour and dash pattern; the shaded band is the 80% range of the ${lead?.method ?? ''} total.`,
      ),
      htmlTable(
        `Children looked after on 31 March in ${group.name}: each method's total, with the 80% range of the recommended total`,
        ['Year', ...total.methods.map((m) => (METHOD_TITLES[m.method] ? `${METHOD_TITLES[m.method]} (${m.method})` : m.method))],
        (total.methods[0]?.years ?? []).map((y, i) => [
          String(y.year),
          ...total.methods.map((m) => {
            const r = m.years[i]!;
            return r.interval
              ? `${formatNumber(r.cla)} (${formatNumber(r.interval.lower80)}-${formatNumber(r.interval.upper80)})`
              : formatNumber(r.cla);
          }),
        ]),
        total.methods.length > 4 ? 'wide' : '',
      ),
      '</section>',
    ].join('\n'),
    membersSection(input, charts.members),
    trustSection(input),
    await placementsSection(input),
    assumptionsSection(input),
    sourcesSection(input),
  ];
  return htmlPage({
    title: `Children looked after: ${group.name}, projection to ${total.toYear}`,
    heading: `Children looked after in ${group.name}: projection to ${total.toYear}`,
    header: [
      `<p class="meta">${escapeHtml(
        `A group of ${p.members.length} councils (${group.source}). History to 31 March ${total.baseYear}, projected to 31 March ${total.toYear}, ` +
          `the group's total first and its members below. Made with lacproj ${input.toolVersion}.`,
      )}</p>`,
    ],
    sections,
    footer: [remadeLine(input.toolVersion)],
    command: input.command,
    toolVersion: input.toolVersion,
    css: GROUP_CSS,
  });
}

function summarySection(input: GroupReportInput): string {
  const p = input.projection;
  const [headline, ...how] = groupHeadline(p);
  const trust = trustSentence(input);
  return [
    '<section id="summary">',
    '<h2>Summary</h2>',
    `<p class="headline">${escapeHtml(headline ?? '')}</p>`,
    ...how.map(paragraph),
    ...sufficiencySummary(input.sufficiency?.total),
    ...(trust ? ['<h3>How well it has done here</h3>', paragraph(trust)] : []),
    ...(p.warnings.length > 0 ? ['<h3>Warnings</h3>', list(p.warnings)] : []),
    '</section>',
  ].join('\n');
}

function membersSection(input: GroupReportInput, chart: string): string {
  const p = input.projection;
  const { head, rows } = memberRows(p);
  const lead = headlineOf(p.total)?.method ?? '';
  const notes = [
    ...p.members.filter((m) => m.withoutPopulation).map((m) => `${m.area.name}: ${m.withoutPopulation}`),
    ...p.members.flatMap((m) => (m.report?.projection.warnings ?? []).map((w) => `${m.area.name}: ${w}`)),
  ];
  return [
    '<section id="members">',
    '<h2>Members</h2>',
    htmlTable(
      `${p.group.name}'s members: latest count, their own ${lead} projection with its 80% range, share of the group's total and change to ${p.total.toYear}`,
      head,
      rows,
      'wide',
    ),
    htmlFigure(
      chart,
      `One small chart per member, each on its own scale: black the counts, blue its own ${lead} projection, the band its 80% range.`,
    ),
    ...(notes.length > 0 ? ['<h3>Notes on members</h3>', list(notes)] : []),
    '</section>',
  ].join('\n');
}

const pct = (v: number | null) => (v === null ? '-' : `${formatNumber(v * 100, 0)}%`);

function trustSentence(input: GroupReportInput): string | undefined {
  if ('unavailable' in input.backtest) return undefined;
  const row = input.backtest.rows.filter((r) => r.method === 'recommended' && r.n > 0).sort((a, b) => a.horizon - b.horizon)[0];
  if (!row || row.mape === null) return undefined;
  const origins = [...new Set(input.backtest.forecasts.map((f) => f.origin))].sort((a, b) => a - b);
  return (
    `Forecasting from each year ${origins[0]}-${origins.at(-1)} with only the history known then, the recommended total missed the next year's count by ` +
    `${formatNumber(row.mape, 1)}% on average` +
    (row.relativeMae !== null ? `, ${formatNumber(row.relativeMae, 2)} times the miss of carrying the last count forward` : '') +
    (row.coverage80 !== null
      ? `; its 80% range held ${pct(row.coverage80)} of the outcomes (${pct(row.below80)} below, ${pct(row.above80)} above).`
      : '.')
  );
}

function trustSection(input: GroupReportInput): string {
  const head = ['<section id="trust">', "<h2>How far the group's total could be trusted</h2>"];
  if ('unavailable' in input.backtest) return [...head, paragraph(`No backtest: ${input.backtest.unavailable}.`), '</section>'].join('\n');
  const b = input.backtest;
  const rows = b.rows;
  return [
    ...head,
    paragraph(
      `For each year up to ${input.projection.total.baseYear}, every member was projected from its history up to that year only, and the members' forecasts added up were set against what they later counted, ` +
        `1-${b.horizon} years ahead. "Miss %" is the average miss as a share of the outcome; "against last count" divides the miss by that of carrying the last count forward (below 1 did better). ` +
        'The range should hold about 80% of the outcomes, missing about as often below as above; the interval score is its width plus ten times any miss, in children (lower is better).',
    ),
    htmlTable(
      `Backtest of ${input.projection.group.name}'s total: the recommended total and the last count carried forward`,
      ['Method', 'Years ahead', 'Forecasts', 'Miss %', 'Against last count', 'Bias', '80% range held (below / above)', 'Interval score'],
      rows.map((m) => [
        m.method,
        String(m.horizon),
        String(m.n),
        m.mape === null ? '-' : `${formatNumber(m.mape, 1)}%`,
        m.relativeMae === null ? '-' : formatNumber(m.relativeMae, 2),
        m.biasPct === null ? '-' : `${m.biasPct >= 0 ? '+' : ''}${formatNumber(m.biasPct, 1)}%`,
        m.coverage80 === null ? '-' : `${pct(m.coverage80)} (${pct(m.below80)} / ${pct(m.above80)})`,
        m.winkler80 === null ? '-' : formatNumber(m.winkler80, 0),
      ]),
      'wide',
    ),
    list(groupBacktestNotes(b)),
    '</section>',
  ].join('\n');
}

async function placementsSection(input: GroupReportInput): Promise<string> {
  const g = input.sufficiency;
  const section = await describeSufficiency(g?.total, headlineOf(input.projection.total)?.method ?? 'recommended');
  if (!g) return section;
  const shared = describeShared(g);
  const sources = [
    "<h3>Where each member's placements come from</h3>",
    list([...describeSources(g), ...(shared ? [shared] : [])]),
    ...(g.warnings.length > 0 ? [list(g.warnings)] : []),
  ];
  return section.replace(/<\/section>$/, `${sources.join('\n')}\n</section>`);
}

function assumptionsSection(input: GroupReportInput): string {
  const p = input.projection;
  return [
    '<section id="assumptions">',
    '<h2>Assumptions</h2>',
    list([
      ...groupHeadline(p).slice(1),
      "The other methods' totals are points: their members' ranges are not measured on past errors, so how they move together cannot be measured.",
      ...rangeLines(p.total),
    ]),
    htmlTable(
      'Settings of this run',
      ['Setting', 'Value'],
      describeSettings(input.settings).map((r) => [r.item, String(r.value)]),
    ),
    '</section>',
  ].join('\n');
}

const COVERS: Readonly<Record<string, string>> = {
  history: "children looked after on 31 March, the members' own",
  population: "the members' population aged 0-17",
  groups: 'which councils are in which group',
  'council regions': 'which region each council is in (the regions as groups, and the regional change)',
  'regional history': "children looked after in the regions' councils, for the recommended method's regional change",
  'interval calibration': "past errors across England behind the ranges, a council's and the group's",
  placements: 'children by placement type on 31 March',
  'published placements': "DfE's published placements by council",
  mix: 'placement shares given',
  capacity: "places available by type, the group's shared places or a member's",
  costs: 'weekly cost by placement type',
};

function sourcesSection(input: GroupReportInput): string {
  return [
    '<section id="sources">',
    '<h2>Data sources</h2>',
    htmlTable(
      'The files this report was made from, and their SHA-256 (which changes if a single byte does)',
      ['Role', 'File', 'What it gives', 'SHA-256'],
      input.inputs.map((i) => [i.role, i.file, COVERS[i.role] ?? i.role, { text: i.sha256 }]),
      'wide sources',
    ).replace(/<td>([0-9a-f]{64})<\/td>/g, '<td class="hash">$1</td>'),
    paragraph('Where each bundled file comes from, and its licence, is in data/README.md of lacproj.'),
    '</section>',
  ].join('\n');
}
