import { InputError } from '../errors.js';
import type { GroupDefinition } from '../model/areas/groups.js';
import { normaliseName } from '../model/areas/matching.js';
import { cell, parseTable, requireColumn, type ReadOptions } from './table.js';
import { shown } from './values.js';

/**
 * A groups file (`--groups`): `group,area`, one row per member, the area as `--area` takes it (name,
 * GSS code or DfE number). A council may belong to several groups; a group's rows need not be
 * together. Whether each member is in the history is checked when a group is run.
 * @throws InputError `missing-column`, `bad-value` (an empty cell, a group called "all"),
 *   `duplicate-entry` (a council twice in one group), `empty-file` (no rows: parseTable)
 */
export function parseGroups(text: string, source: string, read: ReadOptions = {}): GroupDefinition[] {
  const table = parseTable(text, source, read);
  const groupColumn = requireColumn(table, 'groups', 'group');
  const areaColumn = requireColumn(table, 'groups', 'area');
  const groups = new Map<string, { name: string; members: { query: string; line: number }[]; lines: Map<string, number> }>();
  for (const row of table.rows) {
    const name = cell(row, groupColumn).trim();
    const query = cell(row, areaColumn).trim();
    for (const [value, column] of [
      [name, groupColumn.name],
      [query, areaColumn.name],
    ] as const) {
      if (value === '') throw new InputError('bad-value', `the ${column} is empty`, { file: source, line: row.line, column });
    }
    if (name.toLowerCase() === 'all') {
      throw new InputError('bad-value', '"all" runs every group of the file (--group all): give this group another name', {
        file: source,
        line: row.line,
        column: groupColumn.name,
      });
    }
    const key = normaliseName(name);
    const group = groups.get(key) ?? { name, members: [], lines: new Map<string, number>() };
    groups.set(key, group);
    const first = group.lines.get(normaliseName(query));
    if (first !== undefined) {
      throw new InputError(
        'duplicate-entry',
        `"${shown(query)}" is in group "${group.name}" twice, on lines ${first} and ${row.line}: give it once`,
        {
          file: source,
          line: row.line,
          column: areaColumn.name,
        },
      );
    }
    group.lines.set(normaliseName(query), row.line);
    group.members.push({ query, line: row.line });
  }
  if (groups.size === 0)
    throw new InputError('no-usable-rows', 'the groups file has a header but no rows: expected group,area rows', { file: source });
  return [...groups.values()].map((g) => ({ kind: 'file', name: g.name, source, members: g.members }));
}
