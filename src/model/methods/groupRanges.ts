import { quantileSorted } from 'simple-statistics';
import { chanceRange, neverNarrower, widest } from '../stats/intervals.js';
import { normal, pathRandom, type Random } from '../stats/random.js';
import type { Interval } from '../types.js';
import { sizeBandOf } from './recommended.js';
import { atLeastAsWide, type RangeCalibration, type RangeQuantiles, type Residual } from './recommendedRanges.js';

/**
 * The range of a group of councils' total (a region, a care co-operative): from how the members'
 * errors moved together in the past, neither by adding the members' bounds (too wide: it assumes
 * every council misses the same way at once) nor by treating them as independent (too narrow:
 * councils share England's movement and their region's).
 *
 * From the calibration of the single-council ranges (`recommendedRanges.ts`, as of the base year T):
 * the common shocks c(t, h0) and the residuals u = e - c(t, h0) by size band, centred on their
 * median, with sigma_b their standard deviation. Then:
 *
 *   rho(h0)  = the mean over origins t of the mean of z_i x z_j over every pair of councils i, j of
 *              the same region at origin t, with z = u / sigma_b (u centred, sigma_b of the
 *              council's pool), floored at 0: how far councils of one region move together beyond
 *              England's common movement
 *   draws    : GROUP_DRAWS seeded draws; in each, eta_R ~ N(0, 1) once per region, and for each
 *              member i an x_i drawn from its size band's pool at h0_i, and
 *              r_i = sqrt(h_i / h0_i) x (sqrt(1 - rho) x x_i + sqrt(rho) x sigma_b x eta_R)
 *              g   = ln(sum F_i e^{r_i} / sum F_i), less the median of g over the draws
 *   Z        = { (h / h0) x s + g : s in { +c(t, h0), -c(t, h0) }, g in the draws }
 *   80% range: F x exp(q10(Z)) to F x exp(q90(Z)), F = sum F_i; 95%: q2.5, q97.5 (type 7)
 *
 * h_i is h for a member counted in the base year, h + d for one whose latest count is d years older
 * (projected h + d years from it, so its own part is that of h + d years). The common part is the
 * group's, at h. With one member, Z is the council's own range up to the small normal part that
 * replaces a share rho of its residual (within 1.5%; test/model/methods/groupRanges.test.ts).
 *
 * Units: F in children; c, u, r, g and Z on the log scale (ln of actual / forecast).
 */

/** Draws of the members' own parts, each a sum over the members (10,000: the quantiles move < 0.5%). */
export const GROUP_DRAWS = 10_000;

/** rho(h0) and what it was measured from. */
export interface RegionalCorrelation {
  measuredHorizon: number;
  /** The mean of z_i x z_j, floored at 0. */
  rho: number;
  /** Before the floor. */
  raw: number;
  /** Origins with at least one pair of councils of one region, and the pairs in all. */
  origins: number;
  pairs: number;
}

/**
 * rho(h0): how much councils of one region move together, beyond the common shock, h0 years ahead.
 * @example two origins, one region: z = (1, 1) then (1, -1): pair means 1 and -1, rho = max(0, 0) = 0
 */
export function regionalCorrelation(calibration: RangeCalibration, h0: number): RegionalCorrelation {
  const byOrigin = new Map<number, Map<string, { sum: number; squares: number; n: number }>>();
  for (const r of calibration.residuals) {
    if (r.horizon !== h0) continue;
    const z = standardised(calibration, r);
    let regions = byOrigin.get(r.origin);
    if (!regions) byOrigin.set(r.origin, (regions = new Map()));
    const cell = regions.get(r.region) ?? { sum: 0, squares: 0, n: 0 };
    cell.sum += z;
    cell.squares += z * z;
    cell.n++;
    regions.set(r.region, cell);
  }
  const means: number[] = [];
  let pairs = 0;
  for (const regions of byOrigin.values()) {
    let products = 0;
    let n = 0;
    // the sum of z_i z_j over the pairs of one region is ((sum z)^2 - sum z^2) / 2
    for (const c of regions.values()) {
      products += (c.sum * c.sum - c.squares) / 2;
      n += (c.n * (c.n - 1)) / 2;
    }
    if (n === 0) continue;
    means.push(products / n);
    pairs += n;
  }
  const raw = means.length > 0 ? means.reduce((s, m) => s + m, 0) / means.length : 0;
  return { measuredHorizon: h0, rho: Math.max(0, raw), raw, origins: means.length, pairs };
}

/** z = (u - the pool's median) / sigma_b, with the pool of the council's size band at its horizon. */
function standardised(calibration: RangeCalibration, r: Residual): number {
  const pool = calibration.pool(r.horizon, sizeBandOf(r.size));
  return pool.sigma > 0 ? (r.residual - pool.median) / pool.sigma : 0;
}

/** One member of the group, for one projected year. */
export interface GroupMember {
  /** F_i, its recommended point for the year (children). */
  point: number;
  /** Its count at the year it is projected from (its size band). */
  size: number;
  /** Its region's code: members of one region share eta_R. */
  region: string;
  /** h_i: years from its latest count to the year (h, or h + d when its latest count is d years old). */
  horizon: number;
}

