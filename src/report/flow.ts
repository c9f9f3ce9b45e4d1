import type { AreaReport } from './model.js';
import { renderCsv } from './csv.js';
import { round } from './format.js';

const FLOW_DETAIL_COLUMNS = [
  'area_code',
  'area_name',
  'year',
  'band',
  'opening',
  'entries',
  'exits',
  'ageing_in',
  'ageing_out',
  'residual',
  'closing',
] as const;

/** The flow model's yearly flows by band (and the UASC cohort), for `--detail`. */
export function renderFlowDetail(reports: readonly AreaReport[]): string {
  const rows = reports.flatMap(({ projection }) =>
    projection.methods.flatMap((m) =>
      m.assumptions.method === 'flow' && 'flow' in m.assumptions
        ? m.assumptions.flow.detail.map((d) => ({
            area_code: projection.area.code,
            area_name: projection.area.name,
            year: d.year,
            band: d.band,
            opening: round(d.opening, 2),
            entries: round(d.entries, 2),
            exits: round(d.exits, 2),
            ageing_in: round(d.ageingIn, 2),
            ageing_out: round(d.ageingOut, 2),
            residual: round(d.residual, 2),
            closing: round(d.closing, 2),
          }))
        : [],
    ),
  );
  return renderCsv(FLOW_DETAIL_COLUMNS, rows);
}
