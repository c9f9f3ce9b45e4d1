import type ExcelJS from 'exceljs';
import { basisNotes, describeBasis, methodNote } from './sufficiencyBasis.js';
import { describeArea } from '../model/areas/matching.js';
import { renderChartSvg } from './chart.js';
import { round } from './format.js';
import { renderPng, type PngOptions } from './png.js';
import { renderSufficiencyChartSvg, sufficiencyCharts } from './sufficiency-charts.js';
import { gapBasis, mixLine, sufficiencyRecords, unmatchedPlaces, type SufficiencyReport } from './sufficiency.js';
import { namesNotPaths, typeTitle } from './placementNames.js';
import { describeShares, latestMixVerdicts, verdictOf, yearVerdict } from './verdicts.js';
import { WEEKS_PER_YEAR } from '../model/sufficiency/placements.js';
import type { PlacementType } from '../model/episodes/placementTypes.js';
import { describeSettings, type RunSettings } from './settings.js';
import { describeInterval, describeMethod, describePopulation, METHOD_TITLES } from './table.js';
import { formatNumber } from './format.js';
import { fixZipDates } from './zip.js';

export interface WorkbookContext {
  settings: RunSettings;
  inputs: readonly { role: string; file: string; sha256: string; bundled?: string }[];
  toolVersion: string;
  /** Fonts the charts are drawn with (PNG images in the Charts sheet). */
  fonts: Pick<PngOptions, 'fontFiles' | 'fontFamily'>;
  /** Further sheets (placement scenarios), after Costs. */
  extraSheets?: readonly {
    name: string;
    columns: { header: string; key: string; width: number; numFmt?: string }[];
    rows: readonly object[];
  }[];
}

/**
 * Every date inside the workbook: its properties and its zip entries. A fixed date makes the same
 * inputs give the same bytes, so `lacproj rerun` can check a workbook like any other output.
 */
const WORKBOOK_DATE = { year: 2000, month: 1, day: 1 } as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE5F0' } };

/** A sheet with a bold, frozen header row, set widths and number formats per column. */
function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: { header: string; key: string; width: number; numFmt?: string }[],
  rows: readonly object[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = HEADER_FILL;
  for (const row of rows) sheet.addRow(row);
  const last = columns.at(-1)!;
  sheet.getColumn(columns.length).alignment = { wrapText: true, vertical: 'top' };
  // Rows tall enough for their wrapped text: not every spreadsheet program fits them on opening.
  sheet.eachRow((row, index) => {
    const text = String(row.getCell(columns.length).value ?? '');
    const lines = Math.ceil(text.length / Math.max(1, last.width - 2));
    if (index > 1 && lines > 1) row.height = 15 * lines;
  });
  return sheet;
}

/** Counts are stored to one decimal and shown so; whole children and money as whole numbers. */
const COUNT = '#,##0.0';
const WHOLE = '#,##0';
const MONEY = '"£"#,##0';
const PENCE = '"£"#,##0.00';

/** A method as people say it: "recommended (auto)", "last count (naive)". */
const methodName = (method: string) => (METHOD_TITLES[method] ? `${METHOD_TITLES[method]} (${method})` : method);
/** A method's description without its leading "name: " (the name is in its own column). */
const withoutName = (text: string, method: string) => text.replace(new RegExp(`^${method}( intervals)?: `), '');

/**
 * The sufficiency workbook: Summary, Charts (the projection, placements, gap and cost charts as
 * images), Projection, Placements, Gap, Costs, Assumptions in words and Inputs (each file's
 * SHA-256). Numbers are stored as they are shown; dates are fixed (WORKBOOK_DATE).
 */
