import { describe, expect, it } from 'vitest';
import { areaMatchesQuery, currentCode, sameArea } from '../../../src/model/areas/matching.js';
import { RegionTable } from '../../../src/model/areas/regions.js';

describe('councils whose GSS code changed in 2023 are one council', () => {
  it('North Yorkshire E10000023 is E06000065, Somerset E10000027 is E06000066', () => {
    expect(currentCode('E10000023')).toBe('E06000065');
    expect(currentCode('E10000027')).toBe('E06000066');
    expect(currentCode('E09000030')).toBe('E09000030');
    // an ONS projection names the county by code only; DfE's older file has the old code
    expect(sameArea({ code: 'E10000023', name: 'North Yorkshire' }, { code: 'E06000065', name: 'North Yorkshire County' })).toBe(true);
    expect(areaMatchesQuery({ code: 'E06000065', name: 'North Yorkshire', dfeCode: '815' }, 'E10000023')).toBe(true);
  });

  it('the region table finds a council by DfE number, old or new code, or name; London is one region', () => {
    const table = new RegionTable([
      { dfeCode: '815', code: 'E10000023', name: 'North Yorkshire', region: { code: 'E12000003', name: 'Yorkshire and The Humber' } },
      { dfeCode: '204', code: 'E09000012', name: 'Hackney', region: { code: 'E13000001', name: 'Inner London' } },
    ]);
    expect(table.regionOf({ code: 'E06000065', name: 'N. Yorks' })?.code).toBe('E12000003');
    expect(table.regionOf({ code: '', name: 'hackney' })).toEqual({ code: 'E12000007', name: 'London' });
    expect(table.regionOf({ code: '', dfeCode: '204+205', name: 'joined' })?.code).toBe('E12000007');
    expect(table.regionOf({ code: 'W06000001', name: 'Anglesey' })).toBeUndefined();
  });
});
