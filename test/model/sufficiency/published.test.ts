import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePublishedPlacements } from '../../../src/io/publishedPlacements.js';
import { mixFromHistory } from '../../../src/model/sufficiency/placements.js';
import {
  addPublishedYears,
  fosteringSplit,
  localityByYear,
  projectLocality,
  publishedCounts,
  type PublishedPlacementYear,
} from '../../../src/model/sufficiency/published.js';
import { fixture } from '../../cli/run.js';

// DfE's figures as published (fixtures/dfe/, fixtures/README.md "DfE's published placements").
const dfe = ['la_cla_on_31_march_by_characteristics_sample.csv', 'la_cla_on_31_march_placements_2010to2017_sample.csv'].flatMap(
  (name) => parsePublishedPlacements(name, readFileSync(fixture(`dfe/${name}`), 'utf8')).years,
);
const of = (name: string) => dfe.filter((y) => y.area.name === name);
const countsOf = (c: ReturnType<typeof publishedCounts>, year: number) =>
  Object.fromEntries(c.counts.filter((x) => x.year === year).map((x) => [x.placementType, x.count]));

describe('placement counts from the published figures', () => {
  it("Birmingham 2021-2022: fostering one type (own provision suppressed), the suppressed categories' children apart", () => {
    const c = publishedCounts(of('Birmingham'), 3);
    // 2010-2017 group placements differently (releases to 2022): not mixed with the 2025 release's years
    expect(c.years).toEqual([2021, 2022]);
    expect(c.fostering).toEqual({ split: false, reason: 'own provision is suppressed in 2021' });
    expect(c.suppressed).toEqual(['other', 'other_residential', 'residential_schools']);
    // 2022: 2,104 - (1,473 + 198 + 168 + 172 + 76) = 17 in the suppressed categories
    expect(countsOf(c, 2022)).toEqual({
      fostering: 1473,
      childrens_home_or_secure: 198,
      supported: 168,
      with_parents: 172,
      adoption: 76,
      suppressed: 17,
    });
    // 2021: 1,922 - (1,372 + 170 + 124 + 153 + 69) = 34
    expect(countsOf(c, 2021).suppressed).toBe(34);
    // every year adds up to DfE's total
    expect(c.counts.filter((x) => x.year === 2021).reduce((s, x) => s + x.count, 0)).toBe(1922);
    expect(c.notes.join('\n')).toMatch(
      /fostering kept as one type \(in-house and agency cannot be told apart: own provision is suppressed in 2021\)/,
    );
    expect(c.notes.join('\n')).toMatch(/their children together \(the total less the types published every year: 34 in 2021, 17 in 2022\)/);
  });

  it('Kent: fostering split by estimate, in-house = own provision (2022: 1,058 of 1,242 foster placements, agency 184)', () => {
    const c = publishedCounts(of('Kent'), 3);
    expect(c.fostering).toEqual({ split: true });
    expect(countsOf(c, 2022)).toMatchObject({ fostering_inhouse: 1058, fostering_agency: 1242 - 1058 });
    // 2021: own 1,028 of 1,138
    expect(countsOf(c, 2021)).toMatchObject({ fostering_inhouse: 1028, fostering_agency: 110 });
    expect(c.notes[0]).toMatch(/^fostering split by estimate: in-house = the children in the council's own provision/);
  });

  it("Tower Hamlets: the estimate beside the council's own figures (its annual report: in-house 116, IFA 72 in 2022)", () => {
    const c = publishedCounts(of('Tower Hamlets'), 3);
    // own provision 125 of 187 foster placements: 125 / 62, 9 more in-house than the council counts
    expect(countsOf(c, 2022)).toMatchObject({ fostering_inhouse: 125, fostering_agency: 62 });
  });

  it('keeps fostering as one type where own provision is nil (Doncaster, run by a trust) or not below the foster placements', () => {
    expect(
      fosteringSplit(
        of('Doncaster')
          .filter((y) => y.year >= 2021)
          .sort((a, b) => a.year - b.year),
      ),
    ).toMatchObject({
      split: false,
      reason: expect.stringMatching(/^own provision is nil in 2021 \(a council whose children's services are run by a trust/),
    });
    const year = (foster: number, own: number): PublishedPlacementYear => ({
      area: { code: 'X', name: 'X' },
      year: 2022,
      placement: { total: 300, foster },
      provider: { own },
      locality: {},
      distance: {},
    });
    expect(fosteringSplit([year(284, 291)])).toMatchObject({
      split: false,
      reason: expect.stringMatching(/own provision \(291\) is not below/),
    });
    expect(fosteringSplit([year(284, 200)])).toEqual({ split: true });
  });

  it('a category suppressed in one year of the mix is "suppressed" in every year of it, so each year has the same types', () => {
    const year = (y: number, schools: number | null): PublishedPlacementYear => ({
      area: { code: 'X', name: 'X' },
      year: y,
      placement: { total: 100, foster: 80, residential_schools: schools, other: 20 - (schools ?? 5) },
      provider: {},
      locality: {},
      distance: {},
    });
    const c = publishedCounts([year(2021, 3), year(2022, null)], 3);
    expect(c.suppressed).toEqual(['residential_schools']);
    expect(countsOf(c, 2021)).toEqual({ fostering: 80, other: 17, suppressed: 3 });
    // 2022's "c" hid 5: 100 - 80 - 15
    expect(countsOf(c, 2022)).toEqual({ fostering: 80, other: 15, suppressed: 5 });
    const mix = mixFromHistory(c.counts, 3);
    expect([...mix.shares.values()].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(mix.shares.get('suppressed')).toBeCloseTo(0.04, 12);
  });

  it('uses the latest window years of the latest grouping, and up to a given year', () => {
    expect(publishedCounts(of('Birmingham'), 1).years).toEqual([2022]);
    expect(publishedCounts(of('Birmingham'), 3, 2017).years).toEqual([2016, 2017]);
    expect(() => publishedCounts([], 3)).toThrow(/published placements require a year with a total/);
  });
});

describe('locality: outside the boundary and more than 20 miles from home', () => {
  it("Birmingham's published shares (2022: 828 / 2,104 outside, 251 / 2,104 over 20 miles)", () => {
    const l = localityByYear(of('Birmingham'));
    const y2022 = l.find((y) => y.year === 2022)!;
    expect(y2022.outside).toBeCloseTo(828 / 2104, 12);
    expect(y2022.over20Miles).toBeCloseTo(251 / 2104, 12);
    // 2016: no distance published; 2010: neither
    expect(l.find((y) => y.year === 2016)!.over20Miles).toBeNull();
    expect(l.some((y) => y.year === 2010)).toBe(false);
  });

  it('projected with the mix: the mean share of the mix years times the projected total and its bounds', () => {
    const history = [
      { year: 2021, outside: 0.4, over20Miles: 0.12 },
      { year: 2022, outside: 0.38, over20Miles: null },
    ];
    const { shares, rows } = projectLocality([{ year: 2025, cla: 1000, lower80: 900, upper80: 1200 }], history, [2021, 2022]);
    // outside (0.40 + 0.38) / 2 = 0.39; over 20 miles only 2021's 0.12
    expect(shares.outside).toBeCloseTo(0.39, 12);
    expect(shares.over20Miles).toBeCloseTo(0.12, 12);
    expect(rows.find((r) => r.measure === 'outside')).toMatchObject({ year: 2025, children: 390, lower80: 351, upper80: 468 });
    expect(projectLocality([{ year: 2025, cla: 1, lower80: 1, upper80: 1 }], history, [2019]).rows).toEqual([]);
  });
});

describe('councils added up (joined after a reorganisation)', () => {
  it('sums each figure by year; a suppressed part leaves the sum missing', () => {
    const part = (name: string, foster: number, schools: number | null): PublishedPlacementYear => ({
      area: { code: name, name },
      year: 2022,
      placement: { total: foster + 10, foster, residential_schools: schools },
      provider: { own: foster },
      locality: {},
      distance: {},
    });
    const [sum] = addPublishedYears([part('A', 100, 2), part('B', 50, null)], { code: 'AB', name: 'A and B' });
    expect(sum!.placement).toEqual({ total: 170, foster: 150, residential_schools: null });
    expect(sum!.provider).toEqual({ own: 150 });
  });
});
