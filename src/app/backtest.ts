import { InputError, InsufficientDataError, UsageError } from '../errors.js';
import { describeArea } from '../model/areas/matching.js';
import { autoForecasts } from '../model/evaluation/auto.js';
import { historyUpTo, rollingForecasts, type Forecast } from '../model/evaluation/backtest.js';
import { groupForecasts, groupMetrics } from '../model/evaluation/groupBacktest.js';
import { metricsTable, type AreaForecast, type MetricsRow } from '../model/evaluation/metrics.js';
import { SIZE_BANDS } from '../model/methods/recommended.js';
import type { AutoChoice, MethodParameters, RecommendedInputs } from '../model/projection/types.js';
import type { GroupBacktestOutput, GroupBacktestResult } from '../report/groupModel.js';
import { AUTO_CANDIDATES, BASE_METHOD_NAMES, METHOD_NAMES, type Area, type AreaHistory, type MethodName } from '../model/types.js';
import type { RunContext } from './context.js';
import { forEachArea, historyOf, loadInputs, type InputOptions, type LoadedInputs } from './inputs.js';
import { loadGroupInputs, type GroupInputs, type GroupSettings } from './groups.js';
import { projectionOptionsFrom, runParameters } from './parameters.js';
import { knownPopulation } from './population.js';
import { recommendedContext } from './regions.js';
import { placementBacktestFor, type PlacementBacktestRun } from './placementBacktest.js';
import { loadReturns, otherCouncil, type CouncilReturns } from './returns.js';

/**
 * Paths per flow forecast in a backtest: every area and origin is simulated, and 250 paths place
 * the 10th and 90th percentiles to within about 2% of the spread, enough to measure coverage.
 */
export const BACKTEST_SIMULATIONS = 250;

/** What a backtest is asked for: the methods' parameters and the backtest's own. */
export interface BacktestSettings extends MethodParameters {
  origins?: number[];
  horizon: number;
  methods: MethodName[];
  populationAsOf: 'estimates' | 'origin';
}

export interface AreaBacktest {
  area: Area;
  forecasts: Forecast[];
  latestChoice?: AutoChoice;
  skippedOrigins: number;
}

/**
 * One area's rolling-origin backtest: the population as estimates only (a projection is not what
 * later happened), every base method fitted at every origin, auto chosen at each origin from the
 * forecasts before it; only the methods and origins asked for kept. `history` may be cut at a base
 * year (the report backtests only what was known then).
 * @throws InsufficientDataError when no origin has enough history
 */
export function backtestArea(
  context: RunContext,
  inputs: LoadedInputs,
  area: Area,
  settings: BacktestSettings,
  {
    returns,
    recommended,
    history = historyOf(inputs, area),
  }: { returns?: CouncilReturns; recommended?: RecommendedInputs; history?: AreaHistory } = {},
): AreaBacktest {
  // Naive is always fitted (the benchmark every error is set against); auto needs its candidates.
  const fitted = BASE_METHOD_NAMES.filter(
    (m) => m === 'naive' || settings.methods.includes(m) || (settings.methods.includes('auto') && AUTO_CANDIDATES.includes(m)),
  );
  const known = knownPopulation(context, inputs, area);
  const rolling = rollingForecasts(history, known, {
    horizon: settings.horizon,
    populationAsOf: settings.populationAsOf,
    returns,
    projection: { ...projectionOptionsFrom(settings), methods: fitted, recommended },
  });
  if (rolling.origins.length === 0) {
    throw new InsufficientDataError(
      `no origin with enough history to fit every method (${rolling.skipped[0]?.reason ?? 'history too short'})`,
    );
  }
  let forecasts = rolling.forecasts;
  let latestChoice: AutoChoice | undefined;
  if (settings.methods.includes('auto')) {
    const auto = autoForecasts(rolling.forecasts, rolling.origins, AUTO_CANDIDATES);
    forecasts = [...forecasts, ...auto.forecasts];
    latestChoice = auto.choices.at(-1);
  }
  const wanted = (f: Forecast) =>
    settings.methods.includes(f.method) && (settings.origins === undefined || settings.origins.includes(f.origin));
  const skippedOrigins = rolling.skipped.filter((s) => settings.origins === undefined || settings.origins.includes(s.origin)).length;
  return { area, forecasts: forecasts.filter(wanted), latestChoice, skippedOrigins };
}

export interface BacktestRunSettings extends InputOptions, BacktestSettings {
  episodes?: string[];
  includeShortBreaks?: boolean;
}

