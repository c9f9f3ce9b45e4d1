import { describe, expect, it } from 'vitest';
import { estimateDurationFlow } from '../../../src/model/methods/durationFlow.js';
import { LEFT, estimatePlacementTransitions, inHouseShare } from '../../../src/model/methods/placementTransitions.js';
import { projectPlacementTransitions } from '../../../src/model/methods/placementTransitionsSimulation.js';
import { HOME, IFA, OWN, care, population } from '../../helpers/care.js';

const flow = estimateDurationFlow(care, 2021, 1, population, 1);
const p = estimatePlacementTransitions(care, flow);
const TEEN = 3;
const PRIMARY = 2;

describe('placement transitions, worked by hand', () => {
  it('counts moves from one 31 March to the next by band and type, borrowing all bands when fewer than 10 were at risk', () => {
    // A stays in own fostering, B moves to supported accommodation, C leaves: 3 at risk in own fostering
    const own = p.rows[TEEN]![OWN]!;
    expect(own.atRisk).toBe(3);
    expect(own.from).toBe('all-bands');
    expect(own.rates[OWN]).toBeCloseTo(1 / 3, 12);
    expect(own.rates[HOME]).toBeCloseTo(1 / 3, 12);
    expect(own.rates[LEFT]).toBeCloseTo(1 / 3, 12);
    expect(p.rows[TEEN]![HOME]!.rates[HOME]).toBe(1); // D stayed
  });

  it('a type nobody was seen in keeps its children, who leave at the overall rate (1 of 4 at risk)', () => {
    const ifa = p.rows[PRIMARY]![IFA]!;
    expect(ifa.from).toBe('none');
    expect(ifa.rates[IFA]).toBeCloseTo(0.75, 12);
    expect(ifa.rates[LEFT]).toBeCloseTo(0.25, 12);
  });

  it('rates out of every type sum to 1 (stay, move or leave)', () => {
    for (const band of p.rows) for (const row of band) expect(row.rates.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('entrants: 2 aged 5 in 2020-21, one still in on 31 March at 6 in agency fostering', () => {
    expect(p.entrants.entered[PRIMARY]).toBe(2);
    expect(p.entrants.byAgeType[PRIMARY]![6]![IFA]).toBe(1);
    // the same entrants as the flow with durations counts: in care at year end = its still-in share
    expect(p.entrants.byAgeType[PRIMARY]!.flat().reduce((s, v) => s + v, 0) / p.entrants.entered[PRIMARY]!).toBe(
      flow.stillInCareAtYearEnd[PRIMARY],
    );
  });

  it('opening stock by age and type; provision of each type (supported accommodation: D own, B external)', () => {
    expect(p.opening[13]![OWN]).toBe(1);
    expect(p.opening[13]![HOME]).toBe(2);
    expect(p.opening[6]![IFA]).toBe(1);
    expect(inHouseShare(p, HOME)).toBe(0.5);
    expect(inHouseShare(p, OWN)).toBe(1);
  });

  it('projects 2022: A spreads a third each way, B and D stay, E stays 3/4, 2 entrants x 1/2', () => {
    const { years } = projectPlacementTransitions(p, 2022, population, 1, { simulations: 0, seed: 1 });
    const byType = years[0]!.byType.map((t) => t.cla);
    expect(byType[OWN]).toBeCloseTo(1 / 3, 12);
    expect(byType[HOME]).toBeCloseTo(1 / 3 + 2, 12);
    expect(byType[IFA]).toBeCloseTo(0.75 + 1, 12);
    expect(years[0]!.total.cla).toBeCloseTo(1 / 3 + 7 / 3 + 1.75, 12);
  });

  it('seeded simulation: byte-identical for a seed, totals the sum of the types on every path, median near the central path on a large cohort', () => {
    const big = {
      ...p,
      opening: p.opening.map((row) => row.map((v) => v * 300)),
      flow: {
        ...flow,
        entryRatePer10k: flow.entryRatePer10k.map((r) => r * 300),
        dispersion: 0,
        exitDispersion: 0,
        entryDrift: 0,
        exitDrift: 0,
        estimationVariance: { entries: 0, exits: 0 },
      },
    };
    const a = projectPlacementTransitions(big, 2025, population, 1, { simulations: 500, seed: 7 });
    expect(projectPlacementTransitions(big, 2025, population, 1, { simulations: 500, seed: 7 })).toEqual(a);
    for (const y of a.years) {
      expect(Math.abs(y.total.median - y.total.cla) / y.total.cla).toBeLessThan(0.05);
      expect(y.total.interval.lower95).toBeLessThanOrEqual(y.total.interval.lower80);
      expect(y.total.interval.upper80).toBeLessThanOrEqual(y.total.interval.upper95);
      expect(y.byType.reduce((s, t) => s + t.cla, 0)).toBeCloseTo(y.total.cla, 9);
    }
  });
});
