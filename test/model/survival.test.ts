import { describe, expect, it } from 'vitest';
import { kaplanMeier, survivalAt, survivalQuantile } from '../../src/model/survival.js';

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
    expect(survivalQuantile(kaplanMeier([{ days: 5, ended: true }, { days: 9, ended: false }, { days: 9, ended: false }]), 0.5)).toBeNull();
  });
});
