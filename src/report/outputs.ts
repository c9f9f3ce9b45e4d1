import type { PlacementTransitionParameters } from '../model/methods/placementTransitions.js';
import type { Area } from '../model/types.js';
import { UsageError } from '../errors.js';
import { describeArea } from '../model/areas/matching.js';
import { describeChoices, FORECAST_COLUMNS, forecastRecords, METRICS_COLUMNS, metricsRecords, renderBacktestTable } from './backtest.js';
import { renderChartSvg, renderTextChart } from './chart.js';
import { bundledDataLine } from './bundledNote.js';
import { renderCsv } from './csv.js';
import {
  EPISODE_COUNT_COLUMNS,
  episodeRecords,
  publishedWarning,
  renderEpisodeTable,
  renderSurvivalSvg,
  type EpisodeSummary,
} from './episodes.js';
import { renderExplain } from './explain.js';
import { renderFlowDetail } from './flow.js';
import { INDEX_PAGE, indexEntry, pageName, renderReportIndex, type IndexEntry, type ReportFolderIndex } from './html-index.js';
import {
  GROUP_FORECAST_COLUMNS,
  GROUP_METRICS_COLUMNS,
  groupBacktestJson,
  groupForecastRecords,
  groupMetricsRecords,
  renderGroupBacktestTable,
} from './groupBacktest.js';
import type { GroupBacktestOutput } from './groupModel.js';
import { renderGroupHtmlReport } from './html-group.js';
import { GROUP_SCENARIO_COLUMNS, groupScenarioJson, groupScenarioRecords, renderGroupScenarioTable } from './groupScenario.js';
import {
  GROUP_SUFFICIENCY_COLUMNS,
  groupSufficiencyJson,
  groupSufficiencyRecords,
  renderGroupSufficiencyTable,
} from './groupSufficiency.js';
import { GROUP_PROJECTION_COLUMNS, groupProjectionJson, groupProjectionRecords, renderGroupTable } from './groups.js';
import { renderHtmlReport, type HtmlReportInput } from './html.js';
import { jsonDocument, projectionJson, snakeCaseKeys } from './json.js';
import { PROJECTION_COLUMNS, projectionRecords, type AreaReport } from './model.js';
import { placementBacktestJson, renderPlacementBacktest } from './placementBacktest.js';
import { wrapText } from './plain-table.js';
import { renderPng } from './png.js';
import {
  renderPlacementScenarios,
  SCENARIO_SHEET_COLUMNS,
  SCENARIO_SUFFICIENCY_COLUMNS,
  scenarioSheetRows,
  scenarioSufficiencyJson,
  scenarioSufficiencyRecords,
} from './placementScenarios.js';
import {
  renderScenarioTable,
  SCENARIO_COLUMNS,
  scaledRecords,
  scenarioBaselineNote,
  scenarioRecords,
  scenarioRuleNotes,
  type ScenarioRun,
} from './scenario.js';
import { renderTable } from './table.js';
import type { BacktestOutput, OutputName, Outputs, RenderSettings } from './outputTypes.js';
import { localityRecords, renderSufficiencyTable, SUFFICIENCY_COLUMNS, sufficiencyRecords, verdictRecords } from './sufficiency.js';
import { renderTransitionScenarioTable, transitionScenarioRecords } from './transitionScenarios.js';
import { basisNotes, describeBasis } from './sufficiencyBasis.js';
import { renderTransitionsCsv, renderTransitionsTable, transitionRecords } from './transitions.js';
import { renderWorkbook } from './xlsx.js';

/**
 * The output registry: every command's result, in every format it is offered in, rendered here
 * and nowhere else. A command hands over its data and the format asked for; adding a format is an
 * entry in a command's row below (and `--format` offers it), adding a command a row.
 */

export type { BacktestOutput, OutputName, Outputs, RenderSettings } from './outputTypes.js';

type Rendered = string | Uint8Array;
type Renderer<T> = (data: T, settings: RenderSettings) => Rendered | Promise<Rendered>;

