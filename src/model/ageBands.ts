/** The age bands the flow model runs on and the counts by band it reads. */

export type BandName = 'under1' | '1to4' | '5to9' | '10to15' | '16to17';

export interface AgeBand {
  name: BandName | '0to17';
  /** Youngest single year of age in the band. */
  fromAge: number;
  /** Single years of age in the band: 1/width of the band ages into the next each year. */
  width: number;
}

/** DfE's age bands for children looked after on 31 March (16plus holds 16- and 17-year-olds). */
export const AGE_BANDS: readonly (AgeBand & { name: BandName })[] = [
  { name: 'under1', fromAge: 0, width: 1 },
  { name: '1to4', fromAge: 1, width: 4 },
  { name: '5to9', fromAge: 5, width: 5 },
  { name: '10to15', fromAge: 10, width: 6 },
  { name: '16to17', fromAge: 16, width: 2 },
];

/** Without age bands the model runs on all children 0-17: leaving at 18 is then one of the exits. */
export const TOTAL_BAND: readonly AgeBand[] = [{ name: '0to17', fromAge: 0, width: 18 }];

/** Counts by band (AGE_BANDS order) for one year ending 31 March; null = missing. */
export interface AgeBandYear {
  year: number;
  stock: (number | null)[];
  starts: (number | null)[];
  /** Ceased during the year, by band; for 16-17 without those leaving at 18. */
  ceased: (number | null)[];
  /** Ceased at 18 or over (aged out). */
  ceasedAt18: number | null;
}
