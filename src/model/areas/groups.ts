import { InputError, UsageError } from '../../errors.js';
import type { Area } from '../types.js';
import type { JoinedArea } from './crosswalk.js';
import { areaMatchesQuery, closeMatches, describeArea, normaliseName, sameArea } from './matching.js';
import { isCouncil, type RegionTable } from './regions.js';

/**
 * Groups of councils planned for together: DfE's regions (bundled: London as one, Inner and Outer
 * London also apart) and groups a file defines (a care co-operative, a commissioning consortium),
 * where a council may belong to several.
 */

/** A group as defined, before its members are found in a history. */
export type GroupDefinition =
  | {
      kind: 'region';
      name: string;
      /** The region's code (E12..., or E13... for Inner and Outer London). */
      code: string;
      /** Whether a council of the history is in the region (by the council -> region table). */
      includes: (area: Area) => boolean;
    }
  | {
      kind: 'file';
      name: string;
      /** The groups file. */
      source: string;
      /** Each member as the file names it (name, GSS code or DfE number) and its line. */
      members: readonly { query: string; line: number }[];
    };

/** A group with its members found among the areas of a history. */
export interface Group {
  name: string;
  /** The region's code, or '' for a group from a file. */
  code: string;
  /** Where the group was defined: "DfE region" or the groups file. */
  source: string;
  members: Area[];
  /** Members a file names that the history holds only as part of a joined council (reorganised). */
  joinedAs: { query: string; area: Area }[];
}

const INNER_OUTER: readonly { code: string; name: string }[] = [
  { code: 'E13000001', name: 'Inner London' },
  { code: 'E13000002', name: 'Outer London' },
];

/**
 * DfE's nine regions, London as one (as the recommended projection takes them), then Inner and
 * Outer London apart: DfE publishes both.
 */
export function bundledGroups(table: RegionTable): GroupDefinition[] {
  const regions = [...new Map(table.councils.map((c) => [c.region.code, c.region])).values()].sort((a, b) =>
    a.code.localeCompare(b.code, 'en'),
  );
  return [
    ...regions.map(
      (region): GroupDefinition => ({
        kind: 'region',
        name: region.name,
        code: region.code,
        includes: (area) => table.regionOf(area)?.code === region.code,
      }),
    ),
    ...INNER_OUTER.map(
      (part): GroupDefinition => ({
        kind: 'region',
        name: part.name,
        code: part.code,
        includes: (area) => table.councilOf(area)?.dfeRegion?.code === part.code,
      }),
    ),
  ];
}

/** Whether a user's `--group` text names this group: its name (any case, spacing, "&") or code. */
function groupMatches(group: GroupDefinition, query: string): boolean {
  return (
    normaliseName(group.name) === normaliseName(query) ||
    (group.kind === 'region' && group.code.toLowerCase() === query.trim().toLowerCase())
  );
}

/**
 * The groups `--group` picks: one by name (or a region's code), or `all`: every group of the file,
 * or without a file DfE's nine regions (not Inner and Outer London again).
 * @throws UsageError naming the groups there are when none matches
 */
export function pickGroups(query: string, groups: readonly GroupDefinition[], fromFile: string | undefined): GroupDefinition[] {
  if (query.trim().toLowerCase() === 'all') {
    return fromFile !== undefined ? [...groups] : groups.filter((g) => g.kind === 'region' && g.code.startsWith('E12'));
  }
  const found = groups.find((g) => groupMatches(g, query));
  if (found) return [found];
  const names = groups.map((g) => g.name);
  throw new UsageError(
    `no group "${query}"${fromFile !== undefined ? ` in ${fromFile}` : ''}: expected ${fromFile !== undefined ? 'one of its groups' : 'a DfE region (name or code)'}, ` +
      `${names.join(', ')}, or "all"` +
      (fromFile === undefined ? '; other groups come from a file (--groups FILE, columns group,area)' : ''),
  );
}

/**
 * A group's members among the councils of a history (reorganised councils already joined): a
 * region's councils by the table; a file's members each as `--area` finds an area (name, GSS code
 * or DfE number), or as the joined council a reorganised one is part of.
 * @throws InputError `unknown-area` for a file's member the history does not hold (file, line,
 *   column "area", with close matches), or a region with no council in the history
 */
export function findMembers(
  definition: GroupDefinition,
  areas: readonly Area[],
  joined: readonly JoinedArea[],
  historySource: string,
): Group {
  const councils = areas.filter(isCouncil);
  if (definition.kind === 'region') {
    const members = councils.filter(definition.includes);
    if (members.length === 0) {
      throw new InputError('unknown-area', `no council of ${definition.name} in the history`, { file: historySource });
    }
    return { name: definition.name, code: definition.code, source: 'DfE region', members, joinedAs: [] };
  }
  const members: Area[] = [];
  const joinedAs: Group['joinedAs'] = [];
  for (const { query, line } of definition.members) {
    let area = councils.find((a) => areaMatchesQuery(a, query));
    if (area === undefined) {
      const join = joined.find((j) => [...j.predecessors, ...j.successors].some((part) => areaMatchesQuery(part, query)));
      area = join ? councils.find((a) => sameArea(a, join.area)) : undefined;
      if (area !== undefined) joinedAs.push({ query, area });
    }
    if (area === undefined) {
      const close = closeMatches(query, councils);
      throw new InputError(
        'unknown-area',
        `group "${definition.name}": no council "${query}" in the history (${historySource})` +
          (close.length > 0 ? `; close matches: ${close.map(describeArea).join('; ')}` : ''),
        { file: definition.source, line, column: 'area' },
      );
    }
    // a joined council named twice (by its predecessor and its successor) is one member
    if (!members.includes(area)) members.push(area);
  }
  return { name: definition.name, code: '', source: definition.source, members, joinedAs };
}