/** The group's range at one horizon (log-scale quantiles of Z), and what it came from. */
export interface GroupHorizonRange extends RangeQuantiles {
  horizon: number;
  /** h0 of the common part. */
  measuredHorizon: number;
  /** Origins whose common shocks were used. */
  origins: number;
  /** rho at each distinct h0_i of the members' own parts. */
  correlations: RegionalCorrelation[];
  draws: number;
}

export interface GroupRangeOptions {
  /** Seed of the draws (the run's --seed): the same seed gives the same range. */
  seed: number;
  draws?: number;
}

/**
 * The quantiles of Z for the group at `horizon` years after the base year (no floor across
 * horizons: `groupRanges` applies it). Members whose point is 0 add nothing to the total.
 * @returns undefined when the calibration measured no horizon up to `horizon` (or a member's h_i)
 * @throws Error on no members (a caller's bug)
 */
export function groupRangeAt(
  calibration: RangeCalibration,
  members: readonly GroupMember[],
  horizon: number,
  { seed, draws = GROUP_DRAWS }: GroupRangeOptions,
): GroupHorizonRange | undefined {
  if (members.length === 0) throw new Error('groupRangeAt requires at least one member');
  const h0 = calibration.measuredHorizon(horizon);
  if (h0 === undefined) return undefined;
  const correlations = new Map<number, RegionalCorrelation>();
  const correlationAt = (h: number) => {
    if (!correlations.has(h)) correlations.set(h, regionalCorrelation(calibration, h));
    return correlations.get(h)!;
  };
  const parts: { point: number; weights: Float64Array; shared: number; region: string }[] = [];
  for (const m of members) {
    const h0i = calibration.measuredHorizon(m.horizon);
    if (h0i === undefined) return undefined;
    const pool = calibration.pool(h0i, sizeBandOf(m.size));
    const rho = correlationAt(h0i).rho;
    const scale = Math.sqrt(m.horizon / h0i);
    // F_i x e^{own part} for each value of the pool, worked out once
    const own = scale * Math.sqrt(1 - rho);
    const weights = Float64Array.from(pool.values, (x) => m.point * Math.exp(own * x));
    parts.push({ point: m.point, weights, shared: scale * Math.sqrt(rho) * pool.sigma, region: m.region });
  }
  const regions = [...new Set(parts.map((p) => p.region))].sort();
  // e^{shared x eta_R} once a draw for each region and shared scale (members of one band share it)
  const factors = [...new Set(parts.map((p) => `${p.region}|${p.shared}`))].map((key) => {
    const part = parts.find((p) => `${p.region}|${p.shared}` === key)!;
    return { region: regions.indexOf(part.region), shared: part.shared };
  });
  const factorOf = parts.map((p) => factors.findIndex((f) => f.region === regions.indexOf(p.region) && f.shared === p.shared));
  const total = parts.reduce((s, p) => s + p.point, 0);
  const g = new Float64Array(draws);
  if (total > 0) {
    const random = pathRandom(seed, horizon);
    // eta_R for each draw and region, then e^{shared x eta_R} for each region and shared scale
    const eta = regions.map(() => new Float64Array(draws));
    for (let k = 0; k < draws; k++) for (const e of eta) e[k] = normal(random);
    const factor = factors.map((f) => {
      const e = eta[f.region]!;
      const out = new Float64Array(draws);
      for (let k = 0; k < draws; k++) out[k] = Math.exp(f.shared * e[k]!);
      return out;
    });
    // Each member's pool drawn evenly (every value as often, to within one) in a seeded random
    // order: one random permutation of the draws, each member reading it from its own random
    // starting point, so that the members' own parts keep their pools' shape and pair up at random.
    const order = permutation(draws, random);
    const sums = new Float64Array(draws);
    parts.forEach((p, i) => {
      const n = p.weights.length;
      const start = Math.floor(random.uniform() * draws);
      const f = factor[factorOf[i]!]!;
      for (let k = 0; k < draws; k++) {
        const j = k + start < draws ? k + start : k + start - draws;
        sums[k]! += p.weights[Math.floor((order[j]! * n) / draws)]! * f[k]!;
      }
    });
    for (let k = 0; k < draws; k++) g[k] = Math.log(sums[k]! / total);
    g.sort();
    const centre = quantileSorted(g as unknown as number[], 0.5);
    for (let k = 0; k < draws; k++) g[k]! -= centre;
  }
  const shocks = calibration.shocks.filter((s) => s.horizon === h0).map((s) => s.shock);
  return {
    horizon,
    measuredHorizon: h0,
    origins: shocks.length,
    correlations: [...correlations.values()].sort((a, b) => a.measuredHorizon - b.measuredHorizon),
    draws,
    ...crossQuantiles(shocks, g, horizon / h0),
  };
}

/** 0, 1, ..., n - 1 in a random order (Fisher-Yates with the seeded stream). */
function permutation(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random.uniform() * (k + 1));
    const swap = order[k]!;
    order[k] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/**
 * Type-7 quantiles of { a x s + g, -a x s + g } over every shock s and draw g (g sorted ascending),
 * as `rangeQuantiles` takes them for one council. The 2 x shocks x draws values are never sorted:
 * each shifted copy of g is already in order, so only the lowest and highest tenth are merged.
 */
