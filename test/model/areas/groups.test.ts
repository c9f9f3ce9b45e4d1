import { describe, expect, it } from 'vitest';
import { createRunContext } from '../../../src/app/context.js';
import { UsageError } from '../../../src/errors.js';
import { bundledGroups, findMembers, pickGroups, type GroupDefinition } from '../../../src/model/areas/groups.js';
import { joinReorganisedAreas } from '../../../src/model/areas/crosswalk.js';
import type { Area, AreaHistory } from '../../../src/model/types.js';
import { expectInputError } from '../../helpers/errors.js';

const table = createRunContext().bundled.regionTable();
const regions = bundledGroups(table);
const councils: Area[] = table.councils.map((c) => ({ code: c.code, dfeCode: c.dfeCode, name: c.name }));

describe('bundled groups: DfE regions, London as one, Inner and Outer London apart', () => {
  it('are the nine regions then Inner and Outer London', () => {
    expect(regions.map((g) => g.name)).toEqual([
      'North East',
      'North West',
      'Yorkshire and The Humber',
      'East Midlands',
      'West Midlands',
      'East of England',
      'London',
      'South East',
      'South West',
      'Inner London',
      'Outer London',
    ]);
  });

  it("hold DfE's councils: 33 in London, 14 in Inner, 19 in Outer (data/england/council-regions.csv)", () => {
    const count = (name: string) => findMembers(pickGroups(name, regions, undefined)[0]!, councils, [], 'h').members.length;
    expect(count('London')).toBe(33);
    expect(count('inner london')).toBe(14);
    expect(count('E13000002')).toBe(19);
    // North West: 23 councils and Cumbria's two successors (the table holds both)
    expect(count('North West')).toBe(25);
  });

  it('are picked by name (any case and spacing) or code; "all" is the nine regions', () => {
    expect(pickGroups('north  WEST', regions, undefined).map((g) => g.name)).toEqual(['North West']);
    expect(pickGroups('E12000007', regions, undefined).map((g) => g.name)).toEqual(['London']);
    expect(pickGroups('all', regions, undefined)).toHaveLength(9);
    expect(() => pickGroups('Wessex', regions, undefined)).toThrow(UsageError);
    expect(() => pickGroups('Wessex', regions, undefined)).toThrow(/no group "Wessex": expected a DfE region/);
  });
});

describe("a file's groups: members found as --area finds an area", () => {
  const group: GroupDefinition = {
    kind: 'file',
    name: 'Co-op',
    source: 'groups.csv',
    members: [
      { query: 'Bolton', line: 2 },
      { query: 'E08000002', line: 3 },
      { query: '352', line: 4 },
    ],
  };

  it('by name, GSS code or DfE number', () => {
    expect(findMembers(group, councils, [], 'h').members.map((m) => m.name)).toEqual(['Bolton', 'Bury', 'Manchester']);
  });

  it('refuses a member the history does not hold, naming the file, line and column, with close matches', () => {
    const bad: GroupDefinition = { ...group, members: [...group.members, { query: 'Boltn', line: 5 }] };
    expectInputError(() => findMembers(bad, councils, [], 'history.csv'), {
      code: 'unknown-area',
      file: 'groups.csv',
      line: 5,
      column: 'area',
      message: /group "Co-op": no council "Boltn" in the history \(history.csv\); close matches: Bolton/,
    });
  });

  it('counts a reorganised council as the joined series it is part of, once', () => {
    const history = (dfeCode: string, name: string, years: number[]): AreaHistory => ({
      area: { code: '', dfeCode, name },
      years: years.map((year) => ({ year, cla: 100, starts: null, ceased: null, uasc: null })),
    });
    const joined = joinReorganisedAreas([
      history('909', 'Cumbria', [2022, 2023]),
      history('942', 'Cumberland', [2024, 2025]),
      history('943', 'Westmorland and Furness', [2024, 2025]),
    ]);
    const both: GroupDefinition = {
      ...group,
      members: [
        { query: 'Cumberland', line: 2 },
        { query: 'Cumbria', line: 3 },
      ],
    };
    const found = findMembers(
      both,
      joined.areas.map((a) => a.area),
      joined.joined,
      'h',
    );
    expect(found.members.map((m) => m.dfeCode)).toEqual(['909+942+943']);
    expect(found.joinedAs.map((j) => j.query)).toEqual(['Cumberland', 'Cumbria']);
  });
});
