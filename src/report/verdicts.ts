import type { PlacementType } from '../model/episodes/placementTypes.js';
import type { RunOut, ShortSpell } from '../model/sufficiency/placements.js';
import { formatNumber } from './format.js';
import { typeName, typeTitle } from './placementNames.js';
import type { SufficiencyReport } from './sufficiencyModel.js';

/**
 * Each placement type's verdict over the years, in words: when a shortage of places starts, when it
 * ends and whether it returns, at the point projection and at the 80% upper bound.
 */

const span = (from: number, to: number) => (from === to ? `in ${from}` : `in ${from}-${to}`);

/**
 * Spells of shortage as a phrase: "short of places from 2026" (to the end), "short of places in
 * 2023-2024, enough from 2025", "short of places in 2023, enough in 2024-2025, short again from 2026".
 */
export function describeSpells(spells: readonly ShortSpell[], lastYear: number): string {
  const parts: string[] = [];
  spells.forEach((s, i) => {
    parts.push(`${i === 0 ? 'short of places' : 'short again'} ${s.to >= lastYear ? `from ${s.from}` : span(s.from, s.to)}`);
    if (s.to >= lastYear) return;
    const next = spells[i + 1];
    parts.push(next ? `enough ${span(s.to + 1, next.from - 1)}` : `enough from ${s.to + 1}`);
  });
  return parts.join(', ');
}

const sameSpells = (a: readonly ShortSpell[], b: readonly ShortSpell[]) =>
  a.length === b.length && a.every((s, i) => s.from === b[i]!.from && s.to === b[i]!.to);

/** One type's verdict without its name: "short of places in 2023-2024, enough from 2025, at the point projection and at the 80% upper bound". */
export function verdictOf(ro: RunOut): string {
  if (ro.placementType === 'suppressed') return 'not set against places: children of several types whose counts DfE suppressed';
  if (!ro.isPlace) return 'not a place to provide (placed with parents, for adoption and the like), so not set against places';
  if (!ro.hasPlaces) return 'no places given';
  const point = ro.spells;
  const upper = ro.spellsAtUpper80;
  if (point.length === 0 && upper.length === 0) return 'enough places, even at the 80% upper bound';
  if (point.length === 0) return `enough places at the point projection; at the 80% upper bound, ${describeSpells(upper, ro.lastYear)}`;
  if (sameSpells(point, upper)) return `${describeSpells(point, ro.lastYear)}, at the point projection and at the 80% upper bound`;
  // A shortage to the end at both, starting earlier at the upper bound: said as before, briefly.
  if (point.length === 1 && upper.length === 1 && point[0]!.to >= ro.lastYear && upper[0]!.to >= ro.lastYear)
    return `short of places from ${point[0]!.from} at the point projection (from ${upper[0]!.from} at the 80% upper bound)`;
  return `${describeSpells(point, ro.lastYear)} at the point projection; at the 80% upper bound, ${describeSpells(upper, ro.lastYear)}`;
}

/** One type's verdict, named: "In-house fostering: short of places in 2023-2024, enough from 2025, ...". */
export function describeRunOut(ro: RunOut): string {
  return `${typeTitle(ro.placementType)}: ${verdictOf(ro)}`;
}

/** A year's verdict for a type, for a row of the workbook's Gap sheet. */
export function yearVerdict(gap: number | null, gapUpper80: number | null): string {
  if (gap === null) return '';
  if (gap >= 1) return 'short of places';
  return gapUpper80 !== null && gapUpper80 >= 1 ? 'short at the upper 80% only' : 'enough places';
}

const percent = (share: number) => `${formatNumber(share * 100, 1)}%`;

/** The mix's shares in words: "in-house fostering 42.9%, agency fostering (IFA) 11.4%, ...". */
export function describeShares(shares: ReadonlyMap<PlacementType, number>): string {
  return [...shares].map(([t, s]) => `${typeName(t)} ${percent(s)}`).join(', ');
}

/** How the mix was chosen, for the line naming it: the mean of the years (the default), the latest year's, or given. */
export function mixChoice(r: SufficiencyReport, { options }: { options: boolean }): string {
  const years = r.mix.years;
  if (r.mixRule === 'file' || years.length === 0) return 'as given';
  if (r.mixRule === 'latest') return `the shares of ${years.at(-1)}, the latest year${options ? '; --mix latest' : ''}`;
  const what = years.length === 1 ? `the shares of ${years[0]}` : `the mean share of ${years.join(', ')}`;
  return `${what}${options ? '; --mix mean3, the default' : ', the default'}`;
}

/** Beside a mix averaged over several years, the latest year's where its shares differ: "the latest year's mix (2022): ...". */
export function latestMixShares(r: SufficiencyReport, { options }: { options: boolean }): string | undefined {
  const latest = r.latestMix;
  return latest ? `the latest year's mix (${latest.year}${options ? ', --mix latest' : ''}): ${describeShares(latest.shares)}` : undefined;
}

/** Every verdict the latest year's mix would change, a line each, or one line saying it changes none; none without places. */
export function latestMixVerdicts(r: SufficiencyReport): string[] {
  const latest = r.latestMix;
  if (!latest || !r.gap) return [];
  const changed = latest.runOut.filter((alt) => {
    const used = r.gap!.runOut.find((ro) => ro.placementType === alt.placementType);
    return used !== undefined && verdictOf(used) !== verdictOf(alt);
  });
  const mix = `With the latest year's mix (${latest.year})`;
  return changed.length === 0
    ? [`${mix} the verdicts on places are the same`]
    : changed.map((ro) => `${mix}, ${typeName(ro.placementType)}: ${verdictOf(ro)}`);
}
