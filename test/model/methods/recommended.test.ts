import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionalGrowth, type RegionalSeries } from '../../../src/model/areas/regions.js';
import { calibrationFromErrors, recommendedErrors, type RecommendedError } from '../../../src/model/evaluation/calibration.js';
import {
  calibratedInterval,
  calibrationFor,
  recommendedForecast,
  sizeBandOf,
  type IntervalCalibration,
} from '../../../src/model/methods/recommended.js';
import { alignPopulation } from '../../../src/model/population/rebase.js';
import { projectArea } from '../../../src/model/projection/project.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../../../src/model/projection/types.js';
import type { AreaHistory } from '../../../src/model/types.js';

const series = (members: Record<string, Record<number, number | null>>): RegionalSeries => ({
  region: { code: 'E12000001', name: 'North East' },
  source: 'input councils',
  files: ['test'],
  members: Object.entries(members).map(([name, counts]) => ({
    name,
    counts: new Map(Object.entries(counts).map(([y, v]) => [Number(y), v])),
  })),
});

describe('recommendedForecast: S_T x exp(g x (phi + ... + phi^h)), phi 0.5', () => {
  it('grows by half the yearly growth the first year, three quarters by the second, seven eighths by the third', () => {
    // by hand: 200 e^(0.06 x 0.5) = 206.0909, 200 e^(0.06 x 0.75) = 209.2056, 200 e^(0.06 x 0.875) = 210.7805
    expect(recommendedForecast(200, 0.06, 1)).toBeCloseTo(206.0909, 4);
    expect(recommendedForecast(200, 0.06, 2)).toBeCloseTo(209.2056, 4);
    expect(recommendedForecast(200, 0.06, 3)).toBeCloseTo(210.7805, 4);
  });

  it('levels off at one full year of growth: S_T x e^g', () => {
    expect(recommendedForecast(200, 0.06, 60)).toBeCloseTo(200 * Math.exp(0.06), 6);
  });

  it('is naive when the region did not move, and scales with the count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 15 }),
        (s, g, h) => {
          expect(recommendedForecast(s, 0, h)).toBe(s);
          expect(recommendedForecast(2 * s, g, h)).toBeCloseTo(2 * recommendedForecast(s, g, h), 6);
        },
      ),
    );
  });
});

describe('regionalGrowth: (ln R_T - ln R_{T-3}) / 3 over the members counted in both years', () => {
  it('sums only the councils with both counts (a suppressed year is not a fall)', () => {
    // A 100 -> 121, B 50 -> 55, C suppressed in 2019: R = 150 -> 176, g = ln(176/150)/3 = 0.053283
    const growth = regionalGrowth(series({ A: { 2019: 100, 2022: 121 }, B: { 2019: 50, 2022: 55 }, C: { 2019: null, 2022: 80 } }), 2022)!;
    expect(growth.growth).toBeCloseTo(Math.log(176 / 150) / 3, 10);
    expect(growth.growth).toBeCloseTo(0.053283, 6);
    expect([growth.fromTotal, growth.toTotal, growth.members, growth.leftOut]).toEqual([150, 176, 2, 1]);
  });

  it('reads no year but T and T-3', () => {
    const a = regionalGrowth(series({ A: { 2018: 1, 2019: 100, 2020: 5, 2022: 121, 2023: 999 } }), 2022)!;
    const b = regionalGrowth(series({ A: { 2019: 100, 2022: 121 } }), 2022)!;
    expect(a.growth).toBe(b.growth);
  });

  it('is undefined when no member has both years', () => {
    expect(regionalGrowth(series({ A: { 2020: 100, 2022: 121 } }), 2022)).toBeUndefined();
  });
});

