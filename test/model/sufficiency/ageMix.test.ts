import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InsufficientDataError } from '../../../src/errors.js';
import type { FlowDetail } from '../../../src/model/methods/flow.js';
import {
  demandByBandMix,
  flowAgeStructure,
  heldAgeStructure,
  mixByBand,
  PLACEMENT_BANDS,
  type PlacementBand,
} from '../../../src/model/sufficiency/ageMix.js';
import { mixFromHistory, type PlacementCount } from '../../../src/model/sufficiency/placements.js';

// Constructed counts, worked by hand in fixtures/README.md ("Mix by age band"):
//   2023: 10to15 foster 20, residential 20; 16plus foster 10, supported 10
//   2024: 10to15 foster 30, residential 10; 16plus foster 10, supported 30
const counts: PlacementCount[] = [
  { year: 2023, placementType: 'fostering', count: 30, byBand: { '10to15': 20, '16plus': 10 } },
  { year: 2023, placementType: 'residential', count: 20, byBand: { '10to15': 20 } },
  { year: 2023, placementType: 'supported', count: 10, byBand: { '16plus': 10 } },
  { year: 2024, placementType: 'fostering', count: 40, byBand: { '10to15': 30, '16plus': 10 } },
  { year: 2024, placementType: 'residential', count: 10, byBand: { '10to15': 10 } },
  { year: 2024, placementType: 'supported', count: 30, byBand: { '16plus': 30 } },
];

/** Flow detail rows with only the closing stock set (what the age structure reads). */
const closing = (year: number, byBand: Record<string, number>): FlowDetail[] =>
  Object.entries(byBand).map(([band, c]) => ({
    year,
    band,
    opening: 0,
    entries: 0,
    exits: 0,
    ageingIn: 0,
    ageingOut: 0,
    residual: 0,
    closing: c,
  }));

describe('mix by age band', () => {
  it("averages each band's shares over the window: 10to15 foster (20/40 + 30/40) / 2 = 0.625", () => {
    const mix = mixByBand(counts, 2);
    expect(mix.years).toEqual([2023, 2024]);
    expect(mix.types).toEqual(['fostering', 'residential', 'supported']);
    expect(mix.byBand.get('10to15')!.get('fostering')).toBeCloseTo(0.625, 12);
    expect(mix.byBand.get('10to15')!.get('residential')).toBeCloseTo(0.375, 12);
    expect(mix.byBand.get('10to15')!.get('supported')).toBe(0);
    // 16plus supported (10/20 + 30/40) / 2 = 0.625
    expect(mix.byBand.get('16plus')!.get('supported')).toBeCloseTo(0.625, 12);
    expect(mix.byBand.get('16plus')!.get('fostering')).toBeCloseTo(0.375, 12);
  });

  it('uses only the last window years', () => {
    const mix = mixByBand(counts, 1);
    expect(mix.byBand.get('10to15')!.get('fostering')).toBeCloseTo(0.75, 12);
    expect(mix.byBand.get('16plus')!.get('supported')).toBeCloseTo(0.75, 12);
  });

  it('a band without children in some year of the window is averaged over the years it has them', () => {
    const without2023 = counts.map((c) =>
      c.year === 2023 && c.byBand?.['16plus'] ? { ...c, count: c.count - c.byBand['16plus'], byBand: { ...c.byBand, '16plus': 0 } } : c,
    );
    expect(mixByBand(without2023, 2).byBand.get('16plus')!.get('supported')).toBeCloseTo(0.75, 12);
  });

  it('a band without children in the window is listed and takes the all-ages mix', () => {
    const mix = mixByBand(counts, 2);
    expect(mix.missing).toEqual(['under1', '1to4', '5to9']);
    expect(mix.byBand.has('under1')).toBe(false);
    // all ages: residential (20/60 + 10/80) / 2 = 0.229167
    expect(mix.allAges.get('residential')).toBeCloseTo((20 / 60 + 10 / 80) / 2, 12);
  });

  it('throws without placement counts', () => {
    expect(() => mixByBand([], 3)).toThrow(InsufficientDataError);
  });
});

describe('age structure', () => {
  it("held: the latest placement year's shares by band, for every year asked", () => {
    const held = heldAgeStructure(counts, [2025, 2026]);
    expect(held.source).toBe('held');
    expect(held.heldYear).toBe(2024);
    // 2024: 10to15 40 of 80, 16plus 40 of 80
    expect(held.byYear.get(2026)!.get('10to15')).toBeCloseTo(0.5, 12);
    expect(held.byYear.get(2026)!.get('16plus')).toBeCloseTo(0.5, 12);
    expect(held.byYear.get(2026)!.get('under1')).toBe(0);
  });

  it('held: throws when the latest year has no counts by band', () => {
    expect(() => heldAgeStructure([{ year: 2024, placementType: 'fostering', count: 5 }], [2025])).toThrow(
      /age structure requires children by age band/,
    );
  });

  it('from flow: closing stock by band, 16to17 and UASC counted as 16plus', () => {
    const flow = flowAgeStructure([
      ...closing(2025, { under1: 0, '10to15': 60, '16to17': 30, uasc: 10 }),
      ...closing(2026, { '10to15': 40, '16to17': 50, uasc: 10 }),
    ]);
    expect(flow.source).toBe('flow');
    expect(flow.byYear.get(2025)!.get('10to15')).toBeCloseTo(0.6, 12);
    expect(flow.byYear.get(2025)!.get('16plus')).toBeCloseTo(0.4, 12);
    expect(flow.byYear.get(2026)!.get('16plus')).toBeCloseTo(0.6, 12);
  });

  it('from flow on totals (band 0to17) or with no children projected: no weights for the year', () => {
    expect(flowAgeStructure([...closing(2025, { '0to17': 100 }), ...closing(2026, { '10to15': 0 })]).byYear.size).toBe(0);
  });
});

