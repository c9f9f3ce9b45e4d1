import type { AreaProjection } from '../model/projection/types.js';
import { demandByBandMix, flowAgeStructure, heldAgeStructure, mixByBand, type AgeStructure } from '../model/sufficiency/ageMix.js';
import type { DemandRow, PlacementCount, PlacementMix, ProjectedTotal } from '../model/sufficiency/placements.js';
import { describeAgeStructure, describeBandMix } from '../report/ageMix.js';

/** Placements by type from the mix by age band, and how it was made, for the outputs. */
export interface ByAgeDemand {
  demand: DemandRow[];
  /** Which mix was used, in the words the README gives. */
  used: string;
  demandSource: string;
  notes: string[];
  /** The effective shares by projected year (no single mix: the Assumptions give the bands'). */
  mix: PlacementMix;
}

/**
 * With placement counts by age band (model/sufficiency/ageMix.ts): each band's mix, weighted by the
 * flow model's projected age structure when flow runs by age band on the area's history, else by
 * the latest placement year's structure, held. Flow is run for the weights only: the total stays
 * the chosen method's.
 */
export function byAgeDemand(
  placements: readonly PlacementCount[],
  totals: readonly ProjectedTotal[],
  window: number,
  label: string,
  flow: () => AreaProjection,
): ByAgeDemand {
  const mix = mixByBand(placements, window);
  const years = totals.map((t) => t.year);
  const run = flow();
  const fitted = run.methods[0]?.assumptions;
  let projected: AgeStructure | undefined;
  let why = '';
  if (fitted?.method !== 'flow' || !('flow' in fitted)) {
    why = run.warnings.find((w) => w.startsWith('flow left out')) ?? 'the flow model could not run';
  } else if (fitted.flow.parameters.mode !== 'bands') {
    why = 'the flow model ran on totals (no counts by age band (--history-by-age) for the years it averages)';
  } else {
    projected = flowAgeStructure(fitted.flow.detail);
    const lacking = years.filter((y) => !projected!.byYear.has(y));
    if (lacking.length > 0) {
      why = `the flow model projects no children by age band for ${lacking.join(', ')}`;
      projected = undefined;
    }
  }
  const structure = projected ?? heldAgeStructure(placements, years);
  const used = projected
    ? "mix by age band, weighted by the flow model's projected age structure"
    : `mix by age band, age structure held at ${structure.heldYear} (no projection by age band)`;
  const notes = [describeBandMix(mix), describeAgeStructure(structure)];
  if (!projected) notes.push(`no projection by age band: ${why}`);
  const demand = demandByBandMix(totals, mix, structure);
  const byYear = new Map(years.map((y) => [y, new Map(demand.filter((d) => d.year === y).map((d) => [d.placementType, d.share]))]));
  return {
    demand,
    used,
    demandSource: `${used}: each band's mean share of each type in ${mix.years.join(', ')} (${label}; no SSDA903 returns)`,
    notes,
    mix: { shares: new Map(), byYear, years: mix.years },
  };
}
