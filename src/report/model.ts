import type { AlignedPopulation } from '../model/population/rebase.js';
import type { AreaProjection } from '../model/projection/types.js';
import type { ActualYear, Area, ProjectedYear } from '../model/types.js';
import { round } from './format.js';

/** Where an area's population came from, for the assumptions section. */
export interface PopulationSummary {
  aligned: AlignedPopulation;
  estimateSources: string[];
  projectionSources: string[];
  /** The projection is the sum of this many districts (an ONS projection for a county). */
  districts?: number;
}

/** Everything rendered for one area. */
export interface AreaReport {
  projection: AreaProjection;
  population: PopulationSummary;
}

/** The tidy CSV/JSON columns, in order. */
export const PROJECTION_COLUMNS = [
  'area_code',
  'area_name',
  'method',
  'year',
  'kind',
  'population_0_17',
  'rate_per_10000',
  'cla',
  'lower80',
  'upper80',
  'lower95',
  'upper95',
] as const;

export type ProjectionRecord = {
  area_code: string;
  area_name: string;
  method: string;
  year: number;
  kind: 'actual' | 'projected';
  population_0_17: number | null;
  rate_per_10000: number | null;
  cla: number | null;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
};

/** Decimals kept in outputs: whole children in populations, 2 for rates, 1 for projected counts. */
export const DECIMALS = { population: 0, rate: 2, count: 1 } as const;

const maybe = (value: number | null, decimals: number) => (value === null ? null : round(value, decimals));

function actualRecord(area: Area, row: ActualYear): ProjectionRecord {
  return {
    area_code: area.code,
    area_name: area.name,
    method: 'actual',
    year: row.year,
    kind: 'actual',
    population_0_17: maybe(row.population0to17, DECIMALS.population),
    rate_per_10000: maybe(row.ratePer10k, DECIMALS.rate),
    cla: row.cla,
    lower80: null,
    upper80: null,
    lower95: null,
    upper95: null,
  };
}

function projectedRecord(area: Area, method: string, row: ProjectedYear): ProjectionRecord {
  return {
    area_code: area.code,
    area_name: area.name,
    method,
    year: row.year,
    kind: 'projected',
    population_0_17: maybe(row.population0to17, DECIMALS.population),
    rate_per_10000: maybe(row.ratePer10k, DECIMALS.rate),
    cla: round(row.cla, DECIMALS.count),
    lower80: round(row.lower80, DECIMALS.count),
    upper80: round(row.upper80, DECIMALS.count),
    lower95: round(row.lower95, DECIMALS.count),
    upper95: round(row.upper95, DECIMALS.count),
  };
}

/** Tidy rows: per area, the actual years, then each method's projected years. */
export function projectionRecords(reports: readonly AreaReport[]): ProjectionRecord[] {
  const records: ProjectionRecord[] = [];
  for (const { projection } of reports) {
    for (const row of projection.actual) records.push(actualRecord(projection.area, row));
    for (const method of projection.methods) {
      for (const row of method.years) records.push(projectedRecord(projection.area, method.method, row));
    }
  }
  return records;
}
