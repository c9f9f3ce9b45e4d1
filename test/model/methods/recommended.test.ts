import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionalGrowth, type RegionalSeries } from '../../../src/model/areas/regions.js';
import { recommendedErrors } from '../../../src/model/evaluation/calibration.js';
import { recommendedForecast, sizeBandOf } from '../../../src/model/methods/recommended.js';
import {
  commonShocks,
  knownErrors,
  measuredHorizon,
  rangeCalibration,
  rangeQuantiles,
  residualPool,
  residualsOf,
  type PastError,
  type PastErrors,
  type Residual,
} from '../../../src/model/methods/recommendedRanges.js';
import { chanceRange, neverNarrower } from '../../../src/model/stats/intervals.js';
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

/** 30 residuals -0.29, -0.27, ..., 0.29 (median 0), for pools worked by hand. */
const R30 = Array.from({ length: 30 }, (_, i) => (2 * i - 29) / 100);
/** Errors c_t + r for r in R30, for councils of `size`, at each origin and horizon given. */
const pastErrors = (cells: { origin: number; horizon: number; shock: number }[], size = 150): PastError[] =>
  cells.flatMap(({ origin, horizon, shock }) =>
    R30.map((r, i) => ({ council: `c${i}`, region: 'E12000001', origin, horizon, size, logError: shock + r })),
  );

describe('the common shock c(t, k) and the council residuals u = e - c', () => {
  it('takes the median error of every council for each origin and horizon', () => {
    // (2014, 1): 0.1, 0.2, 0.4 -> 0.2; (2015, 1): -0.1, 0, 0.3 -> 0
    const e = (origin: number, logError: number): PastError => ({ council: 'x', region: 'r', origin, horizon: 1, size: 50, logError });
    const errors = [e(2014, 0.1), e(2014, 0.2), e(2014, 0.4), e(2015, -0.1), e(2015, 0), e(2015, 0.3)];
    const shocks = commonShocks(errors);
    expect(shocks.map((c) => [c.origin, c.shock, c.councils])).toEqual([
      [2014, 0.2, 3],
      [2015, 0, 3],
    ]);
    expect(residualsOf(errors, shocks).map((u) => Number(u.residual.toFixed(10)))).toEqual([-0.1, 0, 0.2, -0.1, 0, 0.3]);
  });

  it('uses no error whose outcome year is after asOf, nor a cell with under half the councils of the fullest', () => {
    const errors = [
      ...pastErrors([
        { origin: 2014, horizon: 1, shock: 0 },
        { origin: 2015, horizon: 1, shock: 0 },
      ]),
      // one region's 10 councils at (2016, 1): a regional movement, not England's
      ...pastErrors([{ origin: 2016, horizon: 1, shock: 0.5 }]).slice(0, 10),
    ];
    expect(knownErrors(errors, 2015).map((e) => e.origin + e.horizon)).toEqual(Array(30).fill(2015));
    expect(new Set(knownErrors(errors, 2017).map((e) => e.origin))).toEqual(new Set([2014, 2015]));
  });

  it('h0 is the longest horizon up to h measured from at least 3 origins', () => {
    const shocks = commonShocks(
      pastErrors([
        ...[2013, 2014, 2015].map((origin) => ({ origin, horizon: 1, shock: 0 })),
        ...[2013, 2014].map((origin) => ({ origin, horizon: 2, shock: 0 })),
      ]),
    );
    expect([1, 2, 5].map((h) => measuredHorizon(shocks, h))).toEqual([1, 1, 1]);
    expect(measuredHorizon(commonShocks(pastErrors([{ origin: 2013, horizon: 2, shock: 0 }])), 2)).toBeUndefined();
  });
});

