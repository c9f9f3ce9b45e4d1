import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { combineHistory } from '../../src/io/combine.js';
import { parseHistory } from '../../src/io/history.js';
import { DEFAULT_LIMITS } from '../../src/io/limits.js';
import { expectInputError } from '../helpers/errors.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('simple layout', () => {
  it('reads one area without area columns', () => {
    const file = parseHistory('year,cla,starts,ceased,uasc\n2024,277,149,173,30\n2025,284,168,162,37\n', 'th.csv', {
      defaultAreaName: 'th',
    });
    expect(file.layout).toBe('simple');
    expect(file.records).toEqual([
      { area: { code: '', name: 'th' }, year: 2024, line: 2, cla: 277, starts: 149, ceased: 173, uasc: 30 },
      { area: { code: '', name: 'th' }, year: 2025, line: 3, cla: 284, starts: 168, ceased: 162, uasc: 37 },
    ]);
  });

  it('reads area columns and DfE-style year labels', () => {
    const file = parseHistory('area_code,dfe_code,area_name,year,cla\nE09000030,211,Tower Hamlets,2024-25,284\n', 'h.csv');
    expect(file.records[0]).toMatchObject({ area: { code: 'E09000030', dfeCode: '211', name: 'Tower Hamlets' }, year: 2025, cla: 284 });
  });

  it('records suppression markers as missing, with their place', () => {
    const file = parseHistory('year,cla\n2024,c\n2025,284\n', 'h.csv');
    expect(file.records[0]!.cla).toBeNull();
    expect(file.missing).toEqual([{ file: 'h.csv', line: 2, column: 'cla', value: 'c', area: { code: '', name: 'Area' } }]);
  });

  it('rejects a duplicated year, naming both lines', () => {
    expectInputError(() => parseHistory('year,cla\n2024,277\n2023-24,280\n', 'h.csv'), {
      code: 'duplicate-year',
      line: 3,
      column: 'year',
      message: /first on line 2/,
    });
  });

  it('rejects a missing year', () => {
    expectInputError(() => parseHistory('year,cla\n,277\n', 'h.csv'), { code: 'missing-year', line: 2, column: 'year' });
  });

  it('rejects an unknown layout, saying which columns were expected', () => {
    expectInputError(() => parseHistory('date,children\n2024,277\n', 'h.csv'), {
      code: 'unknown-layout',
      line: 1,
      message: /expected columns year,cla.*found: date, children/,
    });
  });
});

describe("DfE's cla_number_and_rate_per_10k_children file", () => {
  it('reads the 2022 release schema (population_count, number)', () => {
    const file = parseHistory(fixture('dfe/cla-rate-2022-release-tower-hamlets.csv'), 'dfe2022.csv');
    expect(file.layout).toBe('dfe-rate');
    const th2022 = file.records.find((r) => r.area.code === 'E09000030' && r.year === 2022)!;
    // DfE published: 332 looked after, 182 started, 157 ceased (2022 release)
    expect(th2022).toMatchObject({ area: { name: 'Tower Hamlets', dfeCode: '211' }, cla: 332, starts: 182, ceased: 157 });
    const england = file.records.find((r) => r.area.code === 'E92000001')!;
    expect(england).toMatchObject({ area: { name: 'England' }, year: 2022, cla: 82170, starts: 31010, ceased: 30070 });
  });

  it('reads the 2025 release schema (population_type, children_count) with suppressed cells', () => {
    const file = parseHistory(fixture('dfe/cla-rate-2025-release-london.csv'), 'dfe2025.csv');
    const th2025 = file.records.find((r) => r.area.code === 'E09000030' && r.year === 2025)!;
    expect(th2025).toMatchObject({ cla: 284, starts: 168, ceased: 162 });
    const city2025 = file.records.find((r) => r.area.code === 'E09000001' && r.year === 2025)!;
    expect(city2025.cla).toBeNull();
    expect(city2025.ceased).toBe(18);
    expect(file.missing.some((m) => m.value === 'c')).toBe(true);
  });
});

describe('combining files', () => {
  it('lets a later file replace the fields it has, and says so', () => {
    const simple = parseHistory(
      'area_code,area_name,year,cla,uasc\nE09000030,Tower Hamlets,2022,330,70\nE09000030,Tower Hamlets,2023,301,37\n',
      'old.csv',
    );
    const dfe = parseHistory(fixture('dfe/cla-rate-2022-release-tower-hamlets.csv'), 'dfe.csv');
    const combined = combineHistory([simple, dfe]);
    const th = combined.areas.find((a) => a.area.code === 'E09000030')!;
    // 2018-2021 come from dfe.csv, 2022's count is replaced (330 -> 332) and keeps UASC from old.csv
    expect(th.years.map((y) => y.year)).toEqual([2018, 2019, 2020, 2021, 2022, 2023]);
    expect(th.years[4]).toEqual({ year: 2022, cla: 332, starts: 182, ceased: 157, uasc: 70 });
    expect(combined.overrides.map((o) => o.text)).toEqual(['dfe.csv replaces Tower Hamlets 2022 from old.csv']);
  });

  it('rejects a gap in the years', () => {
    const file = parseHistory('year,cla\n2018,10\n2019,12\n2022,11\n', 'gap.csv');
    expectInputError(() => combineHistory([file]), {
      code: 'year-gap',
      file: 'gap.csv',
      line: 4,
      message: /jumps from 2019 to 2022: add a row for 2020-2021/,
    });
  });
});

