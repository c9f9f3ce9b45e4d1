import { DFE_AGE_BANDS, ageBand } from '../episodes/calendar.js';
import { PLACEMENT_CATEGORIES } from '../episodes/placements.js';
import { binomial, createRandom, gamma, poisson, type Random } from '../stats/random.js';
import { pathQuantiles, projectionYears, variabilityPath } from '../stats/simulation.js';
import type { Interval } from '../types.js';
import { AGES, LEFT, type PlacementTransitionParameters } from './placementTransitions.js';

/**
 * Project placements by type from the transition model (placementTransitions.ts): deterministically
 * for the central path, and by seeded simulation for the intervals. Each simulated path
 * - draws its own transition rates, each row from a Dirichlet distribution on the counts behind it
 *   (the uncertainty of rates measured on a few hundred children), and its own entry and exit
 *   levels, as uncertain as their estimates (as the flow with durations does);
 * - each year: moves the children of each age and type multinomially with those rates, the chance
 *   of leaving scaled by the year's exit shock and the moves between types by what remains; draws
 *   entrants Poisson around rate x population x the year's entry shock, and places each at an age
 *   and type drawn from where recent entrants were on their first 31 March.
 * Children without a date of birth are held, and UASC held at their recent number by type, as in
 * the flow with durations.
 */

const K = PLACEMENT_CATEGORIES.length;
const bandIndex = (age: number) => DFE_AGE_BANDS.indexOf(ageBand(age) as (typeof DFE_AGE_BANDS)[number]);

export interface ProjectedCount {
  cla: number;
  median: number;
  interval: Interval;
}

export interface PlacementTransitionProjection {
  parameters: PlacementTransitionParameters;
  years: { year: number; total: ProjectedCount; byType: ProjectedCount[] }[];
}

/** Expected entrants on their first 31 March, by band at entry, as shares of (age x type) cells. */
function entrantCells(p: PlacementTransitionParameters): { stillIn: number[]; cumulative: Float64Array[] } {
  const stillIn = p.entrants.byAgeType.map((ages, b) => {
    const n = p.entrants.entered[b]!;
    return n > 0 ? ages.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0) / n : 0;
  });
  const cumulative = p.entrants.byAgeType.map((ages) => {
    const cells = new Float64Array(AGES * K);
    let total = 0;
    ages.forEach((row, a) => row.forEach((v, s) => (cells[a * K + s] = total += v)));
    return cells.map((v) => (total > 0 ? v / total : 0));
  });
  return { stillIn, cumulative };
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/** One year of the central path: expected moves, leaving at 18, expected entrants. */
function centralStep(p: PlacementTransitionParameters, cells: number[][], population: number[]): number[][] {
  const next = Array.from({ length: AGES }, () => new Array<number>(K).fill(0));
  for (let a = 0; a + 1 < AGES; a++) {
    const row = p.rows[bandIndex(a)]!;
    for (let s = 0; s < K; s++) {
      const n = cells[a]![s]!;
      if (n === 0) continue;
      const rates = row[s]!.rates;
      for (let t = 0; t < K; t++) next[a + 1]![t]! += n * rates[t]!;
    }
  }
  p.entrants.byAgeType.forEach((ages, b) => {
    const n = p.entrants.entered[b]!;
    if (n === 0) return;
    const entries = (p.flow.entryRatePer10k[b]! * population[b]!) / 10_000;
    ages.forEach((row, a) => row.forEach((v, s) => (next[a]![s]! += (entries * v) / n)));
  });
  return next;
}

/** A path's own rates: each row drawn from Dirichlet(counts); rows without counts as estimated. */
function drawRates(random: Random, p: PlacementTransitionParameters): number[][][] {
  return p.rows.map((band) =>
    band.map((row) => {
      if (row.from === 'none') return row.rates;
      const g = row.counts.map((c) => (c > 0 ? gamma(random, c, 1) : 0));
      const total = sum(g);
      return g.map((v) => v / total);
    }),
  );
}

