import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, TOTAL_BAND } from '../../../src/model/ageBands.js';
import { ENGLAND_DRIFT, estimateFlow, levelDrift, overDispersion, type FlowParameters } from '../../../src/model/methods/flow.js';
import { projectFlow, scenarioProblems, steadyState } from '../../../src/model/methods/flowSimulation.js';
import type { AreaHistory } from '../../../src/model/types.js';

const options = { window: 3, populationLag: 1, uascExitShare: 0.5, simulations: 0, seed: 1 };

/** Totals-mode parameters: one band, no ageing. */
function totals(over: Partial<FlowParameters> = {}): FlowParameters {
  return {
    mode: 'totals',
    bands: TOTAL_BAND,
    entryRatePer10k: [100],
    exitShare: [0.5],
    residual: [0],
    residualByYear: [],
    years: [2024],
    opening: [100],
    uasc: { opening: 10, held: 10, exitShare: 0.5, separated: true },
    dispersion: 0.02,
    exitDispersion: 0.01,
    entryDrift: 0,
    exitDrift: 0,
    baseYear: 2024,
    ...over,
  };
}

/** Band-mode parameters with made-up but plausible rates. */
function banded(): FlowParameters {
  return {
    mode: 'bands',
    bands: AGE_BANDS,
    entryRatePer10k: [40, 12, 9, 18, 70],
    exitShare: [0.2, 0.4, 0.2, 0.16, 0.16],
    residual: [12, -10, -3, -8, 0],
    residualByYear: [],
    years: [2024],
    opening: [14, 39, 40, 92, 62],
    uasc: { opening: 37, held: 35, exitShare: 0.5, separated: true },
    dispersion: 0.03,
    exitDispersion: 0.02,
    entryDrift: 0,
    exitDrift: 0,
    baseYear: 2025,
  };
}
const bandPopulation = () => [4300, 17000, 20000, 21000, 6500];

describe('estimateFlow on totals, worked by hand', () => {
  // 2023: stock 300 (UASC 20) -> 2024: 310 (UASC 30), starts 150, ceased 130.
  // UASC: arrivals 30 - 0.5 x 20 = 20, exits 0.5 x 20 = 10. Non-UASC: opening 280, entries 130,
  // exits 120, closing 280. Entry rate 130 / 65,000 x 10,000 = 20.0; exit share 120 / 410 = 0.29268;
  // residual 280 - (280 + 130 - 120) = -10.
  const history: AreaHistory = {
    area: { code: '', name: 'x' },
    years: [
      { year: 2023, cla: 300, starts: 140, ceased: 135, uasc: 20 },
      { year: 2024, cla: 310, starts: 150, ceased: 130, uasc: 30 },
    ],
  };
  const p = estimateFlow(
    history,
    undefined,
    () => null,
    (m) => (m === 2023 ? 65_000 : null),
    2024,
    options,
  );
  it('takes UASC out and measures rates, shares and the residual', () => {
    expect(p.mode).toBe('totals');
    expect(p.entryRatePer10k[0]).toBeCloseTo(20, 10);
    expect(p.exitShare[0]).toBeCloseTo(120 / 410, 10);
    expect(p.residual[0]).toBeCloseTo(-10, 10);
    expect(p.opening).toEqual([280]);
    expect(p.uasc).toEqual({ opening: 30, held: 25, exitShare: 0.5, separated: true, latest: { year: 2024, count: 30 } });
  });
});

describe('suppressed UASC counts', () => {
  it('are not read as zero: UASC stay inside the flows and the model says so', () => {
    const history: AreaHistory = {
      area: { code: '', name: 'x' },
      years: [
        { year: 2023, cla: 300, starts: 140, ceased: 135, uasc: null },
        { year: 2024, cla: 310, starts: 150, ceased: 130, uasc: null },
      ],
    };
    const p = estimateFlow(
      history,
      undefined,
      () => null,
      (m) => (m === 2023 ? 65_000 : null),
      2024,
      options,
    );
    // nothing taken out: entry rate 150 / 65,000 x 10,000, exit share 130 / 450, opening 310
    expect(p.uasc).toEqual({ opening: 0, held: 0, exitShare: 0.5, separated: false });
    expect(p.entryRatePer10k[0]).toBeCloseTo((150 / 65_000) * 10_000, 10);
    expect(p.exitShare[0]).toBeCloseTo(130 / 450, 10);
    expect(p.opening).toEqual([310]);
  });
});

