import { describeArea } from '../model/areas/matching.js';
import type { GroupTotal, TotalMethod } from '../model/projection/groupTotal.js';
import { formatNumber, round } from './format.js';
import type { GroupProjection, MemberProjection } from './groupModel.js';
import { DECIMALS, PROJECTION_COLUMNS, projectionRecords, type ProjectionRecord } from './model.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';
import { METHOD_TITLES } from './table.js';

/** The outputs of `project --group`: the group's total first, then its members, each with its share. */

export const GROUP_PROJECTION_COLUMNS = ['level', 'group', ...PROJECTION_COLUMNS, 'share'] as const;
export type GroupProjectionRecord = ProjectionRecord & { level: 'group' | 'council'; group: string; share: number | null };

const r1 = (v: number) => round(v, DECIMALS.count);
const maybe = (v: number | null, d: number) => (v === null ? null : round(v, d));

/** The method the group leads with: recommended when it was run, else the first. */
export function headlineOf(total: GroupTotal): TotalMethod | undefined {
  return total.methods.find((m) => m.method === 'recommended') ?? total.methods[0];
}

/** A member's share of the total by method and year (its point over the group's). */
export function shareOf(total: GroupTotal, method: string, year: number, cla: number | null): number | null {
  const t =
    total.methods.find((m) => m.method === method)?.years.find((y) => y.year === year)?.cla ??
    total.actual.find((a) => a.year === year && method === 'actual')?.cla;
  return cla === null || t === undefined || t === null || !(t > 0) ? null : cla / t;
}

/** Tidy rows: per group, its total (actual years, then each method's), then each member's, with its share. */
export function groupProjectionRecords(projections: readonly GroupProjection[]): GroupProjectionRecord[] {
  return projections.flatMap(({ group, total, members }) => {
    const own = (row: ProjectionRecord): GroupProjectionRecord => ({ level: 'group', group: group.name, ...row, share: null });
    const rows: GroupProjectionRecord[] = total.actual.map((a) =>
      own({
        area_code: '',
        area_name: group.name,
        method: 'actual',
        year: a.year,
        kind: 'actual',
        population_0_17: maybe(a.population0to17, DECIMALS.population),
        rate_per_10000: maybe(a.ratePer10k, DECIMALS.rate),
        cla: a.cla,
        lower80: null,
        upper80: null,
        lower95: null,
        upper95: null,
      }),
    );
    for (const m of total.methods) {
      for (const y of m.years) {
        rows.push(
          own({
            area_code: '',
            area_name: group.name,
            method: m.method,
            year: y.year,
            kind: 'projected',
            population_0_17: maybe(y.population0to17, DECIMALS.population),
            rate_per_10000: maybe(y.ratePer10k, DECIMALS.rate),
            cla: r1(y.cla),
            lower80: y.interval ? r1(y.interval.lower80) : null,
            upper80: y.interval ? r1(y.interval.upper80) : null,
            lower95: y.interval ? r1(y.interval.lower95) : null,
            upper95: y.interval ? r1(y.interval.upper95) : null,
          }),
        );
      }
    }
    for (const member of members.filter(inTotal)) {
      for (const row of projectionRecords([member.report!])) {
        // a member projected from an older count has years the group does not: they are its own
        const share = row.year > total.baseYear || row.kind === 'actual' ? shareOf(total, row.method, row.year, row.cla) : null;
        rows.push({ level: 'council', group: group.name, ...row, share: share === null ? null : round(share, 4) });
      }
    }
    return rows;
  });
}

const inTotal = (m: MemberProjection) => m.report !== undefined && m.leftOut === undefined;
const withRange = (y: { cla: number; interval: { lower80: number; upper80: number } | null }) =>
  y.interval ? `${formatNumber(y.cla)} (${formatNumber(y.interval.lower80)}-${formatNumber(y.interval.upper80)})` : formatNumber(y.cla);
const pct = (v: number | null, d = 1) => (v === null ? '-' : `${formatNumber(v * 100, d)}%`);
const signed = (v: number) => `${v >= 0 ? '+' : ''}${formatNumber(v * 100, 0)}%`;