describe('residual pools by size band', () => {
  const residual = (size: number, value: number): Residual => ({
    council: 'x',
    region: 'r',
    origin: 2015,
    horizon: 1,
    size,
    logError: value,
    residual: value,
  });

  it('centres a band on its median; sigma_b is their standard deviation', () => {
    // 0.1, 0.2, 0.6 (x10 each, 30 in all): median 0.2, centred -0.1, 0, 0.4; sd sqrt(0.14 / 3) = 0.216025
    const pool = residualPool(
      [0.1, 0.2, 0.6].flatMap((v) => Array.from({ length: 10 }, () => residual(150, v))),
      1,
      '100to299',
    );
    expect(pool.median).toBeCloseTo(0.2, 12);
    expect([pool.values[0], pool.values[10], pool.values[29]].map((v) => Number(v!.toFixed(12)))).toEqual([-0.1, 0, 0.4]);
    expect(pool.sigma).toBeCloseTo(0.216025, 6);
    expect(pool.borrowed).toBeUndefined();
  });

  it('a band with fewer than 30 borrows its neighbour, then every size', () => {
    const residuals = [
      ...Array.from({ length: 10 }, () => residual(50, 0.3)),
      ...Array.from({ length: 40 }, () => residual(150, 0)),
      ...Array.from({ length: 5 }, () => residual(400, 0)),
    ];
    const small = residualPool(residuals, 1, 'under100');
    expect([small.own, small.borrowed, small.values.length]).toEqual([10, '100to299', 50]);
    const large = residualPool(residuals, 1, '600plus');
    expect([large.own, large.borrowed, large.values.length]).toEqual([0, 'all', 55]); // 300-599 has only 5
    // 300-599 borrows from the neighbour with more: 100-299 (40) rather than 600+ (0)
    expect(residualPool(residuals, 1, '300to599').borrowed).toBe('100to299');
  });

  it('size bands: under 100, 100-299, 300-599, 600 and over', () => {
    expect([99, 100, 299, 300, 599, 600].map(sizeBandOf)).toEqual(['under100', '100to299', '100to299', '300to599', '300to599', '600plus']);
  });
});

describe('rangeQuantiles: Z = (h / h0) s + sqrt(h / h0) r over signed shocks and residuals', () => {
  it('works the small example by hand', () => {
    // Z = {0.1 - 0.05, 0.1, 0.15, -0.1 - 0.05, -0.1, -0.05} sorted -0.15 -0.1 -0.05 0.05 0.1 0.15;
    // type 7, index 5p: q10 at 0.5 = -0.125, q90 at 4.5 = 0.125, q2.5 at 0.125 = -0.14375, q97.5 at 4.875 = 0.14375
    const q = rangeQuantiles([0.1], [-0.05, 0, 0.05], 1, 1);
    expect(q.q10).toBeCloseTo(-0.125, 12);
    expect(q.q90).toBeCloseTo(0.125, 12);
    expect(q.q025).toBeCloseTo(-0.14375, 12);
    expect(q.q975).toBeCloseTo(0.14375, 12);
  });

  it('beyond h0 the shock grows with h / h0 and the residual with its square root', () => {
    // h = 4, h0 = 1: Z = {0.4 - 0.1, 0.4, 0.5, -0.5, -0.4, -0.3}: q10 = -0.5 + 0.5 x 0.1 = -0.45
    const q = rangeQuantiles([0.1], [-0.05, 0, 0.05], 4, 1);
    expect(q.q10).toBeCloseTo(-0.45, 12);
    expect(q.q90).toBeCloseTo(0.45, 12);
  });

  it('is symmetric whatever the sign of the past shocks (no lean)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (shocks, residuals) => {
          const mirrored = residuals.map((r) => -r);
          const a = rangeQuantiles(shocks, residuals, 2, 1);
          const b = rangeQuantiles(shocks, mirrored, 2, 1);
          expect(a.q10).toBeCloseTo(-b.q90, 9);
          expect(a.q025).toBeCloseTo(-b.q975, 9);
        },
      ),
    );
  });
});

