import type ExcelJS from 'exceljs';
import { describeArea } from '../model/areas/matching.js';
import { sufficiencyRecords, type SufficiencyReport } from './sufficiency.js';

export interface WorkbookContext {
  parameters: Record<string, unknown>;
  inputs: { role: string; file: string; sha256: string }[];
  toolVersion: string;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE5F0' } };

/** A sheet with a bold, frozen header row, set widths and number formats per column. */
function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: { header: string; key: string; width: number; numFmt?: string }[],
  rows: Record<string, unknown>[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = HEADER_FILL;
  for (const row of rows) sheet.addRow(row);
  return sheet;
}

const COUNT = '#,##0.0';
const MONEY = '"£"#,##0';

/**
 * The sufficiency workbook: Summary, Projection, Placements, Gap, Costs, Assumptions (every
 * parameter and input file with its SHA-256) and Inputs. Dates are fixed so the content does not
 * depend on when it was written.
 */
export async function renderWorkbook(reports: readonly SufficiencyReport[], context: WorkbookContext): Promise<Buffer> {
  // Loaded on first use: it is large and only the workbook needs it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = `lacproj ${context.toolVersion}`;
  workbook.created = new Date(Date.UTC(2000, 0, 1));
  workbook.modified = workbook.created;
  const records = sufficiencyRecords(reports);

  const summary: Record<string, unknown>[] = [];
  for (const r of reports) {
    const last = r.projection.at(-1)!;
    summary.push({ item: 'Area', value: describeArea(r.area) });
    summary.push({ item: 'Projection method', value: `${r.method}: ${r.methodNote}` });
    if (r.demandSource) summary.push({ item: 'Placement types', value: r.demandSource });
    for (const w of r.warnings ?? []) summary.push({ item: 'Warning', value: w });
    for (const n of r.notes ?? []) summary.push({ item: 'Note', value: n });
    summary.push({ item: `Children looked after, ${last.year} (projected)`, value: Math.round(last.cla) });
    summary.push({ item: `80% range, ${last.year}`, value: `${Math.round(last.lower80)} to ${Math.round(last.upper80)}` });
    for (const ro of (r.gap?.runOut ?? []).filter((x) => x.hasPlaces)) {
      summary.push({ item: `${ro.placementType}: first year short of places`, value: ro.year ?? 'none in the period' });
    }
    const costs = r.costs?.filter((c) => c.year === last.year && c.annualCost !== null) ?? [];
    if (costs.length > 0) summary.push({ item: `Annual cost of costed placements, ${last.year}`, value: Math.round(costs.reduce((s, c) => s + c.annualCost!, 0)) });
  }
  addSheet(workbook, 'Summary', [{ header: 'Item', key: 'item', width: 48 }, { header: 'Value', key: 'value', width: 60 }], summary);

  addSheet(
    workbook,
    'Projection',
    [
      { header: 'Area', key: 'area', width: 24 },
      { header: 'Year ending 31 March', key: 'year', width: 12 },
      { header: 'Children looked after', key: 'cla', width: 14, numFmt: COUNT },
      { header: 'Lower 80%', key: 'lower80', width: 12, numFmt: COUNT },
      { header: 'Upper 80%', key: 'upper80', width: 12, numFmt: COUNT },
      { header: 'Lower 95%', key: 'lower95', width: 12, numFmt: COUNT },
      { header: 'Upper 95%', key: 'upper95', width: 12, numFmt: COUNT },
    ],
    reports.flatMap((r) => r.projection.map((p) => ({ area: r.area.name, ...p }))),
  );
  addSheet(
    workbook,
    'Placements',
    [
      { header: 'Area', key: 'area_name', width: 24 },
      { header: 'Year ending 31 March', key: 'year', width: 12 },
      { header: 'Placement type', key: 'placement_type', width: 20 },
      { header: 'Share', key: 'share', width: 10, numFmt: '0.0%' },
      { header: 'Demand', key: 'demand', width: 12, numFmt: COUNT },
      { header: 'Lower 80%', key: 'lower80', width: 12, numFmt: COUNT },
      { header: 'Upper 80%', key: 'upper80', width: 12, numFmt: COUNT },
    ],
    records,
  );
  addSheet(
    workbook,
    'Gap',
    [
      { header: 'Area', key: 'area_name', width: 24 },
      { header: 'Year ending 31 March', key: 'year', width: 12 },
      { header: 'Placement type', key: 'placement_type', width: 20 },
      { header: 'Demand', key: 'demand', width: 12, numFmt: COUNT },
      { header: 'Places', key: 'places', width: 10, numFmt: '#,##0' },
      { header: 'Gap (demand - places)', key: 'gap', width: 14, numFmt: COUNT },
      { header: 'Gap at upper 80%', key: 'gap_upper80', width: 14, numFmt: COUNT },
    ],
    records.filter((r) => r.places !== null),
  );
  addSheet(
    workbook,
    'Costs',
    [
      { header: 'Area', key: 'area_name', width: 24 },
      { header: 'Year ending 31 March', key: 'year', width: 12 },
      { header: 'Placement type', key: 'placement_type', width: 20 },
      { header: 'Demand', key: 'demand', width: 12, numFmt: COUNT },
      { header: 'Weekly cost', key: 'weekly_cost', width: 12, numFmt: '"£"#,##0.00' },
      { header: 'Annual cost', key: 'annual_cost', width: 16, numFmt: MONEY },
      { header: 'Annual cost at upper 80%', key: 'annual_cost_upper80', width: 18, numFmt: MONEY },
    ],
    records.filter((r) => r.annual_cost !== null),
  );
  addSheet(
    workbook,
    'Assumptions',
    [{ header: 'Parameter', key: 'name', width: 28 }, { header: 'Value', key: 'value', width: 80 }],
    [
      ...Object.entries(context.parameters).map(([name, value]) => ({ name, value: typeof value === 'object' ? JSON.stringify(value) : value })),
      ...context.inputs.map((i) => ({ name: `input (${i.role})`, value: `${i.file} sha256 ${i.sha256}` })),
    ],
  );
  addSheet(
    workbook,
    'Inputs',
    [
      { header: 'Role', key: 'role', width: 16 },
      { header: 'File', key: 'file', width: 60 },
      { header: 'SHA-256', key: 'sha256', width: 70 },
    ],
    context.inputs,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
