import { describeArea } from '../model/areas/matching.js';
import {
  BACKTEST_TYPES,
  PLACEMENT_BACKTEST_METHODS,
  type PlacementBacktestMethod,
  type PlacementForecast,
  type PlacementMetricsRow,
} from '../model/evaluation/placementBacktest.js';
import type { Area } from '../model/types.js';
import { formatNumber, round } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';

/**
 * `backtest --episodes`: placements by type from the council's own returns, the transitions against
 * the fixed mix, by type and years ahead (model/evaluation/placementBacktest.ts).
 */

export interface PlacementBacktestOutput {
  area: Area;
  origins: number[];
  horizon: number;
  skipped: { origin: number; reason: string }[];
  forecasts: PlacementForecast[];
  metrics: PlacementMetricsRow[];
  withoutRecommended: boolean;
}

/** What a reader of the placement backtest should know: how the fixed mix is made, origins left out. */
function placementBacktestNotes(p: PlacementBacktestOutput): string[] {
  const notes = [
    "fixed mix: each type's mean share of the children on the last --window 31 Marches up to the origin, as the returns known then count them, times a total (the recommended projection's, or the transitions' own); its 80% range is that total's times the share",
    'actual: the children in each type on 31 March as the full returns count them (episodes summarise)',
  ];
  if (p.withoutRecommended)
    notes.push("the recommended projection is not among --methods: the fixed mix is scored on the transitions' total only");
  for (const s of p.skipped) notes.push(`placements from origin ${s.origin} left out: ${s.reason}`);
  return notes;
}

const metric = (rows: readonly PlacementMetricsRow[], method: PlacementBacktestMethod, type: string, horizon: number) =>
  rows.find((r) => r.method === method && r.placementType === type && r.horizon === horizon);

/** The placement backtest for a person: MAE by type and years ahead for each way, then bias, 80% coverage and counts. */
export function renderPlacementBacktest(p: PlacementBacktestOutput, { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  const prose = (text: string, indent = '') => wrapText(text, width, indent);
  const horizons = [...new Set(p.metrics.map((r) => r.horizon))].sort((a, b) => a - b);
  const methods = PLACEMENT_BACKTEST_METHODS.filter((m) => p.metrics.some((r) => r.method === m));
  const span = p.origins.length === 0 ? 'no origin' : `origins ${p.origins[0]}${p.origins.length > 1 ? `-${p.origins.at(-1)}` : ''}`;
  out.push(
    ...prose(
      `${describeArea(p.area)}: placements by type from the SSDA903 returns, ${span}, forecasts ${horizons.map(String).join(' / ')} years ahead`,
    ),
    '',
  );
  if (p.metrics.length === 0) {
    out.push(
      ...prose('no origin could be scored: the returns need a year of moves before an origin and a later return to check it against', '  '),
    );
    for (const note of placementBacktestNotes(p)) out.push(...prose(note, '  '));
    return `${out.join('\n')}\n`;
  }
  const cell = (method: PlacementBacktestMethod, type: string, value: (r: PlacementMetricsRow) => string) =>
    horizons
      .map((h) => {
        const r = metric(p.metrics, method, type, h);
        return r ? value(r) : '-';
      })
      .join(' / ');
  out.push(...prose(`Mean absolute error in children, ${horizons.join(' / ')} years ahead`), '');
  const mae = plainTable(['Type', ...methods], width);
  for (const type of [...BACKTEST_TYPES, 'all types']) {
    if (!p.metrics.some((r) => r.placementType === type)) continue;
    mae.push([type, ...methods.map((m) => cell(m, type, (r) => formatNumber(r.mae, 1)))]);
  }
  out.push(tableText(mae), '');
  const summary = plainTable(['All types', ...methods], width);
  summary.push(['bias (forecast - actual)', ...methods.map((m) => cell(m, 'all types', (r) => formatNumber(r.bias, 1)))]);
  summary.push(['80% range held', ...methods.map((m) => cell(m, 'all types', (r) => `${formatNumber(r.coverage80 * 100, 0)}%`))]);
  summary.push(['forecasts', ...methods.map((m) => cell(m, 'all types', (r) => String(r.n)))]);
  out.push(tableText(summary), '');
  const verdict = compareWays(p.metrics, horizons);
  if (verdict) out.push(...prose(verdict, '  '));
  for (const note of placementBacktestNotes(p)) out.push(...prose(note, '  '));
  return `${out.join('\n')}\n`;
}

/** Transitions against the fixed mix times the same total, all types pooled: which was closer at each horizon. */
function compareWays(rows: readonly PlacementMetricsRow[], horizons: readonly number[]): string | undefined {
  const parts = horizons.flatMap((h) => {
    const t = metric(rows, 'transitions', 'all types', h);
    const f = metric(rows, 'fixed mix x transitions total', 'all types', h);
    if (!t || !f) return [];
    const ratio = f.mae > 0 ? t.mae / f.mae : 1;
    const word = ratio < 0.95 ? 'closer' : ratio > 1.05 ? 'further off' : 'level';
    return [`${h} year${h === 1 ? '' : 's'} ahead ${word} (${formatNumber(t.mae, 1)} against ${formatNumber(f.mae, 1)})`];
  });
  if (parts.length === 0) return undefined;
  return `transitions against the fixed mix times the same total, every type: ${parts.join('; ')}. With few origins these are a handful of forecasts per type: read them as a check, not a verdict`;
}

/** The placement backtest for JSON: origins, metrics and every forecast, rounded as the other records are. */
export function placementBacktestJson(p: PlacementBacktestOutput) {
  return {
    area_code: p.area.code,
    area_name: p.area.name,
    origins: p.origins,
    skipped: p.skipped,
    notes: placementBacktestNotes(p),
    metrics: p.metrics.map((r) => ({
      method: r.method,
      placement_type: r.placementType,
      horizon: r.horizon,
      n: r.n,
      mae: round(r.mae, 2),
      bias: round(r.bias, 2),
      coverage80: round(r.coverage80, 3),
    })),
    forecasts: p.forecasts.map((f) => ({
      method: f.method,
      origin: f.origin,
      year: f.year,
      horizon: f.horizon,
      placement_type: f.placementType,
      forecast: round(f.forecast, 1),
      actual: f.actual,
      lower80: round(f.lower80, 1),
      upper80: round(f.upper80, 1),
    })),
  };
}
