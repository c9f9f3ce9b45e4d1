import { binomial, pathRandom, poisson } from '../stats/random.js';
import { pathQuantiles, projectionYears, variabilityPath } from '../stats/simulation.js';
import type { BandPopulation, FlowDetail, FlowParameters, FlowProjection, FlowScenario } from './flow.js';

/**
 * The flow model's projection: one year's step of entries, exits, ageing and UASC, the central
 * path and the simulated paths behind its intervals, and the steady state the rates lead to.
 */

function applies(rule: { fromYear?: number; bands?: string[] }, year: number, band: string): boolean {
  return (rule.fromYear === undefined || year >= rule.fromYear) && (rule.bands === undefined || rule.bands.includes(band));
}

/**
 * The factor an entry-rate rule puts on a band's rate that year. On all children 0-17 a rule naming
 * bands acts on those bands' share of the starts (from the counts of starts by band): the rate is
 * multiplied by 1 + share x (factor - 1), as if only their entries changed.
 */
function entryFactor(rule: NonNullable<FlowScenario['entryRate']>[number], year: number, band: string, p: FlowParameters): number {
  if (applies(rule, year, band)) return rule.factor;
  const onTotals = p.mode === 'totals' && rule.bands !== undefined && p.startShares !== undefined;
  if (!onTotals || (rule.fromYear !== undefined && year < rule.fromYear)) return 1;
  const share = rule.bands!.reduce((sum, b) => sum + (p.startShares![b] ?? 0), 0);
  return 1 + share * (rule.factor - 1);
}

/** The entry rate of a band in a year under a scenario. */
function entryRate(p: FlowParameters, b: number, year: number, scenario: FlowScenario | undefined): number {
  let rate = p.entryRatePer10k[b]!;
  for (const rule of scenario?.entryRate ?? []) rate *= entryFactor(rule, year, p.bands[b]!.name, p);
  return rate;
}

/**
 * UASC arrivals a year that hold the recent UASC stock steady: exit share x held stock. Where UASC
 * are not kept apart (their count suppressed in a year the model needs) they are inside the flows,
 * and the baseline implies exit share x the latest published count (0 without one).
 */
export function baselineUascArrivals(p: FlowParameters): number {
  return p.uasc.exitShare * (p.uasc.separated ? p.uasc.held : (p.uasc.latest?.count ?? 0));
}

type Arrivals = NonNullable<FlowScenario['uascArrivals']>;
/** Arrivals as a factor of the baseline's (year keys are four digits, so never "factor"). */
const isFactor = (a: Arrivals): a is { factor: number; fromYear?: number } => typeof a === 'object' && typeof a.factor === 'number';

/**
 * A scenario's UASC arrivals in a year (undefined: the baseline's). Where UASC are inside the flows,
 * what is added is the difference from the arrivals the baseline implies, as a cohort of its own.
 */
function uascArrivals(scenario: FlowScenario | undefined, year: number, p: FlowParameters): number | undefined {
  const a = scenario?.uascArrivals;
  if (a === undefined) return undefined;
  let arrivals: number | undefined;
  if (typeof a === 'number') arrivals = a;
  else if (isFactor(a)) arrivals = a.fromYear === undefined || year >= a.fromYear ? a.factor * baselineUascArrivals(p) : undefined;
  else arrivals = a[String(year)];
  return arrivals === undefined || p.uasc.separated ? arrivals : arrivals - baselineUascArrivals(p);
}

/** A scenario rule that the area's data or the projection years leave with nothing to act on. */
export interface ScenarioProblem {
  field: 'entryRate' | 'exitShare' | 'uascArrivals';
  /** Which rule of the list (entry_rate[i], exit_share[i]). */
  index?: number;
  reason: string;
  fix: string;
}

/**
 * Every rule of a scenario that would change nothing: age bands named where the model runs on
 * totals (or a band the model does not have), a start after the last projected year, UASC arrivals
 * where UASC cannot be kept apart. A scenario that silently does nothing would read as "no effect".
 */
