import { normaliseName, sameArea } from '../areas/matching.js';
import type { PlacementType } from '../episodes/placementTypes.js';
import type { Area } from '../types.js';
import {
  placesFor,
  WEEKS_PER_YEAR,
  type Capacity,
  type CostRow,
  type DemandRow,
  type ProjectedTotal,
  type WeeklyCost,
} from './placements.js';

/**
 * A group's placements, places and costs from its members'. The group's children in each type are
 * its members' added up (each member's own mix on its own projection), and the type's share of the
 * group's total carries the group's range (never the members' bounds added); places are the group's
 * shared places plus each member's own; costs are each member's demand at its own prices, added up.
 */

/** Whether a file's row names the group (its name, no code). */
export function namesGroup(row: Area, group: string): boolean {
  return row.code === '' && row.dfeCode === undefined && normaliseName(row.name) === normaliseName(group);
}

/**
 * The prices for one council: its own rows, and for the types it has none, the rows naming no
 * council (or naming its group).
 * @example rows foster 800 (everyone's), foster 900 (Bolton's): Bolton 900, Bury 800
 */
export function costsFor(costs: readonly WeeklyCost[], area: Area, group?: string): WeeklyCost[] {
  const own = costs.filter((c) => c.area !== undefined && sameArea(c.area, area));
  const shared = costs.filter((c) => c.area === undefined || (group !== undefined && namesGroup(c.area, group)));
  return [...own, ...shared.filter((c) => !own.some((o) => o.placementType === c.placementType))];
}

/**
 * Children needed in each type by the group: the members' demand added up by year and type; the
 * type's share of the group's total sets its 80% bounds from the group's range.
 * @example members' foster 60 and 40 of totals 100 and 100, group 200 (180-230): foster 100, share 0.5, 90-115
 */
export function groupDemand(members: readonly (readonly DemandRow[])[], totals: readonly ProjectedTotal[]): DemandRow[] {
  const types = [...new Set(members.flatMap((rows) => rows.map((r) => r.placementType)))];
  return totals.flatMap((t) =>
    types.map((placementType) => {
      const demand = members.reduce(
        (s, rows) => s + (rows.find((r) => r.year === t.year && r.placementType === placementType)?.demand ?? 0),
        0,
      );
      const share = t.cla > 0 ? demand / t.cla : 0;
      return { year: t.year, placementType, share, demand, lower80: t.lower80 * share, upper80: t.upper80 * share };
    }),
  );
}

/**
 * The group's places of each type in each year: its shared places plus each member's (each as
 * `placesFor` finds it: the latest up to the year, or its parts'); no row where nobody has any.
 */
export function groupPlaces(
  shared: readonly Capacity[],
  members: readonly (readonly Capacity[])[],
  years: readonly number[],
  types: readonly PlacementType[],
): Capacity[] {
  const rows: Capacity[] = [];
  for (const year of years) {
    for (const placementType of types) {
      const all = [shared, ...members].map((c) => placesFor(c, year, placementType)).filter((p): p is number => p !== null);
      if (all.length > 0) rows.push({ year, placementType, places: all.reduce((s, p) => s + p, 0) });
    }
  }
  return rows;
}

/**
 * The group's costs by year and type: its members' annual costs added up (unknown when a member with
 * children in the type has no price for it), the weekly cost their mean per child, and the cost at
 * the group's upper 80% demand at that mean.
 */
export function groupCosts(members: readonly (readonly CostRow[])[], demand: readonly DemandRow[]): CostRow[] {
  return demand.map((d) => {
    const rows = members.map((m) => m.find((c) => c.year === d.year && c.placementType === d.placementType)).filter((c) => c !== undefined);
    const priced = rows.some((c) => c.annualCost !== null) && rows.every((c) => c.annualCost !== null || !(c.demand > 0));
    const annualCost = priced ? rows.reduce((s, c) => s + (c.annualCost ?? 0), 0) : null;
    const known = rows.filter((c) => c.weeklyCost !== null);
    const weeklyCost =
      annualCost === null
        ? null
        : d.demand > 0
          ? annualCost / (d.demand * WEEKS_PER_YEAR)
          : known.length > 0
            ? known.reduce((s, c) => s + c.weeklyCost!, 0) / known.length
            : null;
    return {
      year: d.year,
      placementType: d.placementType,
      demand: d.demand,
      weeklyCost,
      annualCost,
      annualCostUpper80: weeklyCost === null ? null : d.upper80 * weeklyCost * WEEKS_PER_YEAR,
    };
  });
}
