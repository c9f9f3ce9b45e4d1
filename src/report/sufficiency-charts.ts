import type { TopLevelSpec } from 'vega-lite';
import { describeArea } from '../model/areas/matching.js';
import { OKABE_ITO } from './chart.js';
import { formatNumber, round } from './format.js';
import { fileName, typeList, typeName, typeTitle } from './placementNames.js';
import { verdictOf } from './verdicts.js';
import { renderVegaLiteSvg, type ChartText } from './svg.js';
import type { SufficiencyReport } from './sufficiency.js';
import type { PlacementType } from '../model/episodes/placementTypes.js';

/**
 * The sufficiency charts: placements by type, the gap against places and the costs. Each panel is
 * named in words (small multiples), so no colour has to be told apart to read them; where colour
 * is used it is from Okabe and Ito's palette and says the same as the position.
 */

const CONFIG = {
  font: 'sans-serif',
  view: { stroke: null },
  title: { fontSize: 16, subtitleFontSize: 13 },
  header: { labelFontSize: 13 },
  axis: { labelFontSize: 12, titleFontSize: 13 },
  legend: { symbolOpacity: 1, labelFontSize: 13, titleFontSize: 13 },
};
const x = { field: 'year', type: 'ordinal' as const, title: 'Year ending 31 March' };
/**
 * Small multiples laid out on a grid that lines up: every panel has its own year axis (none floats
 * under an empty cell), y axes of one width whatever their labels, and a type's name over its
 * panel on up to two lines.
 */
const PANEL = { width: 180, height: 140 };
/** Every y axis as wide as the others, whatever its labels. */
const Y_AXIS = { minExtent: 36, maxExtent: 36 };
/**
 * The facet of the small multiples: one panel per type, placed by its plotting area alone on a
 * regular grid (the spacing leaves room for the axes and names around it).
 */
function facetOn(types: readonly PlacementType[]) {
  return {
    facet: { field: 'type', type: 'nominal' as const, title: null, sort: types.map(panelName), header: { labelExpr: "''" } },
    columns: Math.min(types.length, 4),
    bounds: 'flush' as const,
    spacing: { column: 70, row: 110 },
  };
}

/**
 * The type's name over its panel, drawn in the panel (one text, from its first year's row) so it
 * sits at the same height over every panel, whatever the axes: up to two lines.
 */
function panelTitle(firstYear: number) {
  return {
    transform: [{ filter: `datum.year === ${firstYear}` }],
    mark: { type: 'text' as const, lineBreak: '|', baseline: 'bottom' as const, align: 'center' as const, dy: -8, fontSize: 13 },
    encoding: { x: { value: PANEL.width / 2 }, y: { value: 0 }, text: { field: 'type', type: 'nominal' as const } },
  };
}

/** A type's name over its panel: its title, broken once before 24 characters ("|" breaks it). */
function panelName(type: PlacementType): string {
  const title = typeTitle(type);
  if (title.length <= 24) return title;
  const at = title.lastIndexOf(' ', 24);
  return at > 0 ? `${title.slice(0, at)}|${title.slice(at + 1)}` : title;
}

const SHORT = OKABE_ITO[2]!; // vermillion
const SPARE = OKABE_ITO[1]!; // blue

/** A chart of one area's sufficiency: its name in the workbook and the HTML, its spec and its words. */
export interface SufficiencyChart {
  name: 'placements' | 'gap' | 'costs';
  spec: TopLevelSpec;
  text: ChartText;
}

/** The placements, gap and cost charts that the report's data support (gap and costs only where given). */
export function sufficiencyCharts(r: SufficiencyReport): SufficiencyChart[] {
  const charts = [placementsChart(r)];
  const gap = gapChart(r);
  if (gap) charts.push(gap);
  const costs = costsChart(r);
  if (costs) charts.push(costs);
  return charts;
}

function placementsChart(r: SufficiencyReport): SufficiencyChart {
  const types = [...new Set(r.demand.map((d) => d.placementType))];
  const values = r.demand.map((d) => ({
    year: d.year,
    type: panelName(d.placementType),
    demand: round(d.demand, 2),
    lower80: round(d.lower80, 2),
    upper80: round(d.upper80, 2),
  }));
  const last = r.demand.filter((d) => d.year === r.demand.at(-1)!.year);
  return {
    name: 'placements',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: {
        text: `${describeArea(r.area)}: placements needed on 31 March`,
        subtitle: `${r.method} projection x the placement mix; shaded: 80% range`,
      },
      config: CONFIG,
      data: { values },
      ...facetOn(types),
      resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
      spec: {
        ...PANEL,
        layer: [
          panelTitle(r.demand[0]!.year),
          {
            mark: { type: 'area', opacity: 0.25, color: SPARE },
            encoding: { x, y: { field: 'lower80', type: 'quantitative', axis: Y_AXIS }, y2: { field: 'upper80' } },
          },
          {
            mark: { type: 'line', point: { size: 18 }, color: '#000000', strokeWidth: 2 },
            encoding: { x, y: { field: 'demand', type: 'quantitative', title: 'Children', scale: { zero: true }, axis: Y_AXIS } },
          },
        ],
      },
    },
    text: {
      id: 'placements',
      title: `${describeArea(r.area)}: placements needed on 31 March by type`,
      description:
        `One small chart per placement type, projected ${r.demand[0]!.year}-${last[0]!.year} with 80% ranges. In ${last[0]!.year}: ` +
        last
          .map((d) => `${typeName(d.placementType)} ${formatNumber(d.demand)} (${formatNumber(d.lower80)} to ${formatNumber(d.upper80)})`)
          .join('; ') +
        '.',
    },
  };
}

