import { DFE_AGE_BANDS, ageBand } from '../episodes/calendar.js';
import { CODE_CATEGORIES } from '../episodes/placementTypes.js';
import { binomial, gamma, normal, pathRandom, poisson, type Random } from '../stats/random.js';
import { pathQuantiles, projectionYears, variabilityPath } from '../stats/simulation.js';
import type { Interval } from '../types.js';
import { applyMoveSteps, entryFactor, moveSteps, scenarioEntrants, scenarioRates, type PlacementScenario } from './placementScenario.js';
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
 * the flow with durations. A scenario (placementScenario.ts) changes each year's rates, entrants and
 * where they are placed, on the central path and on every path (after its own rates are drawn).
 */

const K = CODE_CATEGORIES.length;
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

/**
 * Entrants on their first 31 March by band at entry: the share still in care then, and the (age x
 * type) cells they are found in, with each cell's share of them (non-zero cells only).
 */
function entrantCells(
  p: PlacementTransitionParameters,
  byAgeType = p.entrants.byAgeType,
): { stillIn: number[]; cells: { cell: Int32Array; share: Float64Array }[] } {
  const stillIn = byAgeType.map((ages, b) => {
    const n = p.entrants.entered[b]!;
    return n > 0 ? ages.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0) / n : 0;
  });
  const cells = byAgeType.map((ages) => {
    const found = ages.flatMap((row, a) => row.flatMap((v, s) => (v > 0 ? [{ cell: a * K + s, v }] : [])));
    const total = found.reduce((t, f) => t + f.v, 0);
    return { cell: Int32Array.from(found.map((f) => f.cell)), share: Float64Array.from(found.map((f) => f.v / total)) };
  });
  return { stillIn, cells };
}

/**
 * A multinomial draw of n over `shares` (summing to 1), adding the count of item i to
 * `into[target[i]]` (or `into[i]`), the last share left out when `dropLast` (leaving care): a
 * binomial for each share of what is left, or one uniform per item when n is small. Where a
 * binomial's variance n p (1 - p) exceeds 25 it is drawn from its normal approximation (rounded,
 * within 0..n): its error is far below the simulation's other noise (the yearly shocks and drift),
 * and a council with a million episodes then projects in about a second, not several.
 */
function multinomialInto(
  random: Random,
  n: number,
  shares: ArrayLike<number>,
  into: number[],
  target?: Int32Array,
  dropLast = false,
): void {
  const last = shares.length - 1;
  const add = (i: number, count: number) => {
    if (dropLast && i === last) return;
    into[target ? target[i]! : i]! += count;
  };
  if (n <= 12) {
    for (let c = 0; c < n; c++) {
      let u = random.uniform();
      let i = 0;
      while (i < last && (u -= shares[i]!) >= 0) i++;
      add(i, 1);
    }
    return;
  }
  let remaining = n;
  let left = 1;
  for (let i = 0; i <= last && remaining > 0; i++) {
    const r = shares[i]!;
    if (r <= 0) continue;
    const x = r >= left || i === last ? remaining : binomialDraw(random, remaining, r / left);
    if (x > 0) add(i, x);
    remaining -= x;
    left -= r;
  }
}

