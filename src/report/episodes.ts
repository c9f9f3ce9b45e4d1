import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLiteSvg } from './svg.js';
import type { Problem } from '../model/episodes/periods.js';
import { CODE_CATEGORIES, PLACEMENT_TYPE_INFO } from '../model/episodes/placementTypes.js';
import type { BandSurvival } from '../model/episodes/survival.js';
import { farFromPublished, RECONCILE_TOLERANCE, type Reconciliation, type YearCounts } from '../model/episodes/yearCounts.js';
import { formatNumber, round } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText as clean, wrapText, type WidthOptions } from './plain-table.js';

/** DfE's wording for the age bands in tables (CSV and JSON keep the codes). */
const BAND_LABELS: Record<string, string> = {
  under1: 'under 1',
  '1to4': '1-4',
  '5to9': '5-9',
  '10to15': '10-15',
  '16plus': '16-17',
  unknown: 'unknown',
};

export interface EpisodeSummary {
  files: { file: string; kind: string; rows: number }[];
  episodes: number;
  /** Episodes seen again in a later return (merged, the later kept). */
  repeated: number;
  periods: number;
  children: number;
  censorYear: number;
  counts: YearCounts[];
  survival: BandSurvival[];
  problems: Problem[];
  /** Short breaks (V3/V4) left out, or kept with --include-short-breaks. */
  shortBreaks: { included: boolean; episodes: number; children: number; childrenWithNoOtherCare: number };
  /** With --history: the counts beside the published figures, and whose they are. */
  published?: { area: string; rows: Reconciliation[] };
}

const X1_START = /straight after an episode ending X1/;

const signedPercent = (v: number) => `${v > 0 ? '+' : ''}${formatNumber(v * 100, 1)}%`;

/**
 * The warning for returns far from the published figures (more than a few per cent), naming how
 * many year-measures and the furthest; undefined when they agree.
 */
export function publishedWarning(published: NonNullable<EpisodeSummary['published']>): string | undefined {
  const far = farFromPublished(published.rows);
  if (far.length === 0) return undefined;
  const compared = published.rows.filter((r) => r.relativeDifference !== null).length;
  const worst = far.reduce((a, b) => (Math.abs(b.relativeDifference!) > Math.abs(a.relativeDifference!) ? b : a));
  return (
    `the returns and the published figures for ${published.area} differ by more than ${formatNumber(RECONCILE_TOLERANCE.share * 100)}% ` +
    `in ${far.length} of ${compared} year-measures (furthest: ${worst.measure} ${worst.year}, ${worst.returns} in the returns against ` +
    `${worst.published} published, ${signedPercent(worst.relativeDifference!)}): a missing or partial return, or another council's files? ` +
    '(DfE counts children, the returns periods of care: they agree within a few per cent when the returns are complete)'
  );
}

/** How the short breaks were counted, in words. */
function shortBreakLine(s: EpisodeSummary['shortBreaks']): string {
  if (s.included)
    return 'Short breaks (legal status V3/V4) kept (--include-short-breaks): the counts include children DfE does not count as looked after';
  return `Short breaks (legal status V3/V4) left out, as DfE counts: ${formatNumber(s.episodes)} episodes of ${formatNumber(s.children)} children (${formatNumber(s.childrenWithNoOtherCare)} of them had no other care in the returns); --include-short-breaks keeps them`;
}

const pct = (v: number | null) => (v === null ? '-' : `${formatNumber(v * 100, 0)}%`);
const days = (v: number | null) => (v === null ? 'not reached' : formatNumber(v));
const shareWithInterval = (x: { share: number; lower95: number | null; upper95: number | null }) =>
  x.lower95 === null || x.upper95 === null || x.lower95 === x.upper95
    ? pct(x.share)
    : `${pct(x.share)} (${formatNumber(x.lower95 * 100, 0)}-${formatNumber(x.upper95 * 100, 0)})`;

