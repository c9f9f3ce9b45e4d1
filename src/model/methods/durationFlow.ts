import { mean } from 'simple-statistics';
import { InsufficientDataError } from '../../errors.js';
import { DFE_AGE_BANDS, ageBand, ageOn, dayOf, returnYearOf } from '../episodes/calendar.js';
import type { CareHistory, Period } from '../episodes/periods.js';
import { binomial, pathRandom, poisson } from '../stats/random.js';
import { pathQuantiles, projectionYears, variabilityPath } from '../stats/simulation.js';
import type { Interval } from '../types.js';
import { levelDriftOf, overDispersionOf, type YearCount } from '../stats/variability.js';

/**
 * The inflow/outflow model with durations, from child-level SSDA903 periods of care: children
 * enter at a rate per 10,000 of their age band's population, leave with a hazard that depends on
 * how long they have been in care (and their age band), grow a year older each year, and leave at
 * 18. Where the aggregate model has one exit share per band, this one knows that a child who has
 * been in care five years is far less likely to leave this year than one who arrived last month.
 */

/** Completed years in care are tracked up to this; the last group is "this many years or more". */
const MAX_DURATION = 5;
const AGES = 18;

export interface DurationFlowParameters {
  baseYear: number;
  /** Years ending 31 March the rates were measured on. */
  years: number[];
  /** Entries per 10,000 of the band's population (DfE bands). */
  entryRatePer10k: number[];
  /** Share of a year's entrants still in care on the 31 March that ends it, by band. */
  stillInCareAtYearEnd: number[];
  /**
   * Where a band's entrants are on that 31 March: the share of them in care at each age (0..17)
   * then, by band at entry (rows); a row sums to the band's `stillInCareAtYearEnd`. Placing entrants
   * at their age on 31 March, not at entry, matters for teenagers: a 16-year-old who enters in
   * October is often 17 by March and leaves at 18 a year sooner.
   */
  arrivalAgeShares: number[][];
  /** Yearly exit hazard by band (rows) and completed years in care 0..5+ (columns); leaving at 18 excluded. */
  exitHazard: number[][];
  /** Children in care on 31 March of the base year by age (rows 0..17) and completed years in care. */
  opening: number[][];
  /** Children in care at the base without a date of birth: held, and added to the totals. */
  unaged: number;
  /**
   * Unaccompanied asylum-seeking children (flagged by the returns' UASC files) follow arrivals, not
   * the local population: they are kept out of the rates and hazards and held at their recent
   * average on 31 March, as in the aggregate flow. `flagged` false: no child was flagged (no UASC
   * file read), so any UASC are inside the flows.
   */
  uasc: { opening: number; held: number; flagged: boolean };
  /** Over-dispersion of yearly entries (variance = mean + alpha mean^2) and of yearly exits. */
  dispersion: number;
  exitDispersion: number;
  /** Yearly sd of lasting changes in the entry rate and the exit hazards (random walks, log scale). */
  entryDrift: number;
  exitDrift: number;
  /** Where the four measures of variability above were read. */
  variabilityFrom: 'returns' | 'history';
  /**
   * Relative variance of the estimated entry rate and exit hazards themselves: a few years of
   * counts measure them with error, which the simulation draws once per path.
   */
  estimationVariance: { entries: number; exits: number };
}

const bandIndex = (age: number) => DFE_AGE_BANDS.indexOf(ageBand(age) as (typeof DFE_AGE_BANDS)[number]);
const yearsBetween = (from: number, to: number) => Math.floor((to - from) / 365.25);

/**
 * Measure entry rates, the age of entrants, within-year survival of entrants and exit hazards by
 * duration from periods of care over the last `window` years to `baseYear`, never before the first
 * return (earlier years hold only the children still in care then: their flows are incomplete).
 * The variability of yearly starts and exits is measured over every return year up to the base.
 * @throws InsufficientDataError when no year has children at risk
 */