/** The group in one or two sentences: the recommended total, first and last year, with its range. */
export function groupHeadline(p: GroupProjection): string[] {
  const lead = headlineOf(p.total);
  const first = lead?.years[0];
  const last = lead?.years.at(-1);
  if (!lead || !first || !last) return [];
  const counted = p.total.members.length;
  const of = `${p.group.name}'s ${counted} council${counted === 1 ? '' : 's'}`;
  const range = (y: typeof first) =>
    y.interval ? ` (80% range ${formatNumber(y.interval.lower80)}-${formatNumber(y.interval.upper80)})` : '';
  return [
    `${lead.method === 'recommended' ? 'Recommended' : lead.method}: ${formatNumber(first.cla)} children looked after on 31 March ${first.year} in ${of}${range(first)}, ` +
      `${formatNumber(last.cla)} on 31 March ${last.year}${range(last)}.`,
    ...(lead.method === 'recommended' ? [describeGroupRange(lead, p.total)] : []),
  ];
}

/** How the recommended total and its range were made, in one paragraph. */
function describeGroupRange(m: TotalMethod, total: GroupTotal): string {
  const how = "How: the sum of the members' recommended projections (each its latest count moved with its region's recent change)";
  if (m.noRange !== undefined) return `${how}; no range: ${m.noRange}.`;
  const rhos = (m.ranges ?? []).flatMap((r) => r?.correlations.map((c) => c.rho) ?? []);
  const rho = rhos.length > 0 ? `${formatNumber(Math.min(...rhos), 3)}-${formatNumber(Math.max(...rhos), 3)}` : '-';
  return (
    `${how}. Its range comes from how the members' past errors moved together, not from adding their ranges: England's common movement ` +
    `(either way), each member's own spread for its size, and councils of one region moving together (correlation ${rho} by years ahead); ` +
    `${formatNumber(total.draws)} draws, seed ${total.seed}.`
  );
}

/** Members' rows for a table: latest count, the lead method's first and last year, share and change. */
export function memberRows(p: GroupProjection): { head: string[]; rows: string[][] } {
  const lead = headlineOf(p.total);
  const first = lead?.years[0]?.year;
  const last = lead?.years.at(-1)?.year;
  const head = ['Member', 'Latest count', `${first ?? ''}`, `${last ?? ''}`, `Share ${last ?? ''}`, `Change to ${last ?? ''}`];
  const rows = p.members.map((m) => {
    const latest = m.report?.projection.actual.filter((a) => a.cla !== null).at(-1);
    const name = describeArea(m.area);
    if (!inTotal(m) || !lead) return [name, latest ? `${formatNumber(latest.cla!)} (${latest.year})` : '-', 'left out', '', '', ''];
    const own = m.report!.projection.methods.find((x) => x.method === lead.method);
    const at = (year?: number) => own?.years.find((y) => y.year === year);
    const cell = (year?: number) => {
      const y = at(year);
      return y ? `${formatNumber(y.cla)} (${formatNumber(y.lower80)}-${formatNumber(y.upper80)})` : '-';
    };
    const end = at(last);
    return [
      name,
      latest ? `${formatNumber(latest.cla!)} (${latest.year})` : '-',
      cell(first),
      cell(last),
      pct(end && last !== undefined ? shareOf(p.total, lead.method, last, end.cla) : null),
      end && latest && latest.cla! > 0 ? signed(end.cla / latest.cla! - 1) : '-',
    ];
  });
  return { head, rows };
}

