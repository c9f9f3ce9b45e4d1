import { describe, expect, it } from 'vitest';
import { parseGroups } from '../../src/io/groups.js';
import { expectInputError } from '../helpers/errors.js';

describe('a groups file: group,area', () => {
  it('keeps each group in the order first met, its members in file order, a council in several groups', () => {
    const groups = parseGroups('group,area\nA,Bolton\nB,Bolton\nA,E08000002\nB,352\n', 'g.csv');
    expect(groups.map((g) => g.name)).toEqual(['A', 'B']);
    expect(groups.map((g) => (g.kind === 'file' ? g.members : []))).toEqual([
      [
        { query: 'Bolton', line: 2 },
        { query: 'E08000002', line: 4 },
      ],
      [
        { query: 'Bolton', line: 3 },
        { query: '352', line: 5 },
      ],
    ]);
  });

  it('needs both columns', () => {
    expectInputError(() => parseGroups('group,council\nA,Bolton\n', 'g.csv'), { code: 'missing-column', file: 'g.csv', line: 1 });
  });

  it('refuses an empty cell, a group called "all" and a council twice in one group, by line and column', () => {
    expectInputError(() => parseGroups('group,area\nA,\n', 'g.csv'), { code: 'bad-value', line: 2, column: 'area' });
    expectInputError(() => parseGroups('group,area\nAll,Bolton\n', 'g.csv'), { code: 'bad-value', line: 2, column: 'group' });
    expectInputError(() => parseGroups('group,area\nA,Bolton\nB,Bury\na,bolton\n', 'g.csv'), {
      code: 'duplicate-entry',
      line: 4,
      column: 'area',
      message: /"bolton" is in group "A" twice, on lines 2 and 4/,
    });
  });

  it('refuses a header with no rows', () => {
    expectInputError(() => parseGroups('group,area\n', 'g.csv'), { code: 'empty-file' });
  });
});