describe('calibration of the intervals', () => {
  // 40 errors -0.20, -0.19, ..., 0.19 at horizon 1, outcomes in 2015 (origin 2014), size 250.
  // Quantiles by linear interpolation (R's type 7, simple-statistics), index 39p: q10 at 3.9 =
  // x3 + 0.9 (x4 - x3) = -0.161, q90 at 35.1 = 0.151, q2.5 at 0.975 = -0.19025, q97.5 at 38.025 = 0.18025.
  const errors: RecommendedError[] = Array.from({ length: 40 }, (_, i) => ({
    council: `c${i}`,
    origin: 2014 - (i % 3), // three origins: 2014, 2013, 2012
    horizon: 1,
    size: 250,
    band: 'under300' as const,
    forecast: 100,
    actual: 100,
    logError: (i - 20) / 100,
  }));

  it('takes the quantiles by hand', () => {
    const calibration = calibrationFromErrors(errors, [2015], 'test');
    const row = calibration.rows.find((r) => r.band === 'under300')!;
    expect(row.n).toBe(40);
    expect(row.origins).toBe(3);
    expect(row.q10).toBeCloseTo(-0.161, 10);
    expect(row.q90).toBeCloseTo(0.151, 10);
    expect(row.q025).toBeCloseTo(-0.19025, 10);
    expect(row.q975).toBeCloseTo(0.18025, 10);
  });

  it('an interval is [F e^q10, F e^q90] and [F e^q2.5, F e^q97.5]', () => {
    const calibration = calibrationFromErrors(errors, [2015], 'test');
    const choice = calibrationFor(calibration, 2015, 1, 'under300')!;
    const interval = calibratedInterval(200, choice);
    expect(interval.lower80).toBeCloseTo(200 * Math.exp(-0.161), 8);
    expect(interval.upper80).toBeCloseTo(200 * Math.exp(0.151), 8);
    expect(interval.lower95).toBeCloseTo(200 * Math.exp(-0.19025), 8);
    expect(interval.upper95).toBeCloseTo(200 * Math.exp(0.18025), 8);
  });

  it('uses no error whose outcome is after the base year', () => {
    const calibration = calibrationFromErrors(errors, [2014, 2015], 'test');
    // as of 2014 only errors with origin + 1 <= 2014 exist: origins 2012 and 2013 (13 + 13 errors)
    expect(calibration.rows.find((r) => r.asOf === 2014 && r.band === 'all')!.n).toBe(26);
    // at base year 2014 the 2015 row (40 errors) is never used, and 26 errors are too few
    expect(calibrationFor(calibration, 2014, 1, 'under300')).toBeUndefined();
    expect(calibrationFor(calibration, 2015, 1, 'under300')!.row.asOf).toBe(2015);
    expect(calibrationFor(calibration, 2030, 1, 'under300')!.row.asOf).toBe(2015);
  });

  it('pools every size where a band has fewer than 30 errors', () => {
    const mixed = errors.map((e, i) => (i < 12 ? { ...e, band: '600plus' as const, size: 700 } : e));
    const calibration = calibrationFromErrors(mixed, [2015], 'test');
    expect(calibrationFor(calibration, 2015, 1, '600plus')!.row.band).toBe('all');
    expect(calibrationFor(calibration, 2015, 1, 'under300')!.row.band).toBe('all'); // 28 < 30 too
  });

  it('scales the last horizon measured from 3 origins by sqrt(h / h0) beyond it', () => {
    const calibration = calibrationFromErrors(errors, [2015], 'test');
    const choice = calibrationFor(calibration, 2016, 4, 'under300')!;
    expect(choice.row.horizon).toBe(1);
    expect(choice.scale).toBeCloseTo(2, 10);
  });

  it('size bands: under 300, 300-599, 600 and over', () => {
    expect([299, 300, 599, 600].map(sizeBandOf)).toEqual(['under300', '300to599', '300to599', '600plus']);
  });
});

