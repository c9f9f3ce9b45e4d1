import { InputError } from '../errors.js';
import { sameArea } from '../model/areas/matching.js';
import type { Area, AreaHistory, HistoryYear } from '../model/types.js';
import type { HistoryFile, HistoryRecord } from './history.js';
import { UNNAMED_AREA, type PopulationFile, type PopulationRecord } from './population.js';

const FIELDS = ['cla', 'starts', 'ceased', 'uasc'] as const;

/** Where each area-year came from, for messages about gaps. */
interface Provenance {
  file: string;
  line: number;
}

export interface CombinedHistory {
  areas: AreaHistory[];
  /** Sentences for stderr, by area: which file replaced which area-years of an earlier one. */
  overrides: { area: Area; text: string }[];
}

interface AreaBuilder {
  area: Area;
  years: Map<number, HistoryYear>;
  provenance: Map<number, Provenance>;
}

/**
 * Merge history files in order. A later file replaces the fields it has (a DfE rate file has no
 * UASC column, so it keeps the UASC an earlier simple file gave) for the same area-years, and each
 * replacement is reported. Every area must then have one row per year with no gaps.
 * @throws InputError `year-gap` naming the file and line after the gap
 */
export function combineHistory(files: readonly HistoryFile[]): CombinedHistory {
  const builders: AreaBuilder[] = [];
  const overrides: CombinedHistory['overrides'] = [];
  for (const file of files) {
    const replaced = new Map<string, { area: Area; years: number[]; from: Set<string> }>();
    for (const record of file.records) {
      let builder = builders.find((b) => sameArea(b.area, record.area));
      if (builder === undefined) {
        builder = { area: { ...record.area }, years: new Map(), provenance: new Map() };
        builders.push(builder);
      } else {
        fillAreaCodes(builder.area, record.area);
      }
      const existing = builder.years.get(record.year);
      const earlier = builder.provenance.get(record.year);
      if (existing !== undefined && earlier !== undefined && earlier.file !== file.source) {
        const entry = replaced.get(builder.area.name) ?? { area: builder.area, years: [], from: new Set() };
        entry.years.push(record.year);
        entry.from.add(earlier.file);
        replaced.set(builder.area.name, entry);
      }
      builder.years.set(record.year, mergeFields(existing, record));
      builder.provenance.set(record.year, { file: file.source, line: record.line });
    }
    for (const { area, years, from } of replaced.values()) {
      overrides.push({ area, text: `${file.source} replaces ${area.name} ${describeYears(years)} from ${[...from].join(', ')}` });
    }
  }
  const areas = builders.map((builder) => {
    const years = [...builder.years.values()].sort((a, b) => a.year - b.year);
    for (let i = 1; i < years.length; i++) {
      const previous = years[i - 1]!.year;
      const current = years[i]!.year;
      if (current !== previous + 1) {
        const where = builder.provenance.get(current)!;
        throw new InputError(
          'year-gap',
          `history for ${builder.area.name} jumps from ${previous} to ${current}: add a row for ` +
            `${previous + 1}${current - previous > 2 ? `-${current - 1}` : ''} (leave cla empty or "x" if the count is not known)`,
          { file: where.file, line: where.line, column: 'year' },
        );
      }
    }
    return { area: builder.area, years };
  });
  return { areas, overrides };
}

function mergeFields(existing: HistoryYear | undefined, record: HistoryRecord): HistoryYear {
  const merged: HistoryYear = existing
    ? { ...existing }
    : { year: record.year, cla: null, starts: null, ceased: null, uasc: null };
  for (const field of FIELDS) {
    const value = record[field];
    if (value !== undefined) merged[field] = value;
  }
  return merged;
}

function fillAreaCodes(target: Area, from: Area): void {
  if (target.code === '' && from.code !== '') target.code = from.code;
  if (target.dfeCode === undefined && from.dfeCode !== undefined) target.dfeCode = from.dfeCode;
}

/** 2019, 2020, 2021, 2023 -> "2019-2021, 2023". */
export function describeYears(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = sorted[0];
  for (let i = 1; i <= sorted.length; i++) {
    if (sorted[i] !== sorted[i - 1]! + 1) {
      const end = sorted[i - 1]!;
      runs.push(start === end ? `${start}` : `${start}-${end}`);
      start = sorted[i];
    }
  }
  return runs.join(', ');
}

/** One area's population figures by mid-year, split into estimates and projection. */
export interface AreaPopulationInputs {
  estimates: Map<number, number>;
  projection?: Map<number, number>;
  /** Files the figures came from, in order. */
  estimateSources: string[];
  projectionSources: string[];
  /** Single years of age 0-17 by mid-year, from projection layouts (for age-band models). */
  byAge: Map<number, number[]>;
}

/**
 * The population figures for one area from all population files. A record matches the area by
 * GSS code, DfE number or name; a file that names no area at all (simple layout without area
 * columns) applies to whichever single area is being projected. Later files win for the same year.
 */
export function populationForArea(
  files: readonly PopulationFile[],
  area: Area,
): AreaPopulationInputs {
  const result: AreaPopulationInputs = {
    estimates: new Map(),
    estimateSources: [],
    projectionSources: [],
    byAge: new Map(),
  };
  for (const file of files) {
    const records = file.records.filter((r) => isUnnamed(r) || sameArea(r.area, area));
    if (records.length === 0) continue;
    const target = file.kind === 'estimate' ? result.estimates : (result.projection ??= new Map());
    (file.kind === 'estimate' ? result.estimateSources : result.projectionSources).push(file.source);
    for (const record of records) {
      target.set(record.midYear, record.population0to17);
      if (record.byAge) result.byAge.set(record.midYear, record.byAge);
    }
  }
  return result;
}

function isUnnamed(record: PopulationRecord): boolean {
  return record.area.code === '' && record.area.dfeCode === undefined && record.area.name === UNNAMED_AREA;
}
