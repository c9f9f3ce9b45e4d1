import { basisNotes, describeBasis } from './sufficiencyBasis.js';
import { formatNumber } from './format.js';
import { escapeHtml, htmlFigure, htmlTable, list, paragraph } from './html-parts.js';
import { renderSufficiencyChartSvg, sufficiencyCharts } from './sufficiency-charts.js';
import { describeRunOut, gapBasis, unmatchedPlaces, type SufficiencyReport } from './sufficiency.js';
import { methodInWords } from './summary.js';

const money = (v: number) => `£${formatNumber(v / 1000, 0)}k`;
const millions = (v: number) => (Math.abs(v) >= 1e6 ? `£${formatNumber(v / 1e6, 1)} million` : money(v));
const shares = (r: SufficiencyReport) =>
  [...r.mix.shares.entries()].map(([t, s]) => `${t} ${formatNumber(s * 100, 1)}%`).join(', ') +
  (r.mix.years.length > 0 ? ` (the mean share of ${r.mix.years.join(', ')})` : ' (as given)');

/** The summary's lines on placements: each type's verdict and the cost in the last year. */
export function sufficiencySummary(r: SufficiencyReport | undefined): string[] {
  if (!r) return [];
  const last = r.demand.at(-1)!.year;
  const costed = (r.costs ?? []).filter((c) => c.year === last && c.annualCost !== null);
  const unmatched = unmatchedPlaces(r);
  const items = [...(r.gap ? [gapBasis(r), ...r.gap.runOut.map(describeRunOut), ...(unmatched ? [unmatched] : [])] : [])];
  if (costed.length > 0) {
    items.push(
      `The costed placements (${costed.map((c) => c.placementType).join(', ')}) would cost about ${millions(costed.reduce((s, c) => s + c.annualCost!, 0))} ` +
        `in the year to 31 March ${last} at that year's prices (${millions(costed.reduce((s, c) => s + c.annualCostUpper80!, 0))} at the upper 80% range).`,
    );
  }
  return ['<h3>Placements</h3>', list(items)];
}

/**
 * The placements, gap and cost section, from the headline projection; without placement counts,
 * a sentence saying what to add.
 */