function gapChart(r: SufficiencyReport): SufficiencyChart | undefined {
  const places = new Set(r.gap?.runOut.filter((ro) => ro.isPlace && ro.hasPlaces).map((ro) => ro.placementType));
  const rows = (r.gap?.rows ?? []).filter((g) => places.has(g.placementType) && g.gap !== null);
  if (rows.length === 0) return undefined;
  const types = [...places];
  const values = rows.map((g) => ({
    year: g.year,
    type: panelName(g.placementType),
    gap: round(g.gap!, 2),
    upper: round(g.gapUpper80!, 2),
    side: g.gap! >= 1 ? 'short of places' : 'enough places',
  }));
  const against = r.capacity.given
    ? `the places in ${fileName(r.capacity.source)}`
    : `today's places in use (31 March ${r.capacity.year ?? '?'})`;
  const verdicts = r
    .gap!.runOut.filter((ro) => places.has(ro.placementType))
    .map((ro) => `${typeTitle(ro.placementType)}: ${verdictOf(ro)}.`);
  return {
    name: 'gap',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: {
        text: `${describeArea(r.area)}: gap against ${against}`,
        subtitle: 'bars: demand minus places (above 0 = short of places); line: the gap at the upper 80% demand',
      },
      config: CONFIG,
      data: { values },
      ...facetOn(types),
      resolve: { axis: { x: 'independent' } },
      spec: {
        ...PANEL,
        layer: [
          panelTitle(rows[0]!.year),
          {
            mark: { type: 'bar' },
            encoding: {
              x,
              y: { field: 'gap', type: 'quantitative', title: 'Places (children)', axis: Y_AXIS },
              color: {
                field: 'side',
                type: 'nominal',
                title: 'Point projection',
                scale: { domain: ['short of places', 'enough places'], range: [SHORT, SPARE] },
              },
            },
          },
          {
            mark: { type: 'line', color: '#000000', strokeDash: [4, 3], point: { size: 14, color: '#000000' } },
            encoding: { x, y: { field: 'upper', type: 'quantitative' } },
          },
          { mark: { type: 'rule', color: '#000000' }, encoding: { y: { datum: 0 } } },
        ],
      },
    },
    text: {
      id: 'gap',
      title: `${describeArea(r.area)}: places short or spare by type, against ${against}`,
      description: `Bar chart per placement type of demand minus places, with the gap at the upper 80% demand as a dashed line. ${verdicts.join(' ')}`,
    },
  };
}

function costsChart(r: SufficiencyReport): SufficiencyChart | undefined {
  const costed = (r.costs ?? []).filter((c) => c.annualCost !== null);
  if (costed.length === 0) return undefined;
  const types = [...new Set(costed.map((c) => c.placementType))];
  const years = [...new Set(costed.map((c) => c.year))];
  const values = costed.map((c) => ({ year: c.year, type: typeTitle(c.placementType), cost: round(c.annualCost! / 1e6, 4) }));
  const totals = years.map((year) => {
    const own = costed.filter((c) => c.year === year);
    return {
      year,
      total: round(own.reduce((s, c) => s + c.annualCost!, 0) / 1e6, 4),
      upper: round(own.reduce((s, c) => s + c.annualCostUpper80!, 0) / 1e6, 4),
    };
  });
  const last = totals.at(-1)!;
  const money = (m: number) => `£${formatNumber(m, 1)}m`;
  return {
    name: 'costs',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: {
        text: `${describeArea(r.area)}: annual cost of costed placements`,
        subtitle: `at each year's prices (inflation ${formatNumber(r.inflation * 100, 1)}% a year); dashed: total at the upper 80% demand`,
      },
      config: CONFIG,
      width: 520,
      height: 240,
      layer: [
        {
          data: { values },
          mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
          encoding: {
            x,
            y: { field: 'cost', type: 'quantitative', title: 'Annual cost (£ million)', stack: 'zero' },
            color: {
              field: 'type',
              type: 'nominal',
              title: 'Placement type',
              scale: {
                domain: types.map(typeTitle),
                range: types.map((_, i) => [OKABE_ITO[1], OKABE_ITO[5], OKABE_ITO[3], OKABE_ITO[4], OKABE_ITO[6], OKABE_ITO[2]][i % 6]!),
              },
            },
            order: { field: 'type', sort: 'ascending' },
          },
        },
        {
          data: { values: totals },
          mark: { type: 'line', color: '#000000', strokeDash: [4, 3], point: { size: 16, color: '#000000' } },
          encoding: { x, y: { field: 'upper', type: 'quantitative' } },
        },
      ],
    },
    text: {
      id: 'costs',
      title: `${describeArea(r.area)}: annual cost of the costed placements`,
      description:
        `Stacked bar chart of the annual cost by placement type (${typeList(types)}), ${years[0]}-${last.year}, at each year's prices. ` +
        `${last.year}: ${money(last.total)} in all, ${money(last.upper)} at the upper 80% demand.`,
    },
  };
}

/** Render one sufficiency chart to SVG with its title and description. */
export function renderSufficiencyChartSvg(chart: SufficiencyChart): Promise<string> {
  return renderVegaLiteSvg(chart.spec, chart.text);
}
