import { PLACEMENT_BANDS, type AgeStructure, type BandMix } from '../model/sufficiency/ageMix.js';
import { bandName } from './ageMix.js';
import { basisNotes, describeBasis } from './sufficiencyBasis.js';
import { formatNumber } from './format.js';
import { escapeHtml, htmlFigure, htmlTableBlocks, list, paragraph } from './html-parts.js';
import { typeList, typeTitle } from './placementNames.js';
import { renderSufficiencyChartSvg, sufficiencyCharts } from './sufficiency-charts.js';
import { gapBasis, mixLine, unmatchedPlaces, type SufficiencyReport } from './sufficiency.js';
import { methodInWords } from './summary.js';
import { describeRunOut, latestMixShares, latestMixVerdicts } from './verdicts.js';

const money = (v: number) => `£${formatNumber(v / 1000, 0)}k`;
const millions = (v: number) => (Math.abs(v) >= 1e6 ? `£${formatNumber(v / 1e6, 1)} million` : money(v));
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The verdicts on places, each type's over the years, and what the latest year's mix would change. */
function verdicts(r: SufficiencyReport): string[] {
  if (!r.gap) return [];
  const unmatched = unmatchedPlaces(r);
  return [...r.gap.runOut.map(describeRunOut), ...latestMixVerdicts(r), ...(unmatched ? [unmatched] : [])];
}

/** The summary's lines on placements: each type's verdict and the cost in the last year. */
export function sufficiencySummary(r: SufficiencyReport | undefined): string[] {
  if (!r) return [];
  const last = r.demand.at(-1)!.year;
  const costed = (r.costs ?? []).filter((c) => c.year === last && c.annualCost !== null);
  const items = [...(r.gap ? [gapBasis(r), ...verdicts(r)] : [])];
  if (costed.length > 0) {
    items.push(
      `The costed placements (${typeList(costed.map((c) => c.placementType))}) would cost about ${millions(costed.reduce((s, c) => s + c.annualCost!, 0))} ` +
        `in the year to 31 March ${last} at that year's prices (${millions(costed.reduce((s, c) => s + c.annualCostUpper80!, 0))} at the upper 80% range).`,
    );
  }
  for (const w of r.warnings ?? []) items.push(`Warning: ${w}.`);
  return ['<h3>Placements</h3>', list(items)];
}

/**
 * How the projection was shared out between the types: the mix and how it was chosen (beside a
 * mean, the latest year's), or each age band's mix and the age structure weighting it.
 */
function mixParagraphs(r: SufficiencyReport, headline: string): string[] {
  const from = `From ${methodInWords(headline)}`;
  const notes = basisNotes(r.basis);
  const latest = latestMixShares(r, { options: false });
  const beside = latest ? [paragraph(`${capitalise(latest)}.`)] : [];
  if (r.basis.kind === 'mix-by-age') {
    return [
      paragraph(
        `${from}, shared out by the placement mix of each age band, weighted by the share of the children in each band, ` +
          `so the placements change as the children in care grow older. Placement types: ${describeBasis(r.basis)}.`,
      ),
      bandMixTable(r.basis.bandMix, r.basis.structure),
      ...beside,
      list(r.basis.unprojected !== undefined ? [`No projection by age band: ${r.basis.unprojected}.`] : []),
    ].filter((part) => part !== '');
  }
  const mix = mixLine(r, { options: false });
  return [
    paragraph(`${from}, shared out by the placement mix: ${mix ?? 'as given'}.`),
    ...beside,
    paragraph(`Placement types: ${describeBasis(r.basis)}.`),
    list(notes.map(capitalise)),
  ].filter((part) => part !== '');
}

/**
 * Each age band's mix (a row per band, a column per type) and the band's share of the children in
 * the first and last projected years, which weight it.
 */
function bandMixTable(mix: BandMix, structure: AgeStructure): string {
  const years = [...structure.byYear.keys()].sort((a, b) => a - b);
  const shown = years.length > 1 ? [years[0]!, years.at(-1)!] : years;
  const pct = (v: number | undefined) => (v === undefined ? '-' : `${formatNumber(v * 100, 1)}%`);
  const when = mix.years.length > 1 ? `the mean share of ${mix.years.join(', ')}` : `the share in ${mix.years.join(', ')}`;
  const weights = structure.source === 'held' ? `held at ${structure.heldYear}` : 'as the flow model projects it';
  return htmlTableBlocks(
    `Placement mix by age band (${when}) and each band's share of the children (${weights})`,
    ['Age band', ...mix.types.map(typeTitle), ...shown.map((y) => `Share of children, ${y}`)],
    PLACEMENT_BANDS.map((band) => {
      const shares = mix.byBand.get(band) ?? mix.allAges;
      return [
        // a band's name kept on one line ("Aged 10-15" with a hyphen that does not break)
        `${capitalise(bandName(band)).replace('-', '\u2011')}${mix.byBand.has(band) ? '' : ' (no children: the all-ages mix)'}`,
        ...mix.types.map((t) => pct(shares.get(t))),
        ...shown.map((y) => pct(structure.byYear.get(y)?.get(band))),
      ];
    }),
  );
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
    ...mixParagraphs(r, headline),
    '<h3>Placements needed</h3>',
    htmlFigure(
      charts.get('placements')!,
      'One panel per placement type: the black line is the number of children, the shaded band its 80% range.',
    ),
    htmlTableBlocks(
      'Children needing each type of placement on 31 March, with the 80% range',
      ['Year', ...types.map(typeTitle)],
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
        htmlTableBlocks(
          'Gap: children minus places (above zero = short of places), with the gap at the upper 80% range in brackets',
          ['Year', ...placed.map(typeTitle)],
          years.map((y) => [
            String(y),
            ...placed.map((t) => {
              const g = at(r.gap!.rows, y, t)!;
              return g.gap === null ? '-' : `${formatNumber(g.gap, 1)} (${formatNumber(g.gapUpper80!, 1)})`;
            }),
          ]),
        ),
      );
    }
    out.push(list(verdicts(r)));
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
      htmlTableBlocks(
        `Annual cost at each year's prices (inflation ${formatNumber(r.inflation * 100, 1)}% a year)`,
        ['Year', ...costed.map(typeTitle), 'Total costed', 'Total at upper 80%'],
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
      out.push(`<p class="note">${escapeHtml(`No weekly cost was given for ${typeList(uncosted)}: left out of the totals.`)}</p>`);
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
        `held at their ${l.years.length > 1 ? `mean of ${l.years.join(', ')}` : `${l.years.join(', ')} value`} and applied to the projected children.`,
    ),
    htmlTableBlocks(
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
