import { describe, expect, it } from 'vitest';
import { estimateDurationFlow } from '../../../src/model/methods/durationFlow.js';
import { adjustRow, bandIndices, statesOf, type PlacementScenario } from '../../../src/model/methods/placementScenario.js';
import { LEFT, estimatePlacementTransitions } from '../../../src/model/methods/placementTransitions.js';
import { projectPlacementTransitions } from '../../../src/model/methods/placementTransitionsSimulation.js';
import { HOME, IFA, OWN, care, population } from '../../helpers/care.js';

const sum = (row: readonly number[]) => row.reduce((s, v) => s + v, 0);

describe('a row of rates changed and renormalised', () => {
  it('adds to one rate and scales the others by what is left (worked by hand in the opening comment)', () => {
    // stay 0.6, in-house fostering 0.05, supported 0.15, left 0.2; +0.2 to in-house fostering:
    // 0.25, and the others (0.95) scaled to 0.75: 0.6 x 0.75/0.95 = 0.47368, 0.15 x ... = 0.11842, 0.2 x ... = 0.15789
    const row = adjustRow([0.6, 0.05, 0.15, 0.2], [1], { add: 0.2 });
    expect(row[0]).toBeCloseTo(0.473684, 6);
    expect(row[1]).toBeCloseTo(0.25, 12);
    expect(row[2]).toBeCloseTo(0.118421, 6);
    expect(row[3]).toBeCloseTo(0.157895, 6);
  });

  it('a factor below 1 spreads what the rate loses over the others in proportion', () => {
    // 0.3 x 2/3 = 0.2; the others 0.7 -> 0.8: 0.5 x 8/7, 0.2 x 8/7
    const row = adjustRow([0.3, 0.5, 0.2], [0], { factor: 2 / 3 });
    expect(row).toEqual([expect.closeTo(0.2, 12), expect.closeTo(4 / 7, 12), expect.closeTo(1.6 / 7, 12)]);
  });

  it('with instead, what the rate loses goes to that one outcome; what it gains is taken from it first', () => {
    const lost = adjustRow([0.3, 0.5, 0.2], [0], { factor: 2 / 3 }, 2);
    expect(lost).toEqual([expect.closeTo(0.2, 12), 0.5, expect.closeTo(0.3, 12)]);
    // +0.3 to the first: 0.2 comes from the second (instead) until it is empty, the other 0.1 from the third (0.5 -> 0.4)
    const gained = adjustRow([0.3, 0.2, 0.5], [0], { add: 0.3 }, 1);
    expect(gained).toEqual([expect.closeTo(0.6, 12), 0, expect.closeTo(0.4, 12)]);
  });

  it('never lets a row exceed 1: rates past 1 are scaled to sum to 1 and the others are 0', () => {
    expect(adjustRow([0.4, 0.4, 0.2], [0, 1], { factor: 2 })).toEqual([0.5, 0.5, 0]);
    expect(adjustRow([0.9, 0.1], [0], { add: 0.5 })).toEqual([1, 0]);
    expect(adjustRow([0.9, 0.1], [0], { add: -2 })).toEqual([0, 1]);
  });

  it('an add over a group is shared in proportion to its rates, equally when they are all 0', () => {
    const row = adjustRow([0.1, 0.3, 0.6], [0, 1], { add: 0.2 });
    expect(row[0]).toBeCloseTo(0.15, 12);
    expect(row[1]).toBeCloseTo(0.45, 12);
    expect(row[2]).toBeCloseTo(0.4, 12);
    expect(adjustRow([0, 0, 1], [0, 1], { add: 0.2 })).toEqual([0.1, 0.1, expect.closeTo(0.8, 12)]);
  });

  it('rows always sum to 1 and stay within 0..1, whatever the change', () => {
    const rows = [
      [0.25, 0.25, 0.25, 0.25],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0.7, 0.1, 0.1, 0.1],
    ];
    const changes = [{ factor: 0 }, { factor: 0.5 }, { factor: 3 }, { add: -0.5 }, { add: 0.05 }, { add: 0.9 }];
    for (const row of rows)
      for (const change of changes)
        for (const targets of [[0], [3], [1, 2]])
          for (const instead of [undefined, 0, 3]) {
            const out = adjustRow(row, targets, change, instead);
            expect(sum(out)).toBeCloseTo(1, 12);
            for (const v of out) expect(v).toBeGreaterThanOrEqual(0);
          }
  });

  it("groups name their parts, `left` the exit, and 16to17 is the returns' 16plus", () => {
    expect(statesOf('fostering')).toEqual([0, 1, 2]);
    expect(statesOf('childrens_home')).toEqual([3, 4]);
    expect(statesOf('left')).toEqual([LEFT]);
    expect(statesOf('supported_inhouse')).toEqual([]);
    expect(bandIndices(['16to17', '10to15'])).toEqual([3, 4]);
    expect(bandIndices(['0to17'])).toEqual([0, 1, 2, 3, 4]);
  });
});

