import { describe, expect, it } from 'vitest';
import { parsePlacements } from '../../src/io/placements.js';
import { expectInputError } from '../helpers/errors.js';

describe('placements without age_band', () => {
  it('rows by year and type, with no counts by band', () => {
    const file = parsePlacements('p.csv', 'year,placement_type,count\n2024,foster,10\n2024,residential,5\n');
    expect(file.byAgeBand).toBe(false);
    expect(file.rows).toEqual([
      { year: 2024, placementType: 'foster', count: 10 },
      { year: 2024, placementType: 'residential', count: 5 },
    ]);
  });
});

describe('placements with age_band', () => {
  it("keeps the count by band, DfE spellings normalised, and the type's total", () => {
    const file = parsePlacements(
      'p.csv',
      'year,age_band,placement_type,count\n2024,Under 1 year,foster,2\n2024,under1,foster,1\n2024,1 to 4 years,foster,3\n2024,16 years and over,supported,7\n2024,16PLUS,foster,4\n2024,10to15,foster,x\n',
    );
    expect(file.byAgeBand).toBe(true);
    expect(file.rows).toEqual([
      { year: 2024, placementType: 'foster', count: 10, byBand: { under1: 3, '1to4': 3, '16plus': 4 } },
      { year: 2024, placementType: 'supported', count: 7, byBand: { '16plus': 7 } },
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
