import { groupIntervals, type GroupMember } from '../methods/groupRanges.js';
import { rangeCalibration, type PastErrors } from '../methods/recommendedRanges.js';
import { METHOD_NAMES, type MethodName } from '../types.js';
import type { Forecast } from './backtest.js';
import { metricsTable, type MetricsRow } from './metrics.js';

/**
 * A group's backtest: at each origin, each method's group forecast is the sum of its members'
 * forecasts made from the history up to the origin, set against the sum of what they later counted.
 * Only members with a count at the origin and at the outcome year are summed (a suppressed count,
 * City of London's 2025, would otherwise make the outcome unknown or the comparison unequal), so each
 * forecast compares like with like and says how many members it holds. The recommended forecast's
 * range is the group's (`methods/groupRanges.ts`), from the calibration as known at the origin (an
 * origin before it measured a horizon from 3 origins gives no recommended group forecast); the
 * other methods' group forecasts are points, scored for accuracy only.
 */

/** One member's rolling forecasts, with its region (members of one region share eta_R). */
export interface MemberForecasts {
  region: string;
  forecasts: readonly Forecast[];
}

/** A group forecast: the members' sum, and how many of the group's members it holds. */
export interface GroupForecast extends Forecast {
  members: number;
  /** Whether it has a range (the recommended projection's group range); the others are points. */
  ranged: boolean;
}

/**
 * The group's forecasts by method, origin and year (members summed where both counts are known).
 * The seed of the group's ranges is the run's (`--seed`).
 */
export function groupForecasts(
  members: readonly MemberForecasts[],
  { calibration, seed }: { calibration?: PastErrors; seed: number },
): GroupForecast[] {
  const cells = new Map<string, { forecast: Forecast; region: string }[]>();
  for (const member of members) {
    for (const f of member.forecasts) {
      if (f.actual === null || f.atOrigin === null) continue;
      const key = `${f.method}|${f.origin}|${f.year}`;
      const cell = cells.get(key);
      if (cell) cell.push({ forecast: f, region: member.region });
      else cells.set(key, [{ forecast: f, region: member.region }]);
    }
  }
  const byOrigin = new Map<string, { year: number; horizon: number; parts: { forecast: Forecast; region: string }[] }[]>();
  for (const parts of cells.values()) {
    const f = parts[0]!.forecast;
    const key = `${f.method}|${f.origin}`;
    const list = byOrigin.get(key) ?? [];
    list.push({ year: f.year, horizon: f.horizon, parts });
    byOrigin.set(key, list);
  }
  const out: GroupForecast[] = [];
  for (const list of byOrigin.values()) {
    list.sort((a, b) => a.horizon - b.horizon);
    const { method, origin } = list[0]!.parts[0]!.forecast;
    const points = list.map((c) => c.parts.reduce((s, p) => s + p.forecast.forecast, 0));
    const measured = method === 'recommended' && calibration ? rangeCalibration(calibration, origin) : undefined;
    const membersAt = (h: number): GroupMember[] =>
      list
        .find((c) => c.horizon === h)!
        .parts.map((p) => ({ point: p.forecast.forecast, size: p.forecast.atOrigin!, region: p.region, horizon: h }));
    const ranged = measured
      ? groupIntervals(
          measured,
          membersAt,
          list.map((c) => c.horizon),
          points,
          { seed },
        )
      : undefined;
    // before the calibration measured a horizon from 3 origins there is no group range to test
    if (method === 'recommended' && ranged === undefined) continue;
    list.forEach((c, i) => {
      const interval = ranged?.intervals[i] ?? { lower80: points[i]!, upper80: points[i]!, lower95: points[i]!, upper95: points[i]! };
      out.push({
        method,
        origin,
        year: c.year,
        horizon: c.horizon,
        forecast: points[i]!,
        actual: c.parts.reduce((s, p) => s + p.forecast.actual!, 0),
        scale: null,
        atOrigin: c.parts.reduce((s, p) => s + p.forecast.atOrigin!, 0),
        members: c.parts.length,
        ranged: ranged !== undefined,
        ...interval,
      });
    });
  }
  return out.sort((a, b) => METHOD_NAMES.indexOf(a.method) - METHOD_NAMES.indexOf(b.method) || a.origin - b.origin || a.year - b.year);
}

/**
 * The group's metrics by method and horizon: accuracy against naive's over the same forecasts, and
 * for the recommended total (the only one with a range) coverage, the shares below and above, width
 * and interval score; null for the points, which have no range to hold.
 */
export function groupMetrics(forecasts: readonly GroupForecast[], areaKey: string): MetricsRow[] {
  const rows = metricsTable(
    forecasts.map((f) => ({ ...f, areaKey })),
    { perArea: false },
  );
  const order = (m: string) => METHOD_NAMES.indexOf(m as MethodName);
  return rows
    .sort((a, b) => order(a.method) - order(b.method) || a.horizon - b.horizon)
    .map((row) => {
      if (row.method === 'recommended') return { ...row, areaKey };
      return {
        ...row,
        areaKey,
        coverage80: null,
        coverage95: null,
        below80: null,
        above80: null,
        below95: null,
        above95: null,
        width80: null,
        width95: null,
        winkler80: null,
        winkler95: null,
      };
    });
}
