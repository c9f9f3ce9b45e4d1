import type { Problem } from '../model/episodes/periods.js';
import type { AgeStructure, BandMix } from '../model/sufficiency/ageMix.js';
import type { LocalityMeasure, LocalityRow, LocalityYear } from '../model/sufficiency/published.js';
import type { PlacementType } from '../model/episodes/placementTypes.js';
import type { CostRow, DemandRow, GapRow, MixRule, PlacementMix, RunOut } from '../model/sufficiency/placements.js';
import type { Area } from '../model/types.js';
import type { AreaReport } from './model.js';

/**
 * How the placements by type were made, as data (the words are `describeBasis`'s): a fixed mix
 * (the recent shares, or given), a mix by age band weighted by an age structure, or transitions
 * between types in SSDA903 returns.
 */
export type DemandBasis =
  | {
      kind: 'fixed-mix';
      years: number[];
      /** The file the counts came from (its name is shown; the sources keep its path). */
      source: string;
      /** Whose figures they are, when not the council's own: "DfE's published placements for Cornwall". */
      origin?: string;
      /** From DfE's published figures: how they were mapped to the types (estimates, suppression). */
      publishedNotes?: string[];
    }
  | { kind: 'given-mix'; source: string }
  | {
      kind: 'mix-by-age';
      source: string;
      bandMix: BandMix;
      structure: AgeStructure;
      /** Why the flow model's projected structure could not weight the mix (held instead). */
      unprojected?: string;
    }
  | {
      kind: 'transitions';
      firstYear: number;
      baseYear: number;
      /** Years whose moves between types were measured. */
      measuredYears: number[];
      simulations: number;
      seed: number;
      /** In-house share of children's homes and supported accommodation over the measured years. */
      inHouse: { type: string; share: number | null }[];
      /** Total children by the transitions and by flow with durations, first and last year. */
      comparison: { year: number; transitions: number; durations: number | null }[];
      shortBreaks: { included: boolean; episodes: number; children: number };
      problems: Problem[];
    };

/** Everything the sufficiency outputs show for one area. */
export interface SufficiencyReport {
  area: Area;
  method: string;
  baseYear: number;
  mix: PlacementMix;
  /** How the fixed mix was chosen (--mix): the mean of recent years (the default), the latest year's, or a file. */
  mixRule?: MixRule | 'file';
  /**
   * The latest placement year's mix, beside a mix averaged over several years where its shares
   * differ: the shares (the first projected year's, for a mix by age band) and the verdicts it gives.
   */
  latestMix?: { year: number; shares: Map<PlacementType, number>; runOut: RunOut[] };
  /** Years of the placement counts read (the latest stands in for places when none are given). */
  placementYears?: number[];
  /** Where the places came from: a capacity file, or the places in use on the latest 31 March. */
  capacity: { given: true; source: string } | { given: false; year: number | null; source: string };
  demand: DemandRow[];
  gap?: { rows: GapRow[]; runOut: RunOut[]; unmatched?: string[] };
  costs?: CostRow[];
  inflation: number;
  /** The projection (its first method) and population behind the demand, for the projection chart. */
  source?: AreaReport;
  basis: DemandBasis;
  /** Things to check (the returns and history disagree, ...). */
  warnings?: string[];
  /**
   * From DfE's published figures: the shares placed outside the council's boundary and more than 20
   * miles from home by year, and projected with the mix (their mean over the mix's years).
   */
  locality?: { history: LocalityYear[]; years: number[]; shares: Record<LocalityMeasure, number | null>; rows: LocalityRow[] };
  /** Projected totals by year, for the Projection sheet. */
  projection: { year: number; cla: number; lower80: number; upper80: number; lower95: number; upper95: number }[];
}
