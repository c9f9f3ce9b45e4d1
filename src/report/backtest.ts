import type { Forecast } from '../model/evaluation/backtest.js';
import type { AutoChoice } from '../model/projection/types.js';
import type { MetricsRow } from '../model/evaluation/metrics.js';
import { SIZE_BAND_LABELS } from '../model/methods/recommended.js';
import type { Area } from '../model/types.js';
import { formatNumber, round } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';

export const FORECAST_COLUMNS = [
  'area_code',
  'area_name',
  'method',
  'origin',
  'year',
  'horizon',
  'forecast',
  'actual',
  'lower80',
  'upper80',
  'lower95',
  'upper95',
] as const;

export const METRICS_COLUMNS = [
  'area_code',
  'area_name',
  'method',
  'horizon',
  'size_band',
  'n',
  'mae',
  'mape',
  'mase',
  'relative_mase',
  'relative_mae',
  'bias_pct',
  'coverage80',
  'below80',
  'above80',
  'coverage95',
  'below95',
  'above95',
  'width80',
  'width95',
  'winkler80',
  'winkler95',
] as const;

export type ForecastRecord = Record<(typeof FORECAST_COLUMNS)[number], string | number | null>;
export type MetricsRecord = Record<(typeof METRICS_COLUMNS)[number], string | number | null>;

/** Name of the pool of every area in metrics output. */
const POOLED = 'All areas (pooled)';

const r = (value: number | null, decimals: number) => (value === null ? null : round(value, decimals));

export function forecastRecords(rows: readonly { area: Area; forecast: Forecast }[]): ForecastRecord[] {
  return rows.map(({ area, forecast: f }) => ({
    area_code: area.code,
    area_name: area.name,
    method: f.method,
    origin: f.origin,
    year: f.year,
    horizon: f.horizon,
    forecast: round(f.forecast, 1),
    actual: f.actual,
    lower80: round(f.lower80, 1),
    upper80: round(f.upper80, 1),
    lower95: round(f.lower95, 1),
    upper95: round(f.upper95, 1),
  }));
}

export function metricsRecords(rows: readonly MetricsRow[], areas: ReadonlyMap<string, Area>): MetricsRecord[] {
  return rows.map((m) => {
    const area = m.areaKey === null ? undefined : areas.get(m.areaKey);
    return {
      area_code: area?.code ?? '',
      area_name: area?.name ?? POOLED,
      method: m.method,
      horizon: m.horizon,
      size_band: m.sizeBand,
      n: m.n,
      mae: r(m.mae, 2),
      mape: r(m.mape, 2),
      mase: r(m.mase, 3),
      relative_mase: r(m.relativeMase, 3),
      relative_mae: r(m.relativeMae, 3),
      bias_pct: r(m.biasPct, 2),
      coverage80: r(m.coverage80, 3),
      below80: r(m.below80, 3),
      above80: r(m.above80, 3),
      coverage95: r(m.coverage95, 3),
      below95: r(m.below95, 3),
      above95: r(m.above95, 3),
      width80: r(m.width80, 1),
      width95: r(m.width95, 1),
      winkler80: r(m.winkler80, 1),
      winkler95: r(m.winkler95, 1),
    };
  });
}

const pct = (v: number | null) => (v === null ? '-' : `${formatNumber(v * 100, 0)}%`);
const num = (v: number | null, d: number) => (v === null ? '-' : formatNumber(v, d));

/** The metrics table a person reads: one row per method and horizon. */
export function renderBacktestTable(
  title: string,
  rows: readonly MetricsRow[],
  notes: readonly string[],
  { width = DEFAULT_WIDTH }: WidthOptions = {},
): string {
  const table = plainTable(
    [
      'Method',
      'Years ahead',
      'Forecasts',
      'MAE',
      'MAE vs naive',
      'MAPE',
      'MASE vs naive',
      'Bias',
      '80% held',
      'below',
      'above',
      '95% held',
      'below',
      'above',
      'Score 80%',
      'Score 95%',
    ],
    width,
  );
  for (const m of rows.filter((row) => row.sizeBand === 'all')) {
    table.push([
      m.method,
      String(m.horizon),
      String(m.n),
      num(m.mae, 1),
      num(m.relativeMae, 3),
      m.mape === null ? '-' : `${formatNumber(m.mape, 1)}%`,
      num(m.relativeMase, 2),
      m.biasPct === null ? '-' : `${m.biasPct >= 0 ? '+' : ''}${formatNumber(m.biasPct, 1)}%`,
      pct(m.coverage80),
      pct(m.below80),
      pct(m.above80),
      pct(m.coverage95),
      pct(m.below95),
      pct(m.above95),
      num(m.winkler80, 0),
      num(m.winkler95, 0),
    ]);
  }
  const lines = [...wrapText(title, width), '', tableText(table), ''];
  const bySize = rows.filter((row) => row.sizeBand !== 'all');
  if (bySize.length > 0) {
    const sizes = plainTable(
      [
        'Method',
        'Years ahead',
        'Council size at origin',
        'Forecasts',
        'MAE vs naive',
        '80% held',
        'below',
        'above',
        '95% held',
        'Score 80%',
      ],
      width,
    );
    for (const m of bySize) {
      sizes.push([
        m.method,
        String(m.horizon),
        SIZE_BAND_LABELS[m.sizeBand],
        String(m.n),
        num(m.relativeMae, 3),
        pct(m.coverage80),
        pct(m.below80),
        pct(m.above80),
        pct(m.coverage95),
        num(m.winkler80, 0),
      ]);
    }
    lines.push('By council size (children looked after at the origin)', '', tableText(sizes), '');
  }
  for (const line of [
    'MASE: mean absolute error / the area\'s in-sample one-year naive error; "vs naive" below 1 beat carrying the last count forward (MAE and MASE over the same forecasts as naive\'s).',
    'Bias: mean signed % error (positive = too high). "held": share of outcomes inside the range (80% and 95% are the targets); "below" and "above": outside it on each side (about 10% and 2.5% each; a range that leans misses more on one side).',
    "Score: the interval score, the range's width plus 2/alpha times how far an outcome fell outside it (10x at 80%, 40x at 95%), in children: lower is better; it rewards a narrow range only when it holds.",
  ])
    lines.push(...wrapText(line, width));
  if (notes.length > 0) lines.push('', ...notes.flatMap((n) => wrapText(n, width)));
  return lines.join('\n') + '\n';
}

/** "auto chose naive for 80 areas, avg3 for 41, trend for 29 (at each area's latest origin)". */
export function describeChoices(latest: readonly AutoChoice[]): string {
  const counts = new Map<string, number>();
  for (const c of latest) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([m, n]) => `${m} for ${n}`);
  return `auto chose ${parts.join(', ')} of ${latest.length} area${latest.length === 1 ? '' : 's'} at each area's latest origin`;
}
