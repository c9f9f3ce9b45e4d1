import type { Area, AreaHistory, HistoryYear } from '../types.js';

/**
 * A local government reorganisation: predecessor councils (DfE numbers) replaced by successors
 * from the year ending 31 March `firstYear`. Both cover the same children, so their sums form one
 * continuous series that can be projected and backtested like any other area.
 */
export interface Reorganisation {
  name: string;
  firstYear: number;
  predecessors: string[];
  successors: string[];
}

/** The English reorganisations that break DfE series (DfE numbers from DfE's LA list). */
export const REORGANISATIONS: readonly Reorganisation[] = [
  // Dorset (835), Poole (836) and Bournemouth (837) -> Dorset (838) and BCP (839), 1 April 2019
  {
    name: 'Dorset and Bournemouth, Christchurch and Poole',
    firstYear: 2020,
    predecessors: ['835', '836', '837'],
    successors: ['838', '839'],
  },
  // Northamptonshire (928) -> North (940) and West (941) Northamptonshire, 1 April 2021
  { name: 'Northamptonshire (North and West)', firstYear: 2022, predecessors: ['928'], successors: ['940', '941'] },
  // Cumbria (909) -> Cumberland (942) and Westmorland and Furness (943), 1 April 2023
  { name: 'Cumbria (Cumberland and Westmorland and Furness)', firstYear: 2024, predecessors: ['909'], successors: ['942', '943'] },
];

export interface JoinedArea {
  reorganisation: Reorganisation;
  area: Area;
  predecessors: Area[];
  successors: Area[];
}

const FIELDS = ['cla', 'starts', 'ceased', 'uasc'] as const;

/** Sum of a field over areas; null unless every area has it that year. */
function sumField(histories: AreaHistory[], year: number, field: (typeof FIELDS)[number]): number | null {
  let total = 0;
  for (const h of histories) {
    const value = h.years.find((y) => y.year === year)?.[field];
    if (value === undefined || value === null) return null;
    total += value;
  }
  return total;
}

/**
 * Replace the councils of each reorganisation found in `areas` (at least one predecessor and one
 * successor present) by one joined area: predecessors summed before `firstYear`, successors from
 * it. A year where any part is missing or suppressed is missing in the sum, never a partial total.
 */
export function joinReorganisedAreas(areas: readonly AreaHistory[]): { areas: AreaHistory[]; joined: JoinedArea[] } {
  let remaining = [...areas];
  const joined: JoinedArea[] = [];
  const added: AreaHistory[] = [];
  for (const reorganisation of REORGANISATIONS) {
    const pick = (codes: string[]) => remaining.filter((a) => a.area.dfeCode !== undefined && codes.includes(a.area.dfeCode));
    const before = pick(reorganisation.predecessors);
    const after = pick(reorganisation.successors);
    if (before.length === 0 || after.length === 0) continue;
    const years = [...new Set([...before, ...after].flatMap((h) => h.years.map((y) => y.year)))].sort((a, b) => a - b);
    const combinedYears: HistoryYear[] = years.map((year) => {
      const parts = year < reorganisation.firstYear ? before : after;
      const complete =
        year < reorganisation.firstYear
          ? before.length === reorganisation.predecessors.length
          : after.length === reorganisation.successors.length;
      const row: HistoryYear = { year, cla: null, starts: null, ceased: null, uasc: null };
      if (complete) for (const field of FIELDS) row[field] = sumField(parts, year, field);
      return row;
    });
    const area: Area = {
      code: '',
      dfeCode: [...reorganisation.predecessors, ...reorganisation.successors].join('+'),
      name: reorganisation.name,
    };
    added.push({ area, years: fillGaps(combinedYears) });
    joined.push({ reorganisation, area, predecessors: before.map((h) => h.area), successors: after.map((h) => h.area) });
    remaining = remaining.filter((h) => !before.includes(h) && !after.includes(h));
  }
  return { areas: [...remaining, ...added], joined };
}

function fillGaps(years: HistoryYear[]): HistoryYear[] {
  if (years.length === 0) return years;
  const out: HistoryYear[] = [];
  for (let year = years[0]!.year; year <= years.at(-1)!.year; year++) {
    out.push(years.find((y) => y.year === year) ?? { year, cla: null, starts: null, ceased: null, uasc: null });
  }
  return out;
}

/**
 * Population of a joined area by mid-year: the predecessors' sum where every predecessor has a
 * figure, else the successors' sum where every successor has one (same children, either way).
 */
export function joinPopulation(
  predecessors: readonly ReadonlyMap<number, number>[],
  successors: readonly ReadonlyMap<number, number>[],
): Map<number, number> {
  const sum = (maps: readonly ReadonlyMap<number, number>[], midYear: number) =>
    maps.length > 0 && maps.every((m) => m.has(midYear)) ? maps.reduce((s, m) => s + m.get(midYear)!, 0) : undefined;
  const years = new Set([...predecessors, ...successors].flatMap((m) => [...m.keys()]));
  const joined = new Map<number, number>();
  for (const midYear of [...years].sort((a, b) => a - b)) {
    const value = sum(predecessors, midYear) ?? sum(successors, midYear);
    if (value !== undefined) joined.set(midYear, value);
  }
  return joined;
}

/** A reorganisation whose successors are run as the councils they are, each with its own code. */
export interface Replaced {
  reorganisation: Reorganisation;
  /** The councils replaced, as the history has them (their years end before `firstYear`). */
  predecessors: AreaHistory[];
  /** The current councils, as the history has them. */
  successors: AreaHistory[];
}

/**
 * The current councils: where a reorganisation's successors are in `areas`, the councils they
 * replaced are taken out (their series end before the successors begin, and count several of
 * today's councils together). Each successor stays as it is, with its own code and years.
 */
export function currentCouncils(areas: readonly AreaHistory[]): { areas: AreaHistory[]; replaced: Replaced[] } {
  const replaced: Replaced[] = [];
  for (const reorganisation of REORGANISATIONS) {
    const pick = (codes: string[]) => areas.filter((a) => a.area.dfeCode !== undefined && codes.includes(a.area.dfeCode));
    const predecessors = pick(reorganisation.predecessors);
    const successors = pick(reorganisation.successors);
    if (successors.length > 0) replaced.push({ reorganisation, predecessors, successors });
  }
  const gone = new Set(replaced.flatMap((r) => r.predecessors));
  return { areas: areas.filter((a) => !gone.has(a)), replaced };
}