function binomialDraw(random: Random, n: number, p: number): number {
  const variance = n * p * (1 - p);
  if (variance <= 25) return binomial(random, n, p);
  return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(variance) * normal(random))));
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/** One year of the central path: expected moves, leaving at 18, expected entrants (under the scenario, if any). */
function centralStep(
  p: PlacementTransitionParameters,
  cells: number[][],
  population: number[],
  year: number,
  scenario?: PlacementScenario,
): number[][] {
  const next = Array.from({ length: AGES }, () => new Array<number>(K).fill(0));
  const rates = scenarioRates(
    scenario,
    p.rows.map((band) => band.map((row) => row.rates)),
    year,
  );
  for (let a = 0; a + 1 < AGES; a++) {
    const row = rates[bandIndex(a)]!;
    for (let s = 0; s < K; s++) {
      const n = cells[a]![s]!;
      if (n === 0) continue;
      const out = row[s]!;
      for (let t = 0; t < K; t++) next[a + 1]![t]! += n * out[t]!;
    }
  }
  scenarioEntrants(scenario, p, year).forEach((ages, b) => {
    const n = p.entrants.entered[b]!;
    if (n === 0) return;
    const entries = ((p.flow.entryRatePer10k[b]! * population[b]!) / 10_000) * entryFactor(scenario, b, year);
    ages.forEach((row, a) => {
      row.forEach((v, s) => {
        next[a]![s]! += (entries * v) / n;
      });
    });
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

/**
 * Project placements by type and year to `toYear`, with the median and 80%/95% intervals of
 * `simulations` seeded paths for each type and the total.
 */
export function projectPlacementTransitions(
  p: PlacementTransitionParameters,
  toYear: number,
  bandPopulation: (midYear: number) => number[] | null,
  populationLag: number,
  options: { simulations: number; seed: number; scenario?: PlacementScenario },
): PlacementTransitionProjection {
  const { years, populations } = projectionYears(p.baseYear, toYear, bandPopulation, populationLag);
  const { scenario } = options;
  const held = p.unaged.map((v, s) => v + p.uasc.held[s]!);
  let cells = p.opening.map((row) => [...row]);
  const central = populations.map((population, y) => {
    cells = centralStep(p, cells, population, years[y]!, scenario);
    return Array.from({ length: K }, (_, s) => cells.reduce((t, row) => t + row[s]!, 0) + held[s]!);
  });

  // where entrants are placed, year by year (the same every year without entry rules)
  const baseEntrants = entrantCells(p);
  const stepsByYear = years.map((year) => moveSteps(scenario, year));
  const entrantsByYear = years.map((year) =>
    scenario?.entries?.length ? entrantCells(p, scenarioEntrants(scenario, p, year)) : baseEntrants,
  );
  const bandOf = Array.from({ length: AGES }, (_, a) => bandIndex(a));
  const paths = years.map(() => Array.from({ length: K + 1 }, () => new Float64Array(options.simulations)));
  for (let path = 0; path < options.simulations; path++) {
    const random = pathRandom(options.seed, path);
    const nextYear = variabilityPath(random, p.flow, p.flow.estimationVariance);
    const rates = drawRates(random, p);
    let state = p.opening.map((row) => [...row]);
    populations.forEach((population, y) => {
      const factor = nextYear();
      const next = Array.from({ length: AGES }, () => new Array<number>(K).fill(0));
      const yearRates = applyMoveSteps(stepsByYear[y]!, rates).map((band) => band.map((row) => shocked(row, factor.exits)));
      for (let a = 0; a + 1 < AGES; a++) {
        const band = yearRates[bandOf[a]!]!;
        for (let s = 0; s < K; s++) {
          const n = state[a]![s]!;
          if (n > 0) multinomialInto(random, n, band[s]!, next[a + 1]!, undefined, true);
        }
      }
      const flat = new Array<number>(AGES * K).fill(0);
      const { stillIn, cells: entrants } = entrantsByYear[y]!;
      for (let b = 0; b < entrants.length; b++) {
        const expected =
          ((p.flow.entryRatePer10k[b]! * population[b]! * entryFactor(scenario, b, years[y]!)) / 10_000) * stillIn[b]! * factor.entries;
        const arrivals = expected > 0 ? poisson(random, expected) : 0;
        if (arrivals > 0) multinomialInto(random, arrivals, entrants[b]!.share, flat, entrants[b]!.cell);
      }
      for (let c = 0; c < flat.length; c++) if (flat[c]! > 0) next[Math.floor(c / K)]![c % K]! += flat[c]!;
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
function shocked(rates: readonly number[], factor: number): readonly number[] {
  const leave = rates[LEFT]!;
  if (factor === 1 || leave === 0) return rates;
  const scaled = Math.min(1, leave * factor);
  const stay = leave < 1 ? (1 - scaled) / (1 - leave) : 0;
  return rates.map((r, t) => (t === LEFT ? scaled : r * stay));
}
