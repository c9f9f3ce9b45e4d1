import { InputError } from '../errors.js';
import { describeArea } from '../model/areas/matching.js';
import { AreaIndex, checkSameIdentity } from './identity.js';
import { DEFAULT_LIMITS, limitError, thousands, type Limits } from './limits.js';
import type { Area, AreaHistory, HistoryYear } from '../model/types.js';
import type { HistoryFile, HistoryRecord } from './history.js';
import { UNNAMED_AREA, type PopulationFile, type PopulationRecord } from './population.js';

const FIELDS = ['cla', 'starts', 'ceased', 'uasc'] as const;

/** Where each area-year came from, for messages about gaps. */
export interface Provenance {
  file: string;
  line: number;
}

export interface CombinedHistory {
  areas: AreaHistory[];
  /** Sentences for stderr, by area: which file replaced which area-years of an earlier one. */
  overrides: { area: Area; text: string }[];
  /** File and line each area-year was last given on, for messages (plausibility checks). */
  sources: Map<Area, Map<number, Provenance>>;
}

interface AreaBuilder {
  area: Area;
  years: Map<number, HistoryYear>;
  provenance: Map<number, Provenance>;
  /** Where the area was first given, and whether the file named it. */
  seen: Provenance;
  named: boolean;
}

/**
 * Merge history files in order. A later file replaces the fields it has (a DfE rate file has no
 * UASC column, so it keeps the UASC an earlier simple file gave) for the same area-years, and each
 * replacement is reported. Every area must then have one row per year with no gaps.
 * Areas are matched by GSS code, DfE number or name through an index (linear in the records).
 * @throws InputError `year-gap` naming the file and line after the gap; `area-conflict` when two
 *   lines give one area two identities or one file gives an area-year twice; `limit-exceeded`
 *   for more areas than `--max-areas`
 */
export function combineHistory(files: readonly HistoryFile[], limits: Readonly<Limits> = DEFAULT_LIMITS): CombinedHistory {
  const index = new AreaIndex<AreaBuilder>();
  const overrides: CombinedHistory['overrides'] = [];
  const maxAreas = limits.maxAreas;
  for (const file of files) {
    const replaced = new Map<AreaBuilder, { years: number[]; from: Set<string> }>();
    for (const record of file.records) {
      const where = { file: file.source, line: record.line };
      const named = !file.unnamedLines?.has(record.line);
      let builder = index.find(record.area);
      if (builder === undefined) {
        if (index.size >= maxAreas) {
          throw limitError(
            limits,
            'maxAreas',
            'the number of areas in the history',
            `more than ${thousands(maxAreas)} (the next is ${describeArea(record.area)})`,
            where,
          );
        }
        builder = { area: { ...record.area }, years: new Map(), provenance: new Map(), seen: where, named };
        index.add(builder);
      } else {
        rejectTwoIdentities(index, builder, record, where);
        checkSameIdentity(builder, { area: record.area, where, named });
        const before = `${builder.area.code}|${builder.area.dfeCode ?? ''}`;
        fillAreaCodes(builder.area, record.area);
        if (`${builder.area.code}|${builder.area.dfeCode ?? ''}` !== before) index.reindex(builder);
        if (!builder.named && named) {
          builder.named = true;
          builder.seen = where;
        }
      }
      const existing = builder.years.get(record.year);
      const earlier = builder.provenance.get(record.year);
      if (existing !== undefined && earlier !== undefined && earlier.file === file.source) {
        throw new InputError(
          'area-conflict',
          `${describeArea(builder.area)} ${record.year} is given twice, on line ${earlier.line} (${describeArea(recordAreaAt(file, earlier.line) ?? builder.area)}) and here (${describeArea(record.area)}): ` +
            'two areas with one identity, or one area under two codes; correct one of the two lines',
          { ...where, column: 'year' },
        );
      }
      if (existing !== undefined && earlier !== undefined) {
        const entry = replaced.get(builder) ?? { years: [], from: new Set() };
        entry.years.push(record.year);
        entry.from.add(earlier.file);
        replaced.set(builder, entry);
      }
      builder.years.set(record.year, mergeFields(existing, record));
      builder.provenance.set(record.year, where);
    }
    for (const [builder, { years, from }] of replaced) {
      overrides.push({
        area: builder.area,
        text: `${file.source} replaces ${builder.area.name} ${describeYears(years)} from ${[...from].join(', ')}`,
      });
    }
  }
  const sources = new Map<Area, Map<number, Provenance>>();
  const areas = [...index.values()].map((builder) => {
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
    sources.set(builder.area, builder.provenance);
    return { area: builder.area, years };
  });
  return { areas, overrides, sources };
}

