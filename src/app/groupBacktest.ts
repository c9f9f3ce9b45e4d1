import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { describeArea } from '../model/areas/matching.js';
import { historyUpTo, type Forecast } from '../model/evaluation/backtest.js';
import { groupForecasts, groupMetrics } from '../model/evaluation/groupBacktest.js';
import { metricsTable } from '../model/evaluation/metrics.js';
import type { Area } from '../model/types.js';
import type { GroupBacktestResult } from '../report/groupModel.js';
import { areaKey, backtestArea, type BacktestRunSettings } from './backtest.js';
import { historyOf, type InputOptions } from './inputs.js';
import type { RunContext } from './context.js';
import { loadGroupInputs, type GroupInputs, type GroupSettings } from './groups.js';
import { recommendedContext } from './regions.js';

/** A backtest of each group's total, with its members' own forecasts (each member once). */
export interface GroupBacktestRun extends GroupInputs {
  results: GroupBacktestResult[];
  members: { area: Area; forecasts: Forecast[]; rows: ReturnType<typeof metricsTable> }[];
  origins: number[];
}

/**
 * Rolling-origin backtest of every member (`backtestArea`, the history cut at each origin), then
 * each group's total forecast summed from them (`model/evaluation/groupBacktest.ts`), its range the
 * group's as the calibration stood at the origin, and its metrics against naive's.
 */
export async function backtestGroups(context: RunContext, settings: BacktestRunSettings & GroupSettings): Promise<GroupBacktestRun> {
  if (settings.episodes) throw new UsageError("--episodes are one council's returns: a group run does not take them");
  const loaded = loadGroupInputs(context, settings, settings);
  const { results, backtests } = backtestMembers(context, loaded, settings);
  if (!results.some((r) => r.forecasts.length > 0)) {
    throw new InsufficientDataError('no group forecast could be checked against a later count: the history is too short to backtest');
  }
  const members = [...backtests.keys()]
    .filter((a) => Array.isArray(backtests.get(a)))
    .map((area) => {
      const forecasts = backtests.get(area) as Forecast[];
      return {
        area,
        forecasts,
        rows: metricsTable(forecasts.map((f) => ({ ...f, areaKey: areaKey(area) }))).filter((r) => r.areaKey !== null),
      };
    });
  const origins = [...new Set(results.flatMap((r) => r.forecasts.map((f) => f.origin)))].sort((a, b) => a - b);
  return { ...loaded, results, members, origins };
}

/**
 * Every member's rolling-origin backtest (each once; `upTo` cuts each history at a base year: what
 * was known then), and each group's total forecasts and metrics from them.
 */
export function backtestMembers(
  context: RunContext,
  { inputs, groups }: GroupInputs,
  settings: Omit<BacktestRunSettings, keyof InputOptions>,
  upTo?: number,
): { results: GroupBacktestResult[]; backtests: Map<Area, Forecast[] | string> } {
  const recommendedFor = recommendedContext(
    context,
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const table = context.bundled.regionTable();
  const distinct = [...new Set(groups.flatMap((g) => g.members))];
  const progress = context.progress('backtest', distinct.length);
  const backtests = new Map<Area, Forecast[] | string>();
  for (const area of distinct) {
    progress.tick(describeArea(area));
    try {
      const history = upTo === undefined ? historyOf(inputs, area) : historyUpTo(historyOf(inputs, area), upTo);
      backtests.set(area, backtestArea(context, inputs, area, settings, { recommended: recommendedFor(area), history }).forecasts);
    } catch (err) {
      const skippable = err instanceof InsufficientDataError || (err instanceof InputError && err.code === 'no-population');
      if (!skippable) throw err;
      backtests.set(area, err.message);
    }
  }
  progress.done();
  const calibration = recommendedFor(distinct[0]!).calibration;
  const results = groups.map((group): GroupBacktestResult => {
    const own = group.members.filter((a) => Array.isArray(backtests.get(a)));
    const forecasts = groupForecasts(
      own.map((area) => ({ region: table.regionOf(area)?.code ?? '', forecasts: backtests.get(area) as Forecast[] })),
      { calibration, seed: settings.seed },
    );
    return {
      group,
      forecasts,
      rows: groupMetrics(forecasts, group.name),
      unbacktested: group.members.filter((a) => !own.includes(a)).map((area) => ({ area, reason: backtests.get(area) as string })),
    };
  });
  return { results, backtests };
}
