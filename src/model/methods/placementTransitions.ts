import { mean } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import { DFE_AGE_BANDS, ageBand, ageOn, dayOf } from '../episodes/calendar.js';
import type { CareHistory, EpisodesInPeriods, Period } from '../episodes/periods.js';
import { PROVISIONS } from '../episodes/placements.js';
import { CODE_CATEGORIES } from '../episodes/placementTypes.js';
import { episodeOn } from '../episodes/yearCounts.js';
import type { DurationFlowParameters } from './durationFlow.js';

/**
 * Placement types over time: a yearly Markov chain on the 31 March snapshots of SSDA903 returns.
 * A child in care on 31 March in placement type i, aged a (band b), is on the next 31 March in type
 * j with probability P_b(i -> j), or has left care with probability P_b(i -> left); a year older
 * either way, and out of care at 18. Entrants arrive at the flow-with-durations entry rate per
 * 10,000 of their band's population and are found on their first 31 March at each age and type in
 * the shares recent entrants were.
 *
 * Why yearly and not monthly: sufficiency counts places on 31 March, and P_b(i -> j) measured from
 * one 31 March to the next is exactly the chance that matters, every move between them included
 * (a monthly chain raised to the 12th power is only that if moves are memoryless month to month,
 * which placement moves are not: a new placement is far likelier to break down in its first
 * weeks). It also keeps the rows thick enough to estimate: a council has a few hundred children per
 * band, and a year of moves per child, not twelve sparse monthly tables. The price: a child who
 * leaves and comes back within a year counts as a leaver and an entrant, and within-year
 * placements that end before 31 March are invisible (as they are to a 31 March count of places).
 */

/** Years of age tracked: 0..17; 17-year-olds reach 18 within the year and leave. */
export const AGES = 18;
/** Index of "left care" after the placement types in a row of rates. */
export const LEFT = CODE_CATEGORIES.length;
/** Rows with fewer children at risk borrow all bands' moves out of the same type. */
const MIN_AT_RISK = 10;

export interface TransitionRow {
  /** Children in this band and type on a 31 March in the window (under 17, dated, not UASC). */
  atRisk: number;
  /** The band's own moves: to each type, then left care. */
  own: number[];
  /** Counts behind the rates: the band's own, or all bands' where fewer than 10 were at risk. */
  counts: number[];
  /** counts / their sum, summing to 1; for a type nobody was seen in, stay or leave at the band's exit rate. */
  rates: number[];
  /** Where the rates come from: the band's own counts, all bands' (fewer than 10 at risk), or none (nobody was in the type). */
  from: 'band' | 'all-bands' | 'none';
}

export interface PlacementTransitionParameters {
  baseYear: number;
  /** Years ending 31 March the moves were measured over (the flow with durations' years). */
  years: number[];
  /** rows[band][type] (bands as DFE_AGE_BANDS, types as CODE_CATEGORIES). */
  rows: TransitionRow[][];
  /**
   * Entrants by band at entry: how many started in the window, and how many of them were in care on
   * the next 31 March at each age (0..17) and type (`byAgeType[band][age][type]`); the rest left
   * within the year. Numbers to come are the flow with durations' entry rate times population.
   */
  entrants: { entered: number[]; byAgeType: number[][][] };
  /** Children in care on 31 March of the base year by age (rows 0..17) and type. */
  opening: number[][];
  /** Children in care at the base without a date of birth, by type: held. */
  unaged: number[];
  /** UASC (flagged by the returns): held by type at their mean number on 31 March over the years. */
  uasc: { opening: number[]; held: number[]; flagged: boolean };
  /**
   * Children on 31 March over the years by type and provision (n/a, in-house, external): how far
   * each type is the council's own provision (for costs).
   */
  provision: number[][];
  /** The same for the children in care on 31 March of the base year (UASC and undated included). */
  provisionOnBase: number[][];
  /** The flow with durations fitted on the same periods: entry rates and the variability of flows. */
  flow: DurationFlowParameters;
}

const K = CODE_CATEGORIES.length;
const bandIndex = (age: number) => DFE_AGE_BANDS.indexOf(ageBand(age) as (typeof DFE_AGE_BANDS)[number]);
const inCareOn = (p: Period, day: number) => p.start <= day && (p.end === null || p.end > day);
const zeros = (n: number) => new Array<number>(n).fill(0);

/**
 * Estimate the moves between placement types by age band, and where entrants are on their first
 * 31 March, from periods of care over the flow's years (`flow.years`: the last `--window` years to
 * the base with population, never before the first return). A period that ended only because of
 * a start coded after X1 (`ceased` false) is followed into the next period, as the child stayed.
 * @throws InsufficientDataError when the periods carry no placements or nobody was at risk
 */
