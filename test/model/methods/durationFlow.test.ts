import { describe, expect, it } from 'vitest';
import { estimateDurationFlow, projectDurationFlow } from '../../../src/model/methods/durationFlow.js';
import { dayOf } from '../../../src/model/episodes/calendar.js';
import type { Period } from '../../../src/model/episodes/periods.js';

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
const careOf = (periods: Period[], firstYear = 2020) => ({ periods, firstYear, lastYear: 2021 });
const periods = [
  period('P1', '2019-06-01', null, '2010-01-01'), // in care on 31/3/2020 at 10, under a year: stays
  period('P2', '2019-06-01', '2020-10-01', '2010-01-01'), // same, leaves in 2020-21
  period('P3', '2020-05-01', null, '2015-01-01'), // enters at 5 in 2020-21, still in on 31/3/2021
  period('P4', '2020-06-01', '2020-12-01', '2015-01-01'), // enters at 5, leaves within the year
];

describe('flow with durations, worked by hand', () => {
  const p = estimateDurationFlow(careOf(periods), 2021, 1, population, 1);

  it('measures hazards by completed years in care, entry rates, and entrants still in at year end', () => {
    // 2 at risk in their first year (both 10-15), 1 left: too few for the band, so the all-band 1/2
    expect(p.exitHazard.map((row) => row[0])).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(p.exitHazard[3]![1]).toBe(0); // no one at risk with a year done: no exits measured
    // 2 starts aged 5 in 2020-21 per 10,000 children aged 5-9; half still in on 31 March
    expect(p.entryRatePer10k).toEqual([0, 0, 2, 0, 0]);
    expect(p.stillInCareAtYearEnd[2]).toBe(0.5);
    // P3 entered at 5 and is 6 on 31 March 2021: the band's entrants arrive at age 6, half of them
    expect(p.arrivalAgeShares[2]![6]).toBe(0.5);
    expect(p.arrivalAgeShares[2]!.reduce((s, v) => s + v, 0)).toBe(p.stillInCareAtYearEnd[2]);
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
    const old = estimateDurationFlow(careOf([period('Q', '2019-06-01', null, '2003-06-01'), ...periods]), 2021, 1, population, 1);
    expect(old.opening[17]!.reduce((s, v) => s + v, 0)).toBe(1);
    // Q (16 on 31/3/2020, stayed) adds one at risk in the first year: hazard 1/3, so P3 keeps 2/3;
    // Q is 17 on 31/3/2021 and 18 within the year: gone. 1 (P1) + 2/3 (P3) + 1 (entrants) = 2.667
    const { years } = projectDurationFlow(old, 2022, population, 1, { simulations: 0, seed: 1 });
    expect(years[0]!.cla).toBeCloseTo(1 + 2 / 3 + 1, 12);
  });

  it('seeded simulation is reproducible and its median tracks the central path on a large cohort', () => {
    // Two starts and two exits measure no variability worth the name: the noise here is Poisson and binomial only.
    const big = {
      ...p,
      opening: p.opening.map((row) => row.map((v) => v * 400)),
      entryRatePer10k: p.entryRatePer10k.map((r) => r * 400),
      dispersion: 0,
      exitDispersion: 0,
      entryDrift: 0,
      exitDrift: 0,
      estimationVariance: { entries: 0, exits: 0 },
    };
    const a = projectDurationFlow(big, 2026, population, 1, { simulations: 1000, seed: 4 });
    expect(projectDurationFlow(big, 2026, population, 1, { simulations: 1000, seed: 4 })).toEqual(a);
    for (const y of a.years) expect(Math.abs(y.median - y.cla) / y.cla).toBeLessThan(0.03);
  });
});

