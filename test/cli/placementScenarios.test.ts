import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SUFFICIENCY_COLUMNS } from '../../src/report/placementScenarios.js';
import { fixture, runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'lacproj-placement-scenarios-'));
const sample = fixture('ssda903-sample');
const stepDown = 'examples/step-down-homes.yaml';
const carers = 'examples/in-house-carers.yaml';
const common = ['--episodes', sample, '--simulations', '100'];
type Row = Record<string, string>;

const baselineCsv = await runCli(['sufficiency', ...common, '--format', 'csv']);
const withScenarios = await runCli(['sufficiency', ...common, '--scenario', stepDown, '--scenario', carers, '--format', 'csv']);
const rows = parse(withScenarios.stdout, { columns: true }) as Row[];
const of = (scenario: string) => rows.filter((r) => r.scenario === scenario);
const sumBy = (list: Row[], field: string) => {
  const totals = new Map<string, number>();
  for (const r of list) totals.set(r.year!, (totals.get(r.year!) ?? 0) + Number(r[field]));
  return totals;
};

describe('lacproj sufficiency --episodes --scenario', () => {
  it('prints the baseline and each scenario side by side by type (the issue\'s "done when")', async () => {
    const table = await runCli(['sufficiency', ...common, '--scenario', stepDown]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/placements needed on 31 March \(transitions projection, 80% range\)/);
    expect(table.stdout).toMatch(/scenario "Step down from children's homes"\s+\(examples\/step-down-homes\.yaml\) beside the baseline/);
    expect(table.stdout).toMatch(/Children by type and year, scenario minus baseline/);
    expect(table.stdout).toMatch(/ Type\s+Baseline\s+Scenario\s+Difference\s+Places\s+baseline\s+scenario/);
    expect(table.stdout).toMatch(/ fostering_inhouse\s+[\d.]+ \(\d+-\d+\)\s+[\d.]+ \(\d+-\d+\)\s+\+[\d.]+/);
    expect(table.stdout).toMatch(/Cost: baseline\s+Cost: scenario\s+Cost: difference/);
  });

  it('CSV: the baseline rows are the run without --scenario, every scenario row carries its difference from them', () => {
    expect(withScenarios.code).toBe(0);
    expect(Object.keys(rows[0]!)).toEqual([...SCENARIO_SUFFICIENCY_COLUMNS]);
    const plain = parse(baselineCsv.stdout, { columns: true }) as Row[];
    expect(
      of('baseline').map(({ scenario: _s, demand_difference: _d, gap_difference: _g, annual_cost_difference: _c, ...r }) => r),
    ).toEqual(plain);
    for (const name of ["Step down from children's homes", 'Recruit in-house foster carers']) {
      const own = of(name);
      expect(own.length).toBe(plain.length);
      own.forEach((r, i) => {
        const b = plain[i]!;
        expect([r.year, r.placement_type]).toEqual([b.year, b.placement_type]);
        expect(Number(r.demand_difference)).toBeCloseTo(Number(r.demand) - Number(b.demand), 1);
        expect(r.places).toBe(b.places); // the same places
        if (r.gap !== '') expect(Number(r.gap_difference)).toBeCloseTo(Number(r.demand_difference), 1); // same places: gap moves with demand
      });
    }
  });

  it("step down: more with own foster carers and fewer in children's homes every year; recruiting carers keeps the total", () => {
    const step = of("Step down from children's homes");
    for (const r of step.filter((x) => x.placement_type === 'fostering_inhouse')) expect(Number(r.demand_difference)).toBeGreaterThan(0);
    for (const r of step.filter((x) => x.placement_type!.startsWith('childrens_home'))) expect(Number(r.demand_difference)).toBeLessThan(0);
    // agency placements become own carers' (instead): the children are the same, every year
    const carersRows = of('Recruit in-house foster carers');
    const [before, after] = [sumBy(of('baseline'), 'demand'), sumBy(carersRows, 'demand')];
    for (const [year, total] of before) expect(Math.abs(after.get(year)! - total)).toBeLessThan(0.6); // 12 types rounded to 0.1
    for (const r of carersRows.filter((x) => x.placement_type === 'fostering_agency')) expect(Number(r.demand_difference)).toBeLessThan(0);
  });

  it('JSON says what each file asked and gives its records; the workbook has a Scenarios sheet beside the baseline', async () => {
    const json = JSON.parse((await runCli(['sufficiency', ...common, '--scenario', stepDown, '--format', 'json'])).stdout);
    expect(json.parameters.scenario).toEqual([stepDown]);
    expect(json.inputs.map((i: { role: string }) => i.role)).toContain('scenario');
    const [s] = json.scenarios;
    expect(s.name).toBe("Step down from children's homes");
    expect(s.file).toBe(stepDown);
    expect(s.placement_moves).toEqual([{ bands: ['10to15'], from: ['childrens_home'], to: ['fostering_inhouse'], change: { add: 0.2 } }]);
    expect(s.records.length).toBe(json.records.length);
    const out = join(dir, 'scenarios.xlsx');
    expect((await runCli(['sufficiency', ...common, '--scenario', stepDown, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Scenarios')!;
    expect(sheet.getRow(1).values).toContain('Children: baseline');
    expect(sheet.rowCount - 1).toBe(json.records.length);
  });

  it("a scenario's population variant replaces the projection its entrants come from, and is listed as an input", async () => {
    // ONS's projection falling 15% a year from mid-2022 (rebased to the latest estimate, the fall stays): fewer entrants each year
    const lines = readFileSync('data/ons-2022-snpp-tower-hamlets-age-0-17.csv', 'utf8').trimEnd().split('\n');
    const falling = lines.map((line, i) =>
      i === 0
        ? line
        : line
            .split(',')
            .map((cell, c) => (c >= 5 ? String(Number(cell) * 0.85 ** (c - 5)) : cell))
            .join(','),
    );
    writeFileSync(join(dir, 'low.csv'), `${falling.join('\n')}\n`);
    writeFileSync(join(dir, 'low.yaml'), 'name: Fewer children\npopulation: low.csv\n');
    const json = JSON.parse((await runCli(['sufficiency', ...common, '--scenario', join(dir, 'low.yaml'), '--format', 'json'])).stdout);
    expect(json.inputs.map((i: { file: string }) => i.file)).toContain(join(dir, 'low.csv'));
    const total = (records: Row[], year: number) =>
      records.filter((r) => Number(r.year) === year).reduce((s, r) => s + Number(r.demand), 0);
    expect(total(json.scenarios[0].records, 2032)).toBeLessThan(total(json.records, 2032) - 1);
  });

  it('refuses --scenario without returns, UASC arrivals with them, and a rule that starts after the last year', async () => {
    const without = await runCli(['sufficiency', '--scenario', stepDown]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(
      /--scenario changes the moves between placement types measured from SSDA903 returns: give them with --episodes/,
    );
    const uasc = await runCli(['sufficiency', ...common, '--scenario', 'examples/more-uasc.yaml']);
    expect(uasc.code).toBe(1);
    expect(uasc.stderr).toMatch(
      /more-uasc\.yaml line \d+, column "uasc_arrivals": uasc_arrivals cannot change placements from SSDA903 returns/,
    );
    const late = join(dir, 'late.yaml');
    writeFileSync(late, 'name: Late\nplacement_moves:\n  - to: left\n    add: 0.1\n    from: 2040\n');
    const result = await runCli(['sufficiency', ...common, '--scenario', late, '--to', '2030']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /late\.yaml line 3, column "placement_moves\[0\]": this rule cannot change the placements: it starts in 2040, after the last projected year \(2030\)/,
    );
    expect(result.stdout).toBe('');
  });
});

describe('lacproj scenario --episodes: the totals a placement scenario implies', () => {
  it("the baseline is the transitions' total, each scenario beside it, in the scenario command's layouts", async () => {
    const csv = await runCli([
      'scenario',
      ...common,
      '--scenario',
      stepDown,
      '--scenario',
      'examples/edge-of-care.yaml',
      '--format',
      'csv',
    ]);
    expect(csv.code).toBe(0);
    const totals = parse(csv.stdout, { columns: true }) as Row[];
    expect(new Set(totals.map((r) => r.scenario))).toEqual(new Set(['baseline', "Step down from children's homes", 'Edge of care']));
    expect(new Set(totals.map((r) => r.method))).toEqual(new Set(['transitions']));
    // the same totals as sufficiency's placements by type add up to
    const byYear = sumBy(of('baseline'), 'demand');
    for (const r of totals.filter((x) => x.scenario === 'baseline'))
      expect(Math.abs(Number(r.cla) - byYear.get(r.year!)!)).toBeLessThan(0.6);
    // fewer entrants and more leavers from 2027: fewer children by the end
    const last = (name: string) => Number(totals.filter((r) => r.scenario === name).at(-1)!.cla);
    expect(last('Edge of care')).toBeLessThan(last('baseline'));
    const table = await runCli(['scenario', ...common, '--scenario', stepDown]);
    expect(table.stdout.replace(/\s+/g, ' ')).toMatch(
      /children looked after on 31 March by scenario \(placement transitions from SSDA903 returns, 80% range\)/,
    );
    expect(table.stdout).toMatch(/Step down from children's homes \(examples\/step-down-homes\.yaml\): .*: [+-][\d.]+ children against/s);
  });

  it('placement rules without returns are an error naming the file and line, before anything is read', async () => {
    const result = await runCli(['scenario', '--scenario', stepDown]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${stepDown} line 8, column "placement_moves[0]": placement_moves change the moves between placement types measured from SSDA903 returns: give the returns with --episodes\n`,
    );
  });
});

describe("secure children's homes and residential schools as their own types, with places and costs", () => {
  it('take the places and weekly costs a file gives them', async () => {
    const result = await runCli([
      'sufficiency',
      ...common,
      '--capacity',
      'examples/capacity-by-type.csv',
      '--costs',
      'examples/costs-by-type.csv',
      '--format',
      'csv',
    ]);
    const all = parse(result.stdout, { columns: true }) as Row[];
    const first = (type: string) => all.find((r) => r.placement_type === type)!;
    expect(first('secure_childrens_home').places).toBe('1');
    expect(first('residential_school').places).toBe('1');
    // £4,025 a week at 2019 prices, 3% a year to 2026: 4,025 x 1.03^7 = 4,950.24
    expect(Number(first('secure_childrens_home').weekly_cost)).toBeCloseTo(4950.24, 2);
    // £3,000 a week at 2022 prices: 3,000 x 1.03^4 = 3,376.53; annual = demand x weekly x 365.25/7
    const school = first('residential_school');
    expect(Number(school.weekly_cost)).toBeCloseTo(3376.53, 2);
    expect(Number(school.annual_cost)).toBeGreaterThan(0);
    // without a file, secure places are priced at the bundled Children's Commissioner estimate
    const bundled = parse((await runCli(['sufficiency', ...common, '--format', 'csv'])).stdout, { columns: true }) as Row[];
    expect(Number(bundled.find((r) => r.placement_type === 'secure_childrens_home')!.weekly_cost)).toBeCloseTo(4950.24, 2);
    expect(readFileSync('data/example-costs-by-type.csv', 'utf8')).toMatch(/secure_childrens_home,4025,2019,/);
  });
});