export async function renderWorkbook(reports: readonly SufficiencyReport[], context: WorkbookContext): Promise<Uint8Array> {
  // Loaded on first use: it is large and only the workbook needs it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = `lacproj ${context.toolVersion}`;
  workbook.created = new Date(Date.UTC(WORKBOOK_DATE.year, WORKBOOK_DATE.month - 1, WORKBOOK_DATE.day));
  workbook.modified = workbook.created;
  const records = sufficiencyRecords(reports);
  const costRows = costedRows(records);

  const summary: { item: string; value: string | number | ExcelJS.CellFormulaValue; numFmt?: string }[] = [];
  for (const r of reports) {
    const last = r.projection.at(-1)!;
    summary.push({ item: 'Area', value: describeArea(r.area) });
    summary.push({ item: 'Projection method', value: methodName(r.method) });
    summary.push({ item: 'How the method works here', value: withoutName(methodNote(r), r.method) });
    summary.push({ item: 'Placement types', value: describeBasis(r.basis) });
    for (const w of r.warnings ?? []) summary.push({ item: 'Warning', value: w });
    for (const n of basisNotes(r.basis)) summary.push({ item: 'Note', value: n });
    summary.push({ item: `Children looked after on 31 March ${last.year} (projected)`, value: Math.round(last.cla), numFmt: WHOLE });
    summary.push({ item: `80% range, ${last.year}`, value: `${formatNumber(last.lower80)} to ${formatNumber(last.upper80)}` });
    if (r.gap) {
      summary.push({ item: 'Places', value: gapBasis(r) });
      for (const ro of r.gap.runOut) summary.push({ item: typeTitle(ro.placementType), value: verdictOf(ro) });
      for (const line of latestMixVerdicts(r)) summary.push({ item: `The latest year's mix (${r.latestMix!.year})`, value: line });
      const unmatched = unmatchedPlaces(r);
      if (unmatched) summary.push({ item: 'Note', value: unmatched });
    }
    const costs = costRows.filter((c) => c.record.area_name === r.area.name && c.record.year === last.year);
    if (costs.length > 0)
      summary.push({
        item: `Annual cost of costed placements, ${last.year}`,
        value: {
          // the Costs sheet's cells for the year, added up in the cell
          formula: `SUM(${costs.map((c) => `Costs!H${c.row}`).join(',')})`,
          result: costs.reduce((s, c) => s + c.annual, 0),
        },
        numFmt: MONEY,
      });
  }
  // Files by name in the sheets a board reads; the Inputs sheet keeps each file's full path.
  const files = context.inputs.map((i) => i.file);
  for (const row of summary) if (typeof row.value === 'string') row.value = namesNotPaths(row.value, files);
  const summarySheet = addSheet(
    workbook,
    'Summary',
    [
      { header: 'Item', key: 'item', width: 48 },
      { header: 'Value', key: 'value', width: 90 },
    ],
    summary,
  );
  summarySheet.getColumn(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
  summary.forEach((row, i) => {
    if (row.numFmt) summarySheet.getCell(i + 2, 2).numFmt = row.numFmt;
  });
  await addCharts(workbook, reports, context);

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
    reports.flatMap((r) =>
      r.projection.map((p) => ({
        area: r.area.name,
        year: p.year,
        cla: round(p.cla, 1),
        lower80: round(p.lower80, 1),
        upper80: round(p.upper80, 1),
        lower95: round(p.lower95, 1),
        upper95: round(p.upper95, 1),
      })),
    ),
  );
  const named = (r: (typeof records)[number]) => ({ ...r, placement_type: typeTitle(r.placement_type as PlacementType) });
  addSheet(
    workbook,
    'Placements',
    [
      { header: 'Area', key: 'area_name', width: 24 },
      { header: 'Year ending 31 March', key: 'year', width: 12 },
      { header: 'Placement type', key: 'placement_type', width: 30 },
      { header: 'Share', key: 'share', width: 10, numFmt: '0.0%' },
      { header: 'Children', key: 'demand', width: 12, numFmt: COUNT },
      { header: 'Lower 80%', key: 'lower80', width: 12, numFmt: COUNT },
      { header: 'Upper 80%', key: 'upper80', width: 12, numFmt: COUNT },
    ],
    records.map((r) => ({ ...named(r), share: round(Number(r.share), 3) })),
  );
  // Gaps and costs are formulas on the cells beside them (their results stored too): what a reader
  // works out from the cells as shown is what the cell holds.
  addSheet(
    workbook,
    'Gap',
    [
      { header: 'Area', key: 'area_name', width: 24 },
      { header: 'Year ending 31 March', key: 'year', width: 12 },
      { header: 'Placement type', key: 'placement_type', width: 30 },
      { header: 'Children', key: 'demand', width: 12, numFmt: COUNT },
      { header: 'Upper 80%', key: 'upper80', width: 12, numFmt: COUNT },
      { header: 'Places', key: 'places', width: 10, numFmt: WHOLE },
      { header: 'Gap (children minus places)', key: 'gap', width: 14, numFmt: COUNT },
      { header: 'Gap at upper 80%', key: 'gap_upper80', width: 14, numFmt: COUNT },
      { header: 'This year', key: 'verdict', width: 26 },
    ],
    records
      .filter((r) => r.places !== null)
      .map((r, i) => {
        const [demand, upper, places] = [Number(r.demand), Number(r.upper80), Number(r.places)];
        return {
          ...named(r),
          gap: { formula: `D${i + 2}-F${i + 2}`, result: round(demand - places, 1) },
          gap_upper80: { formula: `E${i + 2}-F${i + 2}`, result: round(upper - places, 1) },
          verdict: yearVerdict(r.gap === null ? null : Number(r.gap), r.gap_upper80 === null ? null : Number(r.gap_upper80)),
        };
      }),
  );
  addSheet(
    workbook,
    'Costs',
    [
      { header: 'Area', key: 'area_name', width: 24 },
      { header: 'Year ending 31 March', key: 'year', width: 12 },
      { header: 'Placement type', key: 'placement_type', width: 30 },
      { header: 'Children', key: 'demand', width: 12, numFmt: COUNT },
      { header: 'Children at upper 80%', key: 'upper80', width: 14, numFmt: COUNT },
      { header: 'Weekly cost', key: 'weekly_cost', width: 12, numFmt: PENCE },
      { header: 'Weeks a year (365.25 / 7)', key: 'weeks', width: 14, numFmt: '0.00' },
      { header: 'Annual cost', key: 'annual_cost', width: 16, numFmt: MONEY },
      { header: 'Annual cost at upper 80%', key: 'annual_cost_upper80', width: 18, numFmt: MONEY },
    ],
    costRows.map(({ record, row, annual, annualUpper }) => ({
      ...named(record),
      weeks: { formula: '365.25/7', result: WEEKS_PER_YEAR },
      annual_cost: { formula: `D${row}*F${row}*G${row}`, result: annual },
      annual_cost_upper80: { formula: `E${row}*F${row}*G${row}`, result: annualUpper },
    })),
  );
  for (const extra of context.extraSheets ?? []) addSheet(workbook, extra.name, extra.columns, extra.rows);
  addSheet(
    workbook,
    'Assumptions',
    [
      { header: 'Assumption', key: 'item', width: 56 },
      { header: 'Value', key: 'value', width: 100 },
    ],
    [...describeSettings(context.settings), ...reports.flatMap((r) => areaAssumptions(r, reports.length > 1))].map((row) => ({
      ...row,
      value: typeof row.value === 'string' ? namesNotPaths(row.value, files) : row.value,
    })),
  ).getColumn(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
  addSheet(
    workbook,
    'Inputs',
    [
      { header: 'Role', key: 'role', width: 16 },
      { header: 'File', key: 'file', width: 60 },
      { header: 'SHA-256', key: 'sha256', width: 70 },
      { header: 'Bundled data to', key: 'bundled', width: 50 },
    ],
    context.inputs.map((i) => ({ ...i, bundled: i.bundled ?? '' })),
  );
  return fixZipDates(new Uint8Array(await workbook.xlsx.writeBuffer()), WORKBOOK_DATE);
}

/**
 * The Costs sheet's rows, with their row numbers and the annual costs their formula gives: the
 * children and weekly cost as stored (to 0.1 and the penny) times 365.25 / 7 weeks. (The CSV's
 * annual cost is worked before rounding; they differ by less than 0.01%.)
 */
function costedRows(records: ReturnType<typeof sufficiencyRecords>) {
  return records
    .filter((r) => r.annual_cost !== null)
    .map((record, i) => {
      const weekly = Number(record.weekly_cost) * WEEKS_PER_YEAR;
      return { record, row: i + 2, annual: Number(record.demand) * weekly, annualUpper: Number(record.upper80) * weekly };
    });
}

/** One area's method, intervals, population, places and mix, in words. */
function areaAssumptions(r: SufficiencyReport, named: boolean): { item: string; value: string }[] {
  const prefix = named ? `${r.area.name}: ` : '';
  const method = r.source?.projection.methods[0];
  const mix = mixLine(r, { options: false });
  return [
    method
      ? { item: `${prefix}Projection method`, value: `${methodName(method.method)}: ${withoutName(describeMethod(method), method.method)}` }
      : { item: `${prefix}Projection method`, value: `${methodName(r.method)}: ${withoutName(methodNote(r), r.method)}` },
    ...(method ? [{ item: `${prefix}Its ranges`, value: withoutName(describeInterval(method), method.method) }] : []),
    ...(r.source
      ? describePopulation(r.source.population).map((line) => {
          const [, what, rest] = /^(population estimates|population projection): (.*)$/.exec(line) ?? [
            undefined,
            'population projection',
            line,
          ];
          return { item: `${prefix}${what!.charAt(0).toUpperCase()}${what!.slice(1)}`, value: rest! };
        })
      : []),
    { item: `${prefix}Places`, value: gapBasis(r) },
    { item: `${prefix}Placement types`, value: describeBasis(r.basis) },
    ...(mix ? [{ item: `${prefix}Placement mix`, value: mix }] : []),
    ...(r.latestMix ? [{ item: `${prefix}The latest year's mix (${r.latestMix.year})`, value: describeShares(r.latestMix.shares) }] : []),
  ];
}

/** Charts as PNG images, one below the other: for one area (a workbook of many areas names it). */
async function addCharts(workbook: ExcelJS.Workbook, reports: readonly SufficiencyReport[], context: WorkbookContext): Promise<void> {
  const sheet = workbook.addWorksheet('Charts');
  sheet.getColumn(1).width = 120;
  if (reports.length > 1) {
    sheet.getCell('A1').value = 'Charts are drawn for one area at a time: run with --area to pick it.';
    return;
  }
  const r = reports[0]!;
  const svgs = [
    ...(r.source ? [{ title: 'Projection', svg: await renderChartSvg(r.source, { bands: 'first' }) }] : []),
    ...(await Promise.all(sufficiencyCharts(r).map(async (c) => ({ title: c.text.title, svg: await renderSufficiencyChartSvg(c) })))),
  ];
  let row = 0;
  for (const { svg } of svgs) {
    const png = await renderPng(svg, { ...context.fonts, width: 1000 });
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    // PNG IHDR: width and height at bytes 16 and 20; shown at half size (sharp on high-DPI screens).
    const [width, height] = [view.getUint32(16) / 2, view.getUint32(20) / 2];
    const id = workbook.addImage({ buffer: Buffer.from(png) as unknown as ExcelJS.Buffer, extension: 'png' });
    sheet.addImage(id, { tl: { col: 0, row }, ext: { width, height } });
    row += Math.ceil(height / 20) + 2;
  }
}