export function estimatePlacementTransitions(care: CareHistory, flow: DurationFlowParameters): PlacementTransitionParameters {
  const episodes = care.episodes;
  if (!episodes) throw new InsufficientDataError('placement transitions require the episodes of each period of care (their placements)');
  const bands = DFE_AGE_BANDS.length;
  const own = Array.from({ length: bands }, () => Array.from({ length: K }, () => zeros(K + 1)));
  const entered = zeros(bands);
  const byAgeType = Array.from({ length: bands }, () => Array.from({ length: AGES }, () => zeros(K)));
  const provision = Array.from({ length: K }, () => zeros(PROVISIONS.length));
  const periods = care.periods;
  const stateOn = (p: Period, day: number) => episodes.placement[episodeOn(episodes, p, day)]!;
  for (const year of flow.years) {
    const previousMarch = dayOf(year - 1, 3, 31);
    const march = dayOf(year, 3, 31);
    for (let i = 0; i < periods.length; i++) {
      const p = periods[i]!;
      if (inCareOn(p, march)) provision[stateOn(p, march)]![episodes.provision[episodeOn(episodes, p, march)]!]!++;
      if (p.uasc || p.dob === null) continue;
      if (inCareOn(p, previousMarch)) {
        const age = ageOn(p.dob, previousMarch);
        const b = bandIndex(age);
        if (b >= 0 && age < AGES - 1) own[b]![stateOn(p, previousMarch)]![outcome(periods, i, march, episodes)]!++;
      }
      if (p.start > previousMarch && p.start <= march) {
        const age = ageOn(p.dob, p.start);
        const b = bandIndex(age);
        if (b < 0 || age >= AGES) continue;
        entered[b]!++;
        const ageThen = ageOn(p.dob, march);
        if (inCareOn(p, march) && ageThen < AGES) byAgeType[b]![ageThen]![stateOn(p, march)]!++;
      }
    }
  }
  const atRisk = (counts: number[]) => counts.reduce((s, v) => s + v, 0);
  if (own.every((band) => band.every((row) => atRisk(row) === 0))) {
    throw new InsufficientDataError('placement transitions require children in care on the 31 March before a year of the window');
  }
  const allBands = Array.from({ length: K }, (_, s) =>
    Array.from({ length: K + 1 }, (_, t) => own.reduce((sum, band) => sum + band[s]![t]!, 0)),
  );
  const rows = own.map((band) => {
    // a type nobody was seen in: children placed there stay, leaving at the band's overall rate
    const bandAtRisk = band.reduce((sum, counts) => sum + atRisk(counts), 0);
    const bandLeft = band.reduce((sum, counts) => sum + counts[LEFT]!, 0);
    const leave =
      bandAtRisk > 0
        ? bandLeft / bandAtRisk
        : allBands.reduce((sum, c) => sum + c[LEFT]!, 0) / allBands.reduce((sum, c) => sum + atRisk(c), 0);
    return band.map((counts, s): TransitionRow => {
      const n = atRisk(counts);
      const used = n >= MIN_AT_RISK ? counts : atRisk(allBands[s]!) > 0 ? allBands[s]! : null;
      if (used === null) {
        return {
          atRisk: 0,
          own: counts,
          counts: zeros(K + 1),
          rates: Array.from({ length: K + 1 }, (_, t) => (t === s ? 1 - leave : t === LEFT ? leave : 0)),
          from: 'none',
        };
      }
      const total = atRisk(used);
      return { atRisk: n, own: counts, counts: used, rates: used.map((c) => c / total), from: n >= MIN_AT_RISK ? 'band' : 'all-bands' };
    });
  });

  const march = dayOf(flow.baseYear, 3, 31);
  const opening = Array.from({ length: AGES }, () => zeros(K));
  const unaged = zeros(K);
  const uascOpening = zeros(K);
  const provisionOnBase = Array.from({ length: K }, () => zeros(PROVISIONS.length));
  for (const p of periods) {
    if (!inCareOn(p, march)) continue;
    const s = stateOn(p, march);
    provisionOnBase[s]![episodes.provision[episodeOn(episodes, p, march)]!]!++;
    if (p.uasc) uascOpening[s]!++;
    else if (p.dob === null) unaged[s]!++;
    else {
      const age = ageOn(p.dob, march);
      if (age >= 0 && age < AGES) opening[age]![s]!++;
    }
  }
  const uascPeriods = periods.filter((p) => p.uasc);
  const uascByYear = flow.years.map((y) => {
    const day = dayOf(y, 3, 31);
    const counts = zeros(K);
    for (const p of uascPeriods) if (inCareOn(p, day)) counts[stateOn(p, day)]!++;
    return counts;
  });
  return {
    baseYear: flow.baseYear,
    years: flow.years,
    rows,
    entrants: { entered, byAgeType },
    opening,
    unaged,
    uasc: {
      opening: uascOpening,
      held: uascByYear.length > 0 ? Array.from({ length: K }, (_, s) => mean(uascByYear.map((c) => c[s]!))) : uascOpening,
      flagged: uascPeriods.length > 0,
    },
    provision,
    provisionOnBase,
    flow,
  };
}

/**
 * Where the child of period i is on `march`: a type, or LEFT. A period that ended with no cessation
 * (a start coded after X1) continues in the child's next period.
 */
function outcome(periods: readonly Period[], i: number, march: number, episodes: EpisodesInPeriods): number {
  let p = periods[i]!;
  while (p.end !== null && p.end <= march && p.ceased === false) {
    const next = periods[i + 1];
    if (!next || next.child !== p.child || next.start !== p.end) break;
    p = next;
    i++;
  }
  if (p.end !== null && p.end <= march) return p.ceased === false ? episodes.placement[p.firstEpisode + p.episodeCount - 1]! : LEFT;
  return episodes.placement[episodeOn(episodes, p, march)]!;
}

/**
 * Share of a type's children on 31 March over the years that were in the council's own provision
 * (PR1); the rest (other councils, private, voluntary, or no provider given) are external. Null for
 * a type nobody was in.
 */
export function inHouseShare(p: PlacementTransitionParameters, type: number): number | null {
  const counts = p.provision[type]!;
  const total = counts.reduce((s, v) => s + v, 0);
  return total > 0 ? counts[1]! / total : null;
}
