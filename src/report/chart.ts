import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLiteSvg, type ChartText } from './svg.js';
import { describeArea } from '../model/areas/matching.js';
import { formatNumber } from './format.js';
import type { AreaReport } from './model.js';

/**
 * Okabe and Ito's colours, told apart by people with any common colour blindness; the actual
 * numbers are black. Each series also has its own dash pattern, so a greyscale print still tells
 * them apart.
 */
export const OKABE_ITO = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
export const DASHES: number[][] = [
  [1, 0],
  [8, 4],
  [2, 3],
  [10, 3, 2, 3],
  [6, 2, 1, 2, 1, 2],
  [14, 5],
  [1, 5],
];

export interface ChartOptions {
  /** Whose 80% range to shade: every method's (the chart command) or only the first's (the report). */
  bands?: 'all' | 'first';
}

/**
 * A Vega-Lite spec: history and each method's projection with its 80% band, and the 0-17
 * population in a panel below, on the same years. Data are inline, so rendering needs no network.
 */
export function chartSpec(report: AreaReport, { bands = 'all' }: ChartOptions = {}): TopLevelSpec {
  const { projection } = report;
  const rows: Record<string, unknown>[] = [];
  for (const a of projection.actual) if (a.cla !== null) rows.push({ year: a.year, series: 'actual', cla: a.cla });
  for (const m of projection.methods) {
    const base = projection.actual.find((a) => a.year === projection.baseYear);
    if (base?.cla != null) rows.push({ year: projection.baseYear, series: m.method, cla: base.cla, lower80: base.cla, upper80: base.cla });
    for (const y of m.years) rows.push({ year: y.year, series: m.method, cla: y.cla, lower80: y.lower80, upper80: y.upper80 });
  }
  // Estimates solid; a projection, or the estimates continued (--population-extend), dashed from
  // the last estimate on, so the two lines meet.
  const points = [...report.population.aligned.series.values()]
    .map((p) => ({
      year: p.midYear + projection.populationLag,
      population: p.population0to17,
      kind: p.kind === 'estimate' ? 'estimate' : 'projected',
    }))
    .filter((p) => p.year >= projection.actual[0]!.year && p.year <= projection.toYear)
    .sort((a, b) => a.year - b.year);
  const lastEstimate = points.filter((p) => p.kind === 'estimate').at(-1);
  const joins = lastEstimate && points.some((p) => p.kind === 'projected' && p.year > lastEstimate.year);
  const population = joins ? [...points, { ...lastEstimate, kind: 'projected' }] : points;
  const series = ['actual', ...projection.methods.map((m) => m.method)];
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: 'Series',
    scale: { domain: series, range: series.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]!) },
  };
  const strokeDash = {
    field: 'series',
    type: 'nominal' as const,
    title: 'Series',
    scale: { domain: series, range: series.map((_, i) => DASHES[i % DASHES.length]!) },
  };
  const shaded = bands === 'all' ? "datum.series !== 'actual'" : `datum.series === '${projection.methods[0]?.method ?? ''}'`;
  const x = { field: 'year', type: 'quantitative' as const, title: 'Year ending 31 March', axis: { format: 'd', tickMinStep: 1 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${describeArea(projection.area)}: children looked after on 31 March`,
      subtitle:
        bands === 'all'
          ? "actual, and each method's projection with its 80% range"
          : `actual, each method's projection, and the 80% range of ${projection.methods[0]?.method ?? ''}`,
      fontSize: 16,
      subtitleFontSize: 13,
    },
    config: {
      font: 'sans-serif',
      view: { stroke: null },
      axis: { labelFontSize: 12, titleFontSize: 13 },
      legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 500, symbolOpacity: 1, labelFontSize: 13, titleFontSize: 13 },
    },
    resolve: { scale: { x: 'shared' } },
    vconcat: [
      {
        width: 640,
        height: 300,
        data: { values: rows },
        layer: [
          {
            transform: [{ filter: shaded }],
            mark: { type: 'area', opacity: 0.15 },
            encoding: { x, y: { field: 'lower80', type: 'quantitative' }, y2: { field: 'upper80' }, color },
          },
          {
            mark: { type: 'line', point: { size: 20 }, strokeWidth: 2 },
            encoding: {
              x,
              y: { field: 'cla', type: 'quantitative', title: 'Children looked after', scale: { zero: false } },
              color,
              strokeDash,
            },
          },
        ],
      },
      {
        width: 640,
        height: 110,
        title: { text: 'Children aged 0-17 (mid-year before each 31 March; dashed where projected)', fontSize: 13 },
        data: { values: population },
        encoding: {
          x,
          y: { field: 'population', type: 'quantitative', title: 'Population 0-17', scale: { zero: false }, axis: { format: ',.0f' } },
          color: { value: '#555555' },
        },
        layer: (['estimate', 'projected'] as const).map((kind) => ({
          transform: [{ filter: `datum.kind === '${kind}'` }],
          mark: { type: 'line' as const, point: { size: 15 }, strokeDash: kind === 'estimate' ? [1, 0] : [4, 3] },
        })),
      },
    ],
  };
}