/** The group's total by method, then its members, its warnings and how its range was made. */
export function renderGroupTable(projections: readonly GroupProjection[], { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  const prose = (text: string, indent = '') => wrapText(text, width, indent);
  for (const p of projections) {
    const { group, total } = p;
    out.push(
      ...prose(
        `${group.name}${group.code ? ` (${group.code})` : ''}: children looked after on 31 March, a group of ${p.members.length} council${p.members.length === 1 ? '' : 's'} (${group.source})`,
      ),
    );
    out.push(...groupHeadline(p).flatMap((l) => prose(l)), '');
    out.push(
      ...prose(
        `Base year ${total.baseYear}, projected to ${total.toYear}. The group's total (point, with the recommended projection's 80% range):`,
      ),
      '',
    );
    const totals = plainTable(
      ['Year', 'Population 0-17', ...total.methods.map((m) => `${m.method} (${METHOD_TITLES[m.method] ?? m.method})`)],
      width,
    );
    for (const a of total.actual.filter((x) => x.cla !== null).slice(-3)) {
      totals.push([
        `${a.year} (actual)`,
        a.population0to17 === null ? '-' : formatNumber(a.population0to17),
        ...total.methods.map(() => formatNumber(a.cla!)),
      ]);
    }
    total.methods[0]?.years.forEach((y, i) => {
      totals.push([
        String(y.year),
        y.population0to17 === null ? '-' : formatNumber(y.population0to17),
        ...total.methods.map((m) => withRange(m.years[i]!)),
      ]);
    });
    out.push(tableText(totals), '');
    const members = memberRows(p);
    out.push(
      ...prose(`Members (${headlineOf(total)?.method ?? ''}, 80% range of each member's own projection; share of the group's total):`),
      '',
    );
    const table = plainTable(members.head, width);
    table.push(...members.rows);
    out.push(tableText(table), '');
    const notes = [
      ...(total.methods.some((m) => m.method !== 'recommended')
        ? [
            "The other methods' totals are points: their members' ranges are not measured on past errors, so how they move together cannot be measured, and adding them would assume every member misses the same way.",
          ]
        : []),
      ...rangeLines(total),
    ];
    for (const n of notes) out.push(...prose(n, '  '));
    const warnings = [
      ...p.warnings,
      ...p.members.filter((m) => m.withoutPopulation).map((m) => `${m.area.name}: ${m.withoutPopulation}`),
      ...p.members.flatMap((m) => (m.report?.projection.warnings ?? []).map((w) => `${m.area.name}: ${w}`)),
    ];
    if (warnings.length > 0) {
      out.push('', 'Warnings');
      for (const w of warnings) out.push(...prose(w, '  '));
    }
    out.push('');
  }
  return out.join('\n');
}

/** Each year's range as measured: the horizon of the common shocks, their origins, rho. */
export function rangeLines(total: GroupTotal): string[] {
  const m = total.methods.find((x) => x.method === 'recommended');
  if (!m?.ranges) return [];
  const parts = m.ranges.map((r, i) => {
    const year = m.years[i]!.year;
    if (!r) return `${year}: -`;
    const rho = r.correlations.map((c) => `${formatNumber(c.rho, 3)} at ${c.measuredHorizon}`).join(', ');
    return `${year}: ${r.horizon} ahead, shocks at ${r.measuredHorizon} from ${r.origins} origins, rho ${rho}`;
  });
  return [
    `Range by year (years ahead, the horizon its common shocks and residuals were measured at, the regional correlation): ${parts.join('; ')}.`,
  ];
}

/** The JSON body of `project --group`: each group with its members and range, then the CSV records. */
export function groupProjectionJson(projections: readonly GroupProjection[]): Record<string, unknown> {
  return {
    groups: projections.map((p) => ({
      group: { name: p.group.name, code: p.group.code, source: p.group.source },
      base_year: p.total.baseYear,
      to_year: p.total.toYear,
      summary: groupHeadline(p),
      members: p.members.map((m) => ({
        area: m.area,
        in_total: inTotal(m),
        years_behind: Number.isFinite(m.lag) ? m.lag : null,
        left_out: m.leftOut ?? null,
        without_population: m.withoutPopulation ?? null,
        warnings: m.report?.projection.warnings ?? [],
      })),
      ranges: p.total.methods
        .filter((m) => m.method === 'recommended')
        .map((m) => ({
          method: m.method,
          draws: p.total.draws,
          seed: p.total.seed,
          no_range: m.noRange ?? null,
          years: (m.ranges ?? []).map((r, i) => ({
            year: m.years[i]!.year,
            horizon: r?.horizon ?? null,
            measured_horizon: r?.measuredHorizon ?? null,
            origins: r?.origins ?? null,
            rho:
              r?.correlations.map((c) => ({
                measured_horizon: c.measuredHorizon,
                rho: round(c.rho, 4),
                pairs: c.pairs,
                origins: c.origins,
              })) ?? [],
          })),
        })),
      warnings: p.warnings,
    })),
    records: groupProjectionRecords(projections),
  };
}
