import type { MetricsRow } from '../model/evaluation/metrics.js';
import type { PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import type { AutoChoice } from '../model/projection/types.js';
import type { Area } from '../model/types.js';
import type { EpisodeSummary } from './episodes.js';
import type { GroupBacktestOutput, GroupProjection, GroupReportInput, GroupScenarioRun, GroupSufficiency } from './groupModel.js';
import type { HtmlReportInput } from './html.js';
import type { RunHeader } from './json.js';
import type { AreaReport } from './model.js';
import type { PlacementBacktestOutput } from './placementBacktest.js';
import type { AreaScenarioReports } from './placementScenarios.js';
import type { PngOptions } from './png.js';
import type { ScenarioRun } from './scenario.js';
import type { RunSettings } from './settings.js';
import type { SufficiencyReport } from './sufficiency.js';
import type { TransitionScenarioRun } from './transitionScenarios.js';

/** The shapes the output registry (report/outputs.ts) renders: one entry per command's result. */

/** What a renderer needs besides the data: the terminal, the tool, the fonts charts are drawn in. */
export interface RenderSettings {
  width: number;
  color: boolean;
  toolVersion: string;
  fonts: () => Pick<PngOptions, 'fontFiles' | 'fontFamily'>;
}

/** A backtest's results as the outputs show them. */
export interface BacktestOutput {
  header: RunHeader;
  /** Every metrics row in its order (by area, size band, method, horizon); the pool's and each area's. */
  rows: MetricsRow[];
  pooled: MetricsRow[];
  byArea: MetricsRow[];
  areasByKey: Map<string, Area>;
  areas: Area[];
  /** One area asked for (its name titles the table), or several pooled. */
  many: boolean;
  perArea: boolean;
  origins: number[];
  horizon: number;
  /** auto's choice at each area's latest origin. */
  choices: { area: Area; choice: AutoChoice }[];
  skipped: number;
  /** With --episodes: placements by type from the council's own returns. */
  placements?: PlacementBacktestOutput;
}

/** The data each command renders, by the name of its output. */
export interface Outputs {
  project: { header: RunHeader; reports: AreaReport[]; explain: boolean };
  backtest: BacktestOutput;
  scenario: { header: RunHeader; runs: ScenarioRun[]; scenarios: Record<string, unknown>[]; transitions?: TransitionScenarioRun[] };
  sufficiency: {
    header: RunHeader;
    reports: SufficiencyReport[];
    transitions?: PlacementTransitionParameters[];
    settings: RunSettings;
    /** With --scenario: each scenario's placements beside the baseline, and what each file said. */
    scenarios?: { areas: AreaScenarioReports[]; files: Record<string, unknown>[] };
  };
  episodes: { header: RunHeader; summary: EpisodeSummary };
  chart: { report: AreaReport };
  report: HtmlReportInput;
  /** `project --group`: each group's total and its members (the same formats as project). */
  groupProject: { header: RunHeader; projections: GroupProjection[] };
  /** `backtest --group`: each group's total, then its members. */
  groupBacktest: GroupBacktestOutput;
  /** `sufficiency --group`: each group's placements, gap and costs, then its members'. */
  groupSufficiency: { header: RunHeader; groups: GroupSufficiency[]; settings: RunSettings };
  /** `scenario --group`: each group's flow total by scenario, then its members'. */
  groupScenario: { header: RunHeader; runs: GroupScenarioRun[]; scenarios: Record<string, unknown>[] };
  /** `report --group`: one page for a group of councils. */
  groupReport: GroupReportInput;
}
export type OutputName = keyof Outputs;
