import { describe, expect, it } from 'vitest';
import { parseCapacity, parseCosts, parseMix, parsePlacements } from '../../src/io/placements.js';
import { expectInputError } from '../helpers/errors.js';

describe('placements without age_band', () => {
  it('rows by year and type, with no counts by band', () => {
    const file = parsePlacements('p.csv', 'year,placement_type,count\n2024,foster,10\n2024,residential,5\n');
    expect(file.byAgeBand).toBe(false);
    expect(file.rows).toEqual([
      { year: 2024, placementType: 'fostering', count: 10 },
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
      { year: 2024, placementType: 'fostering', count: 10, byBand: { under1: 3, '1to4': 3, '16plus': 4 } },
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

  it('two names of one type add up, as two rows of it would', () => {
    const file = parsePlacements('p.csv', 'year,placement_type,count\n2024,IFA foster,60\n2024,fostering_agency,7\n');
    expect(file.rows).toEqual([{ year: 2024, placementType: 'fostering_agency', count: 67 }]);
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
      { year: 2025, placementType: 'fostering_inhouse', places: 125 },
    ]);
    expect([...parseMix('m.csv', 'placement_type,share\nin-house foster,0.6\nsecure,0.4\n').shares.keys()]).toEqual([
      'fostering_inhouse',
      'secure_childrens_home',
    ]);
  });

  it('a mix naming one type twice (two of its names) is refused: its shares would be lost', () => {
    expectInputError(() => parseMix('m.csv', 'placement_type,share\nIFA foster,0.5\nfostering_agency,0.5\n'), {
      code: 'bad-value',
      line: 3,
      message: /fostering_agency is given twice/,
    });
  });
});
