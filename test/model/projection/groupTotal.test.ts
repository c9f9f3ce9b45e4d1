import { describe, expect, it } from 'vitest';
import { createRunContext } from '../../../src/app/context.js';
import { groupTotal } from '../../../src/model/projection/groupTotal.js';
import type { AreaProjection, MethodProjection } from '../../../src/model/projection/types.js';
import type { MethodName } from '../../../src/model/types.js';

const calibration = createRunContext().bundled.calibration();

/** A member's projection: `points` by method for 2023-2025, counts for the years given. */
function member(
  name: string,
  baseYear: number,
  counts: Record<number, number | null>,
  points: Partial<Record<MethodName, number[]>>,
): AreaProjection {
  const years = Array.from({ length: 2025 - baseYear }, (_, i) => baseYear + 1 + i);
  const method = (m: MethodName, values: number[]): MethodProjection => ({
    method: m,
    years: years.map((year, i) => ({
      year,
      cla: values[i]!,
      population0to17: 1000,
      ratePer10k: null,
      lower80: 0,
      upper80: 0,
      lower95: 0,
      upper95: 0,
    })),
    assumptions:
      m === 'recommended'
        ? { method: 'recommended', year: baseYear, cla: counts[baseYear]!, damping: 0.5 }
        : { method: 'naive', year: baseYear, cla: 0 },
    interval: { sigma: 0, changes: 0, unit: 'count' },
  });
  return {
    area: { code: '', name },
    baseYear,
    toYear: 2025,
    populationLag: 1,
    actual: Object.entries(counts).map(([y, cla]) => ({ year: Number(y), cla, population0to17: 1000, ratePer10k: null })),
    methods: Object.entries(points).map(([m, v]) => method(m as MethodName, v!)),
    warnings: [],
  };
}

describe("groupTotal: the members' points added up, the recommended total's range the group's", () => {
  const a = member(
    'A',
    2022,
    { 2020: 90, 2021: 95, 2022: 100 },
    { recommended: [101, 102, 103], naive: [100, 100, 100], avg3: [110, 111, 112] },
  );
  const b = member('B', 2022, { 2020: 48, 2021: 49, 2022: 50 }, { recommended: [51, 52, 53], naive: [50, 50, 50] });

  it('adds the points of each method (by hand: 101 + 51 = 152, 102 + 52 = 154, 103 + 53 = 156) and the population', () => {
    const t = groupTotal(
      [
        { area: a.area, projection: a, region: 'R' },
        { area: b.area, projection: b, region: 'R' },
      ],
      { baseYear: 2022, toYear: 2025, calibration, seed: 1, methods: ['recommended', 'naive', 'avg3'] },
    );
    expect(t.methods.map((m) => m.method)).toEqual(['recommended', 'naive']);
    expect(t.methods[0]!.years.map((y) => y.cla)).toEqual([152, 154, 156]);
    expect(t.methods[1]!.years.map((y) => y.cla)).toEqual([150, 150, 150]);
    expect(t.methods[0]!.years[0]!.population0to17).toBe(2000);
    expect(t.actual.map((y) => y.cla)).toEqual([138, 144, 150]);
    // a method a member lacks has no total, and says whose
    expect(t.missingMethods).toEqual([{ method: 'avg3', members: [b.area] }]);
    // the recommended total has a range around its point, the other methods none
    const first = t.methods[0]!.years[0]!;
    expect(first.interval!.lower80).toBeLessThan(152);
    expect(first.interval!.upper80).toBeGreaterThan(152);
    expect(t.methods[1]!.years[0]!.interval).toBeNull();
    expect(t.members).toEqual([
      { area: a.area, lag: 0 },
      { area: b.area, lag: 0 },
    ]);
  });

  it('takes a member whose latest count is a year older from it, h + 1 years ahead: the total is unknown in the base year, the range wider', () => {
    const late = member('B', 2021, { 2020: 48, 2021: 49, 2022: null }, { recommended: [50, 51, 52, 53], naive: [49, 49, 49, 49] });
    const members = (p: AreaProjection) => [
      { area: a.area, projection: a, region: 'R' },
      { area: p.area, projection: p, region: 'R' },
    ];
    const options = { baseYear: 2022, toYear: 2025, calibration, seed: 1, methods: ['recommended'] as MethodName[] };
    const now = groupTotal(members(b), options);
    const behind = groupTotal(members(late), options);
    expect(behind.members[1]!.lag).toBe(1);
    expect(behind.methods[0]!.years.map((y) => y.cla)).toEqual([152, 154, 156]);
    expect(behind.actual.find((y) => y.year === 2022)!.cla).toBeNull();
    const width = (t: typeof now) => t.methods[0]!.years[0]!.interval!.upper80 - t.methods[0]!.years[0]!.interval!.lower80;
    expect(width(behind)).toBeGreaterThan(width(now));
    expect(behind.methods[0]!.ranges![0]!.correlations.map((c) => c.measuredHorizon)).toEqual([1, 2]);
  });

  it('says why there is no range before the calibration measured a horizon from 3 origins', () => {
    const early = member('A', 2015, { 2015: 100 }, { recommended: Array(10).fill(100) });
    const t = groupTotal([{ area: early.area, projection: early, region: 'R' }], {
      baseYear: 2015,
      toYear: 2025,
      calibration,
      seed: 1,
      methods: ['recommended'],
    });
    expect(t.methods[0]!.noRange).toMatch(/no past errors from 3 origins were known by 2015/);
    expect(t.methods[0]!.years.every((y) => y.interval === null)).toBe(true);
  });
});
