import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { placementScenarioOf } from '../../../src/app/placementScenarios.js';
import { parseScenario } from '../../../src/io/scenario.js';
import { CODE_CATEGORIES } from '../../../src/model/episodes/placementTypes.js';
import { estimateDurationFlow } from '../../../src/model/methods/durationFlow.js';
import { estimatePlacementTransitions } from '../../../src/model/methods/placementTransitions.js';
import { projectPlacementTransitions } from '../../../src/model/methods/placementTransitionsSimulation.js';
import { careOf, population } from '../../helpers/care.js';

const type = (name: (typeof CODE_CATEGORIES)[number]) => CODE_CATEGORIES.indexOf(name);
const [OWN, IFA, HOMES, SUPPORTED] = [
  type('fostering_inhouse'),
  type('fostering_agency'),
  type('childrens_home_external'),
  type('supported'),
];

// A council worked by hand (fixtures/README.md, "Placement scenarios"): the year ending 31 March
// 2021 measured, every band's population 10,000.
// - G, H, I, J (born 1/1/2008, 12 on 31/3/2020) in an external children's home: G and H stay, I
//   moves to an agency foster carer, J leaves. Homes, 10-15: stay 1/2, agency 1/4, left 1/4.
// - O, P (born 1/6/2003, 16) and Q (born 1/1/2005, 15) with agency carers: O moves to supported
//   accommodation, P and Q stay. Agency fostering (3 at risk, every band's): stay 2/3, supported 1/3.
// - K, L, M enter at 16 (born 1/1/2004): K to supported accommodation, L to an agency carer, both in
//   care at 17 on 31/3/2021; M leaves within the year. 3 entrants a year, 2 still in: 1 supported, 1 agency.
// Opening 31/3/2021: G, H (13, homes), I (13, agency), Q (16, agency); the 17-year-olds leave at 18.
// Baseline 2022: homes 1 (G, H x 1/2); agency 0.5 (G, H) + 2/3 (I) + 2/3 (Q) + 1 (entrant) = 2.8333;
// supported 1/3 (I) + 1/3 (Q) + 1 (entrant) = 1.6667; total 5.5.
const care = careOf([
  { child: 'G', dob: '2008-01-01', end: null, episodes: [['2019-06-01', HOMES, 2]] },
  { child: 'H', dob: '2008-01-01', end: null, episodes: [['2019-06-01', HOMES, 2]] },
  {
    child: 'I',
    dob: '2008-01-01',
    end: null,
    episodes: [
      ['2019-06-01', HOMES, 2],
      ['2020-09-01', IFA, 2],
    ],
  },
  { child: 'J', dob: '2008-01-01', end: '2020-12-01', episodes: [['2019-06-01', HOMES, 2]] },
  {
    child: 'O',
    dob: '2003-06-01',
    end: null,
    episodes: [
      ['2019-06-01', IFA, 2],
      ['2020-10-01', SUPPORTED, 2],
    ],
  },
  { child: 'P', dob: '2003-06-01', end: null, episodes: [['2019-06-01', IFA, 2]] },
  { child: 'Q', dob: '2005-01-01', end: null, episodes: [['2019-06-01', IFA, 2]] },
  { child: 'K', dob: '2004-01-01', end: null, episodes: [['2020-05-01', SUPPORTED, 2]] },
  { child: 'L', dob: '2004-01-01', end: null, episodes: [['2020-06-01', IFA, 2]] },
  { child: 'M', dob: '2004-01-01', end: '2020-10-01', episodes: [['2020-07-01', IFA, 2]] },
]);
const p = estimatePlacementTransitions(care, estimateDurationFlow(care, 2021, 1, population, 1));
const example = (file: string) => placementScenarioOf(parseScenario(readFileSync(`examples/${file}`, 'utf8'), file));
const year2022 = (file?: string) =>
  projectPlacementTransitions(p, 2022, population, 1, { simulations: 0, seed: 1, scenario: file ? example(file) : undefined }).years[0]!;
const children = (y: ReturnType<typeof year2022>, t: number) => y.byType[t]!.cla;

describe('the examples/ placement scenarios, one year worked by hand', () => {
  it('the baseline of the hand-worked council', () => {
    const y = year2022();
    expect(children(y, HOMES)).toBeCloseTo(1, 12);
    expect(children(y, IFA)).toBeCloseTo(0.5 + 2 / 3 + 2 / 3 + 1, 12);
    expect(children(y, SUPPORTED)).toBeCloseTo(1 / 3 + 1 / 3 + 1, 12);
    expect(y.total.cla).toBeCloseTo(5.5, 12);
  });

  it("step-down-homes.yaml: +0.2 from children's homes to own carers for 10-15s, the rest of the row x 0.8", () => {
    // homes row: own carers 0 + 0.2; stay 1/2, agency 1/4, left 1/4 each x 0.8 = 0.4, 0.2, 0.2.
    // G and H: homes 0.8, own carers 0.4, agency 0.4, left 0.4 (0.5 before).
    const y = year2022('step-down-homes.yaml');
    expect(children(y, HOMES)).toBeCloseTo(0.8, 12);
    expect(children(y, OWN)).toBeCloseTo(0.4, 12);
    expect(children(y, IFA)).toBeCloseTo(0.4 + 2 / 3 + 2 / 3 + 1, 12);
    expect(children(y, SUPPORTED)).toBeCloseTo(1 / 3 + 1 / 3 + 1, 12);
    expect(y.total.cla).toBeCloseTo(5.6, 12); // 0.1 fewer leave from the homes
  });

  it('in-house-carers.yaml: agency entries and moves x 0.6667, the rest to own carers', () => {
    // entrants: 2 in care, agency share 1/2 -> 0.5 x 0.6667; own carers take 0.5 x 0.3333.
    // G and H: agency 1/4 -> 1/4 x 0.6667 each, own carers 1/4 x 0.3333 each. I and Q stay with
    // agencies at 2/3 (the agency row is not a move *to* an agency). The total is the baseline's.
    const y = year2022('in-house-carers.yaml');
    expect(children(y, IFA)).toBeCloseTo(2 * 0.25 * 0.6667 + 4 / 3 + 2 * 0.5 * 0.6667, 12);
    expect(children(y, OWN)).toBeCloseTo(2 * 0.25 * 0.3333 + 2 * 0.5 * 0.3333, 12);
    expect(children(y, HOMES)).toBeCloseTo(1, 12);
    expect(y.total.cla).toBeCloseTo(5.5, 12);
  });

  it("more-supported-16-17.yaml: 16-year-olds' moves and 16-17 entrants into supported accommodation x 1.25", () => {
    // Q (16, agency): supported 1/3 x 1.25 = 5/12, agency 7/12. Entrants: supported 1/2 x 1.25 =
    // 5/8, agency 3/8, of 2. I (13) is in the 10-15 band: unchanged. Supported: 1/3 + 5/12 + 5/4 = 2.
    const y = year2022('more-supported-16-17.yaml');
    expect(children(y, SUPPORTED)).toBeCloseTo(2, 12);
    expect(children(y, IFA)).toBeCloseTo(0.5 + 2 / 3 + 7 / 12 + 0.75, 12);
    expect(y.total.cla).toBeCloseTo(5.5, 12);
  });
});