export function crossQuantiles(shocks: readonly number[], g: Float64Array, a: number): RangeQuantiles {
  const shifts = shocks.flatMap((s) => [a * s, -a * s]);
  const total = shifts.length * g.length;
  const at = (p: number) => {
    const idx = (total - 1) * p;
    return { lower: Math.floor(idx), upper: Math.ceil(idx), fraction: idx - Math.floor(idx) };
  };
  const low = [at(0.025), at(0.1)];
  const high = [at(0.9), at(0.975)];
  const bottom = smallestOf(g, shifts, Math.max(...low.map((q) => q.upper)) + 1);
  // the largest values of c + g are minus the smallest of -c - g
  const reversed = Float64Array.from(g, (_, i) => -g[g.length - 1 - i]!);
  const top = smallestOf(
    reversed,
    shifts.map((c) => -c),
    total - Math.min(...high.map((q) => q.lower)),
  );
  const value = (i: number) => (i < bottom.length ? bottom[i]! : -top[total - 1 - i]!);
  const quantile = ({ lower, upper, fraction }: ReturnType<typeof at>) =>
    lower === upper ? value(lower) : value(lower) + fraction * (value(upper) - value(lower));
  return { q025: quantile(low[0]!), q10: quantile(low[1]!), q90: quantile(high[0]!), q975: quantile(high[1]!) };
}

/**
 * The `count` smallest values of { c + g[i] } over the shifts c (g sorted ascending), smallest
 * first: a merge of the shifted copies with a binary heap of their next values.
 */
function smallestOf(g: Float64Array, shifts: readonly number[], count: number): Float64Array {
  const n = g.length;
  const next = new Int32Array(shifts.length);
  const key = Float64Array.from(shifts, (c) => c + g[0]!);
  const heap = Int32Array.from(shifts, (_, j) => j);
  let size = heap.length;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      let best = i;
      if (l < size && key[heap[l]!]! < key[heap[best]!]!) best = l;
      if (l + 1 < size && key[heap[l + 1]!]! < key[heap[best]!]!) best = l + 1;
      if (best === i) return;
      const swap = heap[i]!;
      heap[i] = heap[best]!;
      heap[best] = swap;
      i = best;
    }
  };
  for (let i = Math.floor(size / 2) - 1; i >= 0; i--) down(i);
  const out = new Float64Array(Math.min(count, shifts.length * n));
  for (let k = 0; k < out.length; k++) {
    const j = heap[0]!;
    out[k] = key[j]!;
    if (++next[j]! < n) key[j] = shifts[j]! + g[next[j]!]!;
    else heap[0] = heap[--size]!;
    down(0);
  }
  return out;
}

/**
 * The group's ranges for horizons 1, 2, ... in order, each at least as wide (on the log scale) as
 * the one before, as a council's are: uncertainty does not shrink further ahead.
 * @returns one entry per horizon; undefined where no range could be measured
 */
export function groupRanges(
  calibration: RangeCalibration,
  membersAt: (horizon: number) => readonly GroupMember[],
  horizons: readonly number[],
  options: GroupRangeOptions,
): (GroupHorizonRange | undefined)[] {
  let before: GroupHorizonRange | undefined;
  return horizons.map((h) => {
    const own = groupRangeAt(calibration, membersAt(h), h, options);
    if (own === undefined) return undefined;
    const range = before ? atLeastAsWide(own, before) : own;
    before = range;
    return range;
  });
}

/**
 * The group's 80% and 95% ranges around its total points (one a horizon, in order): F x exp(q) from
 * `groupRanges`, never narrower than chance alone moves the total (F +/- 1.28 sqrt F), always
 * holding the point, and never narrower relative to the point than the year before.
 * @returns undefined when a horizon's range could not be measured
 */
export function groupIntervals(
  calibration: RangeCalibration,
  membersAt: (horizon: number) => readonly GroupMember[],
  horizons: readonly number[],
  points: readonly number[],
  options: GroupRangeOptions,
): { intervals: Interval[]; ranges: GroupHorizonRange[] } | undefined {
  const ranges = groupRanges(calibration, membersAt, horizons, options);
  if (ranges.some((r) => r === undefined)) return undefined;
  const floored = neverNarrower(
    ranges.map((q, i) => {
      const cla = points[i]!;
      const measured = {
        lower80: cla * Math.exp(q!.q10),
        upper80: cla * Math.exp(q!.q90),
        lower95: cla * Math.exp(q!.q025),
        upper95: cla * Math.exp(q!.q975),
      };
      return { cla, ...widest(widest(measured, chanceRange(cla)), { lower80: cla, upper80: cla, lower95: cla, upper95: cla }) };
    }),
  );
  return {
    intervals: floored.map((f) => ({ lower80: f.lower80, upper80: f.upper80, lower95: f.lower95, upper95: f.upper95 })),
    ranges: ranges as GroupHorizonRange[],
  };
}
