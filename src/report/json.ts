import { bundledDataLine } from './bundledNote.js';
import { round } from './format.js';
import type { AreaReport, ProjectionRecord } from './model.js';
import { projectionRecords } from './model.js';

/**
 * One JSON layout for every command: `tool`, `command`, `parameters` (snake_case, the same keys
 * wherever a command has them), `inputs` (every file read for the output, with its SHA-256) and
 * `notes`, then what the command adds (`areas`, `records`, `metrics`, ...).
 */
export interface RunHeader {
  /** The command's name (`project`, `episodes summarise`, ...). */
  command: string;
  parameters: Record<string, unknown>;
  inputs: readonly { role: string; file: string; layout: string; sha256: string; bundled?: string }[];
  /** Run-level notes a reader of the output needs (auto's choices, the mix used, ...). */
  notes: readonly string[];
}

export function jsonDocument(header: RunHeader, body: Record<string, unknown>, toolVersion: string): string {
  const bundled = bundledDataLine(header.inputs);
  const document = {
    tool: { name: 'lacproj', version: toolVersion },
    command: header.command,
    parameters: snakeCaseKeys(header.parameters),
    inputs: header.inputs,
    notes: bundled === undefined ? header.notes : [...header.notes, bundled],
    ...body,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `uascExitShare` -> `uasc_exit_share`, in nested objects too. */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeCaseKeys(v)]),
  );
}

/** A projection's JSON body: each area's methods, assumptions and warnings, and the CSV records. */
export function projectionJson(reports: readonly AreaReport[]): { areas: unknown[]; records: ProjectionRecord[] } {
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
  return { areas, records: projectionRecords(reports) };
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
