import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run.js';

// fixtures/good/tower-hamlets-placements-by-age.csv: Tower Hamlets placements by age band, invented
// (fixtures/README.md, "Mix by age band"). Supported accommodation is 16plus only, so its share in a
// year is w_16plus(year) x mix_16plus(supported), mix_16plus(supported) = (75/147 + 58/113 + 50/98) / 3.
const byAge = fixture('good/tower-hamlets-placements-by-age.csv');
const supported16plus = (75 / 147 + 58 / 113 + 50 / 98) / 3;
const rowsOf = (stdout: string) => parse(stdout, { columns: true }) as Record<string, string>[];
const sharesOf = (rows: Record<string, string>[], type: string) =>
  rows.filter((r) => r.placement_type === type).map((r) => Number(r.share));
// The bundled history without counts by age band: flow runs on totals.
const totalsOnly = [
  '--history',
  'data/tower-hamlets-cla-history.csv',
  '--population',
  'data/tower-hamlets-population-0-17-estimates.csv',
  '--population',
  'data/ons-2022-snpp-tower-hamlets-age-0-17.csv',
];

describe('lacproj sufficiency with placements by age band', () => {
  it("weights each band's mix by the flow model's projected age structure", async () => {
    const result = await runCli(['sufficiency', '--placements', byAge, '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /note: placement types: mix by age band, weighted by the flow model's projected age structure \(the share column is each year's own mix\)/,
    );
    const rows = rowsOf(result.stdout);
    // w_16plus(year) = (16to17 + UASC) / all bands, from flow's central path by band
    const flow = JSON.parse((await runCli(['project', '--methods', 'flow', '--format', 'json'])).stdout);
    const detail = flow.areas[0].methods[0].assumptions.flow.detail as { year: number; band: string; closing: number }[];
    const w16 = (year: number) => {
      const of = detail.filter((d) => d.year === year);
      return (
        of.filter((d) => d.band === '16to17' || d.band === 'uasc').reduce((s, d) => s + d.closing, 0) /
        of.reduce((s, d) => s + d.closing, 0)
      );
    };
    const years = [...new Set(rows.map((r) => Number(r.year)))];
    expect(years).toEqual([2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
    const supported = sharesOf(rows, 'supported');
    years.forEach((year, i) => {
      expect(supported[i]).toBeCloseTo(w16(year) * supported16plus, 3);
    });
    // the age structure moves, so the shares do: not one fixed mix
    expect(new Set(supported).size).toBeGreaterThan(1);
    // demand by type still adds up to the projected total
    const total2026 = rows.filter((r) => r.year === '2026').reduce((s, r) => s + Number(r.share), 0);
    expect(total2026).toBeCloseTo(1, 3);
  });

  it('says which mix it used in the table, the JSON notes and the areas', async () => {
    const table = await runCli(['sufficiency', '--placements', byAge, '--to', '2027'], { env: { COLUMNS: '1000' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /placement types: mix by age band, weighted by the flow model's projected age structure: each band's mean share of each type in 2022, 2023, 2024/,
    );
    expect(table.stdout).toMatch(/placement mix by age band \(mean share of 2022, 2023, 2024\): under 1: in-house fostering /);
    expect(table.stdout).toMatch(/age structure projected by the flow model \(UASC counted as 16-17\): 2026 under 1 /);
    const json = JSON.parse((await runCli(['sufficiency', '--placements', byAge, '--to', '2027', '--format', 'json'])).stdout);
    // the parameters say the mix rule in force (no --mix: mean3, the default); the notes say which mix was used
    expect(json.parameters.mix).toBe('mean3');
    expect(json.notes).toEqual(["placement types: mix by age band, weighted by the flow model's projected age structure"]);
    expect(json.areas[0].placement_types).toMatch(/^mix by age band, weighted by the flow model's projected age structure/);
  });

  it("without a projection by age band, holds the latest placement year's age structure, and says so", async () => {
    const result = await runCli(['sufficiency', '--placements', byAge, ...totalsOnly, '--format', 'csv']);
    expect(result.code).toBe(0);
    // 2024: 98 of 277 children are 16plus
    for (const share of sharesOf(rowsOf(result.stdout), 'supported')) expect(share).toBeCloseTo((98 / 277) * supported16plus, 4);
    const table = await runCli(['sufficiency', '--placements', byAge, ...totalsOnly, '--to', '2027'], { env: { COLUMNS: '1000' } });
    expect(table.stdout).toMatch(/placement types: mix by age band, age structure held at 2024 \(no projection by age band\)/);
    expect(table.stdout).toMatch(
      /age structure held at 2024: under 1 4\.0%, aged 1-4 14\.4%, aged 5-9 13\.0%, aged 10-15 33\.2%, aged 16-17 35\.4%/,
    );
    expect(table.stdout).toMatch(/no projection by age band: the flow model ran on totals/);
  });

  it('with a constant total (naive), demand stays flat with the age structure held and moves with the projected one', async () => {
    const projected = rowsOf((await runCli(['sufficiency', '--placements', byAge, '--methods', 'naive', '--format', 'csv'])).stdout);
    const held = rowsOf(
      (await runCli(['sufficiency', '--placements', byAge, ...totalsOnly, '--methods', 'naive', '--format', 'csv'])).stdout,
    );
    const demand = (rows: Record<string, string>[], year: string) =>
      Number(rows.find((r) => r.year === year && r.placement_type === 'supported')!.demand);
    // naive: 284 children every year in both runs; only the weights differ
    expect(demand(held, '2026')).toBeCloseTo(284 * (98 / 277) * supported16plus, 1);
    expect(demand(held, '2035')).toBe(demand(held, '2026'));
    expect(demand(projected, '2035')).not.toBe(demand(projected, '2026'));
  });

  it('a given --mix still wins over the counts by band', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-bymix-'));
    const mix = join(dir, 'mix.csv');
    writeFileSync(mix, 'placement_type,share\nin-house foster,0.5\nsupported accommodation,0.5\n');
    const result = await runCli(['sufficiency', '--placements', byAge, '--mix', mix, '--to', '2026'], { env: { COLUMNS: '1000' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/placement types: fixed mix given in/);
  });

  it('an unknown age band is one error naming file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-bymix-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'year,age_band,placement_type,count\n2024,16plus,residential,3\n2024,teens,residential,2\n');
    const result = await runCli(['sufficiency', '--placements', bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/bad\.csv line 3, column "age_band": expected a DfE age band/);
  });
});

describe('lacproj sufficiency with placements without age band', () => {
  it('gives the fixed-mix CSV unchanged by the mix by age band (golden)', async () => {
    const result = await runCli(['sufficiency', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/placement types/);
    // UPDATE_GOLDEN=1 rewrites it, as the other golden files (then read the diff: it should be none)
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(fixture('golden/sufficiency.csv'), result.stdout);
    expect(result.stdout).toBe(readFileSync(fixture('golden/sufficiency.csv'), 'utf8'));
  });

  it('says it used the fixed mix', async () => {
    const table = await runCli(['sufficiency', '--to', '2026'], { env: { COLUMNS: '1000' } });
    expect(table.stdout).toMatch(
      /placement types: fixed mix: the mean share of each type in 2022, 2023, 2024 \(tower-hamlets-placements\.csv; no SSDA903 returns\)/,
    );
    const json = JSON.parse((await runCli(['sufficiency', '--to', '2026', '--format', 'json'])).stdout);
    expect(json.parameters).toMatchObject({ mix: 'mean3', window: 3 });
    expect(json.areas[0].placement_types).toMatch(/^fixed mix: the mean share of each type in 2022, 2023, 2024/);
  });
});