export function estimateDurationFlow(
  care: CareHistory,
  baseYear: number,
  window: number,
  bandPopulation: (midYear: number) => number[] | null,
  populationLag: number,
): DurationFlowParameters {
  const bands = DFE_AGE_BANDS.length;
  const atRisk = Array.from({ length: bands }, () => new Array<number>(MAX_DURATION + 1).fill(0));
  const exits = Array.from({ length: bands }, () => new Array<number>(MAX_DURATION + 1).fill(0));
  const arrivedAtAge = Array.from({ length: bands }, () => new Array<number>(AGES).fill(0));
  const rates: number[][] = [];
  const entered = new Array<number>(bands).fill(0);
  const stayed = new Array<number>(bands).fill(0);
  if (baseYear > care.lastYear) {
    throw new InsufficientDataError(
      `flow with durations requires returns up to the base year ${baseYear} (the latest is ${care.lastYear})`,
    );
  }
  const periods = care.periods.filter((p) => !p.uasc);
  const uascPeriods = care.periods.filter((p) => p.uasc);
  const uascOn = (day: number) => uascPeriods.filter((p) => p.start <= day && (p.end === null || p.end > day)).length;
  const years: number[] = [];
  for (let year = Math.max(baseYear - window + 1, care.firstYear); year <= baseYear; year++) {
    const population = bandPopulation(year - populationLag);
    if (population === null) continue;
    years.push(year);
    const previousMarch = dayOf(year - 1, 3, 31);
    const march = dayOf(year, 3, 31);
    const startsByBand = new Array<number>(bands).fill(0);
    for (const p of periods) {
      if (p.dob === null) continue;
      // at risk: in care on the previous 31 March, and under 17 then (a 17-year-old leaves at 18
      // within the year in the projection, whatever the hazard: counting them at risk would
      // dilute the hazard applied to 16-year-olds)
      if (p.start <= previousMarch && (p.end === null || p.end > previousMarch)) {
        const age = ageOn(p.dob, previousMarch);
        const b = bandIndex(age);
        if (b < 0 || age >= AGES - 1) continue;
        const d = Math.min(MAX_DURATION, yearsBetween(p.start, previousMarch));
        atRisk[b]![d]!++;
        if (p.end !== null && p.ceased !== false && p.end <= march && ageOn(p.dob, p.end) < 18) exits[b]![d]!++;
      }
      if (p.start > previousMarch && p.start <= march) {
        const age = ageOn(p.dob, p.start);
        const b = bandIndex(age);
        if (b < 0 || age >= AGES) continue;
        startsByBand[b]!++;
        entered[b]!++;
        if (p.end === null || p.end > march) {
          stayed[b]!++;
          const ageThen = ageOn(p.dob, march);
          if (ageThen < AGES) arrivedAtAge[b]![ageThen]!++;
        }
      }
    }
    rates.push(startsByBand.map((n, b) => (population[b]! > 0 ? (n / population[b]!) * 10_000 : 0)));
  }
  const totalAtRisk = atRisk.flat().reduce((s, v) => s + v, 0);
  if (years.length === 0) {
    throw new InsufficientDataError(
      'flow with durations requires the population by age band (a single-year-of-age file, such as an ONS projection, among the population inputs)',
    );
  }
  if (totalAtRisk === 0) {
    throw new InsufficientDataError(
      'flow with durations requires episodes covering the year before the base year (children in care on its 31 March)',
    );
  }
  // Thin cells borrow the all-band hazard for the same duration (fewer than 10 at risk).
  const pooled = Array.from({ length: MAX_DURATION + 1 }, (_, d) => {
    const n = atRisk.reduce((s, row) => s + row[d]!, 0);
    return n > 0 ? exits.reduce((s, row) => s + row[d]!, 0) / n : 0;
  });
  const exitHazard = atRisk.map((row, b) => row.map((n, d) => (n >= 10 ? exits[b]![d]! / n : pooled[d]!)));
  // A band with no entrants measured: its entrants all stay, spread evenly over its ages.
  const arrivalAgeShares = arrivedAtAge.map((row, b) => {
    if (entered[b]! > 0) return row.map((n) => n / entered[b]!);
    const ages = row.map((_, a) => bandIndex(a) === b);
    const width = ages.filter(Boolean).length;
    return ages.map((own) => (own ? 1 / width : 0));
  });

  const march = dayOf(baseYear, 3, 31);
  const opening = Array.from({ length: AGES }, () => new Array<number>(MAX_DURATION + 1).fill(0));
  let unaged = 0;
  for (const p of periods) {
    if (!(p.start <= march && (p.end === null || p.end > march))) continue;
    if (p.dob === null) {
      unaged++;
      continue;
    }
    const age = ageOn(p.dob, march);
    if (age < 0 || age >= AGES) continue;
    opening[age]![Math.min(MAX_DURATION, yearsBetween(p.start, march))]!++;
  }
  const { starts, exits: ceased } = yearlyFlows(periods, care.firstYear, baseYear);
  // The mean of n yearly counts with mean m and over-dispersion alpha has relative variance
  // (1/m + alpha) / n; the hazards are measured on the exits counted over the same years.
  const totalEntered = entered.reduce((s, v) => s + v, 0);
  const totalExits = exits.flat().reduce((s, v) => s + v, 0);
  const relativeVariance = (total: number, alpha: number) => (total > 0 ? (years.length / total + alpha) / years.length : 0);
  const dispersion = overDispersionOf(starts);
  const exitDispersion = overDispersionOf(ceased);
  return {
    baseYear,
    years,
    entryRatePer10k: DFE_AGE_BANDS.map((_, b) => mean(rates.map((r) => r[b]!))),
    stillInCareAtYearEnd: entered.map((n, b) => (n > 0 ? stayed[b]! / n : 1)),
    arrivalAgeShares,
    exitHazard,
    opening,
    unaged,
    uasc: {
      opening: uascOn(march),
      held: years.length > 0 ? mean(years.map((y) => uascOn(dayOf(y, 3, 31)))) : uascOn(march),
      flagged: uascPeriods.length > 0,
    },
    dispersion,
    exitDispersion,
    entryDrift: levelDriftOf(starts),
    exitDrift: levelDriftOf(ceased),
    variabilityFrom: 'returns',
    estimationVariance: { entries: relativeVariance(totalEntered, dispersion), exits: relativeVariance(totalExits, exitDispersion) },
  };
}

