import { describe, expect, it } from 'vitest';
import { costsFor, groupCosts, groupDemand, groupPlaces, namesGroup } from '../../../src/model/sufficiency/group.js';
import { WEEKS_PER_YEAR, type CostRow, type DemandRow } from '../../../src/model/sufficiency/placements.js';

const row = (placementType: DemandRow['placementType'], demand: number, year = 2025): DemandRow => ({
  year,
  placementType,
  share: 0,
  demand,
  lower80: 0,
  upper80: 0,
});

describe("a group's placements, places and costs from its members'", () => {
  it("adds the members' children in each type; the type's share of the group's total carries the group's range", () => {
    // by hand: foster 60 + 40 = 100 of a total of 200 (80% range 180-230): share 0.5, bounds 90-115
    const demand = groupDemand(
      [
        [row('fostering', 60), row('childrens_home', 40)],
        [row('fostering', 40), row('other', 60)],
      ],
      [{ year: 2025, cla: 200, lower80: 180, upper80: 230 }],
    );
    expect(demand.find((d) => d.placementType === 'fostering')).toEqual({
      year: 2025,
      placementType: 'fostering',
      share: 0.5,
      demand: 100,
      lower80: 90,
      upper80: 115,
    });
    expect(demand.reduce((s, d) => s + d.demand, 0)).toBe(200);
  });

  it("counts the group's shared places and each member's own, the latest given up to the year", () => {
    const places = groupPlaces(
      [{ year: 2024, placementType: 'fostering_agency', places: 30 }],
      [[{ year: 2023, placementType: 'fostering_agency', places: 10 }], [{ year: 2026, placementType: 'fostering_agency', places: 5 }], []],
      [2025, 2026],
      ['fostering_agency', 'childrens_home'],
    );
    // 2025: 30 + 10 (the third member has none, the second none yet); 2026: 30 + 10 + 5; children's homes: nobody's
    expect(places).toEqual([
      { year: 2025, placementType: 'fostering_agency', places: 40 },
      { year: 2026, placementType: 'fostering_agency', places: 45 },
    ]);
  });

  it("takes a council's own price before everyone's (or its group's)", () => {
    const costs = [
      { placementType: 'fostering_agency' as const, weeklyCost: 800, priceYear: 2024 },
      { placementType: 'fostering_agency' as const, weeklyCost: 900, priceYear: 2024, area: { code: '', name: 'Bolton' } },
      { placementType: 'childrens_home' as const, weeklyCost: 4000, priceYear: 2024, area: { code: '', name: 'North West' } },
    ];
    expect(costsFor(costs, { code: 'E08000001', dfeCode: '350', name: 'Bolton' }, 'North West').map((c) => c.weeklyCost)).toEqual([
      900, 4000,
    ]);
    expect(costsFor(costs, { code: 'E08000002', name: 'Bury' }, 'North West').map((c) => c.weeklyCost)).toEqual([800, 4000]);
    expect(costsFor(costs, { code: 'E08000002', name: 'Bury' }).map((c) => c.weeklyCost)).toEqual([800]);
    expect(namesGroup({ code: '', name: 'north  west' }, 'North West')).toBe(true);
    expect(namesGroup({ code: 'E12000002', name: 'E12000002' }, 'North West')).toBe(false);
  });

  it("adds the members' costs, each at its own price; the weekly cost is their mean per child", () => {
    const cost = (demand: number, weekly: number | null): CostRow[] => [
      {
        year: 2025,
        placementType: 'fostering_agency',
        demand,
        weeklyCost: weekly,
        annualCost: weekly === null ? null : demand * weekly * WEEKS_PER_YEAR,
        annualCostUpper80: null,
      },
    ];
    const demand = [{ ...row('fostering_agency', 30), upper80: 36 }];
    const [total] = groupCosts([cost(10, 900), cost(20, 800)], demand);
    // by hand: (10 x 900 + 20 x 800) x 52.18 = 25,000 x 52.18; per child (25,000 / 30) a week
    expect(total!.annualCost).toBeCloseTo(25_000 * WEEKS_PER_YEAR, 6);
    expect(total!.weeklyCost).toBeCloseTo(25_000 / 30, 9);
    expect(total!.annualCostUpper80).toBeCloseTo(36 * (25_000 / 30) * WEEKS_PER_YEAR, 6);
    // a member with children in the type and no price makes the group's cost unknown
    expect(groupCosts([cost(10, 900), cost(20, null)], demand)[0]!.annualCost).toBeNull();
  });
});