// The hand-worked council of test/model/methods/placementTransitions.test.ts (fixtures/README.md,
// "Placement transitions"): its 2022 baseline is own fostering 1/3, supported 1/3 + 2, agency 1.75.
const flow = estimateDurationFlow(care, 2021, 1, population, 1);
const p = estimatePlacementTransitions(care, flow);
const year2022 = (scenario?: PlacementScenario) =>
  projectPlacementTransitions(p, 2022, population, 1, { simulations: 0, seed: 1, scenario }).years[0]!;

describe('one projected year under each kind of rule, worked by hand', () => {
  it('a move: +0.2 from own fostering to supported for 10-15s', () => {
    // A (13, own fostering) had stay 1/3, supported 1/3, left 1/3: supported 1/3 + 0.2 = 0.5333,
    // stay and left (2/3) scaled to 0.4667 (x 0.7): 0.2333 each. B and D stay in supported; E and the entrants as before.
    const y = year2022({ name: 's', moves: [{ bands: ['10to15'], from: ['fostering_inhouse'], to: ['supported'], change: { add: 0.2 } }] });
    expect(y.byType[OWN]!.cla).toBeCloseTo(0.7 / 3, 12);
    expect(y.byType[HOME]!.cla).toBeCloseTo(1 / 3 + 0.2 + 2, 12);
    expect(y.byType[IFA]!.cla).toBeCloseTo(1.75, 12);
    expect(y.total.cla).toBeCloseTo(0.7 / 3 + 1 / 3 + 0.2 + 2 + 1.75, 12);
  });

  it('an exit: exit_share +0.1 for 10-15s is +0.1 to leaving from every type', () => {
    // A: left 1/3 + 0.1, stay 1/3 x (1 - 0.4333)/(2/3) = 0.2833, supported 0.2833; B, D (supported,
    // stay 1): stay 0.9 each. Supported 0.2833 + 1.8; own fostering 0.2833.
    const y = year2022({ name: 's', exitShare: [{ add: 0.1, bands: ['10to15'] }] });
    expect(y.byType[OWN]!.cla).toBeCloseTo(0.85 / 3, 12);
    expect(y.byType[HOME]!.cla).toBeCloseTo(0.85 / 3 + 1.8, 12);
    expect(y.byType[IFA]!.cla).toBeCloseTo(1.75, 12);
  });

  it('an entry: agency placements of 5-9 entrants halved, instead to own foster carers; and twice the entrants', () => {
    // 2 entrants a year x 1/2 in care on 31 March = 1, all with agencies: 0.5 stay with agencies, 0.5 go to own carers
    const y = year2022({
      name: 's',
      entries: [{ bands: ['5to9'], to: ['fostering_agency'], change: { factor: 0.5 }, instead: 'fostering_inhouse' }],
    });
    expect(y.byType[IFA]!.cla).toBeCloseTo(0.75 + 0.5, 12);
    expect(y.byType[OWN]!.cla).toBeCloseTo(1 / 3 + 0.5, 12);
    expect(y.total.cla).toBeCloseTo(1 / 3 + 7 / 3 + 1.75, 12); // the total is the baseline's
    // entry_rate x 2 for 5-9s: 4 entrants x 1/2 = 2 with agencies
    const doubled = year2022({ name: 's', entryRate: [{ factor: 2, bands: ['5to9'] }] });
    expect(doubled.byType[IFA]!.cla).toBeCloseTo(0.75 + 2, 12);
  });

  it('from a year: a rule starting in 2023 leaves 2022 as the baseline', () => {
    const rule = {
      bands: ['10to15'],
      from: ['fostering_inhouse' as const],
      to: ['supported' as const],
      change: { add: 0.2 },
      fromYear: 2023,
    };
    expect(year2022({ name: 's', moves: [rule] })).toEqual(year2022());
    const two = projectPlacementTransitions(p, 2023, population, 1, { simulations: 0, seed: 1, scenario: { name: 's', moves: [rule] } });
    const base = projectPlacementTransitions(p, 2023, population, 1, { simulations: 0, seed: 1 });
    expect(two.years[1]!.byType[HOME]!.cla).toBeGreaterThan(base.years[1]!.byType[HOME]!.cla);
  });

  it('simulated paths carry the scenario too: seeded, byte-identical, the central path inside its range', () => {
    const scenario: PlacementScenario = { name: 's', moves: [{ to: ['fostering'], from: ['supported'], change: { add: 0.3 } }] };
    const run = () => projectPlacementTransitions(p, 2024, population, 1, { simulations: 300, seed: 3, scenario });
    expect(run()).toEqual(run());
    for (const y of run().years) {
      expect(y.byType.reduce((s, t) => s + t.cla, 0)).toBeCloseTo(y.total.cla, 9);
      expect(y.total.interval.lower80).toBeLessThanOrEqual(y.total.cla + 1e-9);
    }
  });
});