const OUTPUTS: { [K in OutputName]: Record<string, Renderer<Outputs[K]>> } = {
  project: {
    table: ({ reports, explain }, s) => {
      const table = renderProjectionTable(reports, s);
      return explain ? `${table}\n${renderExplain(reports, { width: s.width })}` : table;
    },
    csv: ({ reports }) => renderCsv(PROJECTION_COLUMNS, projectionRecords(reports)),
    json: ({ header, reports }, s) => jsonDocument(header, projectionJson(reports), s.toolVersion),
  },
  backtest: {
    table: (b, s) => {
      const scope = b.many ? `${b.areas.length} areas, pooled` : describeArea(b.areas[0]!);
      const title = `Backtest of ${scope}: origins ${b.origins[0]}-${b.origins.at(-1)}, forecasts 1-${b.horizon} years ahead`;
      let output = renderBacktestTable(title, b.pooled, backtestNotes(b), { width: s.width });
      if (b.perArea && b.many) {
        for (const area of b.areas) {
          const own = b.byArea.filter((r) => r.areaKey === areaKeyOf(b, area));
          output += '\n' + renderBacktestTable(describeArea(area), own, [], { width: s.width });
        }
      }
      return b.placements ? `${output}\n${renderPlacementBacktest(b.placements, { width: s.width })}` : output;
    },
    csv: (b) => renderCsv(METRICS_COLUMNS, backtestMetrics(b)),
    json: (b, s) =>
      jsonDocument(
        { ...b.header, notes: [...b.header.notes, ...backtestNotes(b)] },
        {
          metrics: backtestMetrics(b),
          auto_choices: b.choices.map(({ area, choice }) => ({ area_code: area.code, area_name: area.name, ...choice })),
          ...(b.placements ? { placements: placementBacktestJson(b.placements) } : {}),
        },
        s.toolVersion,
      ),
  },
  scenario: {
    table: ({ runs, transitions }, s) =>
      transitions ? renderTransitionScenarioTable(transitions, { width: s.width }) : renderScenarioTable(runs, { width: s.width }),
    csv: ({ runs, transitions }) =>
      renderCsv(SCENARIO_COLUMNS, transitions ? transitionScenarioRecords(transitions) : scenarioRecords(runs)),
    json: ({ header, runs, scenarios, transitions }, s) =>
      jsonDocument(
        { ...header, notes: [...header.notes, ...runs.flatMap((r) => [...scenarioRuleNotes(r), scenarioBaselineNote(r)])] },
        transitions
          ? { scenarios: snakeCaseKeys(scenarios), records: transitionScenarioRecords(transitions) }
          : {
              scenarios: snakeCaseKeys(scenarios),
              records: scenarioRecords(runs),
              scaled_onto_recommended: scaledRecords(runs, { rounded: true }),
            },
        s.toolVersion,
      ),
  },
  sufficiency: {
    table: ({ reports, transitions, scenarios }, s) => {
      const extra = (transitions ?? []).map((t) => renderTransitionsTable(t, { width: s.width })).join('\n');
      const beside = scenarios ? `\n${renderPlacementScenarios(reports, scenarios.areas, { width: s.width })}` : '';
      return renderSufficiencyTable(reports, { width: s.width }) + beside + (extra === '' ? '' : `\n${extra}`);
    },
    csv: ({ reports, scenarios }) =>
      scenarios
        ? renderCsv(SCENARIO_SUFFICIENCY_COLUMNS, scenarioSufficiencyRecords(reports, scenarios.areas))
        : renderCsv(SUFFICIENCY_COLUMNS, sufficiencyRecords(reports)),
    json: ({ header, reports, transitions, scenarios }, s) =>
      jsonDocument(
        header,
        {
          areas: reports.map((r) => ({
            area: r.area,
            method: r.method,
            placement_types: describeBasis(r.basis),
            warnings: r.warnings ?? [],
            notes: basisNotes(r.basis),
            ...verdictRecords(r),
            ...(r.locality ? { locality: localityRecords(r.locality) } : {}),
          })),
          records: sufficiencyRecords(reports),
          ...(scenarios
            ? {
                scenarios: scenarioSufficiencyJson(
                  reports,
                  scenarios.areas,
                  scenarios.files.map((f) => snakeCaseKeys(f) as Record<string, unknown>),
                ),
              }
            : {}),
          ...(transitions ? { transitions: transitions.map(transitionRecords) } : {}),
        },
        s.toolVersion,
      ),
    xlsx: ({ header, reports, settings, scenarios }, s) =>
      renderWorkbook(reports, {
        settings,
        inputs: header.inputs,
        toolVersion: s.toolVersion,
        fonts: s.fonts(),
        ...(scenarios
          ? { extraSheets: [{ name: 'Scenarios', columns: SCENARIO_SHEET_COLUMNS, rows: scenarioSheetRows(reports, scenarios.areas) }] }
          : {}),
      }),
  },
  episodes: {
    table: ({ summary }, s) => renderEpisodeTable(summary, { width: s.width }),
    csv: ({ summary }) => renderCsv(EPISODE_COUNT_COLUMNS, episodeRecords(summary)),
    json: ({ header, summary }, s) =>
      jsonDocument(
        header,
        {
          files: summary.files,
          episodes: summary.episodes,
          periods: summary.periods,
          children: summary.children,
          censor_year: summary.censorYear,
          short_breaks: summary.shortBreaks,
          records: episodeRecords(summary),
          published: summary.published ?? null,
          warnings: summary.published && publishedWarning(summary.published) ? [publishedWarning(summary.published)] : [],
          problems: summary.problems,
        },
        s.toolVersion,
      ),
  },
  chart: {
    svg: ({ report }) => renderChartSvg(report),
    png: async ({ report }, s) => renderPng(await renderChartSvg(report), s.fonts()),
    text: ({ report }) => renderTextChart(report),
  },
  report: {
    html: (input) => renderHtmlReport(input),
  },
  groupProject: {
    table: ({ projections }, s) => renderGroupTable(projections, { width: s.width }),
    csv: ({ projections }) => renderCsv(GROUP_PROJECTION_COLUMNS, groupProjectionRecords(projections)),
    json: ({ header, projections }, s) => jsonDocument(header, groupProjectionJson(projections), s.toolVersion),
  },
  groupBacktest: {
    table: (b, s) => renderGroupBacktestTable(b, { width: s.width }),
    csv: (b) => renderCsv(GROUP_METRICS_COLUMNS, groupMetricsRecords(b)),
    json: (b, s) => jsonDocument(b.header, groupBacktestJson(b), s.toolVersion),
  },
  groupSufficiency: {
    table: ({ groups }, s) => renderGroupSufficiencyTable(groups, { width: s.width }),
    csv: ({ groups }) => renderCsv(GROUP_SUFFICIENCY_COLUMNS, groupSufficiencyRecords(groups)),
    json: ({ header, groups }, s) => jsonDocument(header, groupSufficiencyJson(groups), s.toolVersion),
    xlsx: ({ header, groups, settings }, s) =>
      renderWorkbook(
        groups.flatMap((g) => [g.total, ...g.members]),
        { settings, inputs: header.inputs, toolVersion: s.toolVersion, fonts: s.fonts() },
      ),
  },
  groupScenario: {
    table: ({ runs }, s) => renderGroupScenarioTable(runs, { width: s.width }),
    csv: ({ runs }) => renderCsv(GROUP_SCENARIO_COLUMNS, groupScenarioRecords(runs)),
    json: ({ header, runs, scenarios }, s) =>
      jsonDocument(header, { scenarios: snakeCaseKeys(scenarios), ...groupScenarioJson(runs) }, s.toolVersion),
  },
  groupReport: {
    html: (input) => renderGroupHtmlReport(input),
  },
};