describe('flow with durations: variability and what is known when', () => {
  // Starts of 100, 120, 100, 120 in the years ending March 2018-2021, each period a year long.
  const spells = [100, 120, 100, 120].flatMap((n, i) =>
    Array.from({ length: n }, (_, k) => period(`Y${i}-${k}`, `${2017 + i}-06-01`, `${2018 + i}-06-01`, '2010-01-01')),
  );

  it('over-dispersion of starts as in the aggregate flow: m = 110, v = 400 / 2, alpha = 90 / 12,100', () => {
    const p = estimateDurationFlow({ periods: spells, firstYear: 2018, lastYear: 2021 }, 2021, 3, population, 1);
    expect(p.dispersion).toBeCloseTo(90 / 12_100, 12);
    // exits 0 (none seen yet in 2018), 100, 120, 100: measured the same way on ceased
    expect(p.exitDispersion).toBeGreaterThan(0);
    // alternating starts only jitter around a level: no drift
    expect(p.entryDrift).toBe(0);
  });

  it('rates are not measured before the first return (its earlier flows are incomplete)', () => {
    expect(estimateDurationFlow({ periods: spells, firstYear: 2018, lastYear: 2021 }, 2021, 3, population, 1).years).toEqual([
      2019, 2020, 2021,
    ]);
    expect(estimateDurationFlow({ periods: spells, firstYear: 2020, lastYear: 2021 }, 2021, 3, population, 1).years).toEqual([2020, 2021]);
  });

  it('drift widens the simulated intervals more the further ahead, around the same central path', () => {
    const p = estimateDurationFlow({ periods: spells, firstYear: 2018, lastYear: 2021 }, 2021, 3, population, 1);
    const known = { ...p, estimationVariance: { entries: 0, exits: 0 } };
    const steady = projectDurationFlow({ ...known, entryDrift: 0, exitDrift: 0 }, 2026, population, 1, { simulations: 2000, seed: 7 });
    const drifting = projectDurationFlow({ ...known, entryDrift: 0.15, exitDrift: 0.15 }, 2026, population, 1, {
      simulations: 2000,
      seed: 7,
    });
    const width = (y: { interval: { lower80: number; upper80: number } }) => y.interval.upper80 - y.interval.lower80;
    expect(drifting.years.map((y) => y.cla)).toEqual(steady.years.map((y) => y.cla));
    expect(width(drifting.years[0]!) / width(steady.years[0]!)).toBeLessThan(width(drifting.years[4]!) / width(steady.years[4]!));
    expect(width(drifting.years[4]!)).toBeGreaterThan(1.3 * width(steady.years[4]!));
  });
});

describe('flow with durations: uncertainty of the estimates', () => {
  // 10 entrants a year aged 5, a year in care each, 2018-2021: 30 starts over the three-year window
  const spells = [2018, 2019, 2020, 2021].flatMap((y) =>
    Array.from({ length: 10 }, (_, k) => period(`E${y}-${k}`, `${y - 1}-06-01`, `${y}-06-01`, '2012-01-01')),
  );
  const p = estimateDurationFlow({ periods: spells, firstYear: 2018, lastYear: 2021 }, 2021, 3, population, 1);

  it('the mean of n yearly counts totalling T has relative variance (n/T + alpha) / n', () => {
    // steady counts: no over-dispersion; entries 2019-2021 = 30, so (3/30 + 0) / 3
    expect(p.dispersion).toBe(0);
    expect(p.estimationVariance.entries).toBeCloseTo(3 / 30 / 3, 12);
  });

  it('widens the intervals without moving the central path', () => {
    const none = projectDurationFlow({ ...p, estimationVariance: { entries: 0, exits: 0 } }, 2024, population, 1, {
      simulations: 4000,
      seed: 3,
    });
    const measured = projectDurationFlow(p, 2024, population, 1, { simulations: 4000, seed: 3 });
    expect(measured.years.map((y) => y.cla)).toEqual(none.years.map((y) => y.cla));
    const width = (y: { interval: { lower95: number; upper95: number } }) => y.interval.upper95 - y.interval.lower95;
    expect(width(measured.years[2]!)).toBeGreaterThan(width(none.years[2]!));
  });
});

describe('flow with durations: UASC kept apart', () => {
  const uasc = (child: string, start: string, end: string | null): Period => ({ ...period(child, start, end, '2004-01-01'), uasc: true });
  const withUasc = [...periods, uasc('U1', '2019-06-01', null), uasc('U2', '2020-07-01', '2021-01-01')];
  const p = estimateDurationFlow(careOf(withUasc), 2021, 1, population, 1);
  const without = estimateDurationFlow(careOf(periods), 2021, 1, population, 1);

  it('leaves the rates, hazards and opening stock as they were without them', () => {
    expect(p.exitHazard).toEqual(without.exitHazard);
    expect(p.entryRatePer10k).toEqual(without.entryRatePer10k);
    expect(p.opening).toEqual(without.opening);
  });

  it('holds them at their average on 31 March over the window (U1 in care on 31 March 2021, U2 not)', () => {
    expect(p.uasc).toEqual({ opening: 1, held: 1, flagged: true });
    expect(without.uasc.flagged).toBe(false);
    const { years } = projectDurationFlow(p, 2022, population, 1, { simulations: 0, seed: 1 });
    expect(years[0]!.cla).toBeCloseTo(2.5 + 1, 12); // the hand-worked 2.5, plus the one held
  });
});
