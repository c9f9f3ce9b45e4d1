import type { Area } from '../model/types.js';
import { describeArea } from '../model/areas/matching.js';
import { formatNumber, round } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';
import { SUFFICIENCY_COLUMNS, sufficiencyRecords, type SufficiencyRecord, type SufficiencyReport } from './sufficiency.js';

/**
 * Placement scenarios beside the baseline (`sufficiency --episodes --scenario FILE`): each
 * scenario's placements by type, gap against the same places and cost at the same prices, with its
 * difference from the baseline, as a table, tidy CSV rows, JSON and a workbook sheet.
 */

/** One scenario's placements for one area: the baseline's report with the scenario's demand, gap, costs and totals. */
export interface PlacementScenarioRun {
  name: string;
  description?: string;
  source: string;
  report: SufficiencyReport;
}

export interface AreaScenarioReports {
  area: Area;
  runs: PlacementScenarioRun[];
}

export const SCENARIO_SUFFICIENCY_COLUMNS = [
  'scenario',
  ...SUFFICIENCY_COLUMNS,
  'demand_difference',
  'gap_difference',
  'annual_cost_difference',
] as const;

export type ScenarioSufficiencyRecord = Record<(typeof SCENARIO_SUFFICIENCY_COLUMNS)[number], string | number | null>;

const difference = (a: string | number | null, b: string | number | null, decimals: number) =>
  typeof a === 'number' && typeof b === 'number' ? round(a - b, decimals) : null;

/** One scenario's records with their difference from the baseline's (scenario minus baseline, rounded as the records are). */
function withDifferences(name: string, records: readonly SufficiencyRecord[], baseline: readonly SufficiencyRecord[]) {
  const key = (r: SufficiencyRecord) => `${r.area_code}|${r.area_name}|${r.year}|${r.placement_type}`;
  const base = new Map(baseline.map((r) => [key(r), r]));
  return records.map((r): ScenarioSufficiencyRecord => {
    const b = base.get(key(r));
    return {
      scenario: name,
      ...r,
      demand_difference: difference(r.demand, b?.demand ?? null, 1),
      gap_difference: difference(r.gap, b?.gap ?? null, 1),
      annual_cost_difference: difference(r.annual_cost, b?.annual_cost ?? null, 0),
    };
  });
}

/** Tidy rows: the baseline's (differences 0), then each scenario's, one row per area, year and type. */
export function scenarioSufficiencyRecords(
  reports: readonly SufficiencyReport[],
  scenarios: readonly AreaScenarioReports[],
): ScenarioSufficiencyRecord[] {
  const baseline = sufficiencyRecords(reports);
  const runs = Math.max(0, ...scenarios.map((a) => a.runs.length));
  return [
    ...withDifferences('baseline', baseline, baseline),
    ...Array.from({ length: runs }, (_, i) => runRecords(reports, scenarios, i)).flat(),
  ];
}

/** The `index`th scenario's records for every area, beside each area's baseline. */
function runRecords(
  reports: readonly SufficiencyReport[],
  scenarios: readonly AreaScenarioReports[],
  index: number,
): ScenarioSufficiencyRecord[] {
  return scenarios.flatMap((area) => {
    const run = area.runs[index];
    const own = reports.find((r) => r.area === area.area);
    return run ? withDifferences(run.name, sufficiencyRecords([run.report]), own ? sufficiencyRecords([own]) : []) : [];
  });
}

/** The scenarios for JSON: what each file said and its records beside the baseline. */
export function scenarioSufficiencyJson(
  reports: readonly SufficiencyReport[],
  scenarios: readonly AreaScenarioReports[],
  described: readonly Record<string, unknown>[],
) {
  return described.map((d, i) => ({ ...d, records: runRecords(reports, scenarios, i) }));
}

