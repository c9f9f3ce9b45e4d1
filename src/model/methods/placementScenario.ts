import { DFE_AGE_BANDS } from '../episodes/calendar.js';
import { CODE_CATEGORIES, PLACEMENT_TYPE_INFO, type CodeCategory, type PlacementType } from '../episodes/placementTypes.js';
import { AGES, LEFT, type PlacementTransitionParameters } from './placementTransitions.js';

/**
 * What-if scenarios on the placement transitions (placementTransitions.ts): a commissioning plan
 * said as a change to the yearly chances the model measured, from a year, for some age bands.
 *
 * - A **move** rule changes, in the rows of the `from` types (where children are on one 31 March),
 *   the chance of being in the `to` types (or out of care, `left`) a year later: "step down a fifth
 *   of 10-15-year-olds in children's homes to foster care each year" adds 0.2 to the chance
 *   children's home -> fostering. Exits are moves to `left`.
 * - An **entry** rule changes where a band's entrants are on their first 31 March: "IFA entries fall
 *   by a third" multiplies the share of entrants placed with agencies by 2/3. How many enter is the
 *   entry rate's (`entryRate`, as the flow scenarios say it); entrants who leave before their first
 *   31 March are left as they are.
 *
 * Each change multiplies (`factor`) or adds to (`add`) the chosen rates, each kept within 0..1; an
 * `add` over several rates (a group such as `fostering`) is shared between them in proportion to
 * their rates (equally when all are 0). The row is then made to sum to 1 again (renormalised):
 * - the other rates of the row are scaled by (1 - new sum of the changed rates) / (their old sum),
 *   so what the changed rates gain is taken from every other outcome in proportion (staying put
 *   included), and what they lose is spread the same way;
 * - with `instead`, what the changed rates lose goes to that one outcome (what they gain is taken
 *   from it first, down to 0, then from the others in proportion);
 * - changed rates that add up to more than 1 are scaled to sum to 1 and the others set to 0, so a
 *   row never exceeds 1;
 * - a row with nothing else to scale (every other rate 0, no `instead`) is left as it was: there is
 *   nowhere else for its children to go.
 * Rules apply in file order, each to the row the previous ones left, for every year ending 31 March
 * from `fromYear` (the first projected year when none is given).
 *
 * Worked by hand (test/model/methods/placementScenario.test.ts): a row stay 0.6, to in-house
 * fostering 0.05, to supported 0.15, left 0.2, with 0.2 added to in-house fostering: that rate
 * becomes 0.25 and the other three, 0.95 before, are scaled to 0.75 (x 0.75/0.95): stay 0.4737,
 * supported 0.1184, left 0.1579.
 */

/** Multiply the chosen rates, or add to them (a share of children, -1..1). */
export type RateChange = { factor: number } | { add: number };

/** A placement type of the transitions, a group of them (`fostering`, `childrens_home`, ...), or out of care. */
export type ScenarioTarget = PlacementType | 'left';

export interface PlacementMoveRule {
  /** Scenario band names (`under1`, `1to4`, `5to9`, `10to15`, `16to17`, `0to17`); every band when undefined. */
  bands?: readonly string[];
  /** Rows changed: children in these types on 31 March; every type not in `to` when undefined. */
  from?: readonly ScenarioTarget[];
  /** Rates changed: being in these types (or out of care) a year later. */
  to: readonly ScenarioTarget[];
  change: RateChange;
  instead?: ScenarioTarget;
  fromYear?: number;
}

export interface PlacementEntryRule {
  bands?: readonly string[];
  /** Shares changed: entrants placed in these types on their first 31 March. */
  to: readonly ScenarioTarget[];
  change: RateChange;
  instead?: ScenarioTarget;
  fromYear?: number;
}