/** Periods started and ended in each return year from `from` to the base year (years ending 31 March). */
function yearlyFlows(periods: readonly Period[], from: number, baseYear: number): { starts: YearCount[]; exits: YearCount[] } {
  const starts = new Array<number>(Math.max(0, baseYear - from + 1)).fill(0);
  const exits = new Array<number>(starts.length).fill(0);
  for (const p of periods) {
    const started = returnYearOf(p.start) - from;
    if (started >= 0 && started < starts.length) starts[started]!++;
    if (p.end === null || p.ceased === false) continue;
    const ended = returnYearOf(p.end) - from;
    if (ended >= 0 && ended < exits.length) exits[ended]!++;
  }
  const series = (counts: number[]) => counts.map((count, i) => ({ year: from + i, count }));
  return { starts: series(starts), exits: series(exits) };
}

export interface DurationFlowProjection {
  parameters: DurationFlowParameters;
  years: { year: number; cla: number; median: number; interval: Interval; byDuration: number[] }[];
}

/** One year: survivors age a year and gain a year in care; 17-year-olds leave at 18; entrants join at duration 0. */
function step(
  p: DurationFlowParameters,
  cells: number[][],
  population: number[],
  draw?: { entries: (mean: number) => number; survivors: (n: number, hazard: number) => number },
): number[][] {
  const next = Array.from({ length: AGES }, () => new Array<number>(MAX_DURATION + 1).fill(0));
  for (let a = 0; a < AGES; a++) {
    const b = bandIndex(a);
    for (let d = 0; d <= MAX_DURATION; d++) {
      const n = cells[a]![d]!;
      if (n === 0 || a + 1 >= AGES) continue;
      const h = p.exitHazard[b]![d]!;
      next[a + 1]![Math.min(MAX_DURATION, d + 1)]! += draw ? draw.survivors(n, h) : n * (1 - h);
    }
  }
  for (let b = 0; b < p.arrivalAgeShares.length; b++) {
    const entries = (p.entryRatePer10k[b]! * population[b]!) / 10_000;
    for (let a = 0; a < AGES; a++) {
      const expected = entries * p.arrivalAgeShares[b]![a]!;
      if (expected > 0) next[a]![0]! += draw ? draw.entries(expected) : expected;
    }
  }
  return next;
}

const total = (cells: number[][]) => cells.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);

/**
 * Project the duration model deterministically (central path) and by seeded simulation: entries
 * Poisson with a gamma shock a year of the measured over-dispersion, survivors binomial per cell
 * with the year's hazards scaled by a shock of the exits' over-dispersion, and both levels drifting
 * as random walks (without drift the intervals hold far too few outcomes a few years ahead).
 */
export function projectDurationFlow(
  p: DurationFlowParameters,
  toYear: number,
  bandPopulation: (midYear: number) => number[] | null,
  populationLag: number,
  options: { simulations: number; seed: number },
): DurationFlowProjection {
  const { years, populations } = projectionYears(p.baseYear, toYear, bandPopulation, populationLag);
  let cells = p.opening.map((row) => [...row]);
  const central = populations.map((population) => {
    cells = step(p, cells, population);
    return {
      total: total(cells) + p.unaged + p.uasc.held,
      byDuration: Array.from({ length: MAX_DURATION + 1 }, (_, d) => cells.reduce((s, row) => s + row[d]!, 0)),
    };
  });
  let random = pathRandom(options.seed, 0);
  const paths = years.map(() => new Float64Array(options.simulations));
  let factor = { entries: 1, exits: 1 };
  const draw = {
    entries: (m: number) => (m > 0 ? poisson(random, m * factor.entries) : 0),
    survivors: (n: number, h: number) => {
      const whole = Math.floor(n);
      const hazard = Math.min(1, h * factor.exits);
      return whole - binomial(random, whole, hazard) + (n - whole) * (1 - hazard);
    },
  };
  for (let path = 0; path < options.simulations; path++) {
    random = pathRandom(options.seed, path);
    // As in the aggregate flow, plus each path's own entry rate and hazards, as uncertain as their estimates.
    const nextYear = variabilityPath(random, p, p.estimationVariance);
    let s = p.opening.map((row) => [...row]);
    populations.forEach((population, i) => {
      factor = nextYear();
      s = step(p, s, population, draw);
      paths[i]![path] = total(s) + p.unaged + p.uasc.held;
    });
  }
  return {
    parameters: p,
    years: years.map((year, i) => ({
      year,
      cla: central[i]!.total,
      ...pathQuantiles(paths[i]!, central[i]!.total),
      byDuration: central[i]!.byDuration,
    })),
  };
}