describe('rangeCalibration: the range for a base year, horizon and size band', () => {
  // three origins with shock 0.1 at horizon 1: Z = {r - 0.1} u {r + 0.1}, each of R30 three times
  // (180 values). Sorted, the 18 lowest are r - 0.1 for r = -0.29 ... -0.19 (-0.39 ... -0.29, x3),
  // then -0.27; q10 at index 17.9 = -0.29 + 0.9 x 0.02 = -0.272, q90 = +0.272 by symmetry.
  const past: PastErrors = {
    description: 'hand-made',
    errors: pastErrors([2013, 2014, 2015].map((origin) => ({ origin, horizon: 1, shock: 0.1 }))),
  };

  it('mirrors the common shock: the past said "higher", the range says either way', () => {
    const range = rangeCalibration(past, 2016)!.range(1, '100to299')!;
    expect(range.q10).toBeCloseTo(-0.272, 10);
    expect(range.q90).toBeCloseTo(0.272, 10);
    expect([range.measuredHorizon, range.origins, range.pool.n]).toEqual([1, 3, 90]);
  });

  it('needs errors from 3 origins known by the base year, and uses none known later', () => {
    expect(rangeCalibration(past, 2015)).toBeUndefined(); // origin 2015's outcome is 2016
    const later: PastErrors = { ...past, errors: [...past.errors, ...pastErrors([{ origin: 2016, horizon: 1, shock: 0.9 }])] };
    expect(rangeCalibration(later, 2016)!.range(1, '100to299')).toEqual(rangeCalibration(past, 2016)!.range(1, '100to299'));
  });

  it('never narrows further ahead, though a longer horizon was measured narrower', () => {
    const narrowAt2: PastErrors = {
      description: 'hand-made',
      errors: [
        ...past.errors,
        ...pastErrors([2013, 2014, 2015].map((origin) => ({ origin, horizon: 2, shock: 0 }))).map((e) => ({
          ...e,
          logError: e.logError / 10,
        })),
      ],
    };
    const calibration = rangeCalibration(narrowAt2, 2017)!;
    expect(calibration.range(2, '100to299')!.measuredHorizon).toBe(2);
    expect(calibration.range(2, '100to299')!.q90).toBeCloseTo(calibration.range(1, '100to299')!.q90, 12);
  });
});

describe('the floors every range keeps', () => {
  it('chance alone: F +/- 1.28 sqrt(F) at 80%, 1.96 sqrt(F) at 95%, and above 0 for a count of 0', () => {
    // 25 +/- 1.2816 x 5 = 18.592-31.408; 25 +/- 9.8 = 15.2-34.8; zero: -ln(0.1) = 2.3026, -ln(0.025) = 3.6889
    const r = chanceRange(25);
    expect([r.lower80, r.upper80, r.lower95, r.upper95].map((v) => Number(v.toFixed(3)))).toEqual([18.592, 31.408, 15.2, 34.8]);
    const zero = chanceRange(0);
    expect([zero.lower80, zero.upper80, zero.lower95, zero.upper95].map((v) => Number(v.toFixed(4)))).toEqual([
      0,
      Number(Math.LN10.toFixed(4)),
      0,
      3.6889,
    ]); // -ln(0.1) = ln 10;
  });

  it('never narrower relative to the point than the year before', () => {
    const years = neverNarrower([
      { cla: 100, lower80: 80, upper80: 120, lower95: 70, upper95: 130 },
      { cla: 50, lower80: 45, upper80: 55, lower95: 40, upper95: 70 },
    ]);
    // lower/point 0.8 and 0.7 carried: 40 and 35; upper 1.2 -> 60, 1.4 kept (70/50)
    expect(years[1]).toEqual({ cla: 50, lower80: 40, upper80: 60, lower95: 35, upper95: 70 });
  });
});

describe('recommendedErrors: each council, origin and horizon against what was later counted', () => {
  it('forecasts with the region growth known at the origin', () => {
    const region = series({ A: { 2016: 100, 2017: 110, 2018: 100, 2019: 121, 2020: 130 }, B: { 2016: 50, 2019: 55 } });
    const councils = [{ code: 'A', name: 'A', regionCode: 'E12000001', counts: region.members[0]!.counts }];
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
  // three origins with shock 0 at horizon 1, councils of 150: Z = R30 six times (180 values),
  // q10 at index 17.9 = R30[2] + 0.9 x (R30[3] - R30[2]) = -0.25 + 0.018 = -0.232, q90 = 0.232;
  // q97.5 at 174.525: R30[29] = 0.29 (indices 174-179 all hold it)
  const calibration: PastErrors = {
    description: 'hand-made',
    errors: pastErrors([2016, 2017, 2018].map((origin) => ({ origin, horizon: 1, shock: 0 }))),
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

  it('takes its range from the past errors: F e^q, the residual part x sqrt(h / h0) beyond the horizon measured', () => {
    expect(rows[0]!.lower80).toBeCloseTo(rows[0]!.cla * Math.exp(-0.232), 8);
    expect(rows[0]!.upper95).toBeCloseTo(rows[0]!.cla * Math.exp(0.29), 8);
    // 2021 is 2 years ahead, measured only 1 ahead: h0 = 1, the residuals x sqrt(2)
    expect(rows[1]!.upper80).toBeCloseTo(rows[1]!.cla * Math.exp(0.232 * Math.SQRT2), 8);
    const a = result.methods[0]!.assumptions;
    expect(a.method === 'recommended' && a.calibration?.years.map((y) => y.measuredHorizon)).toEqual([1, 1]);
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