/** A scenario as the transitions take it: the flow scenarios' entry rate and exit share, and the placement rules. */
export interface PlacementScenario {
  name: string;
  /** Entrants x factor by band (the flow scenarios' `entry_rate`). */
  entryRate?: readonly { factor: number; fromYear?: number; bands?: readonly string[] }[];
  /** The chance of leaving care plus `add` in every type's row (the flow scenarios' `exit_share`), others scaled. */
  exitShare?: readonly { add: number; fromYear?: number; bands?: readonly string[] }[];
  moves?: readonly PlacementMoveRule[];
  entries?: readonly PlacementEntryRule[];
}

const K = CODE_CATEGORIES.length;
const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/**
 * The states a target names: its own index, its parts' for a group (`fostering` = in-house, agency
 * and kinship), LEFT for `left`; none for a type the transitions do not have (supported in-house).
 */
export function statesOf(target: ScenarioTarget): number[] {
  if (target === 'left') return [LEFT];
  const own = CODE_CATEGORIES.indexOf(target as CodeCategory);
  if (own >= 0) return [own];
  const parts = PLACEMENT_TYPE_INFO[target].parts ?? [];
  return parts.map((p) => CODE_CATEGORIES.indexOf(p as CodeCategory)).filter((i) => i >= 0);
}

/** Indices in DFE_AGE_BANDS of scenario band names (`16to17` is the returns' `16plus`; `0to17` every band). */
export function bandIndices(bands: readonly string[] | undefined): number[] {
  const all = DFE_AGE_BANDS.map((_, i) => i);
  if (bands === undefined || bands.includes('0to17')) return all;
  return all.filter((i) => bands.includes(DFE_AGE_BANDS[i]!) || (DFE_AGE_BANDS[i] === '16plus' && bands.includes('16to17')));
}

/**
 * A row of rates (summing to 1) with the `targets` changed and the row renormalised, as the opening
 * comment says.
 * @example adjustRow([0.6, 0.05, 0.15, 0.2], [1], { add: 0.2 }) // [0.4737, 0.25, 0.1184, 0.1579]
 */
export function adjustRow(row: readonly number[], targets: readonly number[], change: RateChange, instead?: number): number[] {
  // plain loops: a scenario changes every row of every simulated path each year
  const out = row.slice();
  const isTarget = (i: number) => targets.includes(i);
  let before = 0;
  for (const t of targets) before += row[t]!;
  let after = 0;
  for (const t of targets) {
    const v = row[t]!;
    const changed = 'factor' in change ? v * change.factor : v + change.add * (before > 0 ? v / before : 1 / targets.length);
    out[t] = Math.min(1, Math.max(0, changed));
    after += out[t]!;
  }
  if (after >= 1) {
    for (let i = 0; i < out.length; i++) out[i] = isTarget(i) ? out[i]! / after : 0;
    return out;
  }
  let rest = 1 - after;
  const balancing = instead !== undefined && !isTarget(instead) ? instead : undefined;
  if (balancing !== undefined) {
    out[balancing] = Math.min(rest, Math.max(0, row[balancing]! + before - after));
    rest -= out[balancing]!;
  }
  let othersBefore = 0;
  for (let i = 0; i < row.length; i++) if (!isTarget(i) && i !== balancing) othersBefore += row[i]!;
  if (othersBefore > 0) {
    const scale = rest / othersBefore;
    for (let i = 0; i < row.length; i++) if (!isTarget(i) && i !== balancing) out[i] = row[i]! * scale;
  } else if (rest > 0) {
    // nothing else in the row to scale: what is left goes to `instead`, or the row stays as it was
    if (balancing === undefined) return row.slice();
    out[balancing]! += rest;
  }
  return out;
}

const applies = (rule: { fromYear?: number; bands?: readonly string[] }, year: number, band: number) =>
  (rule.fromYear === undefined || rule.fromYear <= year) && bandIndices(rule.bands).includes(band);

/** The move rules of a scenario with its exit-share rules among them (to `left` from every type). */
function moveRules(s: PlacementScenario): PlacementMoveRule[] {
  const exits = (s.exitShare ?? []).map(
    (r): PlacementMoveRule => ({ bands: r.bands, to: ['left'], change: { add: r.add }, fromYear: r.fromYear }),
  );
  return [...exits, ...(s.moves ?? [])];
}