describe('over-dispersion', () => {
  it('alpha from the mean and half the mean squared change', () => {
    // 100, 120, 100, 120: m = 110, v = (3 x 400 / 3) / 2 = 200, alpha = (200 - 110) / 110^2
    const history: AreaHistory = {
      area: { code: '', name: 'x' },
      years: [100, 120, 100, 120].map((starts, i) => ({ year: 2020 + i, cla: 1, starts, ceased: 1, uasc: 0 })),
    };
    expect(overDispersion(history, 2023, 'starts')).toBeCloseTo(90 / 12100, 12);
    // steady counts are under-dispersed: no extra variance
    expect(overDispersion({ ...history, years: history.years.map((y) => ({ ...y, starts: 100 })) }, 2023, 'starts')).toBe(0);
  });
});

describe('lasting drift in rates', () => {
  const series = (starts: number[]): AreaHistory => ({
    area: { code: '', name: 'x' },
    years: starts.map((n, i) => ({ year: 2010 + i, cla: 1, starts: n, ceased: 1, uasc: 0 })),
  });

  it('is zero for a series that only jitters around a level', () => {
    // log changes +d, -d, +d: one-year mean square d^2, two-year 0
    expect(levelDrift(series([100, 120, 100, 120, 100, 120]), 2015, 'starts')).toBe(0);
  });

  it("flow's drift is England's pooled one, whatever one council's own counts say", () => {
    // a council whose starts quadrupled (its own drift: sqrt(3) x ln 1.2 = 0.32 a year) gets 0.14 and 0.07
    const climbing: AreaHistory = {
      area: { code: '', name: 'x' },
      years: Array.from({ length: 8 }, (_, i) => ({
        year: 2015 + i,
        cla: 300,
        starts: 100 * 1.2 ** i,
        ceased: 100 * 1.2 ** i,
        uasc: null,
      })),
    };
    expect(levelDrift(climbing, 2022, 'starts')).toBeCloseTo(Math.sqrt(3) * Math.log(1.2), 10);
    const p = estimateFlow(
      climbing,
      undefined,
      () => null,
      () => 65_000,
      2022,
      options,
    );
    expect([p.entryDrift, p.exitDrift]).toEqual([ENGLAND_DRIFT.entry, ENGLAND_DRIFT.exit]);
  });

  it('counts a steady climb as lasting change: two-year changes are twice one-year ones', () => {
    // log counts rise by g a year: MS(1) = g^2, MS(2) = 4 g^2, sigma^2 = 3 g^2
    const g = Math.log(1.1);
    const rising = Array.from({ length: 8 }, (_, i) => 100 * 1.1 ** i);
    expect(levelDrift(series(rising), 2017, 'starts')).toBeCloseTo(Math.sqrt(3) * g, 10);
  });

  it('widens the simulated intervals further ahead', () => {
    const run = (drift: number) =>
      projectFlow({ ...banded(), entryDrift: drift, exitDrift: drift }, 2030, bandPopulation, 1, { simulations: 2000, seed: 1 }).years.at(
        -1,
      )!.interval;
    const width = (i: { lower80: number; upper80: number }) => i.upper80 - i.lower80;
    expect(width(run(0.1))).toBeGreaterThan(1.5 * width(run(0)));
  });
});

