import { CODE_CATEGORIES, type CodeCategory, type PlacementType } from '../episodes/placementTypes.js';
import { inHouseShare, type PlacementTransitionParameters } from '../methods/placementTransitions.js';
import type { PlacementTransitionProjection } from '../methods/placementTransitionsSimulation.js';
import { isPlaceToProvide, type Capacity, type DemandRow } from './placements.js';

/**
 * Placements needed by type from the transition model, in the placement types of the SSDA903 map,
 * with in-house and external provision apart where the codes allow: fostering and children's homes
 * are split by the model itself (its states are own carers and agencies, own homes and external
 * ones, from PLACE_PROVIDER); supported accommodation is split by the share of its children in the
 * council's own provision (PR1) on the 31 Marches measured, held constant. The split's bounds are
 * the type's bounds times the share.
 */

/** Types whose places are split into `<type>_inhouse` and `<type>_external` by provider share. */
export const SPLIT_BY_PROVIDER: readonly CodeCategory[] = ['supported'];

/** The placement types a transition projection is reported in (`unknown` only when some child is). */
function transitionTypes(p: PlacementTransitionParameters): { type: PlacementType; category: number; share: number }[] {
  return CODE_CATEGORIES.flatMap((category, c): { type: PlacementType; category: number; share: number }[] => {
    if (!SPLIT_BY_PROVIDER.includes(category)) return [{ type: category, category: c, share: 1 }];
    const own = inHouseShare(p, c);
    if (own === null) return [{ type: category, category: c, share: 1 }];
    return [
      { type: 'supported_inhouse' as const, category: c, share: own },
      { type: 'supported_external' as const, category: c, share: 1 - own },
    ];
  });
}

/** Demand by type and year: the projected children of each type (central path, 80% range of the simulation). */
export function demandFromTransitions(projection: PlacementTransitionProjection): DemandRow[] {
  const types = transitionTypes(projection.parameters);
  const unknownSeen = projection.years.some((y) => y.byType[CODE_CATEGORIES.indexOf('unknown')]!.cla > 0);
  return projection.years.flatMap((y) =>
    types
      .filter((t) => t.type !== 'unknown' || unknownSeen)
      .map((t) => {
        const own = y.byType[t.category]!;
        const demand = own.cla * t.share;
        return {
          year: y.year,
          placementType: t.type,
          share: y.total.cla > 0 ? demand / y.total.cla : 0,
          demand,
          lower80: Math.min(own.interval.lower80, own.cla) * t.share,
          upper80: Math.max(own.interval.upper80, own.cla) * t.share,
        };
      }),
  );
}

/**
 * Without a capacity file: the places in use on 31 March of the base year, by the same types (a
 * children's home or supported place with no provider given counts as external), assumed full.
 * Types that are not places to provide (placed with parents, for adoption, other, an unknown code)
 * have none, as `capacityInUse` gives for a fixed mix.
 */
export function placesInUse(p: PlacementTransitionParameters): Capacity[] {
  return transitionTypes(p).flatMap((t) => {
    if (!isPlaceToProvide(t.type)) return [];
    const [none, inHouse, external] = p.provisionOnBase[t.category]!;
    const places = t.type.endsWith('_inhouse') ? inHouse! : t.type.endsWith('_external') ? external! + none! : none! + inHouse! + external!;
    return [{ year: p.baseYear, placementType: t.type, places }];
  });
}
