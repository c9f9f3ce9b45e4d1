import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { binomial, createRandom, gamma, negativeBinomial, poisson } from '../../../src/model/stats/random.js';

const draws = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('seeded random numbers', () => {
  it('the same seed gives the same stream; another seed another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = draws(5, () => a.uniform());
    expect(draws(5, () => b.uniform())).toEqual(first);
    expect(draws(5, () => c.uniform())).not.toEqual(first);
  });

  it('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRandom(1);
    const u = draws(100_000, () => r.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(variance(u)).toBeCloseTo(1 / 12, 2);
  });
});

// Moments against theory; tolerances are several standard errors wide for 40,000 draws.
describe('samplers match their theoretical mean and variance', () => {
  const r = createRandom(7);
  it.each([
    [0.5, 2],
    [3, 1.5],
    [40, 0.25],
  ])('gamma(shape %s, scale %s): mean k theta, variance k theta^2', (k, theta) => {
    const x = draws(40_000, () => gamma(r, k, theta));
    expect(mean(x) / (k * theta)).toBeCloseTo(1, 1);
    expect(variance(x) / (k * theta * theta)).toBeCloseTo(1, 1);
  });

  it.each([0.7, 9.5, 12, 150])('poisson(%s): mean = variance = lambda', (lambda) => {
    const x = draws(40_000, () => poisson(r, lambda));
    expect(mean(x) / lambda).toBeCloseTo(1, 1);
    expect(variance(x) / lambda).toBeCloseTo(1, 1);
    expect(x.every(Number.isInteger)).toBe(true);
  });

  it('negative binomial: variance = mean + alpha mean^2', () => {
    const x = draws(40_000, () => negativeBinomial(r, 30, 0.05));
    expect(mean(x) / 30).toBeCloseTo(1, 1);
    expect(variance(x) / (30 + 0.05 * 900)).toBeCloseTo(1, 1);
  });

  it.each([
    [10, 0.3],
    [40, 0.9],
    [300, 0.12],
    [1000, 0.5],
  ])('binomial(%s, %s): mean np, variance np(1-p)', (n, p) => {
    const x = draws(40_000, () => binomial(r, n, p));
    expect(mean(x) / (n * p)).toBeCloseTo(1, 1);
    expect(variance(x) / (n * p * (1 - p))).toBeCloseTo(1, 1);
    expect(Math.max(...x)).toBeLessThanOrEqual(n);
  });
});