/** A backtest of every selected area, with its metrics pooled and by area, in a stable order. */
export interface BacktestRun {
  inputs: LoadedInputs;
  results: AreaBacktest[];
  /** Every metrics row, by area, size band, method and horizon; the pool's (and by size band with several), then by area. */
  rows: MetricsRow[];
  pooled: MetricsRow[];
  byArea: MetricsRow[];
  /** `areaKey` of the metrics rows -> the area. */
  areasByKey: Map<string, Area>;
  /** Every forecast with its area, ordered by area, method, origin and year. */
  forecasts: { area: Area; forecast: Forecast }[];
  origins: number[];
  choices: { area: Area; choice: AutoChoice }[];
  /** Area-origins left out for too little history. */
  skipped: number;
  /** With --episodes: placements by type from the council's own returns (transitions against the fixed mix). */
  placements?: PlacementBacktestRun;
}

export const areaKey = (area: Area) => `${area.code}|${area.dfeCode ?? ''}|${area.name}`;

export async function backtestAreas(context: RunContext, settings: BacktestRunSettings): Promise<BacktestRun> {
  // Backtests join reorganised councils into one series: the same children, years before and after.
  const inputs = loadInputs(context, settings, { ...settings, joinReorganised: true });
  const returns = settings.episodes
    ? await loadReturns(context, settings.episodes, inputs, { includeShortBreaks: settings.includeShortBreaks })
    : undefined;
  if (returns && settings.origins?.some((o) => o < returns.care.firstYear || o > returns.care.lastYear)) {
    throw new UsageError(`with --episodes the origins must lie within the returns, ${returns.care.firstYear}-${returns.care.lastYear}`);
  }
  const recommendedFor = recommendedContext(
    context,
    inputs.allAreas,
    inputs.historyFiles.map((f) => f.source),
  );
  const progress = context.progress('backtest', inputs.selected.length);
  const results = forEachArea(context, inputs, (area): AreaBacktest => {
    progress.tick(describeArea(area));
    if (returns) {
      const warning = otherCouncil(returns, historyOf(inputs, area));
      if (warning) context.log.warn(warning);
    }
    return backtestArea(context, inputs, area, settings, { returns, recommended: recommendedFor(area) });
  });
  progress.done();

  const tagged: AreaForecast[] = results.flatMap((r) => r.forecasts.map((f) => ({ ...f, areaKey: areaKey(r.area) })));
  if (!tagged.some((f) => f.actual !== null)) {
    throw new InsufficientDataError('no forecast could be checked against a later count: the history is too short to backtest');
  }
  const methodOrder = (m: string) => METHOD_NAMES.indexOf(m as MethodName);
  const sizeOrder = (band: string) => ['all', ...SIZE_BANDS].indexOf(band);
  const rows = metricsTable(tagged, { perArea: inputs.many, bySize: inputs.many }).sort(
    (a, b) =>
      (a.areaKey ?? '').localeCompare(b.areaKey ?? '', 'en') ||
      sizeOrder(a.sizeBand) - sizeOrder(b.sizeBand) ||
      methodOrder(a.method) - methodOrder(b.method) ||
      a.horizon - b.horizon,
  );
  const forecasts = results
    .flatMap((r) => r.forecasts.map((forecast) => ({ area: r.area, forecast })))
    .sort(
      (a, b) =>
        areaKey(a.area).localeCompare(areaKey(b.area), 'en') ||
        methodOrder(a.forecast.method) - methodOrder(b.forecast.method) ||
        a.forecast.origin - b.forecast.origin ||
        a.forecast.year - b.forecast.year,
    );
  const origins = [...new Set(tagged.map((f) => f.origin))].sort((a, b) => a - b);
  const placements = returns
    ? placementBacktestFor(context, inputs, results[0]!.area, returns, settings, origins, results[0]!.forecasts)
    : undefined;
  return {
    inputs,
    results,
    rows,
    pooled: rows.filter((r) => r.areaKey === null),
    byArea: rows.filter((r) => r.areaKey !== null),
    areasByKey: new Map(results.map((r) => [areaKey(r.area), r.area])),
    forecasts,
    origins,
    choices: results.flatMap((r) => (r.latestChoice ? [{ area: r.area, choice: r.latestChoice }] : [])),
    skipped: results.reduce((s, r) => s + r.skippedOrigins, 0),
    ...(placements ? { placements } : {}),
  };
}

/**
 * Rolling-origin backtest of every member (`backtestArea`, the history cut at each origin), then
 * each group's total forecast summed from them (`model/evaluation/groupBacktest.ts`), its range the
 * group's as the calibration stood at the origin, and its metrics against naive's.
 */
export async function backtestGroups(
  context: RunContext,
  settings: BacktestRunSettings & GroupSettings & { perArea?: boolean },
): Promise<GroupBacktestOutput> {
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
  const parameters = runParameters(settings, { origins, horizon: settings.horizon, populationAsOf: settings.populationAsOf });
  const header = { command: 'backtest', parameters, inputs: context.inputs, notes: [] };
  return { header, results, members, origins, horizon: settings.horizon, perArea: settings.perArea === true };
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
