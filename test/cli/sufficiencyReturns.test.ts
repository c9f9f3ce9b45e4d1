import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'lacproj-suff-returns-'));
const sample = fixture('ssda903-sample');
// the sample's own history (fixtures/README.md), so that the years after 2022 are projected
const ownHistory = [
  '--history',
  fixture('ssda903-sample-history.csv'),
  '--population',
  'data/tower-hamlets-population-0-17-estimates.csv',
  '--population',
  'data/ons-2022-snpp-tower-hamlets-age-0-17.csv',
];

const transitions = join(dir, 't.csv');
const result = await runCli(['sufficiency', '--episodes', sample, '--transitions', transitions, '--format', 'csv']);
const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];

describe('lacproj sufficiency --episodes (placement transitions)', () => {
  it('runs as the issue asks: demand by type from the returns, and the rates as CSV', async () => {
    expect(result.code).toBe(0);
    expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['transitions']));
    expect([...new Set(rows.map((r) => r.placement_type))]).toEqual([
      'fostering_inhouse',
      'fostering_agency',
      'fostering_kinship',
      'childrens_home_inhouse',
      'childrens_home_external',
      'secure_childrens_home',
      'residential_school',
      'supported_inhouse',
      'supported_external',
      'with_parents',
      'adoption',
      'other',
    ]);
    expect(readFileSync(transitions, 'utf8').split('\n')[0]).toBe('age_band,from,to,rate,count');
  });

  it("places in use are the returns' own stock on 31 March 2022 by type (75 children, as episodes summarise counts)", async () => {
    const first = rows.filter((r) => r.year === rows[0]!.year);
    const summary = parse((await runCli(['episodes', 'summarise', '--episodes', sample, '--format', 'csv'])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    const stock = (group: string) => Number(summary.find((r) => r.year === '2022' && r.measure === 'stock' && r.group === group)!.value);
    // placed with parents, for adoption and other are not places to provide: they have none
    expect(first.filter((r) => ['with_parents', 'adoption', 'other'].includes(r.placement_type!)).map((r) => r.places)).toEqual([
      '',
      '',
      '',
    ]);
    expect(first.reduce((s, r) => s + Number(r.places), 0)).toBe(75 - stock('with_parents') - stock('adoption') - stock('other'));
    const places = (type: string) => Number(first.find((r) => r.placement_type === type)!.places);
    expect(places('fostering_inhouse')).toBe(stock('fostering_inhouse'));
    expect(places('fostering_agency')).toBe(stock('fostering_agency'));
    expect(places('childrens_home_inhouse')).toBe(stock('childrens_home_inhouse'));
    expect(places('childrens_home_external')).toBe(stock('childrens_home_external'));
    expect(places('secure_childrens_home')).toBe(stock('secure_childrens_home'));
    expect(places('residential_school')).toBe(stock('residential_school'));
    expect(places('supported_inhouse') + places('supported_external')).toBe(stock('supported'));
  });

  it('rates are 0-1 and the rates out of one type (or of the entrants) sum to at most 1', async () => {
    const rates = parse(readFileSync(transitions, 'utf8'), { columns: true }) as Record<string, string>[];
    const sums = new Map<string, number>();
    for (const r of rates) {
      const rate = Number(r.rate);
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
      expect(Number.isInteger(Number(r.count))).toBe(true);
      sums.set(`${r.age_band}|${r.from}`, (sums.get(`${r.age_band}|${r.from}`) ?? 0) + rate);
    }
    expect(sums.size).toBeGreaterThan(5);
    for (const total of sums.values()) expect(total).toBeLessThanOrEqual(1 + 1e-5);
    // rows resting on the band's own counts: the rate is the count over the row's children
    const teens = rates.filter((r) => r.age_band === '10to15' && r.from === 'fostering_inhouse');
    const n = teens.reduce((s, r) => s + Number(r.count), 0);
    expect(n).toBe(151);
    for (const r of teens) expect(Number(r.rate)).toBeCloseTo(Number(r.count) / n, 5);
  });

  it('the same seed gives byte-identical output; demand by type is within its 80% range', async () => {
    const again = await runCli(['sufficiency', '--episodes', sample, '--format', 'csv']);
    expect(again.stdout).toBe(result.stdout);
    for (const r of rows) {
      expect(Number(r.lower80)).toBeLessThanOrEqual(Number(r.demand) + 0.05);
      expect(Number(r.upper80)).toBeGreaterThanOrEqual(Number(r.demand) - 0.05);
    }
  });

  it('says which placement types were used and warns, in the output itself, that the returns and the default history are different councils', async () => {
    const json = JSON.parse((await runCli(['sufficiency', '--episodes', sample, '--format', 'json', '--simulations', '200'])).stdout) as {
      parameters: { episodes: string[] };
      areas: { placement_types: string; warnings: string[]; notes: string[] }[];
    };
    expect(json.parameters.episodes).toEqual([sample]);
    expect(json.areas[0]!.placement_types).toMatch(/transitions between types in the SSDA903 returns/);
    expect(json.areas[0]!.warnings.join('\n')).toMatch(/the SSDA903 returns have 75 children in care on 31 March 2022, the history 332/);
    expect(json.areas[0]!.warnings.join('\n')).toMatch(
      /the published history counts 2023-2025, after the latest SSDA903 return \(2022\): shown as history, not projected/,
    );
    expect(json.areas[0]!.notes.join('\n')).toMatch(/start after X1 counted as a start with no cessation: .*2020-episodes.csv line 113/);
    const fixed = await runCli(['sufficiency', '--to', '2027'], { env: { COLUMNS: '1000' } });
    expect(fixed.stdout).toMatch(
      /placement types: fixed mix: the mean share of each type in 2022, 2023, 2024 \(tower-hamlets-placements.csv; no SSDA903 returns\)/,
    );
  });

  it("with the council's own history, projects from the year after the last return, and the workbook carries the notes", async () => {
    const out = join(dir, 'own.xlsx');
    const own = await runCli([
      'sufficiency',
      '--episodes',
      sample,
      ...ownHistory,
      '--to',
      '2025',
      '--simulations',
      '200',
      '--format',
      'xlsx',
      '--out',
      out,
    ]);
    expect(own.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const projection = workbook.getWorksheet('Projection')!;
    expect(projection.getRow(2).getCell(2).value).toBe(2023);
    const summary = workbook.getWorksheet('Summary')!;
    const items = summary.getColumn(1).values.slice(1).map(String);
    expect(items).toContain('Placement types');
    expect(items).not.toContain('Warning'); // the same council's history: no warning
  });

  it('refuses --transitions without returns, and a fixed mix with them', async () => {
    expect((await runCli(['sufficiency', '--transitions', join(dir, 'x.csv')])).stderr).toMatch(
      /--transitions writes the rates estimated from SSDA903 returns: give them with --episodes/,
    );
    expect((await runCli(['sufficiency', '--episodes', sample, '--mix', 'x.csv'])).stderr).toMatch(
      /with --episodes the placement types come from the returns/,
    );
    const counted = await runCli(['sufficiency', '--episodes', sample, '--to', '2024']);
    expect(counted.code).toBe(1);
    expect(counted.stderr).toMatch(/the history already counts every year to 2024: give a later --to/);
  });
});