/** Multinomial draw of n children over `rates` into `into[0..K)` (LEFT dropped). */
function moveChildren(random: Random, n: number, rates: readonly number[], into: number[]): void {
  if (n <= 12) {
    for (let c = 0; c < n; c++) {
      let u = random.uniform();
      for (let t = 0; t <= K; t++) {
        u -= rates[t]!;
        if (u < 0 || t === K) {
          if (t < K) into[t]!++;
          break;
        }
      }
    }
    return;
  }
  let remaining = n;
  let left = 1;
  for (let t = 0; t < K && remaining > 0; t++) {
    const r = rates[t]!;
    if (r <= 0) continue;
    const x = r >= left ? remaining : binomial(random, remaining, r / left);
    into[t]! += x;
    remaining -= x;
    left -= r;
  }
}

/**
 * Project placements by type and year to `toYear`, with the median and 80%/95% intervals of
 * `simulations` seeded paths for each type and the total.
 */
export function projectPlacementTransitions(
  p: PlacementTransitionParameters,
  toYear: number,
  bandPopulation: (midYear: number) => number[] | null,
  populationLag: number,
  options: { simulations: number; seed: number },
): PlacementTransitionProjection {
  const { years, populations } = projectionYears(p.baseYear, toYear, bandPopulation, populationLag);
  const held = p.unaged.map((v, s) => v + p.uasc.held[s]!);
  let cells = p.opening.map((row) => [...row]);
  const central = populations.map((population) => {
    cells = centralStep(p, cells, population);
    return Array.from({ length: K }, (_, s) => cells.reduce((t, row) => t + row[s]!, 0) + held[s]!);
  });

  const random = createRandom(options.seed);
  const { stillIn, cumulative } = entrantCells(p);
  const paths = years.map(() => Array.from({ length: K + 1 }, () => new Float64Array(options.simulations)));
  for (let path = 0; path < options.simulations; path++) {
    const nextYear = variabilityPath(random, p.flow, p.flow.estimationVariance);
    const rates = drawRates(random, p);
    let state = p.opening.map((row) => [...row]);
    populations.forEach((population, y) => {
      const factor = nextYear();
      const next = Array.from({ length: AGES }, () => new Array<number>(K).fill(0));
      for (let a = 0; a + 1 < AGES; a++) {
        const band = rates[bandIndex(a)]!;
        for (let s = 0; s < K; s++) {
          const n = state[a]![s]!;
          if (n === 0) continue;
          moveChildren(random, n, shocked(band[s]!, factor.exits), next[a + 1]!);
        }
      }
      for (let b = 0; b < cumulative.length; b++) {
        const expected = ((p.flow.entryRatePer10k[b]! * population[b]!) / 10_000) * stillIn[b]! * factor.entries;
        const arrivals = expected > 0 ? poisson(random, expected) : 0;
        for (let c = 0; c < arrivals; c++) {
          const cell = firstAbove(cumulative[b]!, random.uniform());
          next[Math.floor(cell / K)]![cell % K]!++;
        }
      }
      state = next;
      const record = paths[y]!;
      let total = 0;
      for (let s = 0; s < K; s++) {
        const n = state.reduce((t, row) => t + row[s]!, 0) + held[s]!;
        record[s]![path] = n;
        total += n;
      }
      record[K]![path] = total;
    });
  }
  return {
    parameters: p,
    years: years.map((year, y) => {
      const byType = central[y]!.map((cla, s) => ({ cla, ...pathQuantiles(paths[y]![s]!, cla) }));
      const total = sum(central[y]!);
      return { year, total: { cla: total, ...pathQuantiles(paths[y]![K]!, total) }, byType };
    }),
  };
}

/** A row's rates with the chance of leaving scaled by `factor` (at most 1) and the moves by what remains. */
function shocked(rates: readonly number[], factor: number): number[] {
  const leave = rates[LEFT]!;
  if (factor === 1 || leave === 0) return rates as number[];
  const scaled = Math.min(1, leave * factor);
  const stay = leave < 1 ? (1 - scaled) / (1 - leave) : 0;
  return rates.map((r, t) => (t === LEFT ? scaled : r * stay));
}

/** Index of the first cumulative share above u (binary search). */
function firstAbove(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
