import { describe, expect, it } from 'vitest';
import { parseCapacity, parseCosts, parseMix, parsePlacements } from '../../src/io/placements.js';
import { expectInputError } from '../helpers/errors.js';

describe('placements without age_band', () => {
  it('rows by year and type, with no counts by band', () => {
    const file = parsePlacements('p.csv', 'year,placement_type,count\n2024,foster,10\n2024,residential,5\n');
    expect(file.byAgeBand).toBe(false);
    expect(file.rows).toEqual([
      { year: 2024, placementType: 'foster', count: 10, line: 2 },
      { year: 2024, placementType: 'residential', count: 5, line: 3 },
    ]);
  });
});

describe('placements with age_band', () => {
  it("keeps the count by band, DfE spellings normalised, and the type's total", () => {
    const file = parsePlacements(
      'p.csv',
      'year,age_band,placement_type,count\n2024,Under 1 year,foster,2\n2024,5 to 9 years,foster,1\n2024,1 to 4 years,foster,3\n2024,16 years and over,supported,7\n2024,16PLUS,foster,4\n2024,10to15,foster,x\n',
    );
    expect(file.byAgeBand).toBe(true);
    expect(file.rows).toEqual([
      { year: 2024, placementType: 'foster', count: 10, line: 2, byBand: { under1: 2, '5to9': 1, '1to4': 3, '16plus': 4 } },
      { year: 2024, placementType: 'supported', count: 7, line: 5, byBand: { '16plus': 7 } },
    ]);
  });

  it('an unknown band is an error naming file, line and column', () => {
    expectInputError(() => parsePlacements('p.csv', 'year,age_band,placement_type,count\n2024,1to4,foster,3\n2024,teenagers,foster,3\n'), {
      code: 'bad-value',
      file: 'p.csv',
      line: 3,
      column: 'age_band',
      message: /p\.csv line 3, column "age_band": expected a DfE age band \(under1, 1to4, 5to9, 10to15, 16plus.*got "teenagers"/,
    });
  });

  it('an empty band is an error too (a total row would count children twice)', () => {
    expectInputError(() => parsePlacements('p.csv', 'year,age_band,placement_type,count\n2024,,foster,3\n'), {
      code: 'bad-value',
      line: 2,
      column: 'age_band',
    });
  });
});

describe('what one row must give, given twice or as nothing (issue 21)', () => {
  it('a placement type and year twice is refused naming both lines, not added up', () => {
    expectInputError(() => parsePlacements('p.csv', 'year,placement_type,count\n2024,foster,10\n2024,residential,5\n2024,Foster ,7\n'), {
      code: 'duplicate-entry',
      file: 'p.csv',
      line: 4,
      column: 'placement_type',
      message: /Foster on 31 March 2024 is given twice, on lines 2 \(as "foster"\) and 4: give it once/,
    });
    // the same type in two councils, or in two years, is not a repeat
    expect(
      parsePlacements('p.csv', 'area_code,year,placement_type,count\nE1,2024,foster,10\nE2,2024,foster,5\nE1,2023,foster,4\n').rows,
    ).toHaveLength(3);
  });

  it('a band of a type and year twice is refused', () => {
    expectInputError(
      () => parsePlacements('p.csv', 'year,age_band,placement_type,count\n2024,Under 1 year,foster,2\n2024,under1,foster,1\n'),
      {
        code: 'duplicate-entry',
        line: 3,
        message: /foster on 31 March 2024 \(age under1\) is given twice, on lines 2 and 3/,
      },
    );
  });

  it('two weekly costs for one type are refused naming both lines', () => {
    expectInputError(() => parseCosts('c.csv', 'placement_type,weekly_cost\nresidential,5000\nfoster,900\nResidential,6500\n', 2025), {
      code: 'duplicate-entry',
      file: 'c.csv',
      line: 4,
      message: /a weekly cost of Residential is given twice, on lines 2 \(as "residential"\) and 4/,
    });
  });

  it('places of a type and year twice are refused', () => {
    expectInputError(() => parseCapacity('cap.csv', 'year,placement_type,places\n2024,residential,20\n2024,residential,25\n'), {
      code: 'duplicate-entry',
      line: 3,
      message: /places of residential in 2024 is given twice, on lines 2 and 3/,
    });
  });

  it('a share of one type twice in a mix is refused, not the last one kept', () => {
    // 0.5 + 0.5 adds up to 1 only if the second foster share replaces the first
    expectInputError(() => parseMix('m.csv', 'placement_type,share\nfoster,0.5\nresidential,0.5\nfoster,0.5\n'), {
      code: 'duplicate-entry',
      line: 4,
      message: /the share of foster is given twice, on lines 2 and 4/,
    });
  });
});