/** One move rule as it acts on one band in one year: the rows it changes, the rates, how, and where the difference goes. */
export interface MoveStep {
  from: readonly number[];
  targets: readonly number[];
  change: RateChange;
  instead?: number;
}

/** The move rules (exit shares among them) acting on each band in `year`, in the file's order: `steps[band]`. */
export function moveSteps(s: PlacementScenario | undefined, year: number): MoveStep[][] {
  const steps = DFE_AGE_BANDS.map((): MoveStep[] => []);
  if (s === undefined) return steps;
  for (const rule of moveRules(s)) {
    if (rule.fromYear !== undefined && rule.fromYear > year) continue;
    const targets = [...new Set(rule.to.flatMap(statesOf))];
    const from =
      rule.from === undefined
        ? CODE_CATEGORIES.map((_, i) => i).filter((i) => !targets.includes(i))
        : [...new Set(rule.from.flatMap(statesOf))].filter((i) => i !== LEFT);
    const instead = rule.instead === undefined ? undefined : statesOf(rule.instead)[0];
    for (const band of bandIndices(rule.bands)) steps[band]!.push({ from, targets, change: rule.change, instead });
  }
  return steps;
}

/**
 * Every band's rows of rates (`rates[band][type]`, K types then LEFT) with a year's steps applied:
 * the same arrays for a band no step acts on.
 */
export function applyMoveSteps(
  steps: readonly (readonly MoveStep[])[],
  rates: readonly (readonly (readonly number[])[])[],
): (readonly (readonly number[])[])[] {
  if (steps.every((band) => band.length === 0)) return rates as number[][][];
  return rates.map((band, b) => {
    const own = steps[b]!;
    if (own.length === 0) return band;
    const out = band.map((row) => [...row]);
    for (const step of own) for (const from of step.from) out[from] = adjustRow(out[from]!, step.targets, step.change, step.instead);
    return out;
  });
}

/** Every band's rows in `year` under the scenario (the baseline's rows when it is undefined or does not act). */
export function scenarioRates(
  s: PlacementScenario | undefined,
  rates: readonly (readonly (readonly number[])[])[],
  year: number,
): (readonly (readonly number[])[])[] {
  return applyMoveSteps(moveSteps(s, year), rates);
}

/** Entrants x this factor for band `band` in `year` (the product of the entry-rate rules that act). */
export function entryFactor(s: PlacementScenario | undefined, band: number, year: number): number {
  return (s?.entryRate ?? []).filter((r) => applies(r, year, band)).reduce((f, r) => f * r.factor, 1);
}

/**
 * Where a band's entrants are on their first 31 March in `year` under the entry rules:
 * `byAgeType[band][age][type]` with the same total (those still in care then), its split between
 * types changed. A type's children keep their ages; a type that had no entrant takes the ages of
 * all the band's entrants.
 */
export function scenarioEntrants(s: PlacementScenario | undefined, p: PlacementTransitionParameters, year: number): number[][][] {
  const base = p.entrants.byAgeType;
  const rules = s?.entries ?? [];
  if (!rules.some((r) => r.fromYear === undefined || r.fromYear <= year)) return base;
  return base.map((ages, b) => {
    const acting = rules.filter((r) => applies(r, year, b));
    const total = sum(ages.map((row) => sum(row)));
    if (acting.length === 0 || total === 0) return ages;
    const before = Array.from({ length: K }, (_, t) => sum(ages.map((row) => row[t]!)) / total);
    let shares = before;
    for (const rule of acting) {
      const targets = [...new Set(rule.to.flatMap(statesOf))].filter((t) => t !== LEFT);
      const instead = rule.instead === undefined ? undefined : statesOf(rule.instead).find((t) => t !== LEFT);
      shares = adjustRow(shares, targets, rule.change, instead);
    }
    const ageShare = Array.from({ length: AGES }, (_, a) => sum(ages[a]!) / total);
    return ages.map((row, a) => row.map((v, t) => (before[t]! > 0 ? (v * shares[t]!) / before[t]! : shares[t]! * ageShare[a]! * total)));
  });
}
