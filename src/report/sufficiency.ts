import { describeArea } from '../model/areas/matching.js';
import type { RunOut } from '../model/sufficiency/placements.js';
import type { LocalityMeasure } from '../model/sufficiency/published.js';
import { basisNotes, describeBasis, methodNote } from './sufficiencyBasis.js';
import type { SufficiencyReport } from './sufficiencyModel.js';
import { formatNumber, round } from './format.js';
import { DEFAULT_WIDTH, plainTable, tableText, wrapText, type WidthOptions } from './plain-table.js';
import { fileName, typeList, typeTitle } from './placementNames.js';
import { describeRunOut, describeShares, latestMixShares, latestMixVerdicts, mixChoice } from './verdicts.js';

export { describeRunOut } from './verdicts.js';

export type { DemandBasis, SufficiencyReport } from './sufficiencyModel.js';

export const SUFFICIENCY_COLUMNS = [
  'area_code',
  'area_name',
  'method',
  'year',
  'placement_type',
  'share',
  'demand',
  'lower80',
  'upper80',
  'places',
  'gap',
  'gap_upper80',
  'weekly_cost',
  'annual_cost',
  'annual_cost_upper80',
] as const;

export type SufficiencyRecord = Record<(typeof SUFFICIENCY_COLUMNS)[number], string | number | null>;

const maybe = (v: number | null | undefined, d: number) => (v === null || v === undefined ? null : round(v, d));

export function sufficiencyRecords(reports: readonly SufficiencyReport[]): SufficiencyRecord[] {
  return reports.flatMap((r) =>
    r.demand.map((d) => {
      const gap = r.gap?.rows.find((g) => g.year === d.year && g.placementType === d.placementType);
      const cost = r.costs?.find((c) => c.year === d.year && c.placementType === d.placementType);
      return {
        area_code: r.area.code,
        area_name: r.area.name,
        method: r.method,
        year: d.year,
        placement_type: d.placementType,
        share: round(d.share, 4),
        demand: round(d.demand, 1),
        lower80: round(d.lower80, 1),
        upper80: round(d.upper80, 1),
        places: gap?.places ?? null,
        gap: maybe(gap?.gap, 1),
        gap_upper80: maybe(gap?.gapUpper80, 1),
        weekly_cost: maybe(cost?.weeklyCost, 2),
        annual_cost: maybe(cost?.annualCost, 0),
        annual_cost_upper80: maybe(cost?.annualCostUpper80, 0),
      };
    }),
  );
}

/** The gap table's title: what the places are, said plainly when they are only today's in use. */
function gapTitle(r: SufficiencyReport): string {
  return r.capacity.given
    ? `Gap: demand minus the places in ${fileName(r.capacity.source)} (positive = short of places; upper 80% in brackets)`
    : `Gap against today's places in use (31 March ${r.capacity.year ?? '?'}; no --capacity file): demand minus those places, ` +
        "so a positive gap is the places needed beyond today's (upper 80% in brackets)";
}

/** What the places are, in a sentence for a report or workbook (no table layout, no option names). */
export function gapBasis(r: SufficiencyReport): string {
  return r.capacity.given
    ? `The gap is children needing each type of place minus the places in ${fileName(r.capacity.source)}; above zero, the council is short of places.`
    : `No file of places available was given, so the gap is measured against today's places in use (31 March ${r.capacity.year ?? '?'}, ` +
        `from ${fileName(r.capacity.source)}), assumed full: above zero, places are needed beyond today's.`;
}

/** The capacity file's types that match no projected type, said plainly (their places are not used). */
export function unmatchedPlaces(r: SufficiencyReport): string | undefined {
  const unmatched = r.gap?.unmatched ?? [];
  if (unmatched.length === 0) return undefined;
  const types = [...new Set(r.demand.map((d) => d.placementType))];
  return (
    `The places given for ${unmatched.map((t) => `"${t}"`).join(', ')}${r.capacity.given ? ` in ${fileName(r.capacity.source)}` : ''} match no ` +
    `placement type of the projection (${typeList(types)}), so they are not used: name the types as the placement counts do.`
  );
}

