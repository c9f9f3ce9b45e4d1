import type { Region, RegionalGrowth, RegionalSeries, RegionalSource } from '../areas/regions.js';
import type { CareHistory } from '../episodes/periods.js';
import type { DurationFlowProjection } from '../methods/durationFlow.js';
import type { FlowProjection, FlowScenario } from '../methods/flow.js';
import type { SizeBand } from '../methods/recommended.js';
import type { PastErrors } from '../methods/recommendedRanges.js';
import type { TrendFit } from '../methods/trend.js';
import type { RandomWalkSpread } from '../stats/intervals.js';
import type { ActualYear, Area, BaseMethodName, MethodName, ProjectedYear } from '../types.js';

/** What a projection of one area holds, and the options it is made with. */

/** How `auto` chose at one origin. */
export interface AutoChoice {
  origin: number;
  method: MethodName;
  /** Mean absolute scaled error of each candidate over the forecasts judged, lowest first. */
  scores: { method: MethodName; mase: number; n: number }[];
  reason: string;
  /** Spread of the chosen method's past log errors per sqrt(year ahead); null when too few. */
  sigma: number | null;
  /** How many past errors sigma came from. */
  errors: number;
}

export interface ProjectionOptions {
  methods: readonly BaseMethodName[];
  /** Years averaged by avg3. */
  window: number;
  /** Years the trend line is fitted through. */
  trendYears: number;
  /** Damping phi of the trend, 0 < phi <= 1. */
  damping: number;
  /** The rate for 31 March Y uses the population of mid-year Y - lag (DfE: 1). */
  populationLag: number;
  /** Last year of history used; default the last year with a count. */
  baseYear?: number;
  /** Last projected year; default base year + 10. */
  toYear?: number;
  /**
   * Methods left out, with a warning, when the data cannot support them (the default run includes
   * flow, which needs starts, ceased and UASC); any other method that cannot be fitted is an error.
   */
  optional?: readonly BaseMethodName[];
  /** What the recommended projection reads beyond the area's own history. */
  recommended?: RecommendedInputs;
  /** The flow method's simulation and UASC settings, and a scenario to apply. */
  flow?: {
    simulations: number;
    seed: number;
    uascExitShare: number;
    scenario?: FlowScenario;
    /** Periods of care from SSDA903 returns: flow then uses exit hazards by time in care. */
    care?: CareHistory;
  };
}

/**
 * The recommended projection's regional series, in order of preference (the input's own councils,
 * its regional rows, the bundled national files), and the past errors its ranges are measured on.
 */
export interface RecommendedInputs {
  regional: readonly RegionalSeries[];
  /** Why the area has no regional series (not an English council the table knows), if so. */
  noRegion?: string;
  calibration?: PastErrors;
  /** Share of the region's growth kept one year ahead (phi); default RECOMMENDED_DAMPING. */
  damping?: number;
}

/** The methods' parameters a user sets (`--window`, `--seed`, ...), as commands and reports carry them. */
export interface MethodParameters {
  /** Years averaged by avg3. */
  window: number;
  trendYears: number;
  damping: number;
  populationLag: number;
  simulations: number;
  seed: number;
  uascExitShare: number;
}

export const DEFAULT_PROJECTION_OPTIONS: ProjectionOptions = {
  methods: ['recommended', 'avg3', 'trend', 'naive', 'flow'],
  window: 3,
  trendYears: 5,
  damping: 0.8,
  populationLag: 1,
};

/** The spread behind a method's intervals, and the units it is in. */
export interface IntervalBasis extends RandomWalkSpread {
  /**
   * rate/count: random walk on that series; log-ratio: past forecast errors (auto); simulation:
   * quantiles of simulated paths (flow: sigma is the entries' over-dispersion, changes the paths);
   * empirical: quantiles of past errors across councils (recommended: sigma is half the one-year
   * 80% width on the log scale, changes the errors it came from).
   */
  unit: 'rate' | 'count' | 'log-ratio' | 'simulation' | 'empirical';
}

export type MethodAssumptions =
  | { method: 'avg3'; ratePer10k: number; years: number[] }
  | { method: 'trend'; fit: TrendFit; damping: number }
  | { method: 'naive'; year: number; cla: number }
  | RecommendedAssumptions
  | { method: 'auto'; choice: AutoChoice; backtestHorizon: number }
  | { method: 'flow'; flow: FlowProjection; simulations: number; seed: number }
  | { method: 'flow'; durations: DurationFlowProjection; simulations: number; seed: number };

/** How the recommended projection was made for one area, for the Assumptions. */
export interface RecommendedAssumptions {
  method: 'recommended';
  /** The base year's count, S_T. */
  year: number;
  cla: number;
  damping: number;
  /** The region's growth and where its series came from; absent when it fell back to naive. */
  region?: { region: Region; source: RegionalSource; files: string[]; growth: RegionalGrowth };
  /** Why the last count was carried forward instead (naive, with naive's intervals). */
  fallback?: string;
  /** Where the ranges came from, per projected year. */
  calibration?: {
    description: string;
    asOf: number;
    band: SizeBand;
    /** The origins of the common shocks (one year ahead). */
    origins: { first: number; last: number; n: number };
    years: {
      year: number;
      horizon: number;
      /** h0: the horizon whose shocks and residuals were measured (below `horizon` beyond the data). */
      measuredHorizon: number;
      /** The residuals used: the band's own, or with its neighbour's or every size's. */
      pool: { band: SizeBand; own: number; borrowed?: SizeBand | 'all'; n: number };
    }[];
  };
  /** Projected years whose range chance alone widened (a small count), if any. */
  chanceYears?: number[];
}

export interface MethodProjection {
  method: MethodName;
  years: ProjectedYear[];
  assumptions: MethodAssumptions;
  interval: IntervalBasis;
}

export interface AreaProjection {
  area: Area;
  baseYear: number;
  toYear: number;
  populationLag: number;
  actual: ActualYear[];
  methods: MethodProjection[];
  /** Things the user should know: short windows, missing counts used around. */
  warnings: string[];
}
