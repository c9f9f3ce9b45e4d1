import { InputError } from '../../errors.js';
import type { Area } from '../types.js';

/**
 * GSS codes replaced when a county council became a unitary without changing its area or DfE
 * number (April 2023): the old code and the new one name the same council.
 */
const CODE_CHANGES: ReadonlyMap<string, string> = new Map([
  ['E10000023', 'E06000065'], // North Yorkshire (DfE 815)
  ['E10000027', 'E06000066'], // Somerset (DfE 933)
]);

/** A GSS code as its council is known today (old codes of renamed councils mapped forward). */
export function currentCode(code: string): string {
  return CODE_CHANGES.get(code) ?? code;
}

/**
 * Whether two records name the same area: same GSS code, else same DfE number, else the same name
 * ignoring case. GSS codes change when boundaries do (Northumberland E06000048 -> E06000057) while
 * DfE numbers and names stay, so codes that differ do not by themselves rule a match out.
 */
export function sameArea(a: Area, b: Area): boolean {
  if (a.code !== '' && currentCode(a.code) === currentCode(b.code)) return true;
  if (a.dfeCode !== undefined && a.dfeCode === b.dfeCode) return true;
  if (a.dfeCode !== undefined && b.dfeCode !== undefined) return false;
  return normaliseName(a.name) === normaliseName(b.name);
}

export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Whether a user's `--area` text picks this area: GSS code, DfE number or name, any case. */
export function areaMatchesQuery(area: Area, query: string): boolean {
  const q = query.trim().toLowerCase();
  return (
    area.code.toLowerCase() === q ||
    (area.code !== '' && currentCode(area.code).toLowerCase() === currentCode(query.trim().toUpperCase()).toLowerCase()) ||
    (area.dfeCode !== undefined && area.dfeCode.toLowerCase() === q) ||
    normaliseName(area.name) === normaliseName(query)
  );
}

/** Edit distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `limit` areas whose name is close to the query (contains it, or within a few edits). */
export function closeMatches(query: string, areas: readonly Area[], limit = 5): Area[] {
  const q = normaliseName(query);
  if (q === '') return [];
  return areas
    .map((area) => {
      const name = normaliseName(area.name);
      const distance = name.includes(q) || q.includes(name) ? 0 : editDistance(q, name);
      return { area, distance };
    })
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(q.length / 3)))
    .sort((x, y) => x.distance - y.distance || x.area.name.localeCompare(y.area.name, 'en'))
    .slice(0, limit)
    .map(({ area }) => area);
}

export function describeArea(area: Area): string {
  const codes = [area.code, area.dfeCode].filter((c) => c !== undefined && c !== '');
  return codes.length > 0 ? `${area.name} (${codes.join(', ')})` : area.name;
}

/**
 * The areas a `--area` value picks: one by GSS code, DfE number or name; `all` for every area;
 * nothing needed when there is only one.
 * @throws InputError `unknown-area` with close matches, `ambiguous-area` when a choice is needed
 */
export function selectAreas(query: string | undefined, areas: readonly Area[], source: string): Area[] {
  if (query !== undefined && query.trim().toLowerCase() === 'all') return [...areas];
  if (query === undefined) {
    if (areas.length === 1) return [areas[0]!];
    const examples = areas
      .slice(0, 3)
      .map((a) => a.code || a.name)
      .join(', ');
    throw new InputError(
      'ambiguous-area',
      `the history has ${areas.length} areas: pick one with --area (a GSS code, DfE number or name, e.g. ${examples}) or use --area all`,
      { file: source },
    );
  }
  const matches = areas.filter((area) => areaMatchesQuery(area, query));
  if (matches.length > 0) return matches.slice(0, 1);
  const close = closeMatches(query, areas);
  const hint = close.length > 0 ? `; close matches: ${close.map(describeArea).join('; ')}` : '';
  throw new InputError('unknown-area', `no area "${query}" in the history${hint}`, { file: source });
}
