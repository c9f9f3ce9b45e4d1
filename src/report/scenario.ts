import { describeArea } from '../model/areas/matching.js';
import type { AreaProjection, MethodProjection } from '../model/projection/types.js';
import type { FlowScenario } from '../model/methods/flow.js';
import { baselineUascArrivals } from '../model/methods/flowSimulation.js';
import { formatNumber, round } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';
import { PROJECTION_COLUMNS, projectionRecords, type ProjectionRecord } from './model.js';

/** One area's flow projection under the baseline and each scenario. */
export interface ScenarioRun {
  area: AreaProjection['area'];
  baseline: AreaProjection;
  /**
   * The recommended projection of the same years (the headline sufficiency and report use), or why
   * there is none: each scenario's effect on flow is scaled onto it.
   */
  recommended?: MethodProjection | { unavailable: string };
  scenarios: { name: string; description?: string; source: string; projection: AreaProjection; rules?: FlowScenario }[];
}

export const SCENARIO_COLUMNS = ['scenario', ...PROJECTION_COLUMNS] as const;
export type ScenarioRecord = ProjectionRecord & { scenario: string };

const asReport = (projection: AreaProjection) => ({ projection: { ...projection, actual: [] }, population: undefined as never });

/** Tidy rows: projected years of the flow method, one block per scenario (baseline first). */
export function scenarioRecords(runs: readonly ScenarioRun[]): ScenarioRecord[] {
  return runs.flatMap((run) => [
    ...projectionRecords([asReport(run.baseline)]).map((r) => ({ scenario: 'baseline', ...r })),
    ...run.scenarios.flatMap((s) => projectionRecords([asReport(s.projection)]).map((r) => ({ scenario: s.name, ...r }))),
  ]);
}

