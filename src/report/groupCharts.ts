import type { TopLevelSpec } from 'vega-lite';
import { DASHES, OKABE_ITO } from './chart.js';
import { formatNumber } from './format.js';
import type { GroupProjection } from './groupModel.js';
import { headlineOf } from './groups.js';
import { renderVegaLiteSvg, type ChartText } from './svg.js';

/**
 * The group report's charts: the total (actual, each method's total, the recommended total's 80%
 * range) and small charts of the members (each its actual and its own recommended projection with
 * its range, on its own scale). Data inline, so drawing needs no network.
 */

const x = { field: 'year', type: 'quantitative' as const, title: 'Year ending 31 March', axis: { format: 'd', tickMinStep: 1 } };
const CONFIG = {
  font: 'sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 13 },
  legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 500, symbolOpacity: 1, labelFontSize: 13, titleFontSize: 13 },
};

function totalChartSpec(p: GroupProjection): TopLevelSpec {
  const { total, group } = p;
  const lead = headlineOf(total)?.method ?? '';
  const rows: Record<string, unknown>[] = total.actual
    .filter((a) => a.cla !== null)
    .map((a) => ({ year: a.year, series: 'actual', cla: a.cla }));
  const base = total.actual.find((a) => a.year === total.baseYear)?.cla ?? null;
  for (const m of total.methods) {
    if (base !== null) rows.push({ year: total.baseYear, series: m.method, cla: base, lower80: base, upper80: base });
    for (const y of m.years)
      rows.push({
        year: y.year,
        series: m.method,
        cla: y.cla,
        lower80: y.interval?.lower80 ?? y.cla,
        upper80: y.interval?.upper80 ?? y.cla,
      });
  }
  const series = ['actual', ...total.methods.map((m) => m.method)];
  const scale = (range: unknown[]) => ({ domain: series, range });
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: 'Series',
    scale: scale(series.map((_, i) => OKABE_ITO[i % OKABE_ITO.length])),
  };
  const strokeDash = {
    field: 'series',
    type: 'nominal' as const,
    title: 'Series',
    scale: scale(series.map((_, i) => DASHES[i % DASHES.length])),
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${group.name}: children looked after on 31 March, its members added up`,
      subtitle: `actual, each method's total, and the 80% range of the ${lead} total`,
      fontSize: 16,
      subtitleFontSize: 13,
    },
    config: CONFIG,
    width: 640,
    height: 300,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: `datum.series === '${lead}'` }],
        mark: { type: 'area', opacity: 0.15 },
        encoding: { x, y: { field: 'lower80', type: 'quantitative' }, y2: { field: 'upper80' }, color },
      },
      {
        mark: { type: 'line', point: { size: 20 }, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'cla', type: 'quantitative', title: 'Children looked after', scale: { zero: false }, axis: { format: ',.0f' } },
          color,
          strokeDash,
        },
      },
    ],
  };
}

function totalChartText(p: GroupProjection): ChartText {
  const lead = headlineOf(p.total);
  const last = lead?.years.at(-1);
  const counted = p.total.actual.filter((a) => a.cla !== null).at(-1);
  return {
    id: 'group-chart',
    title: `${p.group.name}: children looked after on 31 March, the members added up, actual and projected`,
    description:
      `Line chart. The members' counts added up${counted ? ` to ${counted.year} (${formatNumber(counted.cla!)})` : ''}; projected to ${p.total.toYear} by each method: ` +
      p.total.methods.map((m) => `${m.method} ${formatNumber(m.years.at(-1)!.cla)}`).join('; ') +
      (last?.interval
        ? `; the ${lead!.method} total's 80% range in ${last.year} is ${formatNumber(last.interval.lower80)} to ${formatNumber(last.interval.upper80)}.`
        : '.'),
  };
}

function membersChartSpec(p: GroupProjection): TopLevelSpec {
  const lead = headlineOf(p.total)?.method ?? '';
  const rows: Record<string, unknown>[] = [];
  for (const m of p.members) {
    if (!m.report || m.leftOut !== undefined) continue;
    const { projection } = m.report;
    const first = projection.actual.find((a) => a.cla !== null && a.year >= projection.baseYear - 8);
    for (const a of projection.actual)
      if (a.cla !== null && first && a.year >= first.year) rows.push({ member: m.area.name, year: a.year, series: 'actual', cla: a.cla });
    const own = projection.methods.find((x) => x.method === lead);
    const base = projection.actual.find((a) => a.year === projection.baseYear)?.cla;
    if (own && base !== null && base !== undefined)
      rows.push({ member: m.area.name, year: projection.baseYear, series: lead, cla: base, lower80: base, upper80: base });
    for (const y of own?.years ?? [])
      rows.push({ member: m.area.name, year: y.year, series: lead, cla: y.cla, lower80: y.lower80, upper80: y.upper80 });
  }
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: 'Series',
    scale: { domain: ['actual', lead], range: [OKABE_ITO[0], OKABE_ITO[1]] },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${p.group.name}'s members: each on its own scale`,
      subtitle: `actual, and its own ${lead} projection with its 80% range`,
      fontSize: 16,
      subtitleFontSize: 13,
    },
    config: { ...CONFIG, axis: { labelFontSize: 10, titleFontSize: 11 }, header: { labelFontSize: 11, title: null } },
    data: { values: rows },
    facet: { field: 'member', type: 'nominal', title: null, sort: p.members.map((m) => m.area.name) },
    columns: 4,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 130,
      height: 70,
      layer: [
        {
          transform: [{ filter: `datum.series === '${lead}'` }],
          mark: { type: 'area', opacity: 0.2 },
          encoding: { x, y: { field: 'lower80', type: 'quantitative' }, y2: { field: 'upper80' }, color },
        },
        {
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: 'cla', type: 'quantitative', title: null, scale: { zero: false }, axis: { format: ',.0f', tickCount: 3 } },
            color,
          },
        },
      ],
    },
  };
}

function membersChartText(p: GroupProjection): ChartText {
  const lead = headlineOf(p.total)?.method ?? '';
  const shown = p.members.filter((m) => m.report && m.leftOut === undefined);
  return {
    id: 'members-chart',
    title: `${p.group.name}'s ${shown.length} members: children looked after, actual and projected, each on its own scale`,
    description: `Small line charts, one per member, each with its own ${lead} projection and 80% range: ${shown
      .map((m) => {
        const y = m.report!.projection.methods.find((x) => x.method === lead)?.years.at(-1);
        return y ? `${m.area.name} ${formatNumber(y.cla)} in ${y.year}` : m.area.name;
      })
      .join('; ')}.`,
  };
}

export async function renderGroupCharts(p: GroupProjection): Promise<{ total: string; members: string }> {
  const [total, members] = await Promise.all([
    renderVegaLiteSvg(totalChartSpec(p), totalChartText(p)),
    renderVegaLiteSvg(membersChartSpec(p), membersChartText(p)),
  ]);
  return { total, members };
}
