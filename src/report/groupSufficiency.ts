import { formatNumber } from './format.js';
import type { GroupSufficiency } from './groupModel.js';
import { DEFAULT_WIDTH, wrapText, type WidthOptions } from './plain-table.js';
import { localityRecords, renderSufficiencyTable, SUFFICIENCY_COLUMNS, sufficiencyRecords, type SufficiencyRecord } from './sufficiency.js';
import { basisNotes, describeBasis } from './sufficiencyBasis.js';

/** The outputs of `sufficiency --group`: the group's placements, gap and costs, then each member's. */

export const GROUP_SUFFICIENCY_COLUMNS = ['level', 'group', ...SUFFICIENCY_COLUMNS] as const;

/** Where the members' placement counts came from, one line per source (said per member). */
export function describeSources(g: GroupSufficiency): string[] {
  const bySource = new Map<string, string[]>();
  for (const s of g.sources) bySource.set(s.source, [...(bySource.get(s.source) ?? []), s.area.name]);
  return [...bySource].map(([source, names]) => `${source}: ${names.join(', ')}`);
}

/** The group's own places (a capacity file's rows naming the group), in a line. */
export function describeShared(g: GroupSufficiency): string | undefined {
  if (g.shared.length === 0) return undefined;
  return `shared places of the group (in the capacity file): ${g.shared.map((c) => `${c.placementType} ${formatNumber(c.places)} from ${c.year}`).join(', ')}; each type's places for the group are these plus its members' own`;
}

/** The header of each group, then the sufficiency tables of the total and each member. */
export function renderGroupSufficiencyTable(groups: readonly GroupSufficiency[], { width = DEFAULT_WIDTH }: WidthOptions = {}): string {
  const out: string[] = [];
  for (const g of groups) {
    out.push(
      ...wrapText(`${g.group.name}: placements for a group of ${g.members.length} councils, its total first, then each member`, width),
    );
    out.push(...wrapText("Placement counts, by member (each member's own mix on its own projection; the group's are their sum):", width));
    for (const line of describeSources(g)) out.push(...wrapText(line, width, '  '));
    const shared = describeShared(g);
    if (shared) out.push(...wrapText(shared, width, '  '));
    for (const w of g.warnings) out.push(...wrapText(`warning: ${w}`, width, '  '));
    out.push('', renderSufficiencyTable([g.total, ...g.members], { width }));
  }
  return out.join('\n');
}

/** Tidy rows: per group, the total's (level "group", empty area_code), then each member's. */
export function groupSufficiencyRecords(groups: readonly GroupSufficiency[]): (SufficiencyRecord & { level: string; group: string })[] {
  return groups.flatMap((g) => [
    ...sufficiencyRecords([g.total]).map((r) => ({ level: 'group', group: g.group.name, ...r })),
    ...sufficiencyRecords(g.members).map((r) => ({ level: 'council', group: g.group.name, ...r })),
  ]);
}

/** The JSON body: each group with its sources, shared places and the areas as `sufficiency` gives them. */
export function groupSufficiencyJson(groups: readonly GroupSufficiency[]): Record<string, unknown> {
  return {
    groups: groups.map((g) => ({
      group: { name: g.group.name, code: g.group.code, source: g.group.source },
      placements_by_member: g.sources.map((s) => ({ area: s.area, source: s.source, published: s.published })),
      shared_places: g.shared.map((c) => ({ year: c.year, placement_type: c.placementType, places: c.places })),
      warnings: g.warnings,
      areas: [g.total, ...g.members].map((r, i) => ({
        level: i === 0 ? 'group' : 'council',
        area: r.area,
        method: r.method,
        placement_types: describeBasis(r.basis),
        warnings: r.warnings ?? [],
        notes: basisNotes(r.basis),
        ...(r.locality ? { locality: localityRecords(r.locality) } : {}),
      })),
    })),
    records: groupSufficiencyRecords(groups),
  };
}
