import { describeArea } from '../model/areas/matching.js';
import type { AreaProjection } from '../model/projection/types.js';
import { baselineUascArrivals } from '../model/methods/flowSimulation.js';
import { formatNumber } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';
import { PROJECTION_COLUMNS, projectionRecords, type ProjectionRecord } from './model.js';

/** One area's flow projection under the baseline and each scenario. */
export interface ScenarioRun {
  area: AreaProjection['area'];
  baseline: AreaProjection;
  scenarios: { name: string; description?: string; source: string; projection: AreaProjection }[];
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

/** Side by side: the baseline and each scenario's point value and 80% range per year. */
export function renderScenarioTable(runs: readonly ScenarioRun[], { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  for (const run of runs) {
    const columns = [
      { name: 'baseline', projection: run.baseline },
      ...run.scenarios.map((s) => ({ name: s.name, projection: s.projection })),
    ];
    const table = plainTable(['Year', ...columns.map((c) => c.name)], width);
    const flowOf = (p: AreaProjection) => p.methods.find((m) => m.method === 'flow')!;
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
    const baseline = flowOf(run.baseline).assumptions;
    if (baseline.method === 'flow' && 'flow' in baseline && baseline.flow.parameters.uasc.separated) {
      const p = baseline.flow.parameters;
      out.push(
        ...wrapText(
          `baseline: UASC held at ${formatNumber(p.uasc.held, 1)} (the recent average), as if ${formatNumber(baselineUascArrivals(p), 1)} arrived a year ` +
            `and a share ${formatNumber(p.uasc.exitShare, 2)} left (a uasc_arrivals factor multiplies those arrivals)`,
          width,
          '  ',
        ),
      );
    }
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
    out.push('');
  }
  return out.join('\n');
}
