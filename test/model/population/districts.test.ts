import { describe, expect, it } from 'vitest';
import { sumDistricts } from '../../../src/model/population/districts.js';
import { expectInputError } from '../../helpers/errors.js';

const lookup = new Map([
  ['E07000105', { code: 'E10000016', name: 'Kent' }],
  ['E07000106', { code: 'E10000016', name: 'Kent' }],
  ['E06000035', { code: 'E06000035', name: 'Medway' }],
]);
const record = (code: string, name: string, midYear: number, population0to17: number, line: number, byAge?: number[]) => ({
  area: { code, name },
  midYear,
  population0to17,
  line,
  ...(byAge ? { byAge } : {}),
});

describe('sumDistricts: a county is the sum of its districts', () => {
  it('adds the districts (and their single years of age), keeps unitaries as they are', () => {
    const { records, summed } = sumDistricts(
      [
        record('E07000105', 'Ashford', 2025, 30_000, 2, [1, 2, 3]),
        record('E07000106', 'Canterbury', 2025, 28_500, 3, [10, 20, 30]),
        record('E06000035', 'Medway', 2025, 60_000, 4),
      ],
      lookup,
      'snpp.csv',
    );
    // by hand: Kent = 30,000 + 28,500 = 58,500; ages 11, 22, 33
    expect(records).toContainEqual({
      area: { code: 'E10000016', name: 'Kent' },
      midYear: 2025,
      population0to17: 58_500,
      byAge: [11, 22, 33],
      line: 2,
    });
    expect(records.find((r) => r.area.code === 'E06000035')!.population0to17).toBe(60_000);
    expect(records).toHaveLength(2);
    expect(summed).toEqual([{ council: { code: 'E10000016', name: 'Kent' }, districts: 2 }]);
  });

  it('keeps a county row the file gives itself, not adding its districts to it', () => {
    const { records } = sumDistricts(
      [
        record('E10000016', 'Kent', 2025, 58_000, 2),
        record('E07000105', 'Ashford', 2025, 30_000, 3),
        record('E07000106', 'Canterbury', 2025, 28_500, 4),
      ],
      lookup,
      'snpp.csv',
    );
    expect(records).toEqual([record('E10000016', 'Kent', 2025, 58_000, 2)]);
  });

  it('refuses a partial county, naming it, the mid-year and the district missing', () => {
    expectInputError(() => sumDistricts([record('E07000105', 'Ashford', 2025, 30_000, 7)], lookup, 'snpp.csv'), {
      code: 'bad-value',
      file: 'snpp.csv',
      line: 7,
      message: /Kent \(E10000016\) mid-2025: 1 of its 2 districts have a figure \(missing E07000106\)/,
    });
  });
});

describe('the synthetic Kent SNPP fixture (fixtures/README.md)', () => {
  it('sums Kent from its twelve districts with the bundled ONS lookup: 20,640 x 17.388 = 358,888.32 at mid-2022', async () => {
    const { readFileSync } = await import('node:fs');
    const { parsePopulation } = await import('../../../src/io/population.js');
    const { parseDistrictLookup } = await import('../../../src/io/regions.js');
    const root = new URL('../../../', import.meta.url);
    const file = parsePopulation(
      readFileSync(new URL('fixtures/ons/2022-snpp-population-persons-kent-districts-synthetic.csv', root), 'utf8'),
      'snpp.csv',
    );
    const lookup = parseDistrictLookup(readFileSync(new URL('data/ons-ltla-to-utla-england.csv', root), 'utf8'), 'lookup.csv');
    const { records, summed } = sumDistricts(file.records, lookup, 'snpp.csv');
    const kent = records.find((r) => r.area.code === 'E10000016' && r.midYear === 2022)!;
    expect(kent.population0to17).toBeCloseTo(358_888.32, 2);
    expect(records.find((r) => r.area.code === 'E06000035' && r.midYear === 2022)!.area.name).toBe('Medway');
    expect(summed).toEqual([{ council: { code: 'E10000016', name: 'Kent' }, districts: 12 }]);
  });
});
