import { describe, expect, it } from 'vitest';
import {
  WEEKS_PER_YEAR,
  annualCosts,
  capacityGap,
  capacityInUse,
  demandByType,
  isPlaceToProvide,
  mixFromHistory,
  placesFor,
  shortSpells,
} from '../../../src/model/sufficiency/placements.js';
import { PLACEMENT_TYPES } from '../../../src/model/episodes/placementTypes.js';

// Tower Hamlets placements (Corporate Parenting Board report 2023/24, Appendix C), years ending 2022-2024.
const counts = [
  [2022, 116, 72, 22, 122],
  [2023, 123, 77, 18, 83],
  [2024, 119, 67, 19, 72],
].flatMap(([year, inHouse, ifa, residential, other]) => [
  { year: year!, placementType: 'fostering_inhouse' as const, count: inHouse! },
  { year: year!, placementType: 'fostering_agency' as const, count: ifa! },
  { year: year!, placementType: 'residential' as const, count: residential! },
  { year: year!, placementType: 'other' as const, count: other! },
]);

describe('placement mix', () => {
  it("averages each year's share: residential (22/332 + 18/301 + 19/277) / 3 = 0.06489", () => {
    const mix = mixFromHistory(counts, 3);
    expect(mix.years).toEqual([2022, 2023, 2024]);
    expect(mix.shares.get('residential')).toBeCloseTo((22 / 332 + 18 / 301 + 19 / 277) / 3, 10);
    expect(mix.shares.get('residential')).toBeCloseTo(0.06489, 5);
    expect([...mix.shares.values()].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('uses only the last window years', () => {
    expect(mixFromHistory(counts, 1).shares.get('fostering_agency')).toBeCloseTo(67 / 277, 12);
  });

  it('leaves out a year whose counts add up to 0: its zeros would lose children (issue 21)', () => {
    const blank2025 = [
      ...counts,
      ...(['fostering_inhouse', 'fostering_agency', 'residential', 'other'] as const).map((t) => ({
        year: 2025,
        placementType: t,
        count: 0,
      })),
    ];
    const mix = mixFromHistory(blank2025, 3);
    // 2023 and 2024 only: residential (18/301 + 19/277) / 2, and the shares still add up to 1
    expect(mix.years).toEqual([2023, 2024]);
    expect(mix.shares.get('residential')).toBeCloseTo((18 / 301 + 19 / 277) / 2, 12);
    expect([...mix.shares.values()].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('counts of nothing but zeros share out no child: refused where children are projected, as a --mix not adding up to 1 is', () => {
    const zeros = counts.map((c) => ({ ...c, count: 0 }));
    const mix = mixFromHistory(zeros, 3);
    expect([...mix.shares.values()]).toEqual([0, 0, 0, 0]);
    expect(() => demandByType([{ year: 2026, cla: 281, lower80: 256, upper80: 325 }], mix)).toThrow(
      /the placement mix shares out none of the children projected for 2026: the placement counts of 2022, 2023, 2024 add up to 0/,
    );
    // a council with no child in care projected (the Isles of Scilly) has nothing to share out
    expect(demandByType([{ year: 2026, cla: 0, lower80: 0, upper80: 0 }], mix).map((d) => d.demand)).toEqual([0, 0, 0, 0]);
  });
});

describe('demand, gap and cost', () => {
  const mix = {
    shares: new Map([
      ['fostering' as const, 0.7],
      ['residential' as const, 0.3],
    ]),
    years: [],
  };
  const projection = [
    { year: 2026, cla: 100, lower80: 90, upper80: 110 },
    { year: 2027, cla: 120, lower80: 100, upper80: 140 },
  ];
  const demand = demandByType(projection, mix);

  it('demand by type is the projected total times the share, bounds included', () => {
    expect(demand.find((d) => d.year === 2027 && d.placementType === 'residential')).toEqual({
      year: 2027,
      placementType: 'residential',
      share: 0.3,
      demand: 36,
      lower80: 30,
      upper80: 42,
    });
    // types add back up to the total
    expect(demand.filter((d) => d.year === 2026).reduce((s, d) => s + d.demand, 0)).toBeCloseTo(100, 12);
  });

  it('gap = demand - places, places carrying forward; runs out in the first year of shortfall', () => {
    const { rows, runOut } = capacityGap(demand, [
      { year: 2025, placementType: 'fostering', places: 75 },
      { year: 2025, placementType: 'residential', places: 36 },
    ]);
    // foster 2026: 70 - 75 = -5 (upper 77 - 75 = 2); 2027: 84 - 75 = 9
    expect(rows.find((r) => r.year === 2026 && r.placementType === 'fostering')).toMatchObject({ places: 75, gap: -5, gapUpper80: 2 });
    expect(rows.find((r) => r.year === 2027 && r.placementType === 'fostering')!.gap).toBeCloseTo(9, 10);
    expect(runOut).toEqual([
      {
        placementType: 'fostering',
        isPlace: true,
        hasPlaces: true,
        year: 2027,
        yearAtUpper80: 2026,
        spells: [{ from: 2027, to: 2027 }],
        spellsAtUpper80: [{ from: 2026, to: 2027 }],
        lastYear: 2027,
      },
      // residential 2027: 36 - 36 = 0 is not a shortfall; upper 42 - 36 = 6 is
      {
        placementType: 'residential',
        isPlace: true,
        hasPlaces: true,
        year: null,
        yearAtUpper80: 2027,
        spells: [],
        spellsAtUpper80: [{ from: 2027, to: 2027 }],
        lastYear: 2027,
      },
    ]);
  });

  it('short of places only from a shortfall of at least one child', () => {
    // foster 2026: 70 - 69.4 = 0.6 (no child short), upper 77 - 69.4 = 7.6; 2027: 84 - 69.4 = 14.6
    const { runOut } = capacityGap(demand, [{ year: 2025, placementType: 'fostering', places: 69.4 }]);
    expect(runOut[0]).toMatchObject({ placementType: 'fostering', year: 2027, yearAtUpper80: 2026 });
    // exactly one child short counts
    expect(capacityGap(demand, [{ year: 2025, placementType: 'fostering', places: 69 }]).runOut[0]!.year).toBe(2026);
  });

  it('a shortage that ends when places are added, and one that returns, in spells (issue 20)', () => {
    // Birmingham-like: in-house fostering needs 650.9 in 2023, 12 more each year; 610 places, 700
    // from 2025 (carried forward). Gaps 2023: 650.9 - 610 = 40.9, 2024: 662.9 - 610 = 52.9 short;
    // 2025: 674.9 - 700 = -25.1, 2026: -13.1, 2027: 698.9 - 700 = -1.1 enough; 2028: 710.9 - 700
    // = 10.9 short again. Upper 80% = demand + 30 (2025: + 0): 70.9, 82.9, -25.1, 16.9, 28.9, 40.9.
    const rows = [2023, 2024, 2025, 2026, 2027, 2028].map((year, i) => {
      const d = 650.9 + 12 * i;
      return {
        year,
        placementType: 'fostering_inhouse' as const,
        share: 1,
        demand: d,
        lower80: d - 30,
        upper80: d + (year === 2025 ? 0 : 30),
      };
    });
    const { runOut } = capacityGap(rows, [
      { year: 2022, placementType: 'fostering_inhouse', places: 610 },
      { year: 2025, placementType: 'fostering_inhouse', places: 700 },
    ]);
    expect(runOut[0]).toMatchObject({
      year: 2023,
      spells: [
        { from: 2023, to: 2024 },
        { from: 2028, to: 2028 },
      ],
      spellsAtUpper80: [
        { from: 2023, to: 2024 },
        { from: 2026, to: 2028 },
      ],
      lastYear: 2028,
    });
    // a year without places breaks a spell; the years' order does not matter
    expect(
      shortSpells([
        { year: 2026, gap: 3 },
        { year: 2024, gap: null },
        { year: 2023, gap: 1 },
        { year: 2025, gap: 2 },
      ]),
    ).toEqual([
      { from: 2023, to: 2023 },
      { from: 2025, to: 2026 },
    ]);
  });

  it('a capacity type matching no type of the demand is listed, not silently dropped (issue 21)', () => {
    // (the readers turn names into the list's types: "Foster " is fostering, a misspelling is refused there)
    const { rows, unmatched } = capacityGap(demand, [
      { year: 2025, placementType: 'fostering', places: 75 },
      { year: 2025, placementType: 'secure_childrens_home', places: 2 },
    ]);
    expect(rows.find((r) => r.year === 2026 && r.placementType === 'fostering')).toMatchObject({ places: 75, gap: -5 });
    expect(rows.filter((r) => r.placementType === 'residential').map((r) => r.places)).toEqual([null, null]);
    expect(unmatched).toEqual(['secure_childrens_home']);
    // every type matched: no list
    expect(capacityGap(demand, [{ year: 2025, placementType: 'fostering', places: 75 }]).unmatched).toBeUndefined();
  });

  it('placed with parents and other non-place types get no places and no gap, even when a capacity file names them', () => {
    const withParents = demandByType(projection, {
      shares: new Map([
        ['fostering' as const, 0.8],
        ['with_parents' as const, 0.2],
      ]),
      years: [],
    });
    const { rows, runOut } = capacityGap(withParents, [
      { year: 2025, placementType: 'fostering', places: 70 },
      { year: 2025, placementType: 'with_parents', places: 5 },
    ]);
    expect(rows.filter((r) => r.placementType === 'with_parents').map((r) => r.gap)).toEqual([null, null]);
    expect(runOut[1]).toEqual({
      placementType: 'with_parents',
      isPlace: false,
      hasPlaces: false,
      year: null,
      yearAtUpper80: null,
      spells: [],
      spellsAtUpper80: [],
      lastYear: 2027,
    });
  });

  it('annual cost = demand x weekly cost x 52.18 weeks, inflated from the price year', () => {
    const rows = annualCosts(demand, [{ placementType: 'residential', weeklyCost: 3830, priceYear: 2025 }], 0.03);
    const residential2027 = rows.find((r) => r.year === 2027 && r.placementType === 'residential')!;
    // 36 x 3,830 x 1.03^2 x 365.25/7 = 36 x 4,063.247 x 52.17857 = 7,632,519
    expect(residential2027.weeklyCost).toBeCloseTo(3830 * 1.0609, 6);
    expect(residential2027.annualCost).toBeCloseTo(36 * 3830 * 1.0609 * WEEKS_PER_YEAR, 4);
    expect(residential2027.annualCost).toBeCloseTo(7_632_519, 0);
    expect(rows.find((r) => r.placementType === 'fostering')!.annualCost).toBeNull();
  });
});

describe('capacity in use', () => {
  it("takes the latest year's placements as the places available", () => {
    expect(capacityInUse(counts)).toEqual([
      { year: 2024, placementType: 'fostering_inhouse', places: 119 },
      { year: 2024, placementType: 'fostering_agency', places: 67 },
      { year: 2024, placementType: 'residential', places: 19 },
      // other (placed with parents, for adoption...) is not a place to provide
    ]);
  });

  it('knows the placement types that are not places to provide', () => {
    const notPlaces = PLACEMENT_TYPES.filter((t) => !isPlaceToProvide(t));
    expect(notPlaces).toEqual(['with_parents', 'adoption', 'other', 'unknown', 'living_independently', 'suppressed']);
  });
});

describe('places of a group', () => {
  const capacity = [
    { year: 2024, placementType: 'fostering_inhouse' as const, places: 100 },
    { year: 2025, placementType: 'fostering_agency' as const, places: 40 },
    { year: 2024, placementType: 'fostering_kinship' as const, places: 12 },
    { year: 2024, placementType: 'childrens_home_inhouse' as const, places: 6 },
  ];

  it("are its parts' places when every part has some: fostering 2025 = 100 + 40 + 12 = 152", () => {
    expect(placesFor(capacity, 2025, 'fostering')).toBe(152);
    // agency places start in 2025: in 2024 one part has none, so the group has none
    expect(placesFor(capacity, 2024, 'fostering')).toBeNull();
    // external homes not given: children's homes as a whole have no places
    expect(placesFor(capacity, 2025, 'childrens_home')).toBeNull();
  });

  it("its own places win over its parts'", () => {
    expect(placesFor([...capacity, { year: 2025, placementType: 'fostering', places: 150 }], 2026, 'fostering')).toBe(150);
  });
});
