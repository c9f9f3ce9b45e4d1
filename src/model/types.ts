import type { AgeBandYear } from './ageBands.js';

/** Shared data shapes. Units are in the names: counts are children, rates are per 10,000 aged 0-17. */

/** A local authority (or England) as named in the input files. */
export interface Area {
  /** GSS code such as E09000030; empty when the file gives none. */
  code: string;
  name: string;
  /** DfE's stable three-digit LA number such as 211, when known. */
  dfeCode?: string;
}

/** One year ending 31 March of looked-after counts; null = missing (suppressed or not published). */
export interface HistoryYear {
  /** Year ending 31 March: 2024 = stock on 31 March 2024, flows April 2023 to March 2024. */
  year: number;
  /** Children looked after on 31 March. */
  cla: number | null;
  /** Children starting to be looked after during the year. */
  starts: number | null;
  /** Children ceasing to be looked after during the year. */
  ceased: number | null;
  /** Unaccompanied asylum-seeking children looked after on 31 March. */
  uasc: number | null;
}

/** Years in runs, as warnings name them: `2022`, `2020-2022`, `2015, 2017-2019`. */
export function yearsInWords(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

export interface AreaHistory {
  area: Area;
  /** Sorted by year, one entry per year, no gaps. */
  years: HistoryYear[];
  /** Counts by DfE age band, where given (`--history-by-age`), for the flow model. */
  byAge?: AgeBandYear[];
}

/**
 * Whether a population figure is an ONS estimate, a (possibly rebased) projection, or a mid-year
 * continued past both on request (`--population-extend`).
 */
export type PopulationKind = 'estimate' | 'projection' | 'extended';

export interface PopulationPoint {
  /** ONS mid-year (30 June). */
  midYear: number;
  /** Children aged 0-17; fractional for projections. */
  population0to17: number;
  kind: PopulationKind;
}

/** A population series for one area, keyed by mid-year. */
export type PopulationSeries = Map<number, PopulationPoint>;

/** Methods fitted directly on one area's history (and, for recommended, its region's). */
export type BaseMethodName = 'recommended' | 'avg3' | 'trend' | 'naive' | 'flow';
export const BASE_METHOD_NAMES: readonly BaseMethodName[] = ['recommended', 'avg3', 'trend', 'naive', 'flow'];

/** The methods `auto` chooses among: each fitted on the area's own series alone. */
export const AUTO_CANDIDATES: readonly BaseMethodName[] = ['avg3', 'trend', 'naive', 'flow'];

/** `auto` picks among AUTO_CANDIDATES by the area's own rolling backtest. */
export type MethodName = BaseMethodName | 'auto';
export const METHOD_NAMES: readonly MethodName[] = [...BASE_METHOD_NAMES, 'auto'];

/** A central estimate with 80% and 95% intervals, in children. */
export interface Interval {
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface ProjectedYear extends Interval {
  year: number;
  /** Population used for the year's rate (mid-year `year - lag`); null when the method ignores it. */
  population0to17: number | null;
  ratePer10k: number | null;
  cla: number;
}

export interface ActualYear {
  year: number;
  population0to17: number | null;
  ratePer10k: number | null;
  cla: number | null;
}
