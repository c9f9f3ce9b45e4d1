import type { AgeStructure, BandMix } from '../model/sufficiency/ageMix.js';
import { formatNumber } from './format.js';
import { typeName } from './placementNames.js';

/** The mix by age band and the age structure it is weighted by, as lines for the Assumptions. */

const percent = (share: number) => `${formatNumber(share * 100, 1)}%`;

/** DfE's age bands as people say them. */
const BAND_WORDS: Readonly<Record<string, string>> = {
  under1: 'under 1',
  '1to4': 'aged 1-4',
  '5to9': 'aged 5-9',
  '10to15': 'aged 10-15',
  '16plus': 'aged 16-17',
};
export const bandName = (band: string) => BAND_WORDS[band] ?? band;

/** `placement mix by age band (mean share of 2022, 2023, 2024): under1 in-house foster 60.0%, ...; 1to4 ...` (types with no children left out) */
export function describeBandMix(mix: BandMix): string {
  const bands = [...mix.byBand].map(
    ([band, shares]) =>
      `${bandName(band)}: ${[...shares]
        .filter(([, s]) => s > 0)
        .map(([t, s]) => `${typeName(t)} ${percent(s)}`)
        .join(', ')}`,
  );
  const missing =
    mix.missing.length > 0 ? `; no children ${mix.missing.map(bandName).join(', ')} in these years: the all-ages mix stands in` : '';
  const of = mix.years.length > 1 ? `mean share of ${mix.years.join(', ')}` : `share in ${mix.years.join(', ')}`;
  return `placement mix by age band (${of}): ${bands.join('; ')}${missing}`;
}

/** The age structure of the first and last projected years (the same every year when held). */
export function describeAgeStructure(structure: AgeStructure): string {
  const years = [...structure.byYear.keys()].sort((a, b) => a - b);
  const of = (year: number) => [...structure.byYear.get(year)!].map(([band, w]) => `${bandName(band)} ${percent(w)}`).join(', ');
  if (structure.source === 'held') return `age structure held at ${structure.heldYear}: ${years.length > 0 ? of(years[0]!) : '-'}`;
  const shown = years.length > 1 ? [years[0]!, years.at(-1)!] : years;
  return `age structure projected by the flow model (UASC counted as 16-17): ${shown.map((y) => `${y} ${of(y)}`).join('; ')}`;
}
