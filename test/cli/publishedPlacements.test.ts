import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run.js';

// A council other than Tower Hamlets, from the bundled national files (README, "Your council in five minutes").
const national = [
  '--history',
  'data/england/cla-history-2010-2022.csv',
  '--population',
  'data/england/population-0-17-mid-2011-2024.csv',
  '--population-extend',
  'flat',
];
const rowsOf = (stdout: string) => parse(stdout, { columns: true }) as Record<string, string>[];
const mean = (...v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

const table = await runCli(['sufficiency', ...national, '--area', 'Birmingham'], { env: { COLUMNS: '1000' } });

describe("lacproj sufficiency from DfE's published placements (bundled), for any council", () => {
  it('runs for Birmingham without --placements, naming the source and its years', async () => {
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /placement types: fixed mix: the mean share of each type in 2021, 2022 \(DfE's published placements for Birmingham, placements-by-council-2010-2022\.csv; no SSDA903 returns\)/,
    );
    expect(table.stdout).toMatch(
      /fostering kept as one type \(in-house and agency cannot be told apart: own provision is suppressed in 2021\)/,
    );
    expect(table.stdout).toMatch(
      /suppressed in DfE's figures \(missing, not zero\): other residential settings, residential schools, other placements/,
    );
    expect(table.stdout).toMatch(
      /capacity: no --capacity file: the places in use on 31 March 2022 \(placements-by-council-2010-2022\.csv\)/,
    );
  });

  it("shows the share placed outside the council's boundary and more than 20 miles from home by year", async () => {
    expect(table.stdout).toMatch(
      /Placed outside the council's boundary and more than 20 miles from home \(DfE's published shares, mean of 2021, 2022/,
    );
    expect(table.stdout).toMatch(/2022 39\.4% outside, 11\.9% over 20 miles/);
  });

  it('CSV: shares are the mean of 2021 and 2022 as DfE publishes them, and demand adds up to the projection', async () => {
    const result = await runCli(['sufficiency', ...national, '--area', 'Birmingham', '--format', 'csv']);
    expect(result.code).toBe(0);
    const rows = rowsOf(result.stdout);
    const share = (type: string) => Number(rows.find((r) => r.placement_type === type)!.share);
    // foster placements 1,372 of 1,922 (2021), 1,473 of 2,104 (2022)
    expect(share('fostering')).toBeCloseTo(mean(1372 / 1922, 1473 / 2104), 4);
    expect(share('childrens_home_or_secure')).toBeCloseTo(mean(170 / 1922, 198 / 2104), 4);
    expect(share('suppressed')).toBeCloseTo(mean(34 / 1922, 17 / 2104), 4);
    const projected = rowsOf(
      (await runCli(['project', ...national, '--area', 'Birmingham', '--methods', 'recommended', '--format', 'csv'])).stdout,
    );
    const years = projected.filter((r) => r.kind === 'projected');
    expect(years.map((p) => p.year)).toEqual([...new Set(rows.map((r) => r.year))]);
    for (const p of years) {
      // demand is rounded to 0.1 in the CSV: within 0.1 a type
      expect(Math.abs(rows.filter((r) => r.year === p.year).reduce((s, r) => s + Number(r.demand), 0) - Number(p.cla))).toBeLessThan(0.6);
    }
    // the places in use on 31 March 2022 are the published counts of the place types
    expect(rows.find((r) => r.placement_type === 'fostering')!.places).toBe('1473');
    expect(rows.find((r) => r.placement_type === 'suppressed')!.places).toBe('');
  });

  it('JSON: each area carries its locality, published and projected', async () => {
    const json = JSON.parse(
      (await runCli(['sufficiency', ...national, '--area', 'Birmingham', '--format', 'json', '--to', '2024'])).stdout,
    );
    const locality = json.areas[0].locality;
    expect(locality.years).toEqual([2021, 2022]);
    // outside the boundary: 783 of 1,922 (2021), 828 of 2,104 (2022)
    expect(locality.shares.outside).toBeCloseTo(mean(783 / 1922, 828 / 2104), 4);
    expect(locality.published.find((p: { year: number }) => p.year === 2022).over_20_miles).toBeCloseTo(251 / 2104, 4);
    expect(locality.projected.map((p: { measure: string }) => p.measure)).toEqual([
      'outside_boundary',
      'over_20_miles',
      'outside_boundary',
      'over_20_miles',
    ]);
    expect(json.inputs.map((i: { role: string }) => i.role)).toContain('published placements');
  });
});

describe("lacproj sufficiency --placements <DfE's file as downloaded>", () => {
  it('reads the 2025 release layout, and splits fostering by estimate where own provision allows (Kent)', async () => {
    const result = await runCli([
      'sufficiency',
      ...national,
      '--area',
      'Kent',
      '--placements',
      fixture('dfe/la_cla_on_31_march_by_characteristics_2025_layout_sample.csv'),
      '--format',
      'csv',
      '--to',
      '2024',
    ]);
    expect(result.code).toBe(0);
    const rows = rowsOf(result.stdout);
    const share = (type: string) => Number(rows.find((r) => r.placement_type === type)!.share);
    // own provision 1,028 of 1,662 (2021) and 1,058 of 1,777 (2022) as in-house fostering
    expect(share('fostering_inhouse')).toBeCloseTo(mean(1028 / 1662, 1058 / 1777), 4);
    expect(share('fostering_agency')).toBeCloseTo(mean(110 / 1662, 184 / 1777), 4);
    expect(rows.some((r) => r.placement_type === 'fostering')).toBe(false);
  });

  it("a council the file has no rows for is refused, naming the file and how to give one's own counts", async () => {
    const result = await runCli([
      'sufficiency',
      ...national,
      '--area',
      'Manchester',
      '--placements',
      fixture('dfe/la_cla_on_31_march_by_characteristics_sample.csv'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /no placement counts for Manchester \(E08000003, 352\): .*la_cla_on_31_march_by_characteristics_sample\.csv has no rows for it/,
    );
    expect(result.stdout).toBe('');
  });
});
