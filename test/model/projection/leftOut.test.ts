import { describe, expect, it } from 'vitest';
import { alignPopulation } from '../../../src/model/population/rebase.js';
import { projectArea } from '../../../src/model/projection/project.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../../../src/model/projection/types.js';
import { yearsInWords, type AreaHistory } from '../../../src/model/types.js';

// North Northamptonshire (E06000061, 940) in data/england/cla-history-2010-2022.csv: created in
// April 2021, one count (525 on 31 March 2022) and ONS estimates for mid-2021 on (79,186, 79,966).
const history: AreaHistory = {
  area: { code: 'E06000061', name: 'North Northamptonshire', dfeCode: '940' },
  years: [{ year: 2022, cla: 525, starts: 280, ceased: 254, uasc: null }],
};
const population = alignPopulation(
  new Map([
    [2021, 79186],
    [2022, 79966],
    [2023, 81494],
  ]),
  undefined,
  'none',
);
const options = {
  ...DEFAULT_PROJECTION_OPTIONS,
  methods: ['naive', 'avg3', 'trend', 'flow'] as const,
  optional: ['avg3', 'trend', 'naive', 'flow'] as const,
  toYear: 2024,
};

describe('a method left out of the default run says what it needs, in words', () => {
  it("names the method as the tables do, what it needs and the years the council has, not the model's function", () => {
    expect(() => projectArea(history, population, { ...options, optional: [] })).toThrow(/naive intervals require/);
    const { warnings, methods } = projectArea(history, population, options);
    expect(methods).toEqual([]);
    expect(warnings).toEqual([
      'naive (last count) left out: it needs a count for at least 3 years in a row to measure its range; this area has a count for 2022',
      'avg3 (average rate) left out: it needs a rate (a count, and the 0-17 population of the mid-year before) for at least 3 years in a row to measure its range; this area has a rate for 2022',
      'trend (trend rate) left out: it needs a rate (a count, and the 0-17 population of the mid-year before) for at least 3 years to fit a line; this area has a rate for 2022',
      'flow (inflow/outflow) left out: it needs children starting and ceasing to be looked after in a year and the counts on 31 March of that year and the year before; this area has starts and ceased for 2022',
    ]);
    for (const w of warnings) expect(w).not.toMatch(/averageRate|requires|intervals require/);
  });

  it('says "no year with a rate" where no count has a population (the model\'s "averageRate requires at least one year of history")', () => {
    const late = alignPopulation(
      new Map([
        [2022, 79966],
        [2023, 81494],
      ]),
      undefined,
      'none',
    );
    const { warnings } = projectArea(history, late, { ...options, methods: ['avg3'] });
    expect(warnings).toEqual([
      'avg3 (average rate) left out: it needs a rate (a count, and the 0-17 population of the mid-year before) for at least 3 years in a row to measure its range; this area has no year with a rate',
    ]);
  });

  it('writes years in runs', () => {
    expect(yearsInWords([2022])).toBe('2022');
    expect(yearsInWords([2022, 2020, 2021])).toBe('2020-2022');
    expect(yearsInWords([2015, 2017, 2018, 2019, 2021])).toBe('2015, 2017-2019, 2021');
    expect(yearsInWords([])).toBe('');
  });
});