function capacityNote(r: SufficiencyReport): string {
  return r.capacity.given
    ? `places from ${fileName(r.capacity.source)}`
    : `no --capacity file: the places in use on 31 March ${r.capacity.year ?? '?'} (${fileName(r.capacity.source)}), assumed full, so the gap is the extra places needed`;
}

/** The mix used, in a line: its shares and how they were chosen (a mix by age band is under its own notes). */
export function mixLine(r: SufficiencyReport, options: { options: boolean }): string | undefined {
  if (r.mix.shares.size === 0) return undefined;
  return `${describeShares(r.mix.shares)} (${mixChoice(r, options)})`;
}

const money = (v: number) => `£${formatNumber(v / 1000, 0)}k`;

/** Demand, gap and cost tables for a person, with the assumptions under them. */
export function renderSufficiencyTable(reports: readonly SufficiencyReport[], { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  const plain = (head: string[]) => plainTable(head, width);
  const prose = (text: string, indent = '') => wrapText(text, width, indent);
  for (const r of reports) {
    const types = [...new Set(r.demand.map((d) => d.placementType))];
    const years = [...new Set(r.demand.map((d) => d.year))];
    const at = <T extends { year: number; placementType: string }>(rows: readonly T[], y: number, t: string) =>
      rows.find((x) => x.year === y && x.placementType === t);
    out.push(...prose(`${describeArea(r.area)}: placements needed on 31 March (${r.method} projection, 80% range)`), '');
    const demand = plain(['Year', ...types.map(typeTitle)]);
    for (const y of years) {
      demand.push([
        String(y),
        ...types.map((t) => {
          const d = at(r.demand, y, t)!;
          return `${formatNumber(d.demand)} (${formatNumber(d.lower80)}-${formatNumber(d.upper80)})`;
        }),
      ]);
    }
    out.push(tableText(demand), '');
    if (r.gap) {
      out.push(...prose(gapTitle(r)), '');
      const placed = types.filter((t) => r.gap!.runOut.some((ro) => ro.placementType === t && ro.isPlace));
      const gap = plain(['Year', ...placed.map(typeTitle)]);
      for (const y of years) {
        gap.push([
          String(y),
          ...placed.map((t) => {
            const g = at(r.gap!.rows, y, t)!;
            return g.gap === null ? '-' : `${formatNumber(g.gap, 1)} (${formatNumber(g.gapUpper80!, 1)})`;
          }),
        ]);
      }
      out.push(tableText(gap), '');
      for (const ro of r.gap.runOut) out.push(...prose(describeRunOut(ro), '  '));
      for (const line of latestMixVerdicts(r)) out.push(...prose(line, '  '));
      const unmatched = unmatchedPlaces(r);
      if (unmatched) out.push(...prose(unmatched, '  '));
      out.push('');
    }
    if (r.costs) {
      const costed = types.filter((t) => r.costs!.some((c) => c.placementType === t && c.annualCost !== null));
      out.push(...prose(`Annual cost at each year's prices (inflation ${formatNumber(r.inflation * 100, 1)}% a year)`), '');
      // no type costed: the line below says so, not a table of zeros
      if (costed.length > 0) {
        const costs = plain(['Year', ...costed.map(typeTitle), 'Total costed', 'Total at upper 80%']);
        for (const y of years) {
          const rows = costed.map((t) => at(r.costs!, y, t)!);
          costs.push([
            String(y),
            ...rows.map((c) => money(c.annualCost!)),
            money(rows.reduce((s, c) => s + c.annualCost!, 0)),
            money(rows.reduce((s, c) => s + c.annualCostUpper80!, 0)),
          ]);
        }
        out.push(tableText(costs), '');
      }
      const uncosted = types.filter((t) => !costed.includes(t));
      if (uncosted.length > 0) out.push(...prose(`no weekly cost given for: ${typeList(uncosted)} (left out of the totals)`, '  '), '');
    }
    if (r.locality && r.locality.rows.length > 0) out.push(...renderLocality(r.locality, width), '');
    out.push('Assumptions');
    out.push(...prose(`projection: ${methodNote(r)}`, '  '));
    out.push(...prose(`capacity: ${capacityNote(r)}`, '  '));
    out.push(...prose(`placement types: ${describeBasis(r.basis)}`, '  '));
    const mix = mixLine(r, { options: true });
    if (mix) out.push(...prose(`placement mix: ${mix}`, '  '));
    const latest = latestMixShares(r, { options: true });
    if (latest) out.push(...prose(latest, '  '));
    for (const note of basisNotes(r.basis)) out.push(...prose(note, '  '));
    out.push('');
    if (r.warnings && r.warnings.length > 0) {
      out.push('Warnings');
      for (const w of r.warnings) out.push(...prose(w, '  '));
      out.push('');
    }
  }
  return out.join('\n');
}

const LOCALITY_HEADS: Record<LocalityMeasure, string> = { outside: 'Outside the boundary', over20Miles: 'Over 20 miles from home' };
const pct = (v: number | null) => (v === null ? '-' : `${formatNumber(v * 100, 1)}%`);

/** Children placed outside the council's boundary and far from home (s22G), by year, with the published years. */
function renderLocality(l: NonNullable<SufficiencyReport['locality']>, width: number): string[] {
  const measures = (Object.keys(LOCALITY_HEADS) as LocalityMeasure[]).filter((m) => l.shares[m] !== null);
  const out = wrapText(
    `Placed outside the council's boundary and more than 20 miles from home (DfE's published shares, ${l.years.length > 1 ? `mean of ${l.years.join(', ')}` : `those of ${l.years.join(', ')}`}, held; 80% range)`,
    width,
  );
  out.push('');
  const table = plainTable(['Year', ...measures.map((m) => LOCALITY_HEADS[m])], width);
  for (const y of [...new Set(l.rows.map((r) => r.year))]) {
    table.push([
      String(y),
      ...measures.map((m) => {
        const r = l.rows.find((x) => x.year === y && x.measure === m)!;
        return `${formatNumber(r.children)} (${formatNumber(r.lower80)}-${formatNumber(r.upper80)})`;
      }),
    ]);
  }
  out.push(tableText(table), '');
  const published = l.history
    .filter((h) => h.year >= Math.min(...l.years) - 5)
    .map((h) => `${h.year} ${pct(h.outside)} outside, ${pct(h.over20Miles)} over 20 miles`);
  out.push(
    ...wrapText(
      `published shares: ${published.join('; ')} (of all children on 31 March; distance not recorded counts in the total)`,
      width,
      '  ',
    ),
  );
  return out;
}

/**
 * Each type's verdict for JSON, keyed as the records are: the spells of years short of places at
 * the point projection and the 80% upper bound (`to` is the last year short), and beside a mean
 * the latest year's mix with the spells it would give.
 */
export function verdictRecords(r: SufficiencyReport) {
  const spells = (ro: RunOut) => ({
    placement_type: ro.placementType,
    short: ro.spells,
    short_at_upper80: ro.spellsAtUpper80,
  });
  const placed = (runOut: readonly RunOut[]) => runOut.filter((ro) => ro.isPlace && ro.hasPlaces).map(spells);
  return {
    mix_rule: r.mixRule ?? null,
    verdicts: r.gap ? placed(r.gap.runOut) : [],
    ...(r.latestMix
      ? {
          latest_mix: {
            year: r.latestMix.year,
            shares: Object.fromEntries([...r.latestMix.shares].map(([t, v]) => [t, round(v, 4)])),
            verdicts: placed(r.latestMix.runOut),
          },
        }
      : {}),
  };
}

/** The locality for JSON: the published shares by year and the projected children, rounded as the records are. */
export function localityRecords(l: NonNullable<SufficiencyReport['locality']>) {
  return {
    years: l.years,
    shares: { outside: maybe(l.shares.outside, 4), over_20_miles: maybe(l.shares.over20Miles, 4) },
    published: l.history.map((h) => ({ year: h.year, outside: maybe(h.outside, 4), over_20_miles: maybe(h.over20Miles, 4) })),
    projected: l.rows.map((r) => ({
      year: r.year,
      measure: r.measure === 'over20Miles' ? 'over_20_miles' : 'outside_boundary',
      share: round(r.share, 4),
      children: round(r.children, 1),
      lower80: round(r.lower80, 1),
      upper80: round(r.upper80, 1),
    })),
  };
}
