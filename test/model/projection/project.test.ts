import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { alignPopulation } from '../../../src/model/population/rebase.js';
import { projectArea } from '../../../src/model/projection/project.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../../../src/model/projection/types.js';
import type { AreaHistory } from '../../../src/model/types.js';

// The rate methods and naive; flow has its own tests (test/model/flow.test.ts).
const OPTIONS = { ...DEFAULT_PROJECTION_OPTIONS, methods: ['avg3', 'trend', 'naive'] as const };

// Tower Hamlets: data/tower-hamlets-cla-history.csv and the population files in data/.
const counts = [351, 327, 293, 303, 323, 274, 304, 333, 286, 329, 307, 305, 332, 301, 277, 284];
const history: AreaHistory = {
  area: { code: 'E09000030', name: 'Tower Hamlets', dfeCode: '211' },
  years: counts.map((cla, i) => ({ year: 2010 + i, cla, starts: null, ceased: null, uasc: null })),
};
const estimates = new Map(
  [55395, 57201, 59102, 60070, 60718, 61604, 62381, 63673, 64100, 64243, 64373, 64542, 63462, 63073].map((p, i) => [2011 + i, p]),
);
// ONS 2022-based projection sums of ages 0-17 (mid-2024 and mid-2025 only: enough for one year ahead)
const projection = new Map([
  [2024, 67552.684],
  [2025, 67899.692],
]);

describe('projectArea on Tower Hamlets', () => {
  const aligned = alignPopulation(estimates, projection, 'ratio');
  const result = projectArea(history, aligned, { ...OPTIONS, toYear: 2026 });
  const method = (name: string) => result.methods.find((m) => m.method === name)!.years[0]!;

  it('base year is the last year with a count', () => {
    expect(result.baseYear).toBe(2025);
  });

  it('avg3 2026 = 45.1039 per 10k x 63,396.997 / 10,000 = 285.945', () => {
    expect(method('avg3').population0to17).toBeCloseTo(63396.997, 2);
    expect(method('avg3').ratePer10k).toBeCloseTo(45.1039, 4);
    expect(method('avg3').cla).toBeCloseTo(285.945, 2);
  });

  it('trend 2026 = (44.3076 - 1.2824 x 0.8) = 43.2817 per 10k x 63,396.997 / 10,000 = 274.393', () => {
    expect(method('trend').ratePer10k).toBeCloseTo(43.2817, 4);
    expect(method('trend').cla).toBeCloseTo(274.393, 2);
  });

  it('naive 2026 = 284 +/- t(0.9, 15 df) 1.3406 x sigma 29.704 = 244.18 to 323.82', () => {
    expect(method('naive').cla).toBe(284);
    expect(method('naive').lower80).toBeCloseTo(284 - 1.34061 * 29.7041, 2);
    expect(method('naive').upper80).toBeCloseTo(284 + 1.34061 * 29.7041, 2);
  });

  it('avg3 interval: rate sigma 4.7065 from 13 changes (2012-2025 rates), t(0.9, 13) = 1.3502', () => {
    const scale = 63396.997 / 10000;
    expect(method('avg3').upper80).toBeCloseTo((45.1039 + 1.35017 * 4.70654) * scale, 1);
  });
});

describe('projectArea invariants', () => {
  const aligned = alignPopulation(
    estimates,
    new Map([[2024, 63073], ...Array.from({ length: 10 }, (_, i) => [2025 + i, 63073 + 100 * i] as [number, number])]),
    'ratio',
  );

  it('scaling the projected population by k scales rate-based counts by k and leaves naive alone', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), (k) => {
        const scaled = alignPopulation(
          estimates,
          new Map([
            [2024, 63073],
            ...[...aligned.series.entries()].filter(([y]) => y >= 2025).map(([y, p]) => [y, p.population0to17 * k] as [number, number]),
          ]),
          'none',
        );
        const base = projectArea(history, aligned, OPTIONS);
        const other = projectArea(history, scaled, OPTIONS);
        for (const [i, m] of base.methods.entries()) {
          m.years.forEach((row, j) => {
            const expected = m.method === 'naive' ? row.cla : row.cla * k;
            expect(other.methods[i]!.years[j]!.cla).toBeCloseTo(expected, 6);
          });
        }
      }),
      { numRuns: 20 },
    );
  });

  it('uses nothing after the base year', () => {
    const at2020 = projectArea(history, aligned, { ...OPTIONS, baseYear: 2020, toYear: 2023 });
    const poisoned: AreaHistory = {
      ...history,
      years: history.years.map((y) => (y.year > 2020 ? { ...y, cla: 9999 } : y)),
    };
    const again = projectArea(poisoned, aligned, { ...OPTIONS, baseYear: 2020, toYear: 2023 });
    expect(again.methods).toEqual(at2020.methods);
  });

  it('every projected interval contains its point', () => {
    const result = projectArea(history, aligned, OPTIONS);
    for (const m of result.methods) {
      for (const row of m.years) {
        expect(row.lower95).toBeLessThanOrEqual(row.lower80);
        expect(row.lower80).toBeLessThanOrEqual(row.cla);
        expect(row.cla).toBeLessThanOrEqual(row.upper80);
        expect(row.upper80).toBeLessThanOrEqual(row.upper95);
      }
    }
  });

  it('names the missing mid-year when the population runs out', () => {
    const short = alignPopulation(estimates, undefined, 'ratio');
    expect(() => projectArea(history, short, OPTIONS)).toThrow(InputError);
    expect(() => projectArea(history, short, OPTIONS)).toThrow(
      /no 0-17 population for Tower Hamlets \(E09000030, 211\) for mid-2025 to mid-2034, needed to project to 31 March 2035/,
    );
  });

  it('naive alone needs no future population', () => {
    const short = alignPopulation(estimates, undefined, 'ratio');
    const result = projectArea(history, short, { ...OPTIONS, methods: ['naive'] });
    expect(result.methods[0]!.years).toHaveLength(10);
    expect(result.methods[0]!.years[0]!.population0to17).toBeNull();
  });
});