/** The formats an output is offered in, the first the default (`--format` choices). */
export function formatsOf(name: OutputName): string[] {
  return Object.keys(OUTPUTS[name]);
}

/** The formats a file's extension names (`.txt`: any text, a table by default). */
const EXTENSION_FORMATS: Readonly<Record<string, readonly string[]>> = {
  csv: ['csv'],
  json: ['json'],
  xlsx: ['xlsx'],
  svg: ['svg'],
  png: ['png'],
  html: ['html'],
  htm: ['html'],
  txt: ['table', 'text', 'csv', 'json'],
};

/**
 * What an output file's name says about its format: the formats its extension names, and the one
 * of them this output is written in by default; undefined for a name without a known extension
 * (`-`, `/dev/null`, `projection`).
 */
function extensionFormats(name: OutputName, path: string): { extension: string; formats: readonly string[]; default?: string } | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  const formats = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  if (formats === undefined) return undefined;
  return { extension: extension!, formats, default: formats.find((f) => formatsOf(name).includes(f)) };
}

/**
 * The format to write: `--format` when `given`, else the one `--out`'s extension names (x.csv: csv).
 * A format the file's name contradicts (`--format png --out x.svg`), or a kind of file the command
 * does not write, is refused.
 * @throws UsageError
 */
export function formatForFile(name: OutputName, command: string, options: { format: string; out?: string }, given: boolean): string {
  const named = options.out === undefined ? undefined : extensionFormats(name, options.out);
  if (named === undefined) return options.format;
  if (given ? named.formats.includes(options.format) : named.default !== undefined) return given ? options.format : named.default!;
  throw new UsageError(
    `--out ${options.out} names a .${named.extension} file, but ${command} ${given ? `--format ${options.format} writes ${options.format}` : `writes ${formatsOf(name).join(', ')}`}: name the file for its format${named.default ? `, or give --format ${named.default}` : ''}`,
  );
}

