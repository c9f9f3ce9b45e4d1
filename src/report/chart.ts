import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLiteSvg } from './svg.js';
import { describeArea } from '../model/areas/matching.js';
import type { AreaReport } from './model.js';

const PALETTE = ['#1b6ca8', '#d95f02', '#7570b3', '#1b9e77', '#e7298a'];

/**
 * A Vega-Lite spec: history and each method's projection with its 80% band, and the 0-17
 * population in a panel below, on the same years. Data are inline, so rendering needs no network.
 */
export function chartSpec(report: AreaReport): TopLevelSpec {
  const { projection } = report;
  const rows: Record<string, unknown>[] = [];
  for (const a of projection.actual) if (a.cla !== null) rows.push({ year: a.year, series: 'actual', cla: a.cla });
  for (const m of projection.methods) {
    const base = projection.actual.find((a) => a.year === projection.baseYear);
    if (base?.cla != null) rows.push({ year: projection.baseYear, series: m.method, cla: base.cla, lower80: base.cla, upper80: base.cla });
    for (const y of m.years) rows.push({ year: y.year, series: m.method, cla: y.cla, lower80: y.lower80, upper80: y.upper80 });
  }
  const population = [...report.population.aligned.series.values()]
    .map((p) => ({ year: p.midYear + projection.populationLag, population: p.population0to17, kind: p.kind }))
    .filter((p) => p.year >= projection.actual[0]!.year && p.year <= projection.toYear)
    .sort((a, b) => a.year - b.year);
  const series = ['actual', ...projection.methods.map((m) => m.method)];
  const color = { field: 'series', type: 'nominal' as const, title: 'Series', scale: { domain: series, range: PALETTE.slice(0, series.length) } };
  const x = { field: 'year', type: 'quantitative' as const, title: 'Year ending 31 March', axis: { format: 'd', tickMinStep: 1 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `${describeArea(projection.area)}: children looked after on 31 March`, subtitle: 'actual, and each method\'s projection with its 80% range' },
    config: { font: 'sans-serif', view: { stroke: null } },
    resolve: { scale: { x: 'shared' } },
    vconcat: [
      {
        width: 640,
        height: 300,
        data: { values: rows },
        layer: [
          { transform: [{ filter: "datum.series !== 'actual'" }], mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'lower80', type: 'quantitative' }, y2: { field: 'upper80' }, color } },
          { mark: { type: 'line', point: { size: 20 } }, encoding: { x, y: { field: 'cla', type: 'quantitative', title: 'Children looked after', scale: { zero: false } }, color } },
        ],
      },
      {
        width: 640,
        height: 110,
        title: { text: 'Children aged 0-17 (mid-year before each 31 March)', fontSize: 11 },
        data: { values: population },
        mark: { type: 'line', point: { size: 15 } },
        encoding: {
          x,
          y: { field: 'population', type: 'quantitative', title: 'Population 0-17', scale: { zero: false }, axis: { format: ',.0f' } },
          strokeDash: { field: 'kind', type: 'nominal', title: 'Population', scale: { domain: ['estimate', 'projection'], range: [[1, 0], [4, 3]] } },
          color: { value: '#555555' },
        },
      },
    ],
  };
}

/** Render the spec to SVG, headless. The same inputs give byte-identical SVG. */
export function renderChartSvg(report: AreaReport): Promise<string> {
  return renderVegaLiteSvg(chartSpec(report));
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