describe('the floors every range keeps', () => {
  const aligned = alignPopulation(
    estimates,
    new Map([[2024, 63073], ...Array.from({ length: 10 }, (_, i) => [2025 + i, 63073 - 1500 * i] as [number, number])]),
    'ratio',
  );

  it('no range narrows further ahead relative to its point, and none is narrower than chance alone', () => {
    // a falling population: avg3's point falls, so its random-walk range in counts would shrink relative to it
    const result = projectArea(history, aligned, OPTIONS);
    for (const m of result.methods) {
      m.years.forEach((row, i) => {
        expect(row.lower80).toBeLessThanOrEqual(row.cla - 1.28 * Math.sqrt(row.cla) + 1e-9);
        expect(row.upper80).toBeGreaterThanOrEqual(row.cla + 1.28 * Math.sqrt(row.cla) - 1e-9);
        const before = m.years[i - 1];
        if (!before) return;
        expect(row.lower80 / row.cla).toBeLessThanOrEqual(before.lower80 / before.cla + 1e-12);
        expect(row.upper80 / row.cla).toBeGreaterThanOrEqual(before.upper80 / before.cla - 1e-12);
        expect(row.upper95 / row.cla).toBeGreaterThanOrEqual(before.upper95 / before.cla - 1e-12);
      });
    }
  });

  const small = (values: (number | null)[]): AreaHistory => ({
    area: { code: 'E06000053', name: 'Isles of Scilly' },
    years: values.map((cla, i) => ({ year: 2016 + i, cla, starts: null, ceased: null, uasc: null })),
  });

  it('a council with no children: 0 with a range of 0 to what chance allows (-ln 0.1 = 2.30, -ln 0.025 = 3.69), said', () => {
    const result = projectArea(small([0, 0, 0, 0, 0, 0, 0]), aligned, { ...OPTIONS, methods: ['naive'], toYear: 2025 });
    const row = result.methods[0]!.years[0]!;
    expect([row.cla, row.lower80, row.lower95]).toEqual([0, 0, 0]);
    expect(row.upper80).toBeCloseTo(Math.LN10, 10);
    expect(row.upper95).toBeCloseTo(-Math.log(0.025), 10);
    expect(result.warnings.join('\n')).toMatch(/no children looked after on 31 March 2022: there is no spread to measure/);
  });

  it('a suppressed latest count of a small council: projected from the last published one, its ranges reaching down to 0', () => {
    const result = projectArea(small([9, 12, 10, 20, 24, 7, null]), aligned, { ...OPTIONS, methods: ['naive'], toYear: 2025 });
    expect(result.baseYear).toBe(2021);
    expect(result.warnings.join('\n')).toMatch(
      /2022 has no published count \(suppressed .*"c".*\): projected from 2021's count of 7; .* reaches down to 0/,
    );
    expect(result.methods[0]!.years.every((y) => y.lower80 === 0 && y.lower95 === 0)).toBe(true);
    // a large council's missing year is only said: 300 is no small count
    const large = projectArea(small([290, 310, 300, 320, 330, 300, null]), aligned, { ...OPTIONS, methods: ['naive'], toYear: 2025 });
    expect(large.warnings.join('\n')).toMatch(/2022 has no published count .*: projected from 2021's count of 300$/m);
    expect(large.methods[0]!.years[0]!.lower80).toBeGreaterThan(0);
  });
});
