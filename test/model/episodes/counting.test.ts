import { describe, expect, it } from 'vitest';
import { readSsda903 } from '../../../src/io/ssda903.js';
import { loadPlacementCodes, parsePlacementCodes } from '../../../src/io/placementCodes.js';
import { dayOf } from '../../../src/model/episodes/calendar.js';
import { buildPeriods } from '../../../src/model/episodes/periods.js';
import { categoryOf } from '../../../src/model/episodes/placements.js';
import { countByYear, farFromPublished } from '../../../src/model/episodes/yearCounts.js';
import { fixture } from '../../cli/run.js';
import { InputReader } from '../../../src/io/load.js';

// fixtures/ssda903-rules: returns 2024, 2025 and 2026 built by hand; every count below is worked in
// fixtures/README.md ("Counting as DfE counts").
describe('counting as DfE counts (fixtures/ssda903-rules)', async () => {
  const data = await readSsda903(new InputReader(), [fixture('ssda903-rules')]);
  const dfe = buildPeriods(data.episodes, data.children);
  const all = buildPeriods(data.episodes, data.children, { includeShortBreaks: true });
  const years = [2023, 2024, 2025, 2026];
  const row = (c: ReturnType<typeof countByYear>[number]) => [c.year, c.stock, c.starts, c.ceased, c.residual];

  describe('short breaks (legal status V3/V4)', () => {
    it('are left out by default: S1 (short breaks only) is in no count, S2 leaves when short breaks begin, S3 starts when they end', () => {
      expect(countByYear(dfe, years).map(row)).toEqual([
        [2023, 0, 0, 0, null],
        // starts S2, S3, X (twice), K; ceased S2 (into short breaks), K; X's first period is no cessation
        [2024, 2, 5, 2, -1],
        [2025, 3, 2, 1, 0],
        [2026, 4, 2, 1, 0],
      ]);
      expect(dfe.shortBreaks).toEqual({ episodes: 4, children: 3, childrenWithNoOtherCare: 1 });
      expect(dfe.periods.map((p) => p.child)).not.toContain('S1');
      const s3 = dfe.periods.find((p) => p.child === 'S3')!;
      expect(s3.start).toBe(dayOf(2023, 9, 1)); // where full care follows the short breaks
      // starting full care after short breaks is the rule, not a repair
      expect(dfe.problems.filter((p) => /after a break in care/.test(p.reason))).toEqual([]);
    });

    it('are kept with includeShortBreaks: S1 twice in care, S2 and S3 one period each', () => {
      expect(countByYear(all, years).map(row)).toEqual([
        [2023, 0, 0, 0, null],
        [2024, 4, 7, 2, -1],
        [2025, 4, 2, 2, 0],
        [2026, 4, 2, 2, 0],
      ]);
      expect(all.periods.filter((p) => p.child === 'S1')).toHaveLength(2);
      expect(all.periods.find((p) => p.child === 'S3')!.start).toBe(dayOf(2023, 4, 1));
      expect(all.shortBreaks).toEqual({ episodes: 4, children: 3, childrenWithNoOtherCare: 0 });
    });
  });

  describe('a new start (S) straight after an episode ending X1', () => {
    it('is a start and no cessation, listed with the file and line of the start', () => {
      const x = dfe.periods.filter((p) => p.child === 'X');
      expect(x.map((p) => [p.start, p.end, p.ceased])).toEqual([
        [dayOf(2023, 6, 1), dayOf(2024, 1, 1), false],
        [dayOf(2024, 1, 1), dayOf(2025, 2, 1), undefined],
      ]);
      expect(dfe.startsAfterX1).toBe(1);
      const listed = dfe.problems.filter((p) => /straight after an episode ending X1/.test(p.reason));
      // the 2025 return's copy of the episode is the one read (later returns win)
      expect(listed.map((p) => [p.file.split('/').at(-1), p.line])).toEqual([['2025-episodes.csv', 5]]);
    });
  });

  describe('placement codes valid by return year (data/ssda903-placement-codes.csv)', () => {
    const map = loadPlacementCodes(new InputReader());

    it('K3 is supported accommodation from the 2024-25 return, unknown before; H5 and Z1 end with 2024-25', () => {
      expect(categoryOf(map, 'K3', 'PR4', 2025).category).toBe('supported');
      expect(categoryOf(map, 'K3', 'PR4', 2024)).toEqual({
        category: 'unknown',
        reason: 'placement code (PLACE) "K3" with provider "PR4" is not valid in the 2024 return (valid from 2025): counted as unknown',
      });
      expect(categoryOf(map, 'H5', 'PR4', 2025).category).toBe('supported');
      expect(categoryOf(map, 'H5', 'PR4', 2026).category).toBe('unknown');
      expect(categoryOf(map, 'Z1', '', 2026).category).toBe('unknown');
      expect(categoryOf(map, 'Z11', '', 2026).category).toBe('other');
    });

    it('foster placements need the provider: own carers in-house, agencies and other councils external; unknown providers are not guessed', () => {
      expect(categoryOf(map, 'U4', 'PR1', 2020).category).toBe('fostering_inhouse');
      expect(categoryOf(map, 'U5', 'PR4', 2020).category).toBe('fostering_agency');
      expect(categoryOf(map, 'U6', 'PR2', 2020).category).toBe('fostering_agency');
      expect(categoryOf(map, 'U1', 'PR4', 2020).category).toBe('fostering_kinship');
      expect(categoryOf(map, 'U4', 'PR0', 2020)).toEqual({
        category: 'unknown',
        reason:
          'placement code (PLACE) "U4" with provider "PR0": the map needs provider PR1, PR2, PR3, PR4, PR5 for this code: counted as unknown',
      });
    });

    it('classifies each episode by the year of the return it was read from, and reports the rest by file and line', () => {
      const unknown = data.problems.filter((p) => /counted as unknown/.test(p.reason)).map((p) => [p.file.split('/').at(-1), p.line]);
      // K's K3 in the 2024 return; H's H5 and Y's Z1 in the 2026 return
      expect(unknown).toEqual([
        ['2024-episodes.csv', 10],
        ['2026-episodes.csv', 5],
        ['2026-episodes.csv', 7],
      ]);
      const [, y2024, y2025, y2026] = countByYear(dfe, years);
      // X's K2 from a private provider (PR4) is an external children's home
      expect(y2024!.stockByPlacement).toMatchObject({ fostering_agency: 1, childrens_home_external: 1, unknown: 0 });
      // M's K3 (valid in 2025 and 2026) is supported; H's open H5 is read from the 2026 return, where H5 is no longer valid
      expect(y2025!.stockByPlacement).toMatchObject({ fostering_agency: 1, supported: 1, unknown: 1 });
      expect(y2026!.stockByPlacement).toMatchObject({ fostering_agency: 1, supported: 1, other: 1, unknown: 1 });
    });

    it("children's homes by provider, and the sub-types that were 'other': secure homes, residential schools", () => {
      expect(categoryOf(map, 'K2', 'PR1', 2020).category).toBe('childrens_home_inhouse');
      expect(categoryOf(map, 'K2', 'PR4', 2020).category).toBe('childrens_home_external');
      // no provider given: external, as the places in use always counted it
      expect(categoryOf(map, 'K2', '', 2020).category).toBe('childrens_home_external');
      expect(categoryOf(map, 'K1', 'PR4', 2020).category).toBe('secure_childrens_home');
      expect(categoryOf(map, 'S1', 'PR4', 2020).category).toBe('residential_school');
      // a care home (R1) and custody (R5) stay other, as in DfE's 'other residential settings'
      expect(categoryOf(map, 'R1', 'PR4', 2020).category).toBe('other');
      expect(categoryOf(map, 'R5', 'PR3', 2020).category).toBe('other');
    });

    it("an older map's category names are read through the type list's aliases", () => {
      expect(parsePlacementCodes('m.csv', 'code,provider,category,first_year,last_year\nU1,,kinship,,\n').rules[0]!.category).toBe(
        'fostering_kinship',
      );
      // a group is not a code's category: a code is one type
      expect(() => parsePlacementCodes('m.csv', 'code,provider,category,first_year,last_year\nU4,,fostering,,\n')).toThrow(
        /m.csv.*line 2.*expected a placement category/,
      );
    });

    it('a map file is checked: a category it does not know is an error naming the line', () => {
      expect(() => parsePlacementCodes('m.csv', 'code,provider,category,first_year,last_year\nU4,PR1,foster,,\n')).toThrow(
        /m.csv.*line 2.*expected a placement category/,
      );
    });
  });
});

describe('returns against the published figures: flagged beyond a few per cent', () => {
  const row = (returns: number, published: number | null) => ({
    year: 2022,
    measure: 'stock' as const,
    returns,
    published,
    relativeDifference: published ? (returns - published) / published : null,
  });
  it('flags more than 5% and more than 2 children apart, not a child or two in a small count, not a missing figure', () => {
    // 332 published: 348 is +4.8% (kept), 349 is +5.1% (flagged); 10 against 8 is +25% but 2 children (kept)
    const rows = [row(348, 332), row(349, 332), row(10, 8), row(11, 8), row(75, null)];
    expect(farFromPublished(rows)).toEqual([rows[1], rows[3]]);
  });
});
