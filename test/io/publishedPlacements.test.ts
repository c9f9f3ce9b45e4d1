import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPACT_COLUMNS, compactRecords, parsePublishedPlacements } from '../../src/io/publishedPlacements.js';
import type { PublishedPlacementYear } from '../../src/model/sufficiency/published.js';
import { renderCsv } from '../../src/report/csv.js';
import { fixture, root } from '../cli/run.js';
import { expectInputError } from '../helpers/errors.js';

// Extracts of DfE's files as published (fixtures/README.md, "DfE's published placements"): rows
// copied unchanged from ../shared/data/dfe-formats/; the 2025 layout is the same cells under the 2025
// release's column names.
const read = (name: string) => parsePublishedPlacements(name, readFileSync(fixture(`dfe/${name}`), 'utf8'));
const pre2025 = read('la_cla_on_31_march_by_characteristics_sample.csv');
const layout2025 = read('la_cla_on_31_march_by_characteristics_2025_layout_sample.csv');
const older = read('la_cla_on_31_march_placements_2010to2017_sample.csv');
const find = (years: PublishedPlacementYear[], name: string, year: number) => years.find((y) => y.area.name === name && y.year === year)!;

describe("DfE's la_cla_on_31_march_by_characteristics, pre-2025 column names (cla_group, characteristic, number)", () => {
  it('reads Birmingham 2022 as published (sample lines 79-109): total 2,104, suppressed cells missing, not zero', () => {
    expect(pre2025.layout).toBe('dfe');
    const b = find(pre2025.years, 'Birmingham', 2022);
    expect(b.area).toEqual({ code: 'E08000025', dfeCode: '330', name: 'Birmingham' });
    expect(b.placement).toEqual({
      total: 2104,
      foster: 1473,
      supported: 168,
      other: null, // "c"
      other_residential: null,
      adoption: 76,
      with_parents: 172,
      residential_schools: null,
      homes_secure: 198,
    });
    expect(b.provider).toEqual({
      total: 2104,
      other_la: 15,
      other_public: null,
      own: null,
      parents: 172,
      not_reported: null,
      private: 933,
      voluntary: 973,
    });
    expect(b.locality).toEqual({ total: 2104, inside: 1276, outside: 828 });
    // the plain distance table wins over the table of distance by locality
    expect(b.distance).toEqual({ total: 2104, up_to_20: 1746, over_20: 251, not_known: 107 });
  });

  it("keeps councils only, and only the placement, provider, locality and distance tables (England's and the age rows are skipped)", () => {
    expect(pre2025.years.map((y) => `${y.area.name} ${y.year}`).sort()).toEqual(
      ['Birmingham', 'Cumberland', 'Doncaster', 'Kent', 'Tower Hamlets'].flatMap((n) => [`${n} 2021`, `${n} 2022`]),
    );
    // Cumberland's "z" (not applicable: 2023 geography) is missing everywhere
    expect(Object.values(find(pre2025.years, 'Cumberland', 2022).placement).every((v) => v === null)).toBe(true);
  });
});

describe('the 2025 release (characteristic, breakdown, children_count, with time_identifier and country columns)', () => {
  it('reads the same figures as the older column names', () => {
    expect(layout2025.layout).toBe('dfe-2025');
    expect(layout2025.years).toEqual(pre2025.years);
  });
});

describe('the long 2010-2017 table gathered from the yearly files', () => {
  it("adds 2010's SSDA903 codes up into their category (aggregate_category); a suppressed code leaves it missing", () => {
    const b = find(older.years, 'Birmingham', 2010);
    // H5 34 + K1 7 + K2 224 = 265; Q1 233 + Q2 1,172 = 1,405; A3 0 + A4 x + A5 7 + A6 52: missing
    expect(b.placement.homes_secure_semi).toBe(265);
    expect(b.placement.foster).toBe(1405);
    expect(b.placement.adoption).toBeNull();
    // R1 0 + R2 x + R3 11 + R5 x: missing; S1 19; Z1 16; P2 51 + P3 0
    expect(b.placement.other_residential).toBeNull();
    expect(b.placement).toMatchObject({ total: 2033, residential_schools: 19, other: 16, community: 51, with_parents: 191 });
    // 2010 publishes no providers, locality or distance
    expect(b.provider).toEqual({});
  });

  it('2017: distance from the table of distance by locality (3 + 4 over 20 miles: 6 + 238)', () => {
    const b = find(older.years, 'Birmingham', 2017);
    expect(b.distance).toEqual({ total: 1841, up_to_20: 1035 + 442, over_20: 6 + 238, not_known: 91 + 29 });
    expect(b.locality).toMatchObject({ total: 1841, outside: 709 });
  });
});

describe('the bundled compact file (data/england/placements-by-council-2010-2022.csv)', () => {
  const bundled = parsePublishedPlacements('bundled', readFileSync(`${root}data/england/placements-by-council-2010-2022.csv`, 'utf8'));

  it("holds, for the councils of the extracts, exactly what the reader reads from DfE's files", () => {
    expect(bundled.layout).toBe('compact');
    for (const y of [...pre2025.years, ...older.years]) {
      expect(find(bundled.years, y.area.name, y.year), `${y.area.name} ${y.year}`).toEqual(y);
    }
  });

  it('covers every council in 2021-2022 (153, Cumberland and Westmorland and Furness with no figures) and 2010-2017', () => {
    const councils = (year: number) => bundled.years.filter((y) => y.year === year).length;
    expect(councils(2022)).toBe(153);
    expect(councils(2021)).toBe(153);
    expect(councils(2010)).toBeGreaterThan(148);
    expect([...new Set(bundled.years.map((y) => y.year))].sort()).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2021, 2022]);
  });

  it('writes and reads back the same figures (compact layout round trip)', () => {
    const text = renderCsv(COMPACT_COLUMNS, compactRecords(pre2025.years));
    expect(parsePublishedPlacements('c.csv', text).years).toEqual(
      [...pre2025.years].sort((a, b) => a.area.dfeCode!.localeCompare(b.area.dfeCode!) || a.year - b.year),
    );
  });
});

describe('published placements: bad input', () => {
  const header = 'time_period,geographic_level,new_la_code,old_la_code,la_name,cla_group,characteristic,number\n';
  const row = (category: string, n: string) => `2022,Local authority,E08000025,330,Birmingham,Placement,${category},${n}\n`;

  it('a category of a kept table it does not know is an error naming file, line and column (never guessed)', () => {
    expectInputError(() => parsePublishedPlacements('p.csv', header + row('Total', '10') + row('Boarding school', '2')), {
      code: 'bad-value',
      file: 'p.csv',
      line: 3,
      column: 'characteristic',
      message: /"Boarding school" is not a category of DfE's placement table lacproj knows/,
    });
  });

  it('a category given twice for a council and year', () => {
    expectInputError(() => parsePublishedPlacements('p.csv', header + row('Total', '10') + row('Total', '11')), {
      code: 'duplicate-year',
      line: 3,
      message: /Birmingham 2022 "Total" appears twice \(first on line 2\)/,
    });
  });

  it('a count that is not a number or a marker', () => {
    expectInputError(() => parsePublishedPlacements('p.csv', header + row('Total', 'many')), {
      code: 'bad-number',
      line: 2,
      column: 'number',
    });
  });

  it('another layout', () => {
    expectInputError(() => parsePublishedPlacements('p.csv', 'year,placement_type,count\n2022,fostering,3\n'), {
      code: 'unknown-layout',
      message: /expected DfE's la_cla_on_31_march_by_characteristics/,
    });
  });
});