describe('recommendedErrors: each council, origin and horizon against what was later counted', () => {
  it('forecasts with the region growth known at the origin', () => {
    const region = series({ A: { 2016: 100, 2017: 110, 2018: 100, 2019: 121, 2020: 130 }, B: { 2016: 50, 2019: 55 } });
    const councils = [{ name: 'A', regionCode: 'E12000001', counts: region.members[0]!.counts }];
    const errors = recommendedErrors(councils, new Map([['E12000001', [region]]]), 2);
    // origin 2019: g = ln(176/150)/3; forecast 2020 = 121 e^(g/2); error ln(130 / forecast)
    const g = Math.log(176 / 150) / 3;
    const e = errors.find((x) => x.origin === 2019 && x.horizon === 1)!;
    expect(e.forecast).toBeCloseTo(121 * Math.exp(g / 2), 8);
    expect(e.logError).toBeCloseTo(Math.log(130 / (121 * Math.exp(g / 2))), 10);
    // no origin before 2019 has a growth (2016 is the first year), and 2020 has no later count
    expect([...new Set(errors.map((x) => x.origin))]).toEqual([2019]);
  });
});

describe('projectArea with the recommended method', () => {
  const history: AreaHistory = {
    area: { code: 'E06000001', name: 'Hartlepool', dfeCode: '805' },
    years: [2016, 2017, 2018, 2019].map((year, i) => ({ year, cla: [180, 190, 200, 200][i]!, starts: null, ceased: null, uasc: null })),
  };
  const population = alignPopulation(
    new Map([
      [2018, 20000],
      [2019, 20000],
      [2020, 20000],
    ]),
    undefined,
    'none',
  );
  const region = series({ A: { 2016: 1000, 2019: 1100 }, B: { 2016: 500, 2019: 550 } });
  const calibration: IntervalCalibration = {
    description: 'hand-made',
    rows: [1, 2].map((horizon) => ({
      asOf: 2019,
      horizon,
      band: 'under300' as const,
      n: 40,
      origins: 5,
      q025: -0.2 * horizon,
      q10: -0.1 * horizon,
      q90: 0.1 * horizon,
      q975: 0.2 * horizon,
    })),
  };
  const result = projectArea(history, population, {
    ...DEFAULT_PROJECTION_OPTIONS,
    methods: ['recommended'],
    toYear: 2021,
    recommended: { regional: [region], calibration },
  });
  const rows = result.methods[0]!.years;

  it('2020 = 200 x exp(ln(1650/1500)/3 x 0.5), 2021 = 200 x exp(g x 0.75)', () => {
    const g = Math.log(1.1) / 3;
    expect(rows[0]!.cla).toBeCloseTo(200 * Math.exp(g * 0.5), 8); // 203.2024
    expect(rows[0]!.cla).toBeCloseTo(203.2024, 4);
    expect(rows[1]!.cla).toBeCloseTo(200 * Math.exp(g * 0.75), 8);
  });

  it('takes its intervals from the calibration row of its size band and horizon', () => {
    expect(rows[0]!.lower80).toBeCloseTo(rows[0]!.cla * Math.exp(-0.1), 8);
    expect(rows[1]!.upper95).toBeCloseTo(rows[1]!.cla * Math.exp(0.4), 8);
  });

  it('says where the growth came from', () => {
    const a = result.methods[0]!.assumptions;
    expect(a.method === 'recommended' && a.region?.growth.members).toBe(2);
  });

  it('falls back to naive, and says why, without a regional series reaching the base year', () => {
    const short = series({ A: { 2017: 1000, 2018: 1100 } });
    const fallback = projectArea(history, population, {
      ...DEFAULT_PROJECTION_OPTIONS,
      methods: ['recommended', 'naive'],
      toYear: 2020,
      recommended: { regional: [short], calibration },
    });
    const [recommended, naive] = fallback.methods;
    expect(recommended!.years[0]!.cla).toBe(200);
    expect(recommended!.years[0]!.upper80).toBe(naive!.years[0]!.upper80);
    const a = recommended!.assumptions;
    expect(a.method === 'recommended' && a.fallback).toMatch(/no series of its region reaches 2019 and 2016/);
  });
});