/** The area of the record on a line of a file (for naming both sides of a conflict). */
function recordAreaAt(file: HistoryFile, line: number): Area | undefined {
  return file.records.find((r) => r.line === line)?.area;
}

/**
 * A record whose GSS code is one known area's and whose DfE number is another's names two areas.
 * @throws InputError `area-conflict`
 */
function rejectTwoIdentities(index: AreaIndex<AreaBuilder>, builder: AreaBuilder, record: HistoryRecord, where: Provenance): void {
  const other = [...index.withCode(record.area.code), ...index.withDfe(record.area.dfeCode)].find((b) => b !== builder);
  if (other === undefined) return;
  throw new InputError(
    'area-conflict',
    `${describeArea(record.area)} is ${describeArea(builder.area)} (${builder.seen.file} line ${builder.seen.line}) by one code and ` +
      `${describeArea(other.area)} (${other.seen.file} line ${other.seen.line}) by the other: an area must have one GSS code, one DfE number and one name; correct one of the lines`,
    where,
  );
}

function mergeFields(existing: HistoryYear | undefined, record: HistoryRecord): HistoryYear {
  const merged: HistoryYear = existing ? { ...existing } : { year: record.year, cla: null, starts: null, ceased: null, uasc: null };
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
function describeYears(years: readonly number[]): string {
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
 * A lookup of each area's estimates and projection in a set of population files, each file
 * indexed by area once (not scanned per area: a national file holds thousands of rows).
 */
export function populationLookup(files: readonly PopulationFile[]): (area: Area) => AreaPopulationInputs {
  const indexed = files.map((file) => ({ file, ...indexRecords(file) }));
  return (area) => {
    const result: AreaPopulationInputs = {
      estimates: new Map(),
      estimateSources: [],
      projectionSources: [],
      byAge: new Map(),
    };
    for (const { file, index, unnamed } of indexed) {
      const positions = [...unnamed, ...index.matches(area).flatMap((g) => g.positions)].sort((a, b) => a - b);
      if (positions.length === 0) continue;
      const target = file.kind === 'estimate' ? result.estimates : (result.projection ??= new Map());
      (file.kind === 'estimate' ? result.estimateSources : result.projectionSources).push(file.source);
      for (const p of positions) {
        const record = file.records[p]!;
        target.set(record.midYear, record.population0to17);
        if (record.byAge) result.byAge.set(record.midYear, record.byAge);
      }
    }
    return result;
  };
}

/**
 * The population figures for one area from all population files. A record matches the area by
 * GSS code, DfE number or name; a file that names no area at all (simple layout without area
 * columns) applies to whichever single area is being projected. Later files win for the same year.
 */
export function populationForArea(files: readonly PopulationFile[], area: Area): AreaPopulationInputs {
  return populationLookup(files)(area);
}

/** A population file's records grouped by area (positions in `file.records`, so matches keep the file's order). */
interface PopulationGroup {
  area: Area;
  positions: number[];
}

function indexRecords(file: PopulationFile): { index: AreaIndex<PopulationGroup>; unnamed: number[] } {
  const indexed = { index: new AreaIndex<PopulationGroup>(), unnamed: [] as number[] };
  const groups = new Map<string, PopulationGroup>();
  file.records.forEach((record, position) => {
    if (isUnnamed(record)) {
      indexed.unnamed.push(position);
      return;
    }
    const key = `${record.area.code}|${record.area.dfeCode ?? ''}|${record.area.name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { area: record.area, positions: [] };
      groups.set(key, group);
      indexed.index.add(group);
    }
    group.positions.push(position);
  });
  return indexed;
}

function isUnnamed(record: PopulationRecord): boolean {
  return record.area.code === '' && record.area.dfeCode === undefined && record.area.name === UNNAMED_AREA;
}