/** The chart in words: its title, and the latest count and each method's last year with its range. */
function chartText(report: AreaReport, id = 'projection'): ChartText {
  const { projection } = report;
  const last = [...projection.actual].reverse().find((a) => a.cla !== null);
  const methods = projection.methods.map((m) => {
    const y = m.years.at(-1)!;
    return `${m.method} ${formatNumber(y.cla)} (80% range ${formatNumber(y.lower80)} to ${formatNumber(y.upper80)})`;
  });
  return {
    id,
    title: `${describeArea(projection.area)}: children looked after on 31 March, actual and projected`,
    description:
      `Line chart. Actual numbers ${projection.actual[0]?.year}-${last?.year ?? projection.baseYear}` +
      (last ? ` (${formatNumber(last.cla!)} in ${last.year})` : '') +
      `; projected to ${projection.toYear} by each method: ${methods.join('; ')}. ` +
      'A second panel shows the population aged 0-17.',
  };
}

/** Render the spec to SVG, headless, with its title and description. The same inputs give byte-identical SVG. */
export function renderChartSvg(report: AreaReport, options: ChartOptions & { id?: string } = {}): Promise<string> {
  return renderVegaLiteSvg(chartSpec(report, options), chartText(report, options.id));
}

/**
 * A compact text chart for a terminal: one row per band of counts, one column per year; `*` is
 * history and each method's first letter its projection.
 */
export function renderTextChart(report: AreaReport, height = 12): string {
  const { projection } = report;
  const points: { year: number; value: number; mark: string }[] = [];
  for (const a of projection.actual) if (a.cla !== null) points.push({ year: a.year, value: a.cla, mark: '*' });
  for (const m of projection.methods) for (const y of m.years) points.push({ year: y.year, value: y.cla, mark: m.method[0]! });
  const years = [...new Set(points.map((p) => p.year))].sort((a, b) => a - b);
  const lo = Math.min(...points.map((p) => p.value));
  const hi = Math.max(...points.map((p) => p.value));
  const span = hi - lo || 1;
  const grid = Array.from({ length: height }, () => years.map(() => ' '));
  for (const p of points) {
    const row = height - 1 - Math.round(((p.value - lo) / span) * (height - 1));
    const col = years.indexOf(p.year);
    const current = grid[row]![col]!;
    grid[row]![col] = current === ' ' || current === p.mark ? p.mark : '+';
  }
  const label = (row: number) => String(Math.round(hi - (row / (height - 1)) * span)).padStart(6);
  const lines = grid.map((cells, row) => `${label(row)} |${cells.map((c) => ` ${c}`).join('')}`.trimEnd());
  lines.push(`${' '.repeat(6)} +${years.map(() => '--').join('')}`);
  lines.push(`${' '.repeat(8)}${years.map((y, i) => (i % 5 === 0 ? String(y).padEnd(10) : '')).join('')}`.trimEnd());
  const legend = projection.methods.map((m) => `${m.method[0]} ${m.method}`).join(', ');
  return `${describeArea(projection.area)}: * actual, ${legend} (+ where they meet)\n${lines.join('\n')}\n`;
}
