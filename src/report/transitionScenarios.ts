import { describeArea } from '../model/areas/matching.js';
import type { Area, Interval } from '../model/types.js';
import { formatNumber, round } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';
import type { ScenarioRecord } from './scenario.js';

/**
 * `lacproj scenario --episodes`: the totals the placement transitions imply under the baseline and
 * each scenario file (its placement rules, entry rate and exit share), in the scenario command's
 * layouts (the CSV's columns are the flow scenarios', method `transitions`).
 */

/** A year's total with the population it was projected on (null where none). */
export interface TransitionTotal extends Interval {
  year: number;
  cla: number;
  population0to17: number | null;
}

export interface TransitionScenarioRun {
  area: Area;
  baseline: TransitionTotal[];
  scenarios: { name: string; description?: string; source: string; projection: TransitionTotal[] }[];
}

const record = (area: Area, scenario: string, t: TransitionTotal): ScenarioRecord => ({
  scenario,
  area_code: area.code,
  area_name: area.name,
  method: 'transitions',
  year: t.year,
  kind: 'projected',
  population_0_17: t.population0to17 === null ? null : Math.round(t.population0to17),
  rate_per_10000: t.population0to17 ? round((t.cla / t.population0to17) * 10_000, 1) : null,
  cla: round(t.cla, 1),
  lower80: round(t.lower80, 1),
  upper80: round(t.upper80, 1),
  lower95: round(t.lower95, 1),
  upper95: round(t.upper95, 1),
});

/** Tidy rows: the baseline's projected years, then each scenario's. */
export function transitionScenarioRecords(runs: readonly TransitionScenarioRun[]): ScenarioRecord[] {
  return runs.flatMap((run) => [
    ...run.baseline.map((t) => record(run.area, 'baseline', t)),
    ...run.scenarios.flatMap((s) => s.projection.map((t) => record(run.area, s.name, t))),
  ]);
}

/** Side by side: the baseline and each scenario's total and 80% range per year, and each scenario's difference at the end. */
export function renderTransitionScenarioTable(
  runs: readonly TransitionScenarioRun[],
  { width = DEFAULT_WIDTH }: WidthOptions = {},
): string {
  const out: string[] = [];
  for (const run of runs) {
    const columns = [{ name: 'baseline', projection: run.baseline }, ...run.scenarios];
    const table = plainTable(['Year', ...columns.map((c) => c.name)], width);
    run.baseline.forEach((row, i) => {
      table.push([
        String(row.year),
        ...columns.map((c) => {
          const y = c.projection[i]!;
          return `${formatNumber(y.cla)} (${formatNumber(y.lower80)}-${formatNumber(y.upper80)})`;
        }),
      ]);
    });
    out.push(
      ...wrapText(
        `${describeArea(run.area)}: children looked after on 31 March by scenario (placement transitions from SSDA903 returns, 80% range)`,
        width,
      ),
      '',
    );
    out.push(tableText(table), '');
    const last = run.baseline.at(-1)!;
    for (const s of run.scenarios) {
      const change = s.projection.at(-1)!.cla - last.cla;
      out.push(
        ...wrapText(
          `${s.name} (${s.source})${s.description ? `: ${s.description}` : ''}: ${change >= 0 ? '+' : ''}${formatNumber(change, 1)} children against the baseline in ${last.year}`,
          width,
          '  ',
        ),
      );
    }
    out.push(
      ...wrapText(
        'by placement type, with the gap against places and the costs: lacproj sufficiency --episodes with the same --scenario files',
        width,
        '  ',
      ),
      '',
    );
  }
  return out.join('\n');
}