describe("counts by age band, including DfE's characteristics files", async () => {
  const { parseByAge, mergeByAge } = await import('../../src/io/byAge.js');

  it('reads the started file (Age group) and the ceased file (Age on ceasing), and merges them', () => {
    const started = parseByAge(fixture('dfe/la_cla_who_started_tower_hamlets_age.csv'), 'la_cla_who_started_tower_hamlets_age.csv');
    const ceased = parseByAge(fixture('dfe/la_children_who_ceased_tower_hamlets_age.csv'), 'la_children_who_ceased_tower_hamlets_age.csv');
    expect(started.areas[0]!.area).toMatchObject({ code: 'E09000030', dfeCode: '211', name: 'Tower Hamlets' });
    const merged = mergeByAge(started.areas[0]!.years, ceased.areas[0]!.years);
    const y2022 = merged.find((y) => y.year === 2022)!;
    // DfE 2022 release, Tower Hamlets: started under 1 21, 1-4 14, 5-9 13, 10-15 44, 16+ 90
    // (a later revision, in data/tower-hamlets-cla-by-age.csv, has 43 for 10-15: figures get revised)
    expect(y2022.starts).toEqual([21, 14, 13, 44, 90]);
    // ceased: under 1 "c" is derived from the total (157 - 31 - 12 - 28 - (6 + c + 70)) would need two
    // unknowns (under 1 and 17 are both suppressed), so both stay missing; 1-4 31, 5-9 12, 10-15 28
    expect(y2022.ceased.slice(0, 4)).toEqual([null, 31, 12, 28]);
    expect(y2022.ceasedAt18).toBe(70);
    expect(y2022.stock).toEqual([null, null, null, null, null]);
  });

  it('asks which measure a characteristics file counts when its name does not say', () => {
    expectInputError(() => parseByAge(fixture('dfe/la_cla_who_started_tower_hamlets_age.csv'), 'ages.csv'), {
      code: 'unknown-layout',
      message: /does not say whether it counts children who started, ceased or were looked after on 31 March/,
    });
  });

  it("a later file's published value replaces an earlier one; missing never replaces published", () => {
    const a = [{ year: 2024, stock: [1, 2, 3, 4, 5], starts: [1, 1, 1, 1, 1], ceased: [null, 2, 2, 2, 2], ceasedAt18: 9 }];
    const b = [
      {
        year: 2024,
        stock: [null, null, null, null, 6],
        starts: [null, null, null, null, null],
        ceased: [3, null, null, null, null],
        ceasedAt18: null,
      },
    ];
    expect(mergeByAge(a, b)).toEqual([
      { year: 2024, stock: [1, 2, 3, 4, 6], starts: [1, 1, 1, 1, 1], ceased: [3, 2, 2, 2, 2], ceasedAt18: 9 },
    ]);
  });
});

describe('too many areas (issue 21)', () => {
  it('are refused at the row that passes --max-areas, before the rest of the file is read', () => {
    const limits = { ...DEFAULT_LIMITS, maxAreas: 2 };
    // line 6 has a bad year: read to the end, the file would be refused for it instead
    const text = 'area_code,area_name,year,cla\nE1,A,2024,10\nE2,B,2024,10\nE1,A,2023,10\nE3,C,2024,10\nE4,D,twenty,10\n';
    expectInputError(() => parseHistory(text, 'h.csv', { limits }), {
      code: 'limit-exceeded',
      file: 'h.csv',
      line: 5,
      message:
        /the number of areas in the history is over the limit of 2 areas \(--max-areas\): found more than 2 \(the next is C \(E3\)\)/,
    });
    // spellings of one area and a code learnt later are one area, as when the files are combined
    const spellings =
      'area_code,area_name,year,cla\n,Northumberland,2019,500\nE06000057,NORTHUMBERLAND,2020,510\nE06000057,Northumberland,2021,520\nE1,A,2021,1\n';
    expect(parseHistory(spellings, 'n.csv', { limits }).records).toHaveLength(4);
    // DfE's file: the country, regions and councils all count
    const dfe =
      'time_period,geographic_level,country_code,country_name,region_code,region_name,new_la_code,la_name,old_la_code,population_count,number\n' +
      '2024,National,E92000001,England,,,,,,Children looked after at 31 March each year,83630\n' +
      '2024,Regional,E92000001,England,E12000007,London,,,,Children looked after at 31 March each year,9870\n' +
      '2024,Local authority,E92000001,England,E12000007,London,E09000030,Tower Hamlets,211,Children looked after at 31 March each year,281\n';
    expectInputError(() => parseHistory(dfe, 'dfe.csv', { limits }), {
      code: 'limit-exceeded',
      line: 4,
      message: /the next is Tower Hamlets/,
    });
  });
});
