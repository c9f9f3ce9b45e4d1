import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { createRunContext } from '../../../src/app/context.js';
import {
  crossQuantiles,
  groupIntervals,
  groupRangeAt,
  regionalCorrelation,
  type GroupMember,
} from '../../../src/model/methods/groupRanges.js';
import { sizeBandOf } from '../../../src/model/methods/recommended.js';
import { rangeCalibration, rangeQuantiles, type PastError } from '../../../src/model/methods/recommendedRanges.js';
import { createRandom } from '../../../src/model/stats/random.js';

const bundled = createRunContext().bundled.calibration();
const as2022 = rangeCalibration(bundled, 2022)!;

/** rho by the definition, pair by pair (a second method: the module uses sums of squares). */
function rhoByPairs(calibration: NonNullable<ReturnType<typeof rangeCalibration>>, h0: number): number {
  const residuals = calibration.residuals.filter((r) => r.horizon === h0);
  const origins = [...new Set(residuals.map((r) => r.origin))];
  const means: number[] = [];
  for (const origin of origins) {
    const own = residuals.filter((r) => r.origin === origin);
    const z = own.map((r) => {
      const pool = calibration.pool(h0, sizeBandOf(r.size));
      return (r.residual - pool.median) / pool.sigma;
    });
    let sum = 0;
    let n = 0;
    for (let i = 0; i < own.length; i++) {
      for (let j = i + 1; j < own.length; j++) {
        if (own[i]!.region !== own[j]!.region) continue;
        sum += z[i]! * z[j]!;
        n++;
      }
    }
    if (n > 0) means.push(sum / n);
  }
  return Math.max(0, means.reduce((s, m) => s + m, 0) / means.length);
}

describe('regionalCorrelation: rho(h0), the mean over origins of the mean z_i z_j over pairs of one region', () => {
  it('agrees with the pair-by-pair definition on the bundled calibration, every measured horizon', () => {
    for (let h = 1; h <= 7; h++) expect(regionalCorrelation(as2022, h).rho).toBeCloseTo(rhoByPairs(as2022, h), 10);
  });

  it('is small and grows further ahead, as the research measured (as of 2022: 0.008 at 1 year, 0.02 at 2-3, 0.05 at 4, 0.08 at 5)', () => {
    const rho = [1, 2, 3, 4, 5].map((h) => regionalCorrelation(as2022, h).rho);
    // our own errors file gives 0.020, 0.035, 0.053, 0.077, 0.110 (docs/methods.md, "Groups of councils")
    expect(rho.map((r) => Number(r.toFixed(3)))).toEqual([0.02, 0.035, 0.053, 0.077, 0.11]);
    for (let i = 1; i < rho.length; i++) expect(rho[i]).toBeGreaterThan(rho[i - 1]!);
  });

  it('is floored at 0 when councils of one region move apart', () => {
    // two councils of one region, always on opposite sides of the common shock: z_1 z_2 < 0 at every origin
    const errors: PastError[] = [];
    for (const origin of [2013, 2014, 2015, 2016]) {
      errors.push({ council: 'A', region: 'R', origin, horizon: 1, size: 200, logError: 0.1 });
      errors.push({ council: 'B', region: 'R', origin, horizon: 1, size: 200, logError: -0.1 });
      errors.push({ council: 'C', region: 'S', origin, horizon: 1, size: 200, logError: 0 });
    }
    const c = rangeCalibration({ description: 'test', errors }, 2020)!;
    const r = regionalCorrelation(c, 1);
    expect(r.raw).toBeLessThan(0);
    expect(r.rho).toBe(0);
    expect(r.pairs).toBe(4); // one pair of region R at each of the four origins
  });
});

describe('crossQuantiles: type-7 quantiles of a s + g over every signed shock and draw, without sorting them all', () => {
  it('equals sorting the whole set (simple-statistics quantileSorted)', () => {
    const random = createRandom(7);
    for (const [shocks, draws] of [
      [1, 10],
      [3, 997],
      [9, 2000],
    ] as const) {
      const g = Float64Array.from({ length: draws }, () => random.uniform() - 0.5).sort();
      const s = Array.from({ length: shocks }, () => random.uniform() * 0.1);
      const all = s.flatMap((x) => [...g].flatMap((y) => [1.7 * x + y, -1.7 * x + y])).sort((a, b) => a - b);
      const q = crossQuantiles(s, g, 1.7);
      expect(q.q025).toBe(quantileSorted(all, 0.025));
      expect(q.q10).toBe(quantileSorted(all, 0.1));
      expect(q.q90).toBe(quantileSorted(all, 0.9));
      expect(q.q975).toBe(quantileSorted(all, 0.975));
    }
  });
});

