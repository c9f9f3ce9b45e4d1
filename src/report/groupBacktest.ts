import { describeArea } from '../model/areas/matching.js';
import type { Area } from '../model/types.js';
import {
  FORECAST_COLUMNS,
  forecastRecords,
  METRICS_COLUMNS,
  metricsRecords,
  renderBacktestTable,
  type ForecastRecord,
  type MetricsRecord,
} from './backtest.js';
import { round } from './format.js';
import type { GroupBacktestOutput, GroupBacktestResult } from './groupModel.js';
import { DEFAULT_WIDTH, type WidthOptions } from './plain-table.js';

/** The outputs of `backtest --group`: the group's total, then its members, each row with its level. */

export const GROUP_FORECAST_COLUMNS = ['level', 'group', ...FORECAST_COLUMNS, 'members'] as const;
export const GROUP_METRICS_COLUMNS = ['level', 'group', ...METRICS_COLUMNS] as const;
type Level = { level: 'group' | 'council'; group: string };

const groupArea = (r: GroupBacktestResult): Area => ({ code: '', name: r.group.name });

/**
 * Every forecast: per group, its total's (area_name the group's, area_code empty, level "group"; the
 * range only for the recommended total), then each member's own (level "council").
 */
export function groupForecastRecords(b: GroupBacktestOutput): (ForecastRecord & Level & { members: number | null })[] {
  return b.results.flatMap((r) => {
    const level = (l: Level['level']) => ({ level: l, group: r.group.name });
    const total = forecastRecords(r.forecasts.map((forecast) => ({ area: groupArea(r), forecast }))).map((row, i) => {
      const ranged = r.forecasts[i]!.ranged;
      return {
        ...level('group'),
        ...row,
        ...(ranged ? {} : { lower80: null, upper80: null, lower95: null, upper95: null }),
        members: r.forecasts[i]!.members,
      };
    });
    const members = b.members
      .filter((m) => r.group.members.includes(m.area))
      .flatMap((m) =>
        forecastRecords(m.forecasts.map((forecast) => ({ area: m.area, forecast }))).map((row) => ({
          ...level('council'),
          ...row,
          members: null,
        })),
      );
    return [...total, ...members];
  });
}

/** The metrics: per group, its total's by method and horizon, then each member's. */
export function groupMetricsRecords(b: GroupBacktestOutput): (MetricsRecord & Level)[] {
  return b.results.flatMap((r) => {
    const total = metricsRecords(r.rows, new Map([[r.group.name, groupArea(r)]])).map((row) => ({
      level: 'group' as const,
      group: r.group.name,
      ...row,
    }));
    const members = b.members
      .filter((m) => r.group.members.includes(m.area))
      .flatMap((m) =>
        metricsRecords(m.rows, new Map(m.rows.map((row) => [row.areaKey!, m.area]))).map((row) => ({
          level: 'council' as const,
          group: r.group.name,
          ...row,
        })),
      );
    return [...total, ...members];
  });
}

/** What a reader of a group's backtest should know: how forecasts are summed, who is missing. */
export function groupBacktestNotes(r: GroupBacktestResult): string[] {
  const counts = [...new Set(r.forecasts.map((f) => f.members))].sort((a, b) => a - b);
  const notes = [
    `Each forecast of the total sums the members counted at its origin and in its year (${counts.length === 1 ? counts[0] : `${counts[0]}-${counts.at(-1)}`} of ` +
      `${r.group.members.length}), against the sum of what they counted; the recommended total's range is the group's, from the past errors known at the origin. ` +
      "The other methods' totals are points: only their accuracy is measured.",
  ];
  if (r.unbacktested.length > 0) {
    notes.push(`Not backtested: ${r.unbacktested.map((u) => `${describeArea(u.area)} (${u.reason})`).join('; ')}.`);
  }
  return notes;
}

/** Each group's metrics table, then with --per-area each member's. */
export function renderGroupBacktestTable(b: GroupBacktestOutput, { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  let out = '';
  for (const r of b.results) {
    const origins = [...new Set(r.forecasts.map((f) => f.origin))].sort((x, y) => x - y);
    const span = origins.length > 0 ? `origins ${origins[0]}-${origins.at(-1)}` : 'no origin';
    out += renderBacktestTable(
      `Backtest of ${r.group.name}'s total (${r.group.members.length} councils): ${span}, forecasts 1-${b.horizon} years ahead`,
      r.rows,
      groupBacktestNotes(r),
      { width },
    );
    if (b.perArea) {
      for (const m of b.members.filter((x) => r.group.members.includes(x.area)))
        out += `\n${renderBacktestTable(describeArea(m.area), m.rows, [], { width })}`;
    }
    out += '\n';
  }
  return out;
}

/** The JSON body: each group with its metrics and notes (the forecasts are --forecasts'). */
export function groupBacktestJson(b: GroupBacktestOutput): Record<string, unknown> {
  return {
    groups: b.results.map((r) => ({
      group: { name: r.group.name, code: r.group.code, source: r.group.source },
      members: r.group.members,
      notes: groupBacktestNotes(r),
      forecasts: r.forecasts.length,
      members_per_forecast: {
        min: r.forecasts.length > 0 ? Math.min(...r.forecasts.map((f) => f.members)) : null,
        mean: r.forecasts.length > 0 ? round(r.forecasts.reduce((s, f) => s + f.members, 0) / r.forecasts.length, 2) : null,
      },
    })),
    metrics: groupMetricsRecords(b),
  };
}
