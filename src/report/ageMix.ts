import type { AgeStructure, BandMix } from '../model/sufficiency/ageMix.js';
import { formatNumber } from './format.js';

/** The mix by age band and the age structure it is weighted by, as lines for the Assumptions. */

const percent = (share: number) => `${formatNumber(share * 100, 1)}%`;

/** `placement mix by age band (mean share of 2022, 2023, 2024): under1 in-house foster 60.0%, ...; 1to4 ...` (types with no children left out) */
export function describeBandMix(mix: BandMix): string {
  const bands = [...mix.byBand].map(
    ([band, shares]) =>
      `${band} ${[...shares]
        .filter(([, s]) => s > 0)
        .map(([t, s]) => `${t} ${percent(s)}`)
        .join(', ')}`,
  );
  const missing = mix.missing.length > 0 ? `; no children in ${mix.missing.join(', ')} in these years: the all-ages mix stands in` : '';
  return `placement mix by age band (mean share of ${mix.years.join(', ')}): ${bands.join('; ')}${missing}`;
}

/** The age structure of the first and last projected years (the same every year when held). */
export function describeAgeStructure(structure: AgeStructure): string {
  const years = [...structure.byYear.keys()].sort((a, b) => a - b);
  const of = (year: number) => [...structure.byYear.get(year)!].map(([band, w]) => `${band} ${percent(w)}`).join(', ');
  if (structure.source === 'held') return `age structure held at ${structure.heldYear}: ${years.length > 0 ? of(years[0]!) : '-'}`;
  const shown = years.length > 1 ? [years[0]!, years.at(-1)!] : years;
  return `age structure projected by the flow model (UASC counted in 16plus): ${shown.map((y) => `${y} ${of(y)}`).join('; ')}`;
}
