import { formatNumber, round } from './format.js';
import type { GroupScenarioRun } from './groupModel.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';
import { renderScenarioTable, SCENARIO_COLUMNS, scenarioRecords, type ScenarioRecord } from './scenario.js';

/** The outputs of `scenario --group`: the group's flow total by scenario, then each member's. */

export const GROUP_SCENARIO_COLUMNS = ['level', 'group', ...SCENARIO_COLUMNS] as const;

/** The group's totals side by side (points), whom each scenario acts on, then each member's table. */
export function renderGroupScenarioTable(runs: readonly GroupScenarioRun[], { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  for (const run of runs) {
    out.push(
      ...wrapText(
        `${run.group.name}: children looked after on 31 March by scenario, its ${run.members.length} members' flow projections added up ` +
          "(points: the group's measured range is the recommended projection's, project --group)",
        width,
      ),
      '',
    );
    const table = plainTable(['Year', ...run.totals.map((t) => t.name)], width);
    run.totals[0]!.years.forEach((y, i) => {
      table.push([String(y.year), ...run.totals.map((t) => formatNumber(t.years[i]!.cla))]);
    });
    out.push(tableText(table), '');
    const base = run.totals[0]!.years.at(-1)!;
    for (const t of run.totals.slice(1)) {
      const change = t.years.at(-1)!.cla - base.cla;
      out.push(
        ...wrapText(
          `${t.name} (${t.source})${t.description ? `: ${t.description}` : ''}: acts on ${t.targets}; ${change >= 0 ? '+' : ''}${formatNumber(change)} children against the baseline in ${base.year}`,
          width,
          '  ',
        ),
      );
    }
    for (const w of run.warnings) out.push(...wrapText(`warning: ${w}`, width, '  '));
    out.push('', renderScenarioTable(run.members, { width }));
  }
  return out.join('\n');
}

/** Tidy rows: per group, its totals (level "group", empty area_code, no range), then each member's. */
export function groupScenarioRecords(runs: readonly GroupScenarioRun[]): (ScenarioRecord & { level: string; group: string })[] {
  return runs.flatMap((run) => [
    ...run.totals.flatMap((t) =>
      t.years.map((y) => ({
        level: 'group',
        group: run.group.name,
        scenario: t.name,
        area_code: '',
        area_name: run.group.name,
        method: 'flow',
        year: y.year,
        kind: 'projected' as const,
        population_0_17: null,
        rate_per_10000: null,
        cla: round(y.cla, 1),
        lower80: null,
        upper80: null,
        lower95: null,
        upper95: null,
      })),
    ),
    ...scenarioRecords(run.members).map((r) => ({ level: 'council', group: run.group.name, ...r })),
  ]);
}

export function groupScenarioJson(runs: readonly GroupScenarioRun[]): Record<string, unknown> {
  return {
    groups: runs.map((run) => ({
      group: { name: run.group.name, code: run.group.code, source: run.group.source },
      base_year: run.baseYear,
      scenarios: run.totals.slice(1).map((t) => ({ name: t.name, file: t.source, acts_on: t.targets })),
      warnings: run.warnings,
    })),
    records: groupScenarioRecords(runs),
  };
}
