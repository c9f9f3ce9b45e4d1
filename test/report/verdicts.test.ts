import { describe, expect, it } from 'vitest';
import { normaliseTypeName, PLACEMENT_TYPE_INFO, PLACEMENT_TYPES, placementTypeOf } from '../../src/model/episodes/placementTypes.js';
import type { RunOut } from '../../src/model/sufficiency/placements.js';
import { describeRunOut, describeSpells, verdictOf, yearVerdict } from '../../src/report/verdicts.js';
import { fileName, typeList, typeName, typeTitle } from '../../src/report/placementNames.js';

const runOut = (spells: RunOut['spells'], spellsAtUpper80: RunOut['spellsAtUpper80'], lastYear = 2030): RunOut => ({
  placementType: 'fostering_inhouse',
  isPlace: true,
  hasPlaces: true,
  year: spells[0]?.from ?? null,
  yearAtUpper80: spellsAtUpper80[0]?.from ?? null,
  spells,
  spellsAtUpper80,
  lastYear,
});

describe('verdicts that follow the years (issue 20)', () => {
  it('says when a shortage starts, when it ends and when it returns', () => {
    expect(describeSpells([{ from: 2023, to: 2030 }], 2030)).toBe('short of places from 2023');
    // Birmingham with places added in 2025: short 2023 and 2024 only
    expect(describeSpells([{ from: 2023, to: 2024 }], 2030)).toBe('short of places in 2023-2024, enough from 2025');
    expect(describeSpells([{ from: 2026, to: 2026 }], 2030)).toBe('short of places in 2026, enough from 2027');
    expect(
      describeSpells(
        [
          { from: 2023, to: 2023 },
          { from: 2027, to: 2030 },
        ],
        2030,
      ),
    ).toBe('short of places in 2023, enough in 2024-2026, short again from 2027');
    expect(
      describeSpells(
        [
          { from: 2023, to: 2024 },
          { from: 2026, to: 2026 },
        ],
        2030,
      ),
    ).toBe('short of places in 2023-2024, enough in 2025, short again in 2026, enough from 2027');
  });

  it('gives the point projection and the 80% upper bound, briefly when they agree', () => {
    expect(verdictOf(runOut([], []))).toBe('enough places, even at the 80% upper bound');
    expect(verdictOf(runOut([{ from: 2023, to: 2024 }], [{ from: 2023, to: 2024 }]))).toBe(
      'short of places in 2023-2024, enough from 2025, at the point projection and at the 80% upper bound',
    );
    expect(verdictOf(runOut([], [{ from: 2025, to: 2030 }]))).toBe(
      'enough places at the point projection; at the 80% upper bound, short of places from 2025',
    );
    expect(verdictOf(runOut([{ from: 2026, to: 2030 }], [{ from: 2024, to: 2030 }]))).toBe(
      'short of places from 2026 at the point projection (from 2024 at the 80% upper bound)',
    );
    expect(verdictOf(runOut([{ from: 2023, to: 2024 }], [{ from: 2023, to: 2030 }]))).toBe(
      'short of places in 2023-2024, enough from 2025 at the point projection; at the 80% upper bound, short of places from 2023',
    );
    expect(describeRunOut(runOut([], []))).toBe('In-house fostering: enough places, even at the 80% upper bound');
    expect(verdictOf({ ...runOut([], []), hasPlaces: false })).toBe('no places given');
    expect(verdictOf({ ...runOut([], []), placementType: 'with_parents', isPlace: false })).toMatch(/^not a place to provide/);
    expect(verdictOf({ ...runOut([], []), placementType: 'suppressed', isPlace: false })).toBe(
      'not set against places: children of several types whose counts DfE suppressed',
    );
  });

  it("a year's verdict for the workbook's rows", () => {
    expect(yearVerdict(40.9, 80)).toBe('short of places');
    expect(yearVerdict(-42.9, -15.8)).toBe('enough places');
    expect(yearVerdict(-3, 1)).toBe('short at the upper 80% only');
    // under one child is not a child without a place
    expect(yearVerdict(0.9, 0.9)).toBe('enough places');
    expect(yearVerdict(null, null)).toBe('');
  });
});

describe('types and files in people words', () => {
  it('names types by their labels, never their keys', () => {
    expect(typeName('fostering_inhouse')).toBe('in-house fostering');
    expect(typeTitle('childrens_home_or_secure')).toBe("Children's homes (incl. secure)");
    expect(typeList(['fostering_agency', 'residential', 'other'])).toBe('agency fostering (IFA), residential care and other placements');
    expect(typeList(['supported'])).toBe('supported accommodation');
  });

  it('names a file without its folders', () => {
    expect(fileName('/home/someone/sufficiency/capacity.csv')).toBe('capacity.csv');
    expect(fileName('C:\\Users\\me\\places.csv')).toBe('places.csv');
    expect(fileName('data/england/placements-by-council-2010-2022.csv')).toBe('placements-by-council-2010-2022.csv');
    expect(fileName('places.csv')).toBe('places.csv');
  });
});

describe('the list of placement types (labels in people words)', () => {
  it('every name a file may use (key, label, alias) means one type, and each label is read as its type', () => {
    const owner = new Map<string, string>();
    for (const type of PLACEMENT_TYPES) {
      const info = PLACEMENT_TYPE_INFO[type];
      for (const name of [type, info.label, ...info.aliases]) {
        const key = normaliseTypeName(name);
        expect(owner.get(key) ?? type, `"${name}" names ${owner.get(key)} and ${type}`).toBe(type);
        owner.set(key, type);
      }
      expect(placementTypeOf(info.label)).toBe(type);
    }
  });

  it('labels fit a table head: at most 35 characters, no key', () => {
    for (const type of PLACEMENT_TYPES) {
      const { label } = PLACEMENT_TYPE_INFO[type];
      expect(label.length, label).toBeLessThanOrEqual(35);
      expect(label).not.toMatch(/_/);
    }
  });
});