/** One year of a scenario scaled onto the recommended projection. */
export interface ScaledRecord {
  area_code: string;
  area_name: string;
  scenario: string;
  year: number;
  /** The scenario's count over flow's baseline that year. */
  ratio: number;
  cla: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

const flowOf = (p: AreaProjection) => p.methods.find((m) => m.method === 'flow')!;
const hasRecommended = (r: ScenarioRun['recommended']): r is MethodProjection => r !== undefined && !('unavailable' in r);

/**
 * Each scenario scaled onto the recommended projection: the recommended point and range that year
 * times the scenario's flow count over flow's baseline (the baseline's rows, ratio 1, are the
 * recommended projection itself). Empty without a recommended projection. `rounded`: as JSON gives
 * them (counts to 0.1, the ratio to 4 decimals).
 */
export function scaledRecords(runs: readonly ScenarioRun[], { rounded = false } = {}): ScaledRecord[] {
  const r = (value: number, decimals: number) => (rounded ? round(value, decimals) : value);
  return runs.flatMap((run) => {
    if (!hasRecommended(run.recommended)) return [];
    const headline = run.recommended;
    const base = flowOf(run.baseline).years;
    const columns = [{ name: 'baseline', years: base }, ...run.scenarios.map((s) => ({ name: s.name, years: flowOf(s.projection).years }))];
    return columns.flatMap((c) =>
      headline.years.map((y) => {
        const i = base.findIndex((b) => b.year === y.year);
        const ratio = base[i]!.cla > 0 ? c.years[i]!.cla / base[i]!.cla : 1;
        return {
          area_code: run.area.code,
          area_name: run.area.name,
          scenario: c.name,
          year: y.year,
          ratio: r(ratio, 4),
          cla: r(y.cla * ratio, 1),
          lower80: r(y.lower80 * ratio, 1),
          upper80: r(y.upper80 * ratio, 1),
          lower95: r(y.lower95 * ratio, 1),
          upper95: r(y.upper95 * ratio, 1),
        };
      }),
    );
  });
}

/**
 * What a reader must know beside every scenario table: the baseline is flow's, not the headline the
 * other commands use, and how the scenarios were carried onto that headline.
 */
export function scenarioBaselineNote(run: ScenarioRun): string {
  const last = flowOf(run.baseline).years.at(-1)!;
  const flowWords = `the baseline and the scenarios are the flow method's (inflow/outflow: ${formatNumber(last.cla)} in ${last.year})`;
  if (!hasRecommended(run.recommended)) {
    return `${flowWords}, not the recommended projection that sufficiency and report lead with, which could not be made here (${run.recommended?.unavailable ?? 'not asked for'}): compare a scenario with the baseline, not with other commands' figures`;
  }
  const headline = run.recommended.years.at(-1)!;
  return (
    `${flowWords}; the recommended projection, which sufficiency and report lead with, is ${formatNumber(headline.cla)} in ${headline.year}. ` +
    "Below, each scenario's effect is scaled onto it: the recommended count and range each year times the scenario's count over flow's baseline"
  );
}

/**
 * How the baseline holds UASC and how each scenario's rules act where the model cannot take them
 * literally: UASC arrivals where UASC are inside the flows (the difference from the arrivals the
 * latest published count implies), an entry rule naming bands on all children 0-17 (their share
 * of the starts).
 */
export function scenarioRuleNotes(run: ScenarioRun): string[] {
  const fitted = flowOf(run.baseline).assumptions;
  if (fitted.method !== 'flow' || !('flow' in fitted)) return [];
  const p = fitted.flow.parameters;
  const notes: string[] = [];
  const asksUasc = run.scenarios.some((s) => s.rules?.uascArrivals !== undefined);
  if (p.uasc.separated) {
    notes.push(
      `baseline: UASC held at ${formatNumber(p.uasc.held, 1)} (the recent average), as if ${formatNumber(baselineUascArrivals(p), 1)} arrived a year ` +
        `and a share ${formatNumber(p.uasc.exitShare, 2)} left (a uasc_arrivals factor multiplies those arrivals)`,
    );
  } else if (asksUasc && p.uasc.latest) {
    notes.push(
      `baseline: UASC are inside the flows (their count is suppressed in a year the model needs); the latest published count, ${formatNumber(p.uasc.latest.count)} in ${p.uasc.latest.year}, ` +
        `implies ${formatNumber(baselineUascArrivals(p), 1)} arriving a year at a share ${formatNumber(p.uasc.exitShare, 2)} leaving: a uasc_arrivals rule adds the difference ` +
        'between its arrivals and those, as a cohort of its own leaving at that share (a factor multiplies those arrivals)',
    );
  }
  if (p.mode === 'totals' && p.startShares) {
    for (const s of run.scenarios) {
      for (const rule of s.rules?.entryRate ?? []) {
        if (rule.bands === undefined) continue;
        const share = rule.bands.reduce((sum, b) => sum + (p.startShares![b] ?? 0), 0);
        notes.push(
          `${s.name}: on all children 0-17 (no counts in care by age band), its entry rule for ${rule.bands.join(', ')} acts on their ` +
            `${formatNumber(share * 100, 0)}% of the starts (the starts by age band of the years flow averages): entry rate x ${formatNumber(1 + share * (rule.factor - 1), 3)}`,
        );
      }
    }
  }
  return notes;
}

/** Side by side: the baseline and each scenario's point value and 80% range per year. */
export function renderScenarioTable(runs: readonly ScenarioRun[], { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  for (const run of runs) {
    const columns = [
      { name: 'baseline', projection: run.baseline },
      ...run.scenarios.map((s) => ({ name: s.name, projection: s.projection })),
    ];
    const table = plainTable(['Year', ...columns.map((c) => c.name)], width);
    const years = flowOf(run.baseline).years;
    years.forEach((row, i) => {
      table.push([
        String(row.year),
        ...columns.map((c) => {
          const y = flowOf(c.projection).years[i]!;
          return `${formatNumber(y.cla)} (${formatNumber(y.lower80)}-${formatNumber(y.upper80)})`;
        }),
      ]);
    });
    out.push(...wrapText(`${describeArea(run.area)}: children looked after on 31 March by scenario (flow method, 80% range)`, width), '');
    out.push(tableText(table), '');
    const last = years.at(-1)!;
    for (const note of scenarioRuleNotes(run)) out.push(...wrapText(note, width, '  '));
    for (const s of run.scenarios) {
      const y = flowOf(s.projection).years.at(-1)!;
      const change = y.cla - last.cla;
      out.push(
        ...wrapText(
          `${s.name} (${s.source})${s.description ? `: ${s.description}` : ''}: ${change >= 0 ? '+' : ''}${formatNumber(change)} children against the baseline in ${last.year}`,
          width,
          '  ',
        ),
      );
    }
    out.push(...wrapText(scenarioBaselineNote(run), width, '  '), '');
    const scaled = scaledRecords([run]);
    if (scaled.length > 0) {
      out.push(...wrapText(`${describeArea(run.area)}: the scenarios scaled onto the recommended projection (80% range)`, width), '');
      const onto = plainTable(['Year', 'recommended', ...run.scenarios.map((s) => s.name)], width);
      for (const year of [...new Set(scaled.map((r) => r.year))]) {
        onto.push([
          String(year),
          ...scaled
            .filter((r) => r.year === year)
            .map((r) => `${formatNumber(r.cla)} (${formatNumber(r.lower80)}-${formatNumber(r.upper80)})`),
        ]);
      }
      out.push(tableText(onto), '');
    }
  }
  return out.join('\n');
}
