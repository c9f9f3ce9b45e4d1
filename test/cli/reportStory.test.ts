import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRunContext } from '../../src/app/context.js';
import { reportModel, type ReportSettings } from '../../src/app/report.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../../src/model/projection/types.js';
import { chartSpec } from '../../src/report/chart.js';
import { fixture, root, runCli, temporaryFolder } from './run.js';

// Issue 20, "The report tells the whole story" and "Placement type names in board-facing output".
const history = ['data/england/cla-history-2010-2022.csv', 'data/england/cla_number_and_rate_per_10k_children_2021to2025_london.csv'];
const population = 'data/england/population-0-17-mid-2011-2024.csv';
const national = [...history.flatMap((h) => ['--history', h]), '--population', population];
/** The page without its sources table and footer: what a board reads. */
const boardText = (html: string) => html.replace(/<section id="sources">[\s\S]*?<\/section>/, '').replace(/<footer>[\s\S]*<\/footer>/, '');

describe('the mix by age band is on the page (a Lancashire-like file with an age_band column)', async () => {
  const lancashire = await runCli([
    'report',
    ...national,
    '--area',
    'Lancashire',
    '--placements',
    fixture('good/lancashire-like-placements-by-age.csv'),
    '--to',
    '2026',
    '--population-extend',
    'trend',
    '--simulations',
    '100',
  ]);

  it("prints each band's mix, worked out again from the file, and says the mix follows age bands", () => {
    expect(lancashire.code).toBe(0);
    const html = lancashire.stdout;
    expect(html).not.toMatch(/shared out by the placement mix: +\(/);
    expect(html).toMatch(/shared out by the placement mix of each age band, weighted by the share of the children in each band/);
    expect(html).toContain('<caption>Placement mix by age band (the mean share of 2020, 2021, 2022) and each band');
    // supported accommodation's share among 16-17s, averaged over the three years from the file's counts
    const rows = parse(readFileSync(fixture('good/lancashire-like-placements-by-age.csv')), { columns: true }) as Record<string, string>[];
    const older = (year: string) => rows.filter((r) => r.year === year && r.age_band === '16 years and over');
    const share = (year: string) =>
      older(year)
        .filter((r) => r.placement_type === 'supported accommodation')
        .reduce((s, r) => s + Number(r.count), 0) / older(year).reduce((s, r) => s + Number(r.count), 0);
    const mean = (share('2020') + share('2021') + share('2022')) / 3;
    // the band's row in each block of the table, in the order of the file's types
    const row = [...html.matchAll(/<tr><th scope="row">Aged 16\u201117<\/th>(.*?)<\/tr>/g)].map((m) => m[1]).join('');
    const types = [...new Set(rows.map((r) => r.placement_type))];
    const cells = [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells[types.indexOf('supported accommodation')]).toBe(`${(mean * 100).toFixed(1)}%`);
  });
});

describe('the summary states the change in the 0-17 population whatever the method (Camden)', async () => {
  const args = ['--area', 'Camden', '--population-extend', 'trend', '--simulations', '100'];
  const camden = await runCli(['report', ...national, ...args]);
  const projected = parse((await runCli(['project', ...national, ...args, '--methods', 'recommended', '--format', 'csv'])).stdout, {
    columns: true,
  }) as Record<string, string>[];

  it('with the recommended projection, which does not follow it', () => {
    expect(camden.code).toBe(0);
    // Camden's 0-17 estimate for mid-2024 is 35,276 (data/england/population-0-17-mid-2011-2024.csv);
    // the 2035 projection is set against mid-2034's, continued by its trend (the project CSV's)
    const last = projected.find((r) => r.year === '2035' && r.method === 'recommended')!;
    const to = Number(last.population_0_17);
    const change = ((to - 35_276) / 35_276) * 100;
    const fmt = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 0 });
    // 205 children on 31 March 2025 / 35,276 x 10,000 = 58.1 per 10,000
    const rate = ((Number(last.cla) / to) * 10_000).toFixed(1);
    expect(camden.stdout).toContain(
      `<li>The population aged 0-17 goes from 35,276 (mid-2024) to ${fmt(to)} (mid-2034), ${change >= 0 ? '+' : ''}${change.toFixed(1)}%. ` +
        `This projection does not follow it: it moves the count with its region's growth, so the rate per 10,000 children goes from 58.1 to ${rate}.</li>`,
    );
  });

  it('draws the continued population dashed, from the last estimate on', async () => {
    const settings: ReportSettings = {
      ...DEFAULT_PROJECTION_OPTIONS,
      methods: [...DEFAULT_PROJECTION_OPTIONS.methods],
      defaultMethods: true,
      simulations: 100,
      seed: 1,
      uascExitShare: 0.5,
      rebase: 'ratio',
      inflation: 0.03,
      history: history.map((h) => resolve(root, h)),
      population: [resolve(root, population)],
      area: 'Camden',
      populationExtend: 'trend',
    };
    const model = await reportModel(createRunContext(), settings);
    const panel = (chartSpec(model.report) as { vconcat: { data?: { values: { year: number; kind: string }[] } }[] }).vconcat[1]!;
    const values = panel.data!.values;
    // estimates to mid-2024 (31 March 2025), continued to mid-2034 (31 March 2035): dashed, joined at 2025
    expect(values.filter((v) => v.kind === 'estimate').map((v) => v.year)).toEqual([
      2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025,
    ]);
    expect(values.filter((v) => v.kind === 'projected').map((v) => v.year)).toEqual([
      2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035, 2025,
    ]);
    expect(JSON.stringify(panel)).toContain('"strokeDash":[4,3]');
  });
});