/** Problems grouped by reason, with the first few places. */
export function problemLines(problems: readonly Problem[]): string[] {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = `${p.action}: ${p.reason.replace(/"[^"]*"/g, '"..."').replace(/\([0-9/]+\)/g, '(...)')}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.entries()].map(([key, list]) => {
    const where = list
      .slice(0, 3)
      .map((p) => `${p.file} line ${p.line}`)
      .join('; ');
    return `${list.length} ${key} (${where}${list.length > 3 ? `; and ${list.length - 3} more` : ''})`;
  });
}

export function renderEpisodeTable(s: EpisodeSummary, { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  const plain = (head: string[]) => plainTable(head, width);
  out.push(
    `SSDA903: ${formatNumber(s.episodes)} episode rows in ${s.files.length} files (${formatNumber(s.repeated)} repeated in a later return, merged) -> ${formatNumber(s.periods)} periods of care of ${formatNumber(s.children)} children (open periods censored at 31 March ${s.censorYear})`,
    '',
  );
  out.push(shortBreakLine(s.shortBreaks), '');
  out.push(
    'Children looked after on 31 March, starts and ceased in the year ending 31 March; placements by type (data/ssda903-placement-codes.csv)',
    '',
  );
  const counts = plain([
    'Year',
    'Stock',
    'Starts',
    'Ceased',
    'Residual',
    'Under 1',
    '1-4',
    '5-9',
    '10-15',
    '16+',
    ...CODE_CATEGORIES.map((k) => PLACEMENT_TYPE_INFO[k].short),
  ]);
  for (const c of s.counts) {
    counts.push([
      String(c.year),
      String(c.stock),
      String(c.starts),
      String(c.ceased),
      c.residual === null ? '-' : String(c.residual),
      ...['under1', '1to4', '5to9', '10to15', '16plus'].map((b) => String(c.stockByBand[b])),
      ...CODE_CATEGORIES.map((k) => String(c.stockByPlacement[k])),
    ]);
  }
  out.push(clean(counts), '');
  if (s.published) {
    out.push(
      `Against the published figures for ${s.published.area} (difference: returns minus published, % of published; ! more than ${formatNumber(RECONCILE_TOLERANCE.share * 100)}% and ${RECONCILE_TOLERANCE.children} children apart)`,
      '',
    );
    const table = plain(['Year', 'Stock', 'Published', 'Diff', 'Starts', 'Published', 'Diff', 'Ceased', 'Published', 'Diff']);
    const far = farFromPublished(s.published.rows);
    for (const c of s.counts) {
      const cells = (['stock', 'starts', 'ceased'] as const).flatMap((measure) => {
        const r = s.published!.rows.find((x) => x.year === c.year && x.measure === measure)!;
        const flag = far.includes(r) ? ' !' : '';
        const diff = r.relativeDifference === null ? '-' : `${signedPercent(r.relativeDifference)}${flag}`;
        return [String(r.returns), r.published === null ? '-' : String(r.published), diff];
      });
      table.push([String(c.year), ...cells]);
    }
    out.push(clean(table), '');
    const warning = publishedWarning(s.published);
    if (warning) out.push(`! ${warning}`, '');
  }
  out.push('Time in care by age at entry (Kaplan-Meier; days until 25%, 50%, 75% had left; shares still in care with 95% intervals)', '');
  const survival = plain([
    'Age at entry',
    'Periods',
    'Ended',
    '25% left',
    'Median',
    '75% left',
    'In care after 1 yr',
    '2 yrs',
    '5 yrs',
    'In care at 18',
  ]);
  for (const b of s.survival) {
    survival.push([
      BAND_LABELS[b.band] ?? b.band,
      String(b.periods),
      String(b.ended),
      days(b.quartiles[0]),
      days(b.quartiles[1]),
      days(b.quartiles[2]),
      ...b.stillInCare.map(shareWithInterval),
      pct(b.inCareAt18),
    ]);
  }
  out.push(clean(survival), '');
  if (s.problems.length > 0) {
    out.push(
      `Rows dropped or repaired: ${s.problems.filter((p) => p.action === 'dropped').length} dropped, ${s.problems.filter((p) => p.action === 'repaired').length} repaired`,
    );
    for (const line of problemLines(s.problems)) out.push(`  ${line}`);
    out.push('');
    const afterX1 = s.problems.filter((p) => X1_START.test(p.reason)).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    if (afterX1.length > 0) {
      out.push(
        `Starts (RNE S) straight after an episode ending X1, each counted as a start with no cessation (as DfE counts): ${afterX1.length}`,
      );
      for (const p of afterX1) out.push(`  ${p.file} line ${p.line}`);
      out.push('');
    }
  }
  // Tables are already fitted; prose lines are wrapped, keeping their indent.
  return out
    .flatMap((line) =>
      line.includes('\n') ? [line] : wrapText(line.trimStart(), width, line.slice(0, line.length - line.trimStart().length)),
    )
    .join('\n');
}

export const EPISODE_COUNT_COLUMNS = ['year', 'measure', 'group', 'value'] as const;

/** Tidy CSV: stock/starts/ceased by band and placement, and the survival measures by band. */
export function episodeRecords(s: EpisodeSummary): Record<(typeof EPISODE_COUNT_COLUMNS)[number], string | number | null>[] {
  const rows: Record<string, string | number | null>[] = [];
  for (const c of s.counts) {
    rows.push({ year: c.year, measure: 'stock', group: 'all', value: c.stock });
    rows.push({ year: c.year, measure: 'starts', group: 'all', value: c.starts });
    rows.push({ year: c.year, measure: 'ceased', group: 'all', value: c.ceased });
    rows.push({ year: c.year, measure: 'residual', group: 'all', value: c.residual });
    for (const [band, v] of Object.entries(c.stockByBand)) rows.push({ year: c.year, measure: 'stock', group: band, value: v });
    for (const [band, v] of Object.entries(c.startsByBand)) rows.push({ year: c.year, measure: 'starts', group: band, value: v });
    for (const [band, v] of Object.entries(c.ceasedByBand)) rows.push({ year: c.year, measure: 'ceased', group: band, value: v });
    for (const [k, v] of Object.entries(c.stockByPlacement)) rows.push({ year: c.year, measure: 'stock', group: k, value: v });
    for (const r of s.published?.rows.filter((x) => x.year === c.year) ?? []) {
      rows.push({ year: c.year, measure: `published_${r.measure}`, group: 'all', value: r.published });
    }
  }
  for (const b of s.survival) {
    rows.push({ year: null, measure: 'periods', group: b.band, value: b.periods });
    rows.push({ year: null, measure: 'median_days_in_care', group: b.band, value: b.quartiles[1] });
    rows.push({ year: null, measure: 'quartile1_days_in_care', group: b.band, value: b.quartiles[0] });
    rows.push({ year: null, measure: 'quartile3_days_in_care', group: b.band, value: b.quartiles[2] });
    for (const x of b.stillInCare) {
      rows.push({ year: null, measure: `still_in_care_after_${x.years}y`, group: b.band, value: round(x.share, 4) });
      rows.push({
        year: null,
        measure: `still_in_care_after_${x.years}y_lower95`,
        group: b.band,
        value: x.lower95 === null ? null : round(x.lower95, 4),
      });
      rows.push({
        year: null,
        measure: `still_in_care_after_${x.years}y_upper95`,
        group: b.band,
        value: x.upper95 === null ? null : round(x.upper95, 4),
      });
    }
    rows.push({ year: null, measure: 'still_in_care_at_18', group: b.band, value: b.inCareAt18 === null ? null : round(b.inCareAt18, 4) });
    rows.push({ year: null, measure: 'share_left_at_18', group: b.band, value: b.leftAt18 === null ? null : round(b.leftAt18, 4) });
  }
  const sb = s.shortBreaks;
  rows.push({
    year: null,
    measure: sb.included ? 'short_break_episodes_kept' : 'short_break_episodes_left_out',
    group: 'all',
    value: sb.episodes,
  });
  rows.push({
    year: null,
    measure: sb.included ? 'short_break_children_kept' : 'short_break_children_left_out',
    group: 'all',
    value: sb.children,
  });
  rows.push({ year: null, measure: 'short_break_children_with_no_other_care', group: 'all', value: sb.childrenWithNoOtherCare });
  // every dropped or repaired row, with its file and line (the value says why)
  for (const p of s.problems) rows.push({ year: null, measure: p.action, group: `${p.file} line ${p.line}`, value: p.reason });
  return rows as Record<(typeof EPISODE_COUNT_COLUMNS)[number], string | number | null>[];
}

/**
 * Survival curves as an SVG, one panel per age band at entry, each with its 95% interval shaded
 * (Vega-Lite; deterministic).
 */
export function renderSurvivalSvg(s: EpisodeSummary): Promise<string> {
  const panel = (b: BandSurvival) => `entered aged ${BAND_LABELS[b.band] ?? b.band} (${formatNumber(b.periods)} periods)`;
  const values = s.survival.flatMap((b) => [
    { panel: panel(b), years: 0, survival: 1, lower95: 1, upper95: 1 },
    ...b.steps.map((st) => ({
      panel: panel(b),
      years: round(st.days / 365.25, 4),
      survival: st.survival,
      lower95: st.lower95,
      upper95: st.upper95,
    })),
  ]);
  const x = { field: 'years', type: 'quantitative' as const, title: 'Years since entering care' };
  const y = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: 'Still in care',
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Share of children still in care, by age at entry',
      subtitle: 'Kaplan-Meier, open periods censored; shaded: 95% interval',
    },
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: s.survival.map(panel) },
    columns: 3,
    spec: {
      width: 220,
      height: 150,
      layer: [
        { mark: { type: 'area', interpolate: 'step-after', opacity: 0.25 }, encoding: { x, y: y('lower95'), y2: { field: 'upper95' } } },
        { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y: y('survival') } },
      ],
    },
  };
  return renderVegaLiteSvg(spec);
}