/** Render one command's result in one format. */
export async function renderOutput<K extends OutputName>(
  name: K,
  format: string,
  data: Outputs[K],
  settings: RenderSettings,
): Promise<Rendered> {
  const renderer = OUTPUTS[name][format];
  if (!renderer) throw new Error(`no ${format} renderer for ${name}`);
  const rendered = await renderer(data, settings);
  // Every table ends by saying which bundled data it rests on and where they stop.
  const bundled = format === 'table' && 'header' in data ? bundledDataLine(data.header.inputs) : undefined;
  if (bundled === undefined || typeof rendered !== 'string') return rendered;
  return `${rendered.replace(/\n*$/, '\n')}\n${wrapText(bundled.replace(/^b/, 'B'), settings.width).join('\n')}\n`;
}

/**
 * A folder of reports (`report --area all --out DIR`), written as it is made: each council's page,
 * as `lacproj report` writes it for one council with a link back to the index, handed to `folder`
 * and let go (the index keeps a line of it), then the index.
 */
export function reportFolder(folder: { add(name: string, content: string): void }) {
  const used = new Set<string>();
  const entries: IndexEntry[] = [];
  const bundled: { bundled?: string }[] = [];
  return {
    async page(page: HtmlReportInput): Promise<void> {
      const name = pageName(page.report.projection.area, used);
      folder.add(name, await renderHtmlReport({ ...page, index: INDEX_PAGE }));
      entries.push(indexEntry(page, name));
      bundled.push(...page.inputs.filter((i) => i.bundled !== undefined && !bundled.some((b) => b.bundled === i.bundled)));
    },
    index(run: Omit<ReportFolderIndex, 'entries' | 'bundled'>): void {
      folder.add(INDEX_PAGE, renderReportIndex({ ...run, entries, bundled: bundledDataLine(bundled) }));
    },
  };
}

/**
 * The side files a command may also write (`--detail`, `--chart`, `--forecasts`, `--metrics`,
 * `--transitions`, `--survival-chart`): each rendered here too.
 */
export const SIDE_OUTPUTS = {
  flowDetail: (reports: readonly AreaReport[]) => renderFlowDetail(reports),
  chartSvg: (report: AreaReport) => renderChartSvg(report),
  textCharts: (reports: readonly AreaReport[]) => reports.map((r) => renderTextChart(r)).join('\n'),
  explain: (reports: readonly AreaReport[], settings: RenderSettings) => renderExplain(reports, { width: settings.width }),
  forecasts: (b: { forecasts: Parameters<typeof forecastRecords>[0] }) => renderCsv(FORECAST_COLUMNS, forecastRecords(b.forecasts)),
  metrics: (b: BacktestOutput) => renderCsv(METRICS_COLUMNS, backtestMetrics(b)),
  transitions: (t: PlacementTransitionParameters) => renderTransitionsCsv(t),
  survivalSvg: (summary: EpisodeSummary) => renderSurvivalSvg(summary),
  scenarioNote: (run: ScenarioRun) => scenarioBaselineNote(run),
  groupForecasts: (b: GroupBacktestOutput) => renderCsv(GROUP_FORECAST_COLUMNS, groupForecastRecords(b)),
  groupMetrics: (b: GroupBacktestOutput) => renderCsv(GROUP_METRICS_COLUMNS, groupMetricsRecords(b)),
};

function renderProjectionTable(reports: readonly AreaReport[], s: RenderSettings): string {
  return renderTable(reports, { color: s.color, width: s.width });
}

const areaKeyOf = (b: BacktestOutput, area: Area) => [...b.areasByKey].find(([, a]) => a === area)![0];

/** The metrics rows as CSV and JSON give them: every row with several areas, the pool named for one. */
function backtestMetrics(b: BacktestOutput) {
  return metricsRecords(b.many ? b.rows : b.pooled.map((r) => ({ ...r, areaKey: areaKeyOf(b, b.areas[0]!) })), b.areasByKey);
}

/** What a reader of the backtest should know: auto's choices and the area-origins left out. */
function backtestNotes(b: Pick<BacktestOutput, 'choices' | 'skipped'>): string[] {
  const notes: string[] = [];
  const [only] = b.choices;
  if (b.choices.length === 1) notes.push(`auto at ${only!.choice.origin}: ${only!.choice.method}, because ${only!.choice.reason}`);
  else if (b.choices.length > 1) notes.push(describeChoices(b.choices.map((c) => c.choice)));
  if (b.skipped > 0) notes.push(`${b.skipped} area-origins had too little history (or population) to fit every method and were left out`);
  return notes;
}
