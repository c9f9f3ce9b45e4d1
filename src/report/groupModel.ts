import type { Group } from '../model/areas/groups.js';
import type { Forecast } from '../model/evaluation/backtest.js';
import type { GroupForecast } from '../model/evaluation/groupBacktest.js';
import type { MetricsRow } from '../model/evaluation/metrics.js';
import type { GroupTotal } from '../model/projection/groupTotal.js';
import type { Capacity } from '../model/sufficiency/placements.js';
import type { Area } from '../model/types.js';
import type { RunHeader } from './json.js';
import type { AreaReport } from './model.js';
import type { ScenarioRun } from './scenario.js';
import type { RunSettings } from './settings.js';
import type { SufficiencyReport } from './sufficiencyModel.js';

/** What the outputs of a group of councils show (computed in app/groups.ts). */

/** One member of a group's projection: its own projection, or why it is not in the total. */
export interface MemberProjection {
  area: Area;
  report?: AreaReport;
  /** Years its latest count lies before the group's base year. */
  lag: number;
  /** Why it is left out of the total (no count within 3 years of the base year, too short a history). */
  leftOut?: string;
  /** Methods it could not be given (no population for them), and why. */
  withoutPopulation?: string;
}

/** A group's projection: the total first, then each member. */
export interface GroupProjection {
  group: Group;
  total: GroupTotal;
  members: MemberProjection[];
  /** What a reader of the total must know: members left out or projected from an older count. */
  warnings: string[];
}

/** A group's backtest: its total's forecasts and metrics, and the members it could not backtest. */
export interface GroupBacktestResult {
  group: Group;
  forecasts: GroupForecast[];
  rows: MetricsRow[];
  /** Members with no backtest (too short a history, no population), and why. */
  unbacktested: { area: Area; reason: string }[];
}

/** What `backtest --group` outputs: each group's total, and each member's own forecasts and metrics. */
export interface GroupBacktestOutput {
  header: RunHeader;
  results: GroupBacktestResult[];
  /** Each member once, whichever groups it is in. */
  members: { area: Area; forecasts: Forecast[]; rows: MetricsRow[] }[];
  origins: number[];
  horizon: number;
  perArea: boolean;
}

/** `sufficiency --group`: the group's placements, places, gap and costs, then each member's. */
export interface GroupSufficiency {
  group: Group;
  total: SufficiencyReport;
  members: SufficiencyReport[];
  /** Where each member's placement counts came from: its own file, or DfE's published figures. */
  sources: { area: Area; source: string; published: boolean }[];
  /** Places the capacity file gives the group itself, shared by its members. */
  shared: Capacity[];
  /** The total's caveats (members left out, projected from an older count, no range). */
  warnings: string[];
}

/** `scenario --group`: the group's flow total under the baseline and each scenario, then each member's. */
export interface GroupScenarioRun {
  group: Group;
  baseYear: number;
  /** The baseline first: the members' flow projections added up (points), and whom each scenario acts on. */
  totals: { name: string; source?: string; description?: string; targets: string; years: { year: number; cla: number }[] }[];
  members: ScenarioRun[];
  warnings: string[];
}

/** Everything `report --group` puts on its page. */
export interface GroupReportInput {
  projection: GroupProjection;
  /** The group's backtest on the history up to its base year, or why there is none. */
  backtest: (GroupBacktestResult & { horizon: number }) | { unavailable: string };
  /** Placements, gap and costs; undefined when a member has no placement counts. */
  sufficiency?: GroupSufficiency;
  settings: RunSettings;
  inputs: readonly { role: string; file: string; sha256: string }[];
  toolVersion: string;
  /** The command line after `lacproj`, shown so the page can be made again. */
  command: readonly string[];
}
