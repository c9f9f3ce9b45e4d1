import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { combineHistory } from '../../src/io/combine.js';
import { InputReader, loadHistory } from '../../src/io/load.js';
import { regionFromCouncils } from '../../src/model/areas/regions.js';
import { createRunContext } from '../../src/app/context.js';
import { fixture, root, runCli } from './run.js';

const E = (name: string) => `${root}data/england/${name}`;

describe('the recommended projection on the bundled Tower Hamlets data', () => {
  it('leads the table with London growth 2022-2025 from the London file, worked by a second method', async () => {
    // London's 31 March counts summed straight from DfE's published London file (a second reader):
    // boroughs with a count in both 2022 and 2025 (City of London is suppressed in 2025).
    const rows = parse(readFileSync(E('cla_number_and_rate_per_10k_children_2021to2025_london.csv'), 'utf8'), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    const stock = rows.filter((r) => /31 March/.test(r.population_type!));
    const count = (code: string, year: string) => stock.find((r) => r.new_la_code === code && r.time_period === year)?.children_count;
    const codes = [...new Set(stock.map((r) => r.new_la_code!))];
    const both = codes.filter((c) => /^\d+$/.test(count(c, '2022') ?? '') && /^\d+$/.test(count(c, '2025') ?? ''));
    expect(both).toHaveLength(32);
    const sum = (year: string) => both.reduce((s, c) => s + Number(count(c, year)), 0);
    const g = (Math.log(sum('2025')) - Math.log(sum('2022'))) / 3;
    const f2026 = 284 * Math.exp(g * 0.5);

    // wide, so that each line of the headline is one line of text (the default width wraps them)
    const result = await runCli(['project', '--to', '2027', '--explain'], { env: { COLUMNS: '1000' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toMatch(/^Recommended: 281 children looked after on 31 March 2026 \(80% range \d+-\d+\), 279 on 31 March 2027/);
    expect(lines[2]).toMatch(
      /^How: the 2025 count of 284, moved with its region's average yearly change 2022-2025 \(London, -2\.2% a year\)/,
    );
    expect(lines[3]).toMatch(
      /^Other methods, as scenarios for 2026: avg3 \(average rate\) 286, trend \(trend rate\) 274, naive \(last count\) 284, flow \(inflow\/outflow\) 282\.$/,
    );
    expect(result.stdout).toContain(
      `ln(${sum('2025').toLocaleString('en-GB')} / ${sum('2022').toLocaleString('en-GB')}) / 3, London 2022-2025 (32 members counted in both years, 1 left out for a missing count)`,
    );
    expect(result.stdout).toContain(`recommended 2026: 284 x exp(${g.toFixed(4)} x 0.5000) = ${f2026.toFixed(1)}`);
  });

  it('is the first method of the CSV, with intervals that hold the point', async () => {
    const result = await runCli(['project', '--format', 'csv', '--to', '2030']);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    const projected = rows.filter((r) => r.kind === 'projected');
    expect(projected[0]!.method).toBe('recommended');
    for (const r of projected.filter((x) => x.method === 'recommended')) {
      const [l95, l80, cla, u80, u95] = [r.lower95, r.lower80, r.cla, r.upper80, r.upper95].map(Number);
      expect(l95).toBeLessThanOrEqual(l80!);
      expect(l80).toBeLessThanOrEqual(cla!);
      expect(cla).toBeLessThanOrEqual(u80!);
      expect(u80).toBeLessThanOrEqual(u95!);
    }
  });
});

describe('regional series from the bundled national file', () => {
  it("sum to DfE's published regional rows 2018-2022 within 0.3% (regions summed from councils)", async () => {
    const areas = combineHistory([loadHistory(new InputReader(), E('cla-history-2010-2022.csv'))]).areas;
    const published = combineHistory([loadHistory(new InputReader(), fixture('dfe/cla-rate-2018to2022-regional-rows.csv'))]).areas;
    const table = createRunContext().bundled.regionTable();
    const regions = published.filter((p) => /^E12/.test(p.area.code));
    expect(regions).toHaveLength(9);
    for (const p of regions) {
      const series = regionFromCouncils({ code: p.area.code, name: p.area.name }, areas, table, 'input councils', [])!;
      for (const y of p.years) {
        const sum = series.members.reduce((s, m) => s + (m.counts.get(y.year) ?? 0), 0);
        expect(Math.abs(sum - y.cla!) / y.cla!, `${p.area.name} ${y.year}`).toBeLessThan(0.003);
      }
    }
  });
});

describe('no leak: the recommended projection at a base year reads nothing after it', () => {
  it('gives the same points and intervals when every count after the base year is changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-leak-'));
    const original = readFileSync(E('cla-history-2010-2022.csv'), 'utf8');
    // triple every count after 2016 (year is the 4th column): the calibration, which is built at
    // run time from this national file, and the region's growth must not notice
    const poisoned = original
      .split('\n')
      .map((line, i) => {
        const cells = line.split(',');
        if (i === 0 || cells.length < 8 || Number(cells.at(-5)) <= 2016) return line;
        return [...cells.slice(0, -4), ...cells.slice(-4).map((c) => (/^\d+$/.test(c) ? String(Number(c) * 3) : c))].join(',');
      })
      .join('\n');
    expect(poisoned).not.toBe(original);
    writeFileSync(join(dir, 'poisoned.csv'), poisoned);
    const run = (history: string) =>
      runCli([
        'project',
        '--history',
        history,
        '--population',
        E('population-0-17-mid-2011-2024.csv'),
        '--area',
        'Manchester',
        '--base-year',
        '2016',
        '--to',
        '2020',
        '--methods',
        'recommended',
        '--format',
        'csv',
      ]);
    const clean = await run(E('cla-history-2010-2022.csv'));
    expect(clean.code).toBe(0);
    const projected = (out: string) => out.split('\n').filter((l) => l.includes(',projected,'));
    expect(projected(clean.stdout)).toHaveLength(4);
    expect(projected((await run(join(dir, 'poisoned.csv'))).stdout)).toEqual(projected(clean.stdout));
  });
});

describe('the London turn test: ranges that hold on both sides where the trend turned', () => {
  it("London's boroughs, origins 2020-2022, outcomes to 2025: each side of the 80% range 5-15% one to four years ahead", async () => {
    const result = await runCli([
      'backtest',
      '--history',
      E('cla-history-2010-2022.csv'),
      '--history',
      E('cla_number_and_rate_per_10k_children_2021to2025_london.csv'),
      '--population',
      E('population-0-17-mid-2011-2024.csv'),
      '--region',
      'London',
      '--origins',
      '2020-2022',
      '--horizon',
      '5',
      '--methods',
      'recommended,naive',
      '--format',
      'csv',
    ]);
    expect(result.code).toBe(0);
    const rows = (parse(result.stdout, { columns: true }) as Record<string, string>[]).filter(
      (r) => r.method === 'recommended' && r.size_band === 'all' && r.area_name === 'All areas (pooled)',
    );
    const sides = rows.map((r) => [Number(r.horizon), Number(r.n), Number(r.below80), Number(r.above80), Number(r.winkler80)]);
    // docs/methods.md, "Ranges" (bench/ranges.js): the old ranges held 71/77/67/71/56% with 20/18/31/29/44% below
    expect(sides).toEqual([
      [1, 99, 0.141, 0.101, 99.3],
      [2, 99, 0.131, 0.091, 133.5],
      [3, 98, 0.112, 0.061, 155.3],
      [4, 65, 0.077, 0.062, 168.8],
      [5, 32, 0.063, 0, 195.5],
    ]);
    for (const [horizon, , below, above] of sides) {
      if (horizon! <= 4) expect([below, above].every((v) => v! >= 0.05 && v! <= 0.15)).toBe(true);
    }
  });
});

describe('the bundled calibration', () => {
  it('is what scripts/build-calibration.js builds from data/england today', async () => {
    const run = spawnSync(process.execPath, [`${root}scripts/build-calibration.js`, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toContain('is up to date');
    expect(run.status).toBe(0);
  });
});

describe('lacproj backtest --methods recommended,naive on the national file', () => {
  it('reproduces the published evidence: MAE 0.996/0.973/0.966 of naive (2013-2016), 0.922/0.913/0.913 (2017-2019)', async () => {
    const args = [
      'backtest',
      '--history',
      E('cla-history-2010-2022.csv'),
      '--population',
      E('population-0-17-mid-2011-2024.csv'),
      '--area',
      'all',
      '--methods',
      'recommended,naive',
      '--format',
      'csv',
    ];
    const ratios = async (origins: string) => {
      const rows = parse((await runCli([...args, '--origins', origins])).stdout, { columns: true }) as Record<string, string>[];
      return rows
        .filter((r) => r.method === 'recommended' && r.size_band === 'all' && r.area_name === 'All areas (pooled)')
        .map((r) => Number(r.relative_mae));
    };
    expect(await ratios('2013-2016')).toEqual([0.996, 0.973, 0.966]);
    expect(await ratios('2017-2019')).toEqual([0.922, 0.913, 0.913]);
  });
});

describe('where no region can be formed', () => {
  it("a council outside England: the last count carried forward with naive's intervals, and the Assumptions say why", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-wales-'));
    // invented counts for a Welsh council: not in the English region table
    writeFileSync(
      join(dir, 'h.csv'),
      'area_code,area_name,year,cla\n' + [120, 130, 125, 140, 150].map((c, i) => `W06000015,Cardiff,${2018 + i},${c}`).join('\n') + '\n',
    );
    writeFileSync(
      join(dir, 'p.csv'),
      'area_code,area_name,mid_year,population_0_17\n' +
        [2017, 2018, 2019, 2020, 2021, 2022, 2023].map((y) => `W06000015,Cardiff,${y},80000`).join('\n') +
        '\n',
    );
    const result = await runCli([
      'project',
      '--history',
      join(dir, 'h.csv'),
      '--population',
      join(dir, 'p.csv'),
      '--methods',
      'recommended,naive',
      '--to',
      '2024',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    const [recommended, naive] = json.areas[0].methods;
    expect(recommended.assumptions.fallback).toMatch(/Cardiff \(W06000015\) is not an English council of the region table/);
    const rows = json.records.filter((r: { kind: string }) => r.kind === 'projected');
    const rec = rows.filter((r: { method: string }) => r.method === 'recommended');
    const nai = rows.filter((r: { method: string }) => r.method === 'naive');
    expect(rec.map((r: { cla: number }) => r.cla)).toEqual([150, 150]);
    expect(rec.map((r: { upper80: number }) => r.upper80)).toEqual(nai.map((r: { upper80: number }) => r.upper80));
    expect(naive.method).toBe('naive');
  });
});
