import { describe, expect, it } from 'vitest';
import { formatCalibration, parseCalibration } from '../../src/io/regions.js';
import { calibrationSummary } from '../../src/model/evaluation/calibration.js';
import type { PastErrors } from '../../src/model/methods/recommendedRanges.js';
import { expectInputError } from '../helpers/errors.js';

// 30 councils x origins 2013-2015, errors one and two years ahead (two ahead missing for one council)
const past: PastErrors = {
  description: 'hand-made',
  errors: [2013, 2014, 2015].flatMap((origin) =>
    Array.from({ length: 30 }, (_, i) => [
      { council: `E0600000${i}`, region: 'E12000001', origin, horizon: 1, size: 150, logError: (i - 15) / 100 },
      ...(i === 0 ? [] : [{ council: `E0600000${i}`, region: 'E12000001', origin, horizon: 2, size: 150, logError: (i - 14) / 50 }]),
    ]).flat(),
  ),
};

describe('the calibration file (data/england/recommended-calibration.json)', () => {
  it('holds the errors by council and origin, read back as they were (5 decimals)', () => {
    const text = formatCalibration(past, calibrationSummary(past));
    const back = parseCalibration(text, 'calibration.json');
    expect(back.description).toBe('hand-made');
    const key = (e: PastErrors['errors'][number]) => `${e.council}|${e.origin}|${e.horizon}`;
    const sorted = (errors: PastErrors['errors']) => [...errors].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(back.errors)).toEqual(sorted(past.errors));
    // a council-origin row with one horizon missing keeps the gap as null
    expect(text).toContain('["E06000000","E12000001",2013,150,[-0.15]]');
  });

  it('says in its summary where a thin band borrowed (only 100-299 has errors here: 30 councils x 3 origins)', () => {
    const rows = calibrationSummary(past).filter((r) => r.asOf === 2016 && r.horizon === 1);
    expect(rows.map((r) => [r.band, r.own, r.borrowed ?? 'own', r.n])).toEqual([
      ['under100', 0, '100to299', 90],
      ['100to299', 90, 'own', 90],
      ['300to599', 0, '100to299', 90],
      ['600plus', 0, 'all', 90], // its neighbour 300-599 has none either
    ]);
  });

  it('rejects what is not one, naming the file and the part', () => {
    expectInputError(() => parseCalibration('{', 'c.json'), { code: 'bad-value', file: 'c.json', message: /not JSON/ });
    const good = JSON.parse(formatCalibration(past, []));
    const bad = (change: (json: typeof good) => void) => {
      const json = structuredClone(good);
      change(json);
      return () => parseCalibration(JSON.stringify(json), 'c.json');
    };
    expectInputError(
      bad((j) => {
        j.errors[3] = ['E06000001', 'E12000001', 2013, -4, [0.1]];
      }),
      { code: 'bad-value', file: 'c.json', message: /errors\.3: expected a year and a positive count/ },
    );
    expectInputError(
      bad((j) => {
        j.errors[0][4] = ['0.1'];
      }),
      { code: 'bad-value', message: /errors\.0: expected each log error a number or null/ },
    );
    expectInputError(
      bad((j) => {
        j.errors[0][4] = Array(31).fill(0);
      }),
      { code: 'bad-value', message: /errors\.0: expected 1 to 30 log errors/ },
    );
    expectInputError(
      bad((j) => {
        delete j.errors_columns;
      }),
      { code: 'bad-value', message: /not a calibration table: errors_columns/ },
    );
  });
});