describe('board-facing text names files, not paths; the sources keep the paths', () => {
  const dir = temporaryFolder('lacproj-names-');
  const places = join(dir, 'capacity.csv');
  const absolute = [
    '--history',
    resolve(root, history[0]!),
    '--population',
    resolve(root, population),
    '--area',
    'Birmingham',
    '--capacity',
    places,
    '--to',
    '2024',
  ];

  it('in the report and in the workbook', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(places, 'year,placement_type,places\n2022,fostering,1480\n2022,childrens_home_or_secure,190\n');
    const html = (await runCli(['report', ...absolute, '--simulations', '100'])).stdout;
    expect(boardText(html)).not.toContain(root);
    expect(boardText(html)).not.toContain(dir);
    expect(boardText(html)).toContain('the places in capacity.csv');
    expect(boardText(html)).toMatch(/from 150 councils in cla-history-2010-2022\.csv/);
    // chart titles too
    expect(html).toMatch(
      /<title id="gap-chart-title">Birmingham \(E08000025, 330\): places short or spare by type, against the places in capacity\.csv<\/title>/,
    );
    // the sources table keeps each file's full path
    const sources = html.match(/<section id="sources">[\s\S]*?<\/section>/)![0];
    expect(sources).toContain(places);
    expect(sources).toContain(resolve(root, history[0]!));

    const out = join(dir, 'birmingham.xlsx');
    expect((await runCli(['sufficiency', ...absolute, '--format', 'xlsx', '--out', out])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const text = (sheet: string) => {
      const all: string[] = [];
      workbook.getWorksheet(sheet)!.eachRow((r) => r.eachCell((c) => all.push(String(c.value))));
      return all.join('\n');
    };
    for (const sheet of ['Summary', 'Assumptions']) {
      expect(text(sheet)).not.toContain(dir);
      expect(text(sheet)).not.toContain(root);
    }
    expect(text('Summary')).toContain('the places in capacity.csv');
    expect(text('Inputs')).toContain(places);
  });
});

describe('placement types in people words on the page, keys in CSV and JSON', () => {
  it('the report, table and workbook name no key; CSV and JSON name every one by key', async () => {
    const args = [...national, '--area', 'Camden', '--to', '2026', '--population-extend', 'trend'];
    const html = (await runCli(['report', ...args, '--simulations', '100'])).stdout;
    expect(html).not.toMatch(/fostering_inhouse|fostering_agency|childrens_home_or_secure|residential_school|with_parents/);
    expect(html).toContain(`<th scope="col" class="num">Children's homes (incl. secure)</th>`);
    const table = (await runCli(['sufficiency', ...args], { env: { COLUMNS: '1000' } })).stdout;
    expect(table).not.toMatch(/fostering_inhouse|childrens_home_or_secure/);
    const csv = parse((await runCli(['sufficiency', ...args, '--format', 'csv'])).stdout, { columns: true }) as Record<string, string>[];
    expect(new Set(csv.map((r) => r.placement_type))).toEqual(
      new Set([
        'fostering_inhouse',
        'fostering_agency',
        'residential_school',
        'supported',
        'adoption',
        'childrens_home_or_secure',
        'suppressed',
      ]),
    );
    const json = JSON.parse((await runCli(['sufficiency', ...args, '--format', 'json'])).stdout);
    expect(json.records[0].placement_type).toBe('fostering_inhouse');
  });
});