const money = (v: number) => `£${formatNumber(v / 1000, 0)}k`;
/** +2.1, -0.3; a difference that rounds to nothing is 0.0, unsigned. */
const signed = (v: number, decimals = 1) => {
  const text = formatNumber(v, decimals);
  return Number(text.replace(/,/g, '')) > 0 ? `+${text}` : text;
};
const signedMoney = (v: number) => {
  const text = formatNumber(Math.abs(v) / 1000, 0);
  return `${text === '0' ? '' : v > 0 ? '+' : '-'}£${text}k`;
};
const costed = (r: SufficiencyReport, year: number) =>
  (r.costs ?? []).filter((c) => c.year === year && c.annualCost !== null).reduce((s, c) => s + c.annualCost!, 0);

/** Each scenario beside the baseline, for a person: differences by year and type, the last year side by side, totals and costs by year. */
export function renderPlacementScenarios(
  reports: readonly SufficiencyReport[],
  scenarios: readonly AreaScenarioReports[],
  { width = DEFAULT_WIDTH }: WidthOptions = {},
): string {
  const out: string[] = [];
  const prose = (text: string, indent = '') => wrapText(text, width, indent);
  for (const area of scenarios) {
    const base = reports.find((r) => r.area === area.area);
    if (!base) continue;
    const types = [...new Set(base.demand.map((d) => d.placementType))];
    const years = base.projection.map((p) => p.year);
    const last = years.at(-1)!;
    const at = <T extends { year: number; placementType: string }>(rows: readonly T[] | undefined, y: number, t: string) =>
      rows?.find((x) => x.year === y && x.placementType === t);
    for (const run of area.runs) {
      const s = run.report;
      out.push(
        ...prose(
          `${describeArea(area.area)}: scenario "${run.name}" (${run.source}) beside the baseline${run.description ? `: ${run.description}` : ''}`,
        ),
        '',
      );
      out.push(...prose('Children by type and year, scenario minus baseline'), '');
      const changes = plainTable(['Year', ...types], width);
      for (const y of years)
        changes.push([String(y), ...types.map((t) => signed(at(s.demand, y, t)!.demand - at(base.demand, y, t)!.demand))]);
      out.push(tableText(changes), '');
      out.push(
        ...prose(
          `On 31 March ${last}: children by type (80% range), the gap against the same places and the annual cost at the same prices`,
        ),
        '',
      );
      const side = plainTable(['Type', 'Baseline', 'Scenario', 'Difference', 'Places', 'Gap: baseline', 'Gap: scenario'], width);
      const gapText = (g: { gap: number | null } | undefined) => (g?.gap === null || g?.gap === undefined ? '-' : formatNumber(g.gap, 1));
      for (const t of types) {
        const [b, d] = [at(base.demand, last, t)!, at(s.demand, last, t)!];
        const [bg, sg] = [at(base.gap?.rows, last, t), at(s.gap?.rows, last, t)];
        const range = (r: typeof b) => `${formatNumber(r.demand, 1)} (${formatNumber(r.lower80)}-${formatNumber(r.upper80)})`;
        const places = bg?.places === null || bg?.places === undefined ? '-' : formatNumber(bg.places);
        side.push([t, range(b), range(d), signed(d.demand - b.demand), places, gapText(bg), gapText(sg)]);
      }
      out.push(tableText(side), '');
      const priced = types.filter((t) => at(base.costs, last, t)?.annualCost != null);
      if (priced.length > 0) {
        const costs = plainTable(['Type', 'Cost: baseline', 'Cost: scenario', 'Cost: difference'], width);
        for (const t of priced) {
          const [bc, sc] = [at(base.costs, last, t)!.annualCost!, at(s.costs, last, t)!.annualCost!];
          costs.push([t, money(bc), money(sc), signedMoney(sc - bc)]);
        }
        out.push(tableText(costs), '');
      }
      const changed = types.filter(
        (t) => !priced.includes(t) && years.some((y) => Math.abs(at(s.demand, y, t)!.demand - at(base.demand, y, t)!.demand) >= 0.05),
      );
      if (changed.length > 0) {
        out.push(
          ...prose(
            `not costed (no weekly cost given; left out of both totals below): ${changed.join(', ')}, whose numbers the scenario changes`,
            '  ',
          ),
          '',
        );
      }
      out.push(
        ...prose(
          `Children looked after and the annual cost of costed placements, by year (inflation ${formatNumber(base.inflation * 100, 1)}% a year)`,
        ),
        '',
      );
      const totals = plainTable(
        ['Year', 'Children: baseline', 'Children: scenario', 'Difference', 'Cost: baseline', 'Cost: scenario', 'Cost: difference'],
        width,
      );
      for (const y of years) {
        const [b, d] = [base.projection.find((p) => p.year === y)!, s.projection.find((p) => p.year === y)!];
        const [bc, sc] = [costed(base, y), costed(s, y)];
        totals.push([
          String(y),
          formatNumber(b.cla, 1),
          formatNumber(d.cla, 1),
          signed(d.cla - b.cla),
          money(bc),
          money(sc),
          signedMoney(sc - bc),
        ]);
      }
      out.push(tableText(totals), '');
      out.push(
        ...prose(
          "The scenario changes the chances the transitions measured from the returns (the scenario file says which); the places, prices and inflation are the baseline's. Differences are between the central projections; each has its own 80% range from the same seeded simulation.",
          '  ',
        ),
        '',
      );
    }
  }
  return out.join('\n');
}