describe('the stock-flow identity', () => {
  it('closing = opening + entries - exits + ageing in - ageing out + residual, every year and band', () => {
    const { detail } = projectFlow(banded(), 2035, bandPopulation, 1, { simulations: 0, seed: 1 });
    expect(detail).toHaveLength(10 * 6);
    for (const d of detail) {
      expect(d.closing).toBeCloseTo(d.opening + d.entries - d.exits + d.ageingIn - d.ageingOut + d.residual, 9);
      expect(d.closing).toBeGreaterThanOrEqual(0);
    }
  });

  it('ageing conserves children: what leaves a band arrives in the next, and only 17-year-olds leave at 18', () => {
    const { detail } = projectFlow(banded(), 2030, bandPopulation, 1, { simulations: 0, seed: 1 });
    for (let year = 2026; year <= 2030; year++) {
      const bands = detail.filter((d) => d.year === year && d.band !== 'uasc');
      for (let b = 1; b < bands.length; b++) expect(bands[b]!.ageingIn).toBeCloseTo(bands[b - 1]!.ageingOut, 12);
      expect(bands[0]!.ageingIn).toBe(0);
      const next = detail.filter((d) => d.year === year + 1 && d.band !== 'uasc');
      bands.forEach((d, b) => {
        if (next[b]) expect(next[b]!.opening).toBe(d.closing);
      });
    }
  });

  it('an equilibrium stays at equilibrium', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 2000 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (stock, share, residual) => {
          // stock = (1 - s)(stock + E) + R  =>  E = (s x stock - R) / (1 - s), with population 10,000
          const entries = (share * stock - residual) / (1 - share);
          fc.pre(entries > 0);
          const p = totals({ opening: [stock], exitShare: [share], residual: [residual], entryRatePer10k: [entries] });
          const { years } = projectFlow(p, 2034, () => [10_000], 1, { simulations: 0, seed: 1 });
          for (const y of years) expect(y.cla).toBeCloseTo(stock + 10, 6);
          expect(steadyState(p, [10_000])).toBeCloseTo(stock + 10, 6);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('scenarios move the projection the expected way', () => {
  const base = () => projectFlow(banded(), 2030, bandPopulation, 1, { simulations: 0, seed: 1 }).years.at(-1)!.cla;
  const withScenario = (scenario: Parameters<typeof projectFlow>[4]['scenario']) =>
    projectFlow(banded(), 2030, bandPopulation, 1, { simulations: 0, seed: 1, scenario }).years.at(-1)!.cla;

  it('entry rate x 0.9 from 2027 lowers it; x 1.1 raises it', () => {
    expect(withScenario({ name: 'fewer', entryRate: [{ factor: 0.9, fromYear: 2027 }] })).toBeLessThan(base());
    expect(withScenario({ name: 'more', entryRate: [{ factor: 1.1 }] })).toBeGreaterThan(base());
  });

  it('exit share + 0.02 lowers it; only in the bands named', () => {
    const all = withScenario({ name: 'exits', exitShare: [{ add: 0.02 }] });
    const one = withScenario({ name: 'exits', exitShare: [{ add: 0.02, bands: ['10to15'] }] });
    expect(all).toBeLessThan(one);
    expect(one).toBeLessThan(base());
  });

  it('UASC arrivals above the held level raise it by the cohort difference', () => {
    // held 35; 40 arrivals a year with half leaving each year: 37 -> 58.5 -> 69.25 -> ... -> 78.8 by 2030
    const higher = withScenario({ name: 'uasc', uascArrivals: 40 });
    let u = 37;
    for (let y = 2026; y <= 2030; y++) u = u * 0.5 + 40;
    expect(higher - base()).toBeCloseTo(u - 35, 9);
  });
});

describe('simulated intervals', () => {
  const run = (seed: number, simulations = 2000) => projectFlow(banded(), 2035, bandPopulation, 1, { simulations, seed }).years;

  it('a seed reproduces every number; another seed differs', () => {
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it('the median tracks the deterministic path, and the intervals nest around it', () => {
    for (const y of run(3)) {
      expect(Math.abs(y.median - y.cla) / y.cla).toBeLessThan(0.03);
      expect(y.interval.lower95).toBeLessThanOrEqual(y.interval.lower80);
      expect(y.interval.lower80).toBeLessThan(y.median);
      expect(y.median).toBeLessThan(y.interval.upper80);
      expect(y.interval.upper80).toBeLessThanOrEqual(y.interval.upper95);
    }
  });

  it('over-dispersion widens the intervals beyond Poisson and binomial chance', () => {
    const wide = projectFlow({ ...banded(), dispersion: 0.05 }, 2027, bandPopulation, 1, { simulations: 2000, seed: 1 }).years[1]!;
    const narrow = projectFlow({ ...banded(), dispersion: 0, exitDispersion: 0 }, 2027, bandPopulation, 1, { simulations: 2000, seed: 1 })
      .years[1]!;
    expect(wide.interval.upper80 - wide.interval.lower80).toBeGreaterThan(1.3 * (narrow.interval.upper80 - narrow.interval.lower80));
  });
});

describe('scenarios where UASC are inside the flows (their count suppressed in a year the model needs)', () => {
  // Cornwall 2022 (data/england/cla-history-2010-2022.csv): UASC "-" in 2021, 13 in 2022, so not kept
  // apart; the baseline implies 0.5 x 13 = 6.5 arrivals a year, and a rule adds the difference.
  const p = totals({ uasc: { opening: 0, held: 0, exitShare: 0.5, separated: false, latest: { year: 2024, count: 13 } } });
  const at2030 = (scenario?: Parameters<typeof projectFlow>[4]['scenario']) =>
    projectFlow(p, 2030, () => [10_000], 1, { simulations: 0, seed: 1, scenario }).years.map((y) => y.cla);

  it('doubling the arrivals from 2027 adds a cohort of 6.5 a year, half leaving each year', () => {
    const base = at2030();
    const doubled = at2030({ name: 'doubled', uascArrivals: { factor: 2, fromYear: 2027 } });
    // extra: 2025-2026 none; 2027 6.5; 2028 6.5 x 0.5 + 6.5 = 9.75; 2029 11.375; 2030 12.1875
    expect(doubled.map((v, i) => v - base[i]!)).toEqual([0, 0, 6.5, 9.75, 11.375, 12.1875].map((v) => expect.closeTo(v, 9)));
  });

  it('50 arrivals a year add 50 - 6.5 = 43.5 a year on top of those inside the flows', () => {
    const base = at2030();
    const fifty = at2030({ name: 'fifty', uascArrivals: 50 });
    let extra = 0;
    const expected = base.map(() => (extra = extra * 0.5 + 43.5));
    expect(fifty.map((v, i) => v - base[i]!)).toEqual(expected.map((v) => expect.closeTo(v, 9)));
  });

  it('is refused, saying why, only where no UASC count is published in the years the model averages', () => {
    expect(scenarioProblems({ name: 'x', uascArrivals: 50 }, p, 2025, 2030)).toEqual([]);
    const none = totals({ uasc: { opening: 0, held: 0, exitShare: 0.5, separated: false } });
    expect(scenarioProblems({ name: 'x', uascArrivals: 50 }, none, 2025, 2030)).toEqual([
      expect.objectContaining({
        field: 'uascArrivals',
        reason:
          "this area's UASC count is suppressed or missing in the years the flow model averages (to 2024), so the UASC arrivals of the baseline are unknown and a change to them cannot be measured",
      }),
    ]);
  });
});

describe('an entry rule naming age bands, on all children 0-17', () => {
  // starts by band: 10-15s 30% and 16-17s 20% of the starts, so x 0.9 on them is x (1 + 0.5 x -0.1) = 0.95 on all
  const shares = { under1: 0.1, '1to4': 0.2, '5to9': 0.2, '10to15': 0.3, '16to17': 0.2 };
  const p = totals({ startShares: shares });
  const run = (scenario: Parameters<typeof projectFlow>[4]['scenario']) =>
    projectFlow(p, 2030, () => [10_000], 1, { simulations: 0, seed: 1, scenario }).years.map((y) => y.cla);

  it('acts on those bands share of the starts', () => {
    const banded = run({ name: 'b', entryRate: [{ factor: 0.9, fromYear: 2027, bands: ['10to15', '16to17'] }] });
    const whole = run({ name: 'w', entryRate: [{ factor: 0.95, fromYear: 2027 }] });
    expect(banded).toEqual(whole.map((v) => expect.closeTo(v, 9)));
    expect(scenarioProblems({ name: 'b', entryRate: [{ factor: 0.9, bands: ['10to15'] }] }, p, 2025, 2030)).toEqual([]);
  });

  it('without starts by band it is refused, naming what flow by age band lacks', () => {
    const lacking = totals({
      bandsLacking: 'flow by age band needs ...; lacking here: children looked after on 31 March by age band for 2021-2024',
    });
    const [problem] = scenarioProblems({ name: 'b', entryRate: [{ factor: 0.9, bands: ['10to15'] }] }, lacking, 2025, 2030);
    expect(problem!.reason).toBe(
      'it names age bands (10to15) but the flow model runs on all children 0-17 here: flow by age band needs ...; lacking here: children looked after on 31 March by age band for 2021-2024',
    );
    // an exit rule naming bands needs the children in care by band, which start shares do not give
    const [exit] = scenarioProblems({ name: 'e', exitShare: [{ add: 0.02, bands: ['10to15'] }] }, p, 2025, 2030);
    expect(exit!.reason).toMatch(/^it names age bands \(10to15\) but this area has no counts by age band/);
  });
});

describe('what flow by age band lacks, named', () => {
  // starts by band for 2023-2024 (no stock by band), population 0-17 only
  const byAge = [2023, 2024].map((year) => ({
    year,
    stock: [null, null, null, null, null],
    starts: [10, 20, 20, 30, 20],
    ceased: [null, null, null, null, null],
    ceasedAt18: null,
  }));
  const history: AreaHistory = {
    area: { code: '', name: 'x' },
    years: [
      { year: 2022, cla: 300, starts: 140, ceased: 135, uasc: null },
      { year: 2023, cla: 300, starts: 100, ceased: 100, uasc: null },
      { year: 2024, cla: 310, starts: 100, ceased: 90, uasc: null },
    ],
  };
  const p = estimateFlow(
    history,
    byAge,
    () => null,
    () => 65_000,
    2024,
    options,
  );

  it('says which counts and years, and the population by single year of age', () => {
    expect(p.mode).toBe('totals');
    expect(p.bandsLacking).toBe(
      'flow by age band needs, for at least one year to 2024 (ideally each of 2022-2024), children looked after on 31 March by age band that year and the year before, ' +
        'children starting by age band and a population by single year of age; lacking here: children looked after on 31 March by age band for 2021-2024; ' +
        "children starting by age band in 2022; a population by single year of age (0-17 totals give no age bands: ONS's subnational projection or the GLA's gives them)",
    );
  });

  it("keeps each band's share of the starts of the window's years: 200 starts, 20 + 20 = 40 of them 1-4 (20%)", () => {
    expect(p.startShares).toEqual({ under1: 0.1, '1to4': 0.2, '5to9': 0.2, '10to15': 0.3, '16to17': 0.2 });
  });
});