describe('groupRangeAt: the group total from its members moving together', () => {
  const member = (point: number, size = point, region = 'E12000002', horizon = 3): GroupMember => ({ point, size, region, horizon });

  it("with one member reproduces the council's own 80% range within 1.5%, 1-5 years ahead, every size band of 100 and over", () => {
    for (const size of [150, 400, 1200]) {
      for (let h = 1; h <= 5; h++) {
        const one = groupRangeAt(as2022, [member(100, size, 'R', h)], h, { seed: 1 })!;
        const own = as2022.range(h, sizeBandOf(size))!;
        for (const k of ['q10', 'q90'] as const) expect(Math.abs(Math.exp(one[k] - own[k]) - 1), `${size} h${h} ${k}`).toBeLessThan(0.015);
      }
    }
  });

  it('is the same for the same seed, and a range of the total narrower than the members bounds added', () => {
    const members = [member(300), member(500), member(120), member(900), member(60)];
    const a = groupRangeAt(as2022, members, 3, { seed: 42 })!;
    expect(groupRangeAt(as2022, members, 3, { seed: 42 })).toEqual(a);
    const total = 1880;
    const added = members.reduce(
      (s, m) => {
        const q = as2022.range(3, sizeBandOf(m.size))!;
        return [s[0]! + m.point * Math.exp(q.q10), s[1]! + m.point * Math.exp(q.q90)];
      },
      [0, 0],
    );
    expect(total * Math.exp(a.q10)).toBeGreaterThan(added[0]!);
    expect(total * Math.exp(a.q90)).toBeLessThan(added[1]!);
    // and wider than the common shock alone: the members' own parts add something
    const shocks = as2022.shocks.filter((s) => s.horizon === 3).map((s) => s.shock);
    const common = rangeQuantiles(shocks, [0], 3, 3);
    expect(a.q90 - a.q10).toBeGreaterThan(common.q90 - common.q10);
  });

  it('is wider when the members share a region than when each is in its own (eta_R shared), all else alike', () => {
    const shared = groupRangeAt(as2022, [member(500, 500, 'R', 5), member(500, 500, 'R', 5)], 5, { seed: 3 })!;
    const apart = groupRangeAt(as2022, [member(500, 500, 'R', 5), member(500, 500, 'S', 5)], 5, { seed: 3 })!;
    expect(shared.q90 - shared.q10).toBeGreaterThan(apart.q90 - apart.q10);
  });

  it('gives a member d years behind its own part at h + d (wider), and none beyond the horizons measured', () => {
    const now = groupRangeAt(as2022, [member(400, 400, 'R', 1)], 1, { seed: 5 })!;
    const behind = groupRangeAt(as2022, [member(400, 400, 'R', 3)], 1, { seed: 5 })!;
    expect(behind.q90 - behind.q10).toBeGreaterThan(now.q90 - now.q10);
    expect(rangeCalibration(bundled, 2015)).toBeUndefined();
  });
});

describe('groupIntervals: F x exp(q), floored, never narrower further ahead', () => {
  it('holds the point, chance alone, and widens (relative to the point) year by year', () => {
    const members = (h: number) => [300, 700].map((p) => ({ point: p, size: p, region: 'R', horizon: h }));
    const result = groupIntervals(as2022, members, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], Array(10).fill(1000), { seed: 1 })!;
    let before = 0;
    for (const i of result.intervals) {
      expect(i.lower95).toBeLessThanOrEqual(i.lower80);
      expect(i.lower80).toBeLessThanOrEqual(1000 - 1.2816 * Math.sqrt(1000) + 1e-9);
      expect(i.upper80).toBeGreaterThanOrEqual(1000);
      expect(i.upper95).toBeGreaterThanOrEqual(i.upper80);
      expect(i.upper80 - i.lower80).toBeGreaterThanOrEqual(before - 1e-9);
      before = i.upper80 - i.lower80;
    }
  });
});
