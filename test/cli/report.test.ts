import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunContext } from '../../src/app/context.js';
import { reportModel, type ReportSettings } from '../../src/app/report.js';
import { DEFAULT_PROJECTION_OPTIONS } from '../../src/model/projection/types.js';
import { chartSpec } from '../../src/report/chart.js';
import { sufficiencyCharts } from '../../src/report/sufficiency-charts.js';
import { expectGolden, GOLDEN_REPORT_ARGS, runCli } from './run.js';

/** GOLDEN_REPORT_ARGS as the command parses them (the defaults, --to 2028, --simulations 200). */
const REPORT_SETTINGS: ReportSettings = {
  ...DEFAULT_PROJECTION_OPTIONS,
  methods: [...DEFAULT_PROJECTION_OPTIONS.methods],
  defaultMethods: true,
  simulations: 200,
  seed: 1,
  uascExitShare: 0.5,
  to: 2028,
  rebase: 'ratio',
  inflation: 0.03,
};

const national = ['--history', 'data/england/cla-history-2010-2022.csv', '--population', 'data/england/population-0-17-mid-2011-2024.csv'];

const result = await runCli(GOLDEN_REPORT_ARGS);
const html = result.stdout;

describe('lacproj report', () => {
  it("writes the page for the bundled data: its skeleton and its charts' specs (golden, version normalised)", async () => {
    expect(result.code).toBe(0);
    // the page as lacproj writes it, each chart's drawing (Vega's) left out but its title and description
    const skeleton = html.replace(
      /(<svg[^>]*>)(<title[^>]*>[^<]*<\/title><desc[^>]*>[^<]*<\/desc>)?[\s\S]*?<\/svg>/g,
      '$1$2[drawn by Vega]</svg>',
    );
    expect(skeleton.match(/\[drawn by Vega\]/g)).toHaveLength(4);
    expectGolden('report-skeleton.html', skeleton);
    // what lacproj asks Vega-Lite to draw
    const model = await reportModel(createRunContext(), REPORT_SETTINGS);
    const specs = {
      projection: chartSpec(model.report),
      ...Object.fromEntries(sufficiencyCharts(model.sufficiency!).map((c) => [c.name, c.spec])),
    };
    expectGolden('report-chart-specs.json', `${JSON.stringify(specs, null, 1)}\n`);
  });

  it('is self-contained: no scripts, no stylesheet or image to fetch, nothing on the network', async () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en-GB">')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
    // the only addresses are XML namespace names inside the SVGs, which are never fetched
    const addresses = [...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
    expect(new Set(addresses)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).toContain('<style>');
    expect(html).toMatch(/@page \{ size: A4;/);
  });

  it('is accessible: headings in order, captions and scoped headers on every table, a title and description on every chart', async () => {
    expect(html.match(/<h1>/g)).toHaveLength(1);
    const h2 = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(h2).toEqual([
      'Summary',
      'Projection',
      'History',
      'Placements, places and costs',
      'How far each method could be trusted here',
      'Assumptions',
      'Data sources',
    ]);
    const tables = html.split('<table').slice(1);
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const table of tables) {
      expect(table).toMatch(/^[^>]*>\n<caption>[^<]+<\/caption>/);
      expect(table).toMatch(/<th scope="col"/);
      expect(table).not.toMatch(/<th>/);
    }
    const svgs = [...html.matchAll(/<svg[^>]*>/g)].map((m) => m[0]);
    // projection, placements, gap, costs
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) expect(svg).toMatch(/role="img" aria-labelledby="([\w-]+)-title \1-desc"/);
    const ids = [...html.matchAll(/<title id="([\w-]+)">/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(4);
    expect(html).toMatch(/<desc id="projection-chart-desc">Line chart\. Actual numbers 2010-2025 \(284 in 2025\); projected to 2028/);
  });

  it('leads with the first method, names it in words, and lists the others as alternatives', async () => {
    // the default methods lead with recommended
    expect(html).toMatch(
      /<p class="headline">Tower Hamlets \(E09000030, 211\) is projected to look after about 279 children on 31 March 2028 \(80% range 233 to 337\), against 284 on 31 March 2025, by the regional growth method \(recommended\)\./,
    );
    expect(html).toMatch(/<li>The 2025 count of 284, moved with its region's average yearly change 2022-2025 \(London, -2\.2% a year\)/);
    expect(html).toMatch(/<h3>Other methods, as alternatives<\/h3>\n<ul>\n<li>Average rate method \(avg3\): 287 on 31 March 2028/);
    const naiveFirst = (await runCli(['report', '--to', '2027', '--methods', 'naive,trend', '--simulations', '100'])).stdout;
    expect(naiveFirst).toMatch(/<p class="headline">[^<]*by the last count method \(naive\)\./);
    expect(naiveFirst).toMatch(/<h3>Other methods, as alternatives<\/h3>\n<ul>\n<li>Trend rate method \(trend\): /);
    expect(naiveFirst).toMatch(/No change: the 2025 count of 284 is carried forward\./);
    // from an earlier base year, the projection is set against that year's count (307 in 2020), not the latest
    const earlier = (await runCli(['report', '--base-year', '2020', '--to', '2022', '--methods', 'naive'])).stdout;
    expect(earlier).toMatch(
      /about 307 children on 31 March 2022 \(80% range \d+ to \d+\), against 307 on 31 March 2020, by the last count method \(naive\)/,
    );
  });

  it("another council from the national files: its placements from DfE's published figures, named as such", async () => {
    const manchester = await runCli(['report', ...national, '--area', 'Manchester', '--to', '2024', '--simulations', '200']);
    expect(manchester.code).toBe(0);
    expect(manchester.stdout).toContain('<h1>Children looked after in Manchester: projection to 2024</h1>');
    expect(manchester.stdout).not.toMatch(/Left out: no placement counts were given/);
    expect(manchester.stdout).toMatch(
      /Placement types: fixed mix: the mean share of each type in 2021, 2022 \(DfE's published placements for Manchester, placements-by-council-2010-2022\.csv/,
    );
    // own provision 579 of 921 foster placements in 2022: the split is an estimate, and the page says how
    expect(manchester.stdout).toMatch(/Fostering split by estimate: in-house = the children in the council's own provision/);
    expect(manchester.stdout).toContain('gap-chart');
    expect(manchester.stdout).toMatch(/<h3>Placed outside the council's boundary and far from home<\/h3>/);
    expect(manchester.stdout).toMatch(
      /placements-by-council-2010-2022\.csv<\/td><td>DfE's published placements by council, used 2021, 2022/,
    );
    expect(manchester.stdout).toMatch(/Backtest of Manchester: forecasts from 2014-2021/);
    expect(manchester.stdout).toMatch(
      /data\/england\/cla-history-2010-2022\.csv<\/td><td>children looked after, years ending 31 March 2010-2022/,
    );
  });

  it('says what the range is: the surprises of the past either way; for a council with no children, chance alone', async () => {
    expect(html).toMatch(/<p>The 80% range is as wide as the surprises of the past, in either direction: .* It is wider further ahead,/);
    const scilly = await runCli([
      'report',
      ...national,
      '--area',
      'Isles of Scilly',
      '--population-extend',
      'flat',
      '--to',
      '2024',
      '--simulations',
      '100',
    ]);
    expect(scilly.code).toBe(0);
    expect(scilly.stdout).toMatch(/about 0 children on 31 March 2024 \(80% range 0 to 2\)/);
    expect(scilly.stdout).toMatch(
      /<p>It looked after no children on 31 March 2022, so there is no spread to measure: the range \(95% range for 2024: 0 to 4\) is what chance alone allows/,
    );
    expect(scilly.stdout).not.toMatch(/wider further ahead/);
  });

  it('is one area: --area all is refused before any work', async () => {
    const all = await runCli(['report', ...national, '--area', 'all']);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/error: a report is of one area: pick it with --area/);
  });

  it('is byte-identical from run to run, so rerun reproduces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-report-'));
    expect((await runCli([...GOLDEN_REPORT_ARGS, '--out', 'report.html', '--manifest', 'run.json'], { cwd: dir })).code).toBe(0);
    // the page does not name the file it is written to: the same bytes wherever it goes
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(html);
    const again = await runCli(['rerun', 'run.json'], { cwd: dir });
    expect(again.stderr).toMatch(/reproduced: 1 output file and stdout are byte-identical/);
  });
});
