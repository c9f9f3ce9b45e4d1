import { describe, expect, it } from 'vitest';
import { kaplanMeier, survivalAt, survivalQuantile } from '../../../src/model/episodes/survival.js';

describe('Kaplan-Meier, worked by hand', () => {
  // Six periods: exits at 10, 20, 20 and 50 days; censored (still in care) at 20 and 40 days.
  // t=10: at risk 6, 1 exit  -> S = 5/6 = 0.8333
  // t=20: at risk 5, 2 exits, 1 censored -> S = 5/6 x 3/5 = 0.5
  // t=40: at risk 2, censored -> S stays 0.5
  // t=50: at risk 1, 1 exit -> S = 0
  const steps = kaplanMeier([
    { days: 20, ended: true },
    { days: 10, ended: true },
    { days: 40, ended: false },
    { days: 20, ended: false },
    { days: 50, ended: true },
    { days: 20, ended: true },
  ]);

  it('steps with ties and censoring', () => {
    expect(steps.map((s) => [s.days, s.atRisk, s.exits, s.censored])).toEqual([
      [10, 6, 1, 0],
      [20, 5, 2, 1],
      [40, 2, 0, 1],
      [50, 1, 1, 0],
    ]);
    expect(steps.map((s) => s.survival)).toEqual([5 / 6, 0.5, 0.5, 0]);
  });

  it('95% intervals by Greenwood on the log-log scale (worked by hand; R survfit conf.type = "log-log")', () => {
    // t=10: G = 1/(6x5) = 1/30; se = sqrt(1/30) / |ln(5/6)| = 1.001386; exp(1.96 se) = 7.1184
    // -> (5/6)^7.1184 = 0.2731 and (5/6)^(1/7.1184) = 0.9747
    expect(steps[0]!.lower95).toBeCloseTo(0.2731, 4);
    expect(steps[0]!.upper95).toBeCloseTo(0.9747, 4);
    // t=20: G = 1/30 + 2/(5x3) = 1/6; se = sqrt(1/6) / ln 2 = 0.588980 -> 0.5^3.1721 = 0.1109, 0.5^0.31525 = 0.8037
    expect(steps[1]!.lower95).toBeCloseTo(0.1109, 4);
    expect(steps[1]!.upper95).toBeCloseTo(0.8037, 4);
    // t=40: censoring only, the interval carries; t=50: everyone left, no interval
    expect([steps[2]!.lower95, steps[2]!.upper95]).toEqual([steps[1]!.lower95, steps[1]!.upper95]);
    expect([steps[3]!.lower95, steps[3]!.upper95]).toEqual([null, null]);
  });

  it('intervals narrow as the number of periods grows, and always hold the estimate', () => {
    // the same ten periods repeated k times: the same curve, with k times the information
    const ten = Array.from({ length: 10 }, (_, i) => ({ days: 1 + i, ended: i % 3 !== 0 }));
    const times = (k: number) => kaplanMeier(Array.from({ length: k }, () => ten).flat());
    const small = times(1).find((s) => s.days === 5)!;
    const large = times(20).find((s) => s.days === 5)!;
    expect(large.survival).toBeCloseTo(small.survival, 12);
    expect(large.upper95! - large.lower95!).toBeLessThan((small.upper95! - small.lower95!) / 3);
    for (const s of [...times(1), ...times(20)]) {
      if (s.lower95 === null) continue;
      expect(s.lower95).toBeLessThanOrEqual(s.survival);
      expect(s.upper95).toBeGreaterThanOrEqual(s.survival);
    }
  });

  it('survival at a time and quantiles', () => {
    expect(survivalAt(steps, 5)).toBe(1);
    expect(survivalAt(steps, 30)).toBe(0.5);
    expect(survivalQuantile(steps, 0.5)).toBe(20);
    expect(survivalQuantile(steps, 0.75)).toBe(20);
    expect(survivalQuantile(steps, 0.25)).toBe(50);
  });

  it('dropping censored periods instead would understate stays', () => {
    const dropped = kaplanMeier([10, 20, 20, 50].map((days) => ({ days, ended: true })));
    expect(survivalAt(dropped, 30)).toBe(0.25);
    expect(survivalAt(steps, 30)).toBeGreaterThan(survivalAt(dropped, 30));
  });

  it('never reaches the median when most are still in care', () => {
    expect(
      survivalQuantile(
        kaplanMeier([
          { days: 5, ended: true },
          { days: 9, ended: false },
          { days: 9, ended: false },
        ]),
        0.5,
      ),
    ).toBeNull();
  });
});
