import type { Forecast } from '../model/evaluation/backtest.js';
import {
  placementBacktest,
  placementMetrics,
  type PlacementForecast,
  type PlacementMetricsRow,
} from '../model/evaluation/placementBacktest.js';
import type { CodeCategory } from '../model/episodes/placementTypes.js';
import type { MethodParameters } from '../model/projection/types.js';
import type { Area } from '../model/types.js';
import type { RunContext } from './context.js';
import { historyOf, type LoadedInputs } from './inputs.js';
import { projectionOptionsFrom } from './parameters.js';
import { knownPopulation } from './population.js';
import type { CouncilReturns } from './returns.js';

/** The placement backtest of one council's returns, as the outputs show it. */
export interface PlacementBacktestRun {
  area: Area;
  origins: number[];
  horizon: number;
  skipped: { origin: number; reason: string }[];
  forecasts: PlacementForecast[];
  metrics: PlacementMetricsRow[];
  /** The recommended projection was not among --methods: the fixed mix is scored on the transitions' total only. */
  withoutRecommended: boolean;
}

/**
 * `backtest --episodes`: placements by type from the council's own returns at the main backtest's
 * origins (model/evaluation/placementBacktest.ts), the fixed mix times the recommended total taken
 * from the main backtest's own recommended forecasts.
 */
export function placementBacktestFor(
  context: RunContext,
  inputs: LoadedInputs,
  area: Area,
  returns: CouncilReturns,
  settings: MethodParameters & { horizon: number },
  origins: readonly number[],
  forecasts: readonly Forecast[],
): PlacementBacktestRun {
  const recommended = new Map(forecasts.filter((f) => f.method === 'recommended').map((f) => [`${f.origin}|${f.year}`, f]));
  const result = placementBacktest(historyOf(inputs, area), knownPopulation(context, inputs, area), {
    origins,
    horizon: settings.horizon,
    firstYear: returns.care.firstYear,
    lastYear: returns.care.lastYear,
    careAt: returns.careAt,
    stock: new Map(returns.counts.map((c) => [c.year, c.stockByPlacement as Readonly<Record<CodeCategory, number>>])),
    projection: projectionOptionsFrom(settings),
    recommended: (origin, year) => {
      const f = recommended.get(`${origin}|${year}`);
      return f ? { cla: f.forecast, lower80: f.lower80, upper80: f.upper80, lower95: f.lower95, upper95: f.upper95 } : undefined;
    },
  });
  return {
    area,
    origins: result.origins,
    horizon: settings.horizon,
    skipped: result.skipped,
    forecasts: result.forecasts,
    metrics: placementMetrics(result.forecasts),
    withoutRecommended: recommended.size === 0,
  };
}