export function scenarioProblems(scenario: FlowScenario, p: FlowParameters, firstYear: number, lastYear: number): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const names = p.bands.map((b) => b.name as string);
  const check = (field: 'entryRate' | 'exitShare', rules: readonly { fromYear?: number; bands?: string[] }[] | undefined) => {
    (rules ?? []).forEach((rule, index) => {
      // On all children 0-17, an entry-rate rule naming bands acts on their share of the starts.
      const shares = field === 'entryRate' && p.mode === 'totals' ? p.startShares : undefined;
      const known = shares ? Object.keys(shares) : names;
      const unknown = (rule.bands ?? []).filter((b) => !known.includes(b));
      if (unknown.length > 0 && p.mode === 'totals' && !shares) {
        problems.push({
          field,
          index,
          reason:
            p.bandsLacking === undefined
              ? `it names age bands (${unknown.join(', ')}) but this area has no counts by age band, so the flow model runs on all children 0-17`
              : `it names age bands (${unknown.join(', ')}) but the flow model runs on all children 0-17 here: ${p.bandsLacking}`,
          fix:
            field === 'exitShare'
              ? 'add what flow by age band needs (README, "Counts by age band"), or drop "bands" to apply it to every child'
              : 'give the starts by age band (--history-by-age, every band published in a year flow averages: then the rule acts on their share of the starts; README, "Counts by age band"), or drop "bands" to apply it to every child',
        });
      } else if (unknown.length > 0) {
        problems.push({ field, index, reason: `the model has no band ${unknown.join(', ')}`, fix: `name bands among ${known.join(', ')}` });
      } else if (rule.fromYear !== undefined && rule.fromYear > lastYear) {
        problems.push({
          field,
          index,
          reason: `it starts in ${rule.fromYear}, after the last projected year (${lastYear})`,
          fix: 'start it earlier or project further with --to',
        });
      }
    });
  };
  check('entryRate', scenario.entryRate);
  check('exitShare', scenario.exitShare);
  const arrivals = scenario.uascArrivals;
  if (arrivals !== undefined && !p.uasc.separated && p.uasc.latest === undefined) {
    problems.push({
      field: 'uascArrivals',
      reason: `this area's UASC count is suppressed or missing in the years the flow model averages (to ${p.baseYear}), so the UASC arrivals of the baseline are unknown and a change to them cannot be measured`,
      fix: 'give UASC counts on 31 March in the history (a uasc column), or drop uasc_arrivals',
    });
  } else if (arrivals !== undefined && typeof arrivals === 'object' && isFactor(arrivals)) {
    if (arrivals.fromYear !== undefined && arrivals.fromYear > lastYear) {
      problems.push({
        field: 'uascArrivals',
        reason: `it starts in ${arrivals.fromYear}, after the last projected year (${lastYear})`,
        fix: 'start it earlier or project further with --to',
      });
    }
  } else if (arrivals !== undefined && typeof arrivals === 'object') {
    const years = Object.keys(arrivals).map(Number);
    if (years.length > 0 && years.every((y) => y < firstYear || y > lastYear)) {
      problems.push({
        field: 'uascArrivals',
        reason: `none of its years (${years.join(', ')}) is projected (${firstYear}-${lastYear})`,
        fix: 'give arrivals for projected years',
      });
    }
  }
  return problems;
}

interface Step {
  opening: number[];
  uasc: number;
}

/** One year of the model; `draw` turns expected entries and exits into counts (identity when deterministic). */
function stepYear(
  p: FlowParameters,
  state: Step,
  year: number,
  population: number[],
  scenario: FlowScenario | undefined,
  draw?: { entries: (means: number[]) => number[]; exits: (n: number, share: number) => number },
): { next: Step; detail: FlowDetail[] } {
  const bandsCount = p.bands.length;
  const expected = p.bands.map((_, b) => (entryRate(p, b, year, scenario) * population[b]!) / 10_000);
  const entries = draw ? draw.entries(expected) : expected;
  // The flows are reported for the central path only: simulated paths skip building them.
  const record = draw === undefined;
  const detail: FlowDetail[] = [];
  const after: number[] = [];
  const exits: number[] = [];
  for (let b = 0; b < bandsCount; b++) {
    let share = p.exitShare[b]!;
    for (const rule of scenario?.exitShare ?? []) if (applies(rule, year, p.bands[b]!.name)) share += rule.add;
    share = Math.min(1, Math.max(0, share));
    const inCare = state.opening[b]! + entries[b]!;
    exits[b] = draw ? draw.exits(inCare, share) : share * inCare;
    after[b] = inCare - exits[b]!;
  }
  const ageingOut = after.map((a, b) => (p.mode === 'bands' ? a / p.bands[b]!.width : 0));
  const closing: number[] = [];
  for (let b = 0; b < bandsCount; b++) {
    const ageingIn = b > 0 ? ageingOut[b - 1]! : 0;
    const beforeResidual = after[b]! - ageingOut[b]! + ageingIn;
    // The carried residual may not take a band below zero; what is applied is what is reported.
    const residual = Math.max(p.residual[b]!, -beforeResidual);
    closing[b] = beforeResidual + residual;
    if (record)
      detail.push({
        year,
        band: p.bands[b]!.name,
        opening: state.opening[b]!,
        entries: entries[b]!,
        exits: exits[b]!,
        ageingIn,
        ageingOut: ageingOut[b]!,
        residual,
        closing: closing[b]!,
      });
  }
  const arrivals = uascArrivals(scenario, year, p);
  const uascExits = arrivals === undefined ? 0 : p.uasc.exitShare * state.uasc;
  const uasc = arrivals === undefined ? p.uasc.held : state.uasc - uascExits + arrivals;
  if (record)
    detail.push({
      year,
      band: 'uasc',
      opening: state.uasc,
      entries: arrivals ?? 0,
      exits: uascExits,
      ageingIn: 0,
      ageingOut: 0,
      residual: arrivals === undefined ? uasc - state.uasc : 0,
      closing: uasc,
    });
  return { next: { opening: closing, uasc }, detail };
}

