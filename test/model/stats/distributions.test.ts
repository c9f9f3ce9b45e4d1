import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../../src/model/stats/distributions.js';

// Reference quantiles from a printed table of Student's t (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
describe('studentTQuantile', () => {
  it.each([
    [0.975, 1, 12.706],
    [0.975, 4, 2.776],
    [0.9, 4, 1.533],
    [0.95, 2, 2.92],
    [0.9, 10, 1.372],
    [0.975, 30, 2.042],
    [0.9, 13, 1.35],
    [0.975, 13, 2.16],
  ])('t(%s, %s df) = %s', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 2);
  });

  it('is symmetric and inverts the CDF', () => {
    expect(studentTQuantile(0.1, 7)).toBeCloseTo(-studentTQuantile(0.9, 7), 10);
    expect(studentTCdf(studentTQuantile(0.83, 5), 5)).toBeCloseTo(0.83, 10);
  });

  it('tends to the normal quantile for many degrees of freedom', () => {
    expect(studentTQuantile(0.975, 100000)).toBeCloseTo(1.95996, 3);
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/0 < p < 1/);
  });
});
