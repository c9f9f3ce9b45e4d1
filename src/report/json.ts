import type { AreaReport, ProjectionRecord } from './model.js';
import { projectionRecords } from './model.js';
import { round } from './format.js';

export interface RunDescription {
  tool: { name: string; version: string };
  parameters: Record<string, unknown>;
  inputs: { role: string; file: string; layout: string; sha256: string }[];
}

/** The CSV records plus the inputs, parameters and each area's assumptions and warnings. */
export function renderJson(reports: readonly AreaReport[], run: RunDescription): string {
  const records: ProjectionRecord[] = projectionRecords(reports);
  const areas = reports.map(({ projection, population }) => ({
    area: projection.area,
    base_year: projection.baseYear,
    to_year: projection.toYear,
    methods: projection.methods.map((m) => ({
      method: m.method,
      assumptions: roundDeep(m.assumptions),
      interval: { unit: m.interval.unit, sigma: round(m.interval.sigma, 4), changes: m.interval.changes },
    })),
    population: {
      estimate_sources: population.estimateSources,
      projection_sources: population.projectionSources,
      rebasing: population.aligned.rebasing ? roundDeep(population.aligned.rebasing) : null,
      districts_summed: population.districts ?? null,
      extension: population.aligned.extension ? roundDeep(population.aligned.extension) : null,
    },
    warnings: projection.warnings,
  }));
  return JSON.stringify({ ...run, areas, records }, null, 2) + '\n';
}

/** Numbers to 6 decimals so JSON does not carry floating-point noise. */
function roundDeep(value: unknown): unknown {
  if (typeof value === 'number') return round(value, 6);
  if (Array.isArray(value)) return value.map(roundDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)]));
  }
  return value;
}