/**
 * Project the flow model from the base year to `toYear`, deterministically (the central path),
 * and by `simulations` random paths for the 80% and 95% intervals: each year's entries are
 * negative binomial around their expected value (one gamma shock shared by all bands, so the
 * total has the over-dispersion measured on history), exits binomial on the children in care with
 * the year's exit share scaled by a gamma shock of the over-dispersion measured on ceased.
 */
export function projectFlow(
  p: FlowParameters,
  toYear: number,
  bandPopulation: BandPopulation,
  populationLag: number,
  options: { simulations: number; seed: number; scenario?: FlowScenario },
): FlowProjection {
  const { years, populations } = projectionYears(p.baseYear, toYear, bandPopulation, populationLag);
  const detail: FlowDetail[] = [];
  const central: number[] = [];
  let state: Step = { opening: [...p.opening], uasc: p.uasc.opening };
  years.forEach((year, i) => {
    const step = stepYear(p, state, year, populations[i]!, options.scenario);
    detail.push(...step.detail);
    state = step.next;
    central.push(sum(state.opening) + state.uasc);
  });

  const paths = simulatePaths(p, years, populations, options);
  const projected = years.map((year, i) => ({ year, cla: central[i]!, ...pathQuantiles(paths[i]!, central[i]!) }));
  return {
    parameters: p,
    years: projected,
    detail,
    steadyState: steadyState(p, populations.at(-1) ?? bandPopulation(p.baseYear - populationLag) ?? []),
  };
}

/**
 * The simulated paths: stepYear's arithmetic, with what is the same on every path (expected
 * entries, exit shares, UASC arrivals) worked out once a year and each path's stocks in typed
 * arrays. The draws are taken in stepYear's order (the year's shocks, each band's entries, then
 * each band's exits), so the paths are the ones stepYear would give.
 */
function simulatePaths(
  p: FlowParameters,
  years: readonly number[],
  populations: readonly number[][],
  options: { simulations: number; seed: number; scenario?: FlowScenario },
): Float64Array[] {
  const bands = p.bands.length;
  const perYear = years.map((year, i) => {
    const population = populations[i]!;
    const expected = p.bands.map((_, b) => (entryRate(p, b, year, options.scenario) * population[b]!) / 10_000);
    const shares = p.bands.map((band, b) => {
      let share = p.exitShare[b]!;
      for (const rule of options.scenario?.exitShare ?? []) if (applies(rule, year, band.name)) share += rule.add;
      return Math.min(1, Math.max(0, share));
    });
    return { expected, shares, arrivals: uascArrivals(options.scenario, year, p) };
  });
  const paths = years.map(() => new Float64Array(options.simulations));
  const opening = new Float64Array(bands);
  const after = new Float64Array(bands);
  for (let path = 0; path < options.simulations; path++) {
    const random = pathRandom(options.seed, path);
    // One shock a year shared by every band (area-wide swings), on levels that drift.
    const nextYear = variabilityPath(random, p);
    opening.set(p.opening);
    let uasc = p.uasc.opening;
    for (let i = 0; i < years.length; i++) {
      const { expected, shares, arrivals } = perYear[i]!;
      const factor = nextYear();
      for (let b = 0; b < bands; b++) {
        const m = expected[b]!;
        after[b] = m > 0 ? poisson(random, m * factor.entries) : 0;
      }
      for (let b = 0; b < bands; b++) {
        const inCare = opening[b]! + after[b]!;
        const whole = Math.floor(inCare);
        const share = Math.min(1, shares[b]! * factor.exits);
        // Stocks carry fractions (ageing, residual); the fraction leaves with the same probability.
        after[b] = inCare - (binomial(random, whole, share) + (inCare - whole) * share);
      }
      let total = 0;
      let ageingIn = 0;
      for (let b = 0; b < bands; b++) {
        const ageingOut = p.mode === 'bands' ? after[b]! / p.bands[b]!.width : 0;
        const beforeResidual = after[b]! - ageingOut + ageingIn;
        opening[b] = beforeResidual + Math.max(p.residual[b]!, -beforeResidual);
        ageingIn = ageingOut;
        total += opening[b]!;
      }
      uasc = arrivals === undefined ? p.uasc.held : uasc - p.uasc.exitShare * uasc + arrivals;
      paths[i]![path] = total + uasc;
    }
  }
  return paths;
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

/**
 * The total the current rates lead to with population held fixed: the model run until it stops
 * changing. In totals mode this is ((1 - share) x entries + residual) / share, plus held UASC.
 */
export function steadyState(p: FlowParameters, population: number[]): number {
  if (population.length !== p.bands.length) return NaN;
  let state: Step = { opening: [...p.opening], uasc: p.uasc.held };
  for (let i = 0; i < 500; i++) {
    const next = stepYear(p, state, Number.MAX_SAFE_INTEGER, population, undefined).next;
    const change = Math.abs(sum(next.opening) - sum(state.opening));
    state = next;
    if (change < 1e-9) break;
  }
  return sum(state.opening) + p.uasc.held;
}