/** The workbook's Scenarios sheet: every area, scenario, year and type with the baseline beside it. */
export function scenarioSheetRows(reports: readonly SufficiencyReport[], scenarios: readonly AreaScenarioReports[]) {
  const baseline = new Map(sufficiencyRecords(reports).map((r) => [`${r.area_code}|${r.area_name}|${r.year}|${r.placement_type}`, r]));
  return scenarioSufficiencyRecords(reports, scenarios)
    .filter((r) => r.scenario !== 'baseline')
    .map((r) => {
      const b = baseline.get(`${r.area_code}|${r.area_name}|${r.year}|${r.placement_type}`);
      return {
        area_name: r.area_name,
        scenario: r.scenario,
        year: r.year,
        placement_type: r.placement_type,
        baseline_demand: b?.demand ?? null,
        demand: r.demand,
        demand_difference: r.demand_difference,
        places: r.places,
        baseline_gap: b?.gap ?? null,
        gap: r.gap,
        baseline_annual_cost: b?.annual_cost ?? null,
        annual_cost: r.annual_cost,
        annual_cost_difference: r.annual_cost_difference,
      };
    });
}

export const SCENARIO_SHEET_COLUMNS = [
  { header: 'Area', key: 'area_name', width: 24 },
  { header: 'Scenario', key: 'scenario', width: 28 },
  { header: 'Year ending 31 March', key: 'year', width: 12 },
  { header: 'Placement type', key: 'placement_type', width: 22 },
  { header: 'Children: baseline', key: 'baseline_demand', width: 12, numFmt: '#,##0.0' },
  { header: 'Children: scenario', key: 'demand', width: 12, numFmt: '#,##0.0' },
  { header: 'Difference', key: 'demand_difference', width: 12, numFmt: '#,##0.0' },
  { header: 'Places', key: 'places', width: 10, numFmt: '#,##0' },
  { header: 'Gap: baseline', key: 'baseline_gap', width: 12, numFmt: '#,##0.0' },
  { header: 'Gap: scenario', key: 'gap', width: 12, numFmt: '#,##0.0' },
  { header: 'Annual cost: baseline', key: 'baseline_annual_cost', width: 16, numFmt: '"£"#,##0' },
  { header: 'Annual cost: scenario', key: 'annual_cost', width: 16, numFmt: '"£"#,##0' },
  { header: 'Cost difference', key: 'annual_cost_difference', width: 16, numFmt: '"£"#,##0' },
];