describe('demand by the mix by age band', () => {
  const mix = mixByBand(counts, 2);
  const totals = [
    { year: 2025, cla: 100, lower80: 90, upper80: 110 },
    { year: 2026, cla: 200, lower80: 180, upper80: 220 },
  ];
  const flow = flowAgeStructure([
    ...closing(2025, { '10to15': 60, '16to17': 30, uasc: 10 }),
    ...closing(2026, { '10to15': 40, '16to17': 50, uasc: 10 }),
  ]);

  it('follows the projected age structure: more 16-17s, more supported accommodation', () => {
    const demand = demandByBandMix(totals, mix, flow);
    const at = (year: number, type: string) => demand.find((d) => d.year === year && d.placementType === type)!;
    // 2025: foster 0.6 x 0.625 + 0.4 x 0.375 = 0.525; supported 0.4 x 0.625 = 0.25
    expect(at(2025, 'fostering').share).toBeCloseTo(0.525, 12);
    expect(at(2025, 'fostering').demand).toBeCloseTo(52.5, 10);
    expect(at(2025, 'fostering').lower80).toBeCloseTo(47.25, 10);
    expect(at(2025, 'supported').demand).toBeCloseTo(25, 10);
    // 2026: 16plus 0.6: supported 0.6 x 0.625 = 0.375 of 200 = 75; residential 0.4 x 0.375 = 0.15 -> 30
    expect(at(2026, 'supported').share).toBeCloseTo(0.375, 12);
    expect(at(2026, 'supported').demand).toBeCloseTo(75, 10);
    expect(at(2026, 'residential').demand).toBeCloseTo(30, 10);
    expect(at(2026, 'supported').upper80).toBeCloseTo(82.5, 10);
  });

  it('held at 2024 (half 10to15, half 16plus): the same shares every year', () => {
    const demand = demandByBandMix(totals, mix, heldAgeStructure(counts, [2025, 2026]));
    // foster 0.5 x 0.625 + 0.5 x 0.375 = 0.5; residential 0.1875; supported 0.3125
    expect(demand.filter((d) => d.placementType === 'supported').map((d) => d.share)).toEqual([0.3125, 0.3125]);
    expect(demand.find((d) => d.year === 2026 && d.placementType === 'fostering')!.demand).toBeCloseTo(100, 10);
  });

  it('a weighted band with no children in the window takes the all-ages mix', () => {
    const withUnder1 = flowAgeStructure(closing(2025, { under1: 10, '10to15': 50, '16to17': 40 }));
    const demand = demandByBandMix([totals[0]!], mix, withUnder1);
    // foster 0.1 x 0.5 (all ages) + 0.5 x 0.625 + 0.4 x 0.375 = 0.5125
    expect(demand.find((d) => d.placementType === 'fostering')!.share).toBeCloseTo(0.5125, 12);
  });

  it('with one band, or the same mix in every band, it is the fixed mix', () => {
    const oneBand = counts.map((c) => ({ ...c, byBand: { '10to15': c.count } }));
    const demand = demandByBandMix(totals, mixByBand(oneBand, 2), heldAgeStructure(oneBand, [2025, 2026]));
    const fixed = mixFromHistory(counts, 2);
    for (const d of demand) expect(d.share).toBeCloseTo(fixed.shares.get(d.placementType)!, 12);
  });

  it('throws for a projected year without an age structure', () => {
    expect(() => demandByBandMix(totals, mix, flowAgeStructure(closing(2025, { '10to15': 1 })))).toThrow(
      /age structure of every projected year \(none for 2026\)/,
    );
  });

  it('demand by type adds up to the projected total, whatever the counts and weights (property)', () => {
    const band = fc.constantFrom(...PLACEMENT_BANDS);
    const row = fc.record({
      year: fc.integer({ min: 2020, max: 2024 }),
      type: fc.constantFrom('fostering' as const, 'residential' as const, 'supported' as const),
      band,
      count: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (rows, stock) => {
          const merged = new Map<string, PlacementCount>();
          for (const r of rows) {
            const key = `${r.year}|${r.type}`;
            const c: PlacementCount = merged.get(key) ?? { year: r.year, placementType: r.type, count: 0, byBand: {} };
            c.count += r.count;
            c.byBand![r.band as PlacementBand] = (c.byBand![r.band as PlacementBand] ?? 0) + r.count;
            merged.set(key, c);
          }
          const all = [...merged.values()];
          if (!all.some((c) => c.count > 0 && c.year === Math.max(...all.map((x) => x.year)))) return;
          const structure = flowAgeStructure(
            closing(2025, Object.fromEntries(['under1', '1to4', '5to9', '10to15', '16to17'].map((b, i) => [b, stock[i]!]))),
          );
          if (structure.byYear.size === 0) return;
          const demand = demandByBandMix([{ year: 2025, cla: 123, lower80: 100, upper80: 150 }], mixByBand(all, 3), structure);
          const total = demand.reduce((s, d) => s + d.demand, 0);
          // the all-ages mix of a year with no children is 0 for every type; otherwise the shares sum to 1
          if (mixFromHistory(all, 3).years.every((y) => all.some((c) => c.year === y && c.count > 0))) expect(total).toBeCloseTo(123, 8);
        },
      ),
      { numRuns: 200, seed: 14 },
    );
  });
});
