import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { populationForArea } from '../../src/io/combine.js';
import { parsePopulation } from '../../src/io/population.js';
import { expectInputError } from '../helpers/errors.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** GLA-style single years 0..17 with population 100 + age, so 0-17 sums to 1800 + 153 = 1953. */
const ages = Array.from({ length: 19 }, (_, age) => age); // 18 is not a child: must be ignored

describe('simple layout', () => {
  it('reads estimates, with or without area columns', () => {
    const file = parsePopulation('mid_year,population_0_17\n2023,63462\n2024,"63,073"\n', 'p.csv');
    expect(file).toMatchObject({ layout: 'simple', kind: 'estimate' });
    expect(file.records.map((r) => [r.midYear, r.population0to17])).toEqual([
      [2023, 63462],
      [2024, 63073],
    ]);
  });

  it('rejects a zero population with its place', () => {
    expectInputError(() => parsePopulation('mid_year,population_0_17\n2023,0\n', 'p.csv'), {
      code: 'zero-population',
      line: 2,
      column: 'population_0_17',
    });
  });
});

describe('ONS subnational projection layout', () => {
  it('sums single years 0-17 for persons', () => {
    const file = parsePopulation(read('data/ons-2022-snpp-tower-hamlets-age-0-17.csv'), 'snpp.csv');
    expect(file).toMatchObject({ layout: 'ons-snpp', kind: 'projection' });
    const at = (year: number) => file.records.find((r) => r.midYear === year)!;
    // Sum of the 18 age rows of the published file (worked with a spreadsheet): 2022 base 64,362;
    // 2023 66,150.237 (the figure data/README.md quotes as 66,150); 2024 67,552.684
    expect(at(2022).population0to17).toBeCloseTo(64362, 3);
    expect(at(2023).population0to17).toBeCloseTo(66150.237, 3);
    expect(at(2024).population0to17).toBeCloseTo(67552.684, 3);
    expect(at(2024).byAge).toHaveLength(18);
    expect(at(2022).byAge![0]).toBe(4303);
  });
});

describe('GLA borough projection layouts', () => {
  const wide =
    'gss_code,borough,age,sex,2024,2025\n' +
    ages
      .map((age) => `E09000030,Tower Hamlets,${age},female,${50 + age},${60 + age}\nE09000030,Tower Hamlets,${age},male,${50},${40}`)
      .join('\n');

  it('wide: sums female + male where persons is absent', () => {
    const file = parsePopulation(wide, 'gla.csv');
    expect(file.layout).toBe('gla-wide');
    // 2024: female sum 18 x 50 + (0 + ... + 17 = 153) = 1053, male 18 x 50 = 900 -> 1953
    // 2025: female 18 x 60 + 153 = 1233, male 18 x 40 = 720 -> 1953
    expect(file.records.map((r) => [r.midYear, r.population0to17])).toEqual([
      [2024, 1953],
      [2025, 1953],
    ]);
  });

  it('long: reads year and popn columns, preferring persons', () => {
    const long =
      'gss_code,district,sex,age,year,popn\n' +
      ages
        .map((age) => `E09000030,Tower Hamlets,persons,${age},2030,${100 + age}\nE09000030,Tower Hamlets,female,${age},2030,1`)
        .join('\n');
    const file = parsePopulation(long, 'gla-long.csv');
    expect(file.layout).toBe('gla-long');
    expect(file.records[0]!.population0to17).toBe(1953);
  });

  it('rejects missing ages, saying what was found', () => {
    const partial = 'gss_code,borough,age,sex,2024\nE09000030,Tower Hamlets,0,persons,10\n';
    expectInputError(() => parsePopulation(partial, 'gla.csv'), {
      code: 'bad-value',
      file: 'gla.csv',
      message: /years of age 0 to 17.*persons: 1/,
    });
  });
});

describe("DfE's layout of ONS mid-year estimates", () => {
  it('reads time_period as the mid-year and keeps each area apart', () => {
    const file = parsePopulation(read('fixtures/dfe/ons-mye-dfe-layout-sample.csv'), 'mye.csv');
    expect(file).toMatchObject({ layout: 'dfe-mye', kind: 'estimate' });
    const th = populationForArea([file], { code: 'E09000030', name: 'Tower Hamlets', dfeCode: '211' });
    expect(th.estimates.get(2024)).toBe(63073);
    expect(th.estimates.get(2012)).toBe(57201);
    const bcp = populationForArea([file], { code: 'E06000058', name: 'Bournemouth, Christchurch and Poole' });
    expect(bcp.estimates.get(2024)).toBe(74810);
  });
});

describe('layout detection', () => {
  it('names the accepted layouts when none matches', () => {
    expectInputError(() => parsePopulation('year,children\n2024,1\n', 'p.csv'), {
      code: 'unknown-layout',
      line: 1,
      message: /mid_year,population_0_17.*AREA_CODE.*gss_code.*time_period/,
    });
  });
});