export async function describeSufficiency(r: SufficiencyReport | undefined, headline: string): Promise<string> {
  const head = ['<section id="sufficiency">', '<h2>Placements, places and costs</h2>'];
  if (!r) {
    return [
      ...head,
      paragraph(
        'Left out: no placement counts were given. To see the placements this projection implies, the gap against the places the council has and their cost, ' +
          'run again with --placements FILE (children on 31 March by placement type: year,placement_type,count), and with --capacity FILE ' +
          '(places available: year,placement_type,places) and --costs FILE (weekly cost by type: placement_type,weekly_cost,price_year).',
      ),
      '</section>',
    ].join('\n');
  }
  const types = [...new Set(r.demand.map((d) => d.placementType))];
  const years = [...new Set(r.demand.map((d) => d.year))];
  const at = <T extends { year: number; placementType: string }>(rows: readonly T[], y: number, t: string) =>
    rows.find((x) => x.year === y && x.placementType === t);
  const charts = new Map(
    await Promise.all(
      sufficiencyCharts(r).map(
        async (c) => [c.name, await renderSufficiencyChartSvg({ ...c, text: { ...c.text, id: `${c.name}-chart` } })] as const,
      ),
    ),
  );
  const out = [
    ...head,
    paragraph(`From ${methodInWords(headline)}, shared out by the placement mix: ${shares(r)}.`),
    // from DfE's published figures: where the types come from and what was estimated or suppressed
    ...(r.locality ? [paragraph(`Placement types: ${describeBasis(r.basis)}.`), list(basisNotes(r.basis))] : []),
    '<h3>Placements needed</h3>',
    htmlFigure(
      charts.get('placements')!,
      'One panel per placement type: the black line is the number of children, the shaded band its 80% range.',
    ),
    htmlTable(
      'Children needing each type of placement on 31 March, with the 80% range',
      ['Year', ...types],
      years.map((y) => [
        String(y),
        ...types.map((t) => {
          const d = at(r.demand, y, t)!;
          return `${formatNumber(d.demand)} (${formatNumber(d.lower80)}-${formatNumber(d.upper80)})`;
        }),
      ]),
    ),
  ];
  if (r.gap) {
    const placed = types.filter((t) => r.gap!.runOut.some((ro) => ro.placementType === t && ro.isPlace && ro.hasPlaces));
    out.push('<h3>Gap against places</h3>', paragraph(gapBasis(r)));
    if (charts.has('gap'))
      out.push(
        htmlFigure(
          charts.get('gap')!,
          'Bars: children minus places at the point projection (above zero = short of places); dashed line: the same at the upper 80% range.',
        ),
      );
    if (placed.length > 0) {
      out.push(
        htmlTable(
          'Gap: children minus places (above zero = short of places), and at the upper 80% range',
          ['Year', ...placed.flatMap((t) => [`${t}`, `${t}, upper 80%`])],
          years.map((y) => [
            String(y),
            ...placed.flatMap((t) => {
              const g = at(r.gap!.rows, y, t)!;
              return g.gap === null ? ['-', '-'] : [formatNumber(g.gap, 1), formatNumber(g.gapUpper80!, 1)];
            }),
          ]),
          'wide',
        ),
      );
    }
    const unmatched = unmatchedPlaces(r);
    out.push(list([...r.gap.runOut.map(describeRunOut), ...(unmatched ? [unmatched] : [])]));
  }
  const costed = types.filter((t) => (r.costs ?? []).some((c) => c.placementType === t && c.annualCost !== null));
  if (costed.length > 0) {
    out.push(`<h3>Costs</h3>`);
    if (charts.has('costs'))
      out.push(
        htmlFigure(
          charts.get('costs')!,
          'Stacked bars: the annual cost of each costed type; dashed line: the total at the upper 80% range.',
        ),
      );
    out.push(
      htmlTable(
        `Annual cost at each year's prices (inflation ${formatNumber(r.inflation * 100, 1)}% a year)`,
        ['Year', ...costed, 'Total costed', 'Total at upper 80%'],
        years.map((y) => {
          const rows = costed.map((t) => at(r.costs!, y, t)!);
          return [
            String(y),
            ...rows.map((c) => money(c.annualCost!)),
            money(rows.reduce((s, c) => s + c.annualCost!, 0)),
            money(rows.reduce((s, c) => s + c.annualCostUpper80!, 0)),
          ];
        }),
      ),
    );
    const uncosted = types.filter((t) => !costed.includes(t));
    if (uncosted.length > 0)
      out.push(`<p class="note">${escapeHtml(`No weekly cost was given for ${uncosted.join(', ')}: left out of the totals.`)}</p>`);
  }
  if (r.locality && r.locality.rows.length > 0) out.push(...localitySection(r.locality));
  out.push('</section>');
  return out.join('\n');
}

/** Outside the council's boundary and more than 20 miles from home, projected with the mix (s22G). */
function localitySection(l: NonNullable<SufficiencyReport['locality']>): string[] {
  const pct = (v: number | null) => (v === null ? '-' : `${formatNumber(v * 100, 1)}%`);
  const measures = (['outside', 'over20Miles'] as const).filter((m) => l.shares[m] !== null);
  const heads = { outside: 'Outside the boundary', over20Miles: 'More than 20 miles from home' };
  return [
    "<h3>Placed outside the council's boundary and far from home</h3>",
    paragraph(
      `DfE's published shares (${l.history.map((h) => `${h.year}: ${pct(h.outside)} outside, ${pct(h.over20Miles)} more than 20 miles`).join('; ')}), ` +
        `held at their mean of ${l.years.join(', ')} and applied to the projected children.`,
    ),
    htmlTable(
      'Children placed outside the boundary and more than 20 miles from home on 31 March, with the 80% range',
      ['Year', ...measures.map((m) => heads[m])],
      [...new Set(l.rows.map((r) => r.year))].map((y) => [
        String(y),
        ...measures.map((m) => {
          const r = l.rows.find((x) => x.year === y && x.measure === m)!;
          return { text: `${formatNumber(r.children)} (${formatNumber(r.lower80)} to ${formatNumber(r.upper80)})`, numeric: true };
        }),
      ]),
    ),
  ];
}
