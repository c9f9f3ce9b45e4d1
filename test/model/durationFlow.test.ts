import { describe, expect, it } from 'vitest';
import { estimateDurationFlow, projectDurationFlow } from '../../src/model/durationFlow.js';
import { dayOf, type Period } from '../../src/model/episodes.js';

const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return dayOf(y!, m!, d!);
};
const period = (child: string, start: string, end: string | null, dob: string): Period => ({
  child,
  start: day(start),
  end: end === null ? null : day(end),
  firstEpisode: 0,
  episodeCount: 1,
  dob: day(dob),
  ageAtStart: null,
  uasc: false,
});
const population = () => [10_000, 10_000, 10_000, 10_000, 10_000];

// Worked by hand (fixtures/README.md, "Flow with durations").
const periods = [
  period('P1', '2019-06-01', null, '2010-01-01'), // in care on 31/3/2020 at 10, under a year: stays
  period('P2', '2019-06-01', '2020-10-01', '2010-01-01'), // same, leaves in 2020-21
  period('P3', '2020-05-01', null, '2015-01-01'), // enters at 5 in 2020-21, still in on 31/3/2021
  period('P4', '2020-06-01', '2020-12-01', '2015-01-01'), // enters at 5, leaves within the year
];

describe('flow with durations, worked by hand', () => {
  const p = estimateDurationFlow(periods, 2021, 1, population, 1);

  it('measures hazards by completed years in care, entry rates, and entrants still in at year end', () => {
    // 2 at risk in their first year (both 10-15), 1 left: too few for the band, so the all-band 1/2
    expect(p.exitHazard.map((row) => row[0])).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(p.exitHazard[3]![1]).toBe(0); // no one at risk with a year done: no exits measured
    // 2 starts aged 5 in 2020-21 per 10,000 children aged 5-9; half still in on 31 March
    expect(p.entryRatePer10k).toEqual([0, 0, 2, 0, 0]);
    expect(p.stillInCareAtYearEnd[2]).toBe(0.5);
    expect(p.entryAgeShares[5]).toBe(1);
    // on 31 March 2021: P1 aged 11 with 1 year done, P3 aged 6 with 0
    expect(p.opening[11]![1]).toBe(1);
    expect(p.opening[6]![0]).toBe(1);
  });

  it('projects: P1 stays (hazard 0 after a year), P3 half stays, one entrant in two stays', () => {
    const { years } = projectDurationFlow(p, 2022, population, 1, { simulations: 0, seed: 1 });
    // 1 (P1) + 0.5 (P3) + 2 entrants x 0.5 still in = 2.5
    expect(years[0]!.cla).toBeCloseTo(2.5, 12);
    expect(years[0]!.byDuration.slice(0, 3)).toEqual([1, 0.5, 1]);
  });

  it('children reaching 18 leave care', () => {
    const old = estimateDurationFlow([period('Q', '2019-06-01', null, '2003-06-01'), ...periods], 2021, 1, population, 1);
    expect(old.opening[17]!.reduce((s, v) => s + v, 0)).toBe(1);
    // Q (16 on 31/3/2020, stayed) adds one at risk in the first year: hazard 1/3, so P3 keeps 2/3;
    // Q is 17 on 31/3/2021 and 18 within the year: gone. 1 (P1) + 2/3 (P3) + 1 (entrants) = 2.667
    const { years } = projectDurationFlow(old, 2022, population, 1, { simulations: 0, seed: 1 });
    expect(years[0]!.cla).toBeCloseTo(1 + 2 / 3 + 1, 12);
  });

  it('seeded simulation is reproducible and its median tracks the central path on a large cohort', () => {
    const big = { ...p, opening: p.opening.map((row) => row.map((v) => v * 400)), entryRatePer10k: p.entryRatePer10k.map((r) => r * 400) };
    const a = projectDurationFlow(big, 2026, population, 1, { simulations: 1000, seed: 4 });
    expect(projectDurationFlow(big, 2026, population, 1, { simulations: 1000, seed: 4 })).toEqual(a);
    for (const y of a.years) expect(Math.abs(y.median - y.cla) / y.cla).toBeLessThan(0.03);
  });
});
