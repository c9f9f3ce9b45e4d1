import { describe, expect, it } from 'vitest';
import { parseCapacity, parseCosts, parseMix, parsePlacements } from '../../src/io/placements.js';
import { expectInputError } from '../helpers/errors.js';

describe('placements without age_band', () => {
  it('rows by year and type, with no counts by band', () => {
    const file = parsePlacements('p.csv', 'year,placement_type,count\n2024,foster,10\n2024,residential,5\n');
    expect(file.byAgeBand).toBe(false);
    expect(file.rows).toEqual([
      { year: 2024, placementType: 'fostering', count: 10, line: 2 },
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
      { year: 2024, placementType: 'fostering', count: 10, line: 2, byBand: { under1: 2, '5to9': 1, '1to4': 3, '16plus': 4 } },
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

describe('placement types by key or alias', () => {
  it('old files\' names are read as the types of the one list (README, "Input files")', () => {
    const file = parsePlacements(
      'p.csv',
      "year,placement_type,count\n2024,in-house foster,119\n2024,IFA foster,67\n2024,residential,19\n2024,other,72\n2024,Secure homes and children's homes,3\n2024,KINSHIP,4\n",
    );
    expect(file.rows.map((r) => r.placementType)).toEqual([
      'fostering_inhouse',
      'fostering_agency',
      'residential',
      'other',
      'childrens_home_or_secure',
      'fostering_kinship',
    ]);
  });

  it('two names of one type are one type: given twice, refused naming both lines', () => {
    expectInputError(() => parsePlacements('p.csv', 'year,placement_type,count\n2024,IFA foster,60\n2024,fostering_agency,7\n'), {
      code: 'duplicate-entry',
      line: 3,
      message: /given twice, on lines 2 \(as "IFA foster"\) and 3/,
    });
  });

  it('a name the list does not know is an error naming file, line and column, with the names it knows', () => {
    expectInputError(() => parsePlacements('p.csv', 'year,placement_type,count\n2024,IFA foster,60\n2024,boarding,2\n'), {
      code: 'bad-value',
      file: 'p.csv',
      line: 3,
      column: 'placement_type',
      message:
        /expected a placement type, got "boarding"; the types \(and other names accepted\): fostering_inhouse \(or "in-house foster"/,
    });
  });
});

describe('mix, capacity and costs name types the same way', () => {
  it('read old names as the types of the list, so an old costs file prices the types a run reports', () => {
    expect(parseCosts('c.csv', 'placement_type,weekly_cost\nIFA foster,820\nresidential,3830\n', 2025).map((c) => c.placementType)).toEqual(
      ['fostering_agency', 'residential'],
    );
    expect(parseCapacity('p.csv', 'year,placement_type,places\n2025,in-house foster,125\n').rows).toEqual([
      { year: 2025, placementType: 'fostering_inhouse', places: 125, line: 2 },
    ]);
    expect([...parseMix('m.csv', 'placement_type,share\nin-house foster,0.6\nsecure,0.4\n').shares.keys()]).toEqual([
      'fostering_inhouse',
      'secure_childrens_home',
    ]);
  });

  it('a mix naming one type twice (two of its names) is refused: its shares would be lost', () => {
    expectInputError(() => parseMix('m.csv', 'placement_type,share\nIFA foster,0.5\nfostering_agency,0.5\n'), {
      code: 'duplicate-entry',
      line: 3,
      message: /the share of fostering_agency is given twice, on lines 2 \(as "IFA foster"\) and 3/,
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
      message: /fostering on 31 March 2024 is given twice, on lines 2 \(as "foster"\) and 4: give it once/,
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
        message: /fostering on 31 March 2024 \(age under1\) is given twice, on lines 2 and 3/,
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
