import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, GOLDEN_REPORT_ARGS, runCli } from '../cli/run.js';
import { chromiumFound, expectChartsDrawn, installChromium, launch, openSelfContained } from '../helpers/browser.js';

// The HTML report opened in a real browser: Debian's chromium driven by playwright-core (which
// downloads no browser of its own). .ci/run installs chromium when it is missing, so CI always runs
// this; elsewhere it is skipped with a message saying how to install it (README, "Development").
const found = chromiumFound;
const howTo = installChromium;
if (!found) console.warn(`test/browser/report.test.ts SKIPPED: ${howTo}`);

/** Pages the golden report prints on: A4, figures and tables kept whole (checked by eye, README). */
const EXPECTED_PAGES = 8;
const A4 = { width: 595, height: 842 }; // points

describe('CI has Chromium', () => {
  it.runIf(!found && process.env.CI !== undefined && process.env.CI !== '')(
    'fails in CI when Chromium is missing (.ci/run installs it)',
    async () => {
      expect.fail(howTo);
    },
  );
});

describe.skipIf(!found)('the HTML report in headless Chromium', async () => {
  it('loads with no console error and no request beyond the file, draws every chart, and prints on A4', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-browser-'));
    const file = join(dir, 'report.html');
    const result = await runCli(GOLDEN_REPORT_ARGS);
    expect(result.code).toBe(0);
    writeFileSync(file, result.stdout);

    const context = await launch(dir, { width: 1100, height: 900 });
    try {
      const page = await openSelfContained(context, file);
      await expectChartsDrawn(page, [
        'projection-chart-title projection-chart-desc',
        'placements-chart-title placements-chart-desc',
        'gap-chart-title gap-chart-desc',
        'costs-chart-title costs-chart-desc',
      ]);
      // nothing runs off the side of a 1100-pixel window
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1100);

      const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
      const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages).toHaveLength(EXPECTED_PAGES);
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)!;
      expect(Math.round(Number(box[1]))).toBe(A4.width);
      expect(Math.round(Number(box[2]))).toBe(A4.height);
    } finally {
      await context.close();
    }
  }, 60_000);

  // Issue 20: a wide council (eleven placement types by age band, eight of them costed) in a
  // 1200-pixel window. With LACPROJ_SCREENSHOTS=DIR the test also saves what it looked at, to be
  // looked at by eye: the costs table and the placement and gap charts.
  it('a wide council: no table cut off in a 1200-pixel window or on A4, and the placement panels on one grid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-browser-wide-'));
    const file = join(dir, 'lancashire.html');
    const result = await runCli([
      'report',
      '--history',
      'data/england/cla-history-2010-2022.csv',
      '--population',
      'data/england/population-0-17-mid-2011-2024.csv',
      '--area',
      'Lancashire',
      '--placements',
      fixture('good/lancashire-like-placements-by-age.csv'),
      '--costs',
      fixture('good/lancashire-like-costs.csv'),
      '--capacity',
      fixture('good/lancashire-like-capacity.csv'),
      '--to',
      '2030',
      '--population-extend',
      'trend',
      '--simulations',
      '100',
    ]);
    expect(result.code).toBe(0);
    writeFileSync(file, result.stdout);
    const context = await launch(dir, { width: 1200, height: 900 });
    try {
      const page = await openSelfContained(context, file);
      const shots = process.env.LACPROJ_SCREENSHOTS;
      if (shots) {
        await page
          .locator('#sufficiency table', { hasText: 'Annual cost' })
          .first()
          .screenshot({ path: join(shots, 'costs-table.png') });
        await page
          .locator('#sufficiency figure')
          .nth(0)
          .screenshot({ path: join(shots, 'placements-chart.png') });
        await page
          .locator('#sufficiency figure')
          .nth(1)
          .screenshot({ path: join(shots, 'gap-chart.png') });
      }
      // nothing runs off the side: the page, and every table within the text's column
      const fits = () =>
        page.evaluate(() => {
          const main = document.querySelector('main')!.getBoundingClientRect();
          return {
            page: document.documentElement.scrollWidth,
            window: window.innerWidth,
            over: [...document.querySelectorAll('#sufficiency table')]
              .filter((t) => t.getBoundingClientRect().right > main.right + 0.5 || t.scrollWidth > t.clientWidth + 0.5)
              .map((t) => t.querySelector('caption')!.textContent),
          };
        });
      const screen = await fits();
      expect(screen.page).toBeLessThanOrEqual(screen.window);
      expect(screen.over).toEqual([]);
      // the costs table (eleven columns of money and two totals) comes in blocks, each with the year
      const costs = await page.$$eval('#sufficiency table', (tables) =>
        tables
          .filter((t) => t.querySelector('caption')!.textContent!.startsWith('Annual cost'))
          .map((t) => [...t.querySelectorAll('thead th')].map((th) => th.textContent)),
      );
      expect(costs.length).toBeGreaterThan(1);
      for (const head of costs) expect(head[0]).toBe('Year');
      expect(costs.flat()).toEqual(expect.arrayContaining(['Total costed', 'Total at upper 80%', "External children's homes"]));

      // every panel of the placement and gap charts: its plotting area on a regular grid, and
      // its own year axis right under it (none floating under an empty cell)
      for (const chart of ['placements-chart', 'gap-chart']) {
        // Vega draws a facet as one group mark with an item (a <g>) per panel
        const panels = await page.$$eval(`svg[aria-labelledby^="${chart}"] g.role-scope.cell > g`, (cells) =>
          cells.map((cell) => {
            const plot = cell.querySelector(':scope > path.background')!.getBoundingClientRect();
            const axis = cell.querySelector('[aria-label^="X-axis"]')?.getBoundingClientRect();
            return { left: plot.left, top: plot.top, bottom: plot.bottom, width: plot.width, axisTop: axis?.top, axisLeft: axis?.left };
          }),
        );
        expect(panels.length, chart).toBeGreaterThan(4);
        const lefts = [...new Set(panels.map((p) => Math.round(p.left)))];
        const tops = [...new Set(panels.map((p) => Math.round(p.top)))];
        expect(lefts, chart).toHaveLength(4);
        expect(tops, chart).toHaveLength(Math.ceil(panels.length / 4));
        expect(new Set(panels.map((p) => Math.round(p.width))).size, chart).toBe(1);
        for (const p of panels) {
          expect(p.axisTop, chart).toBeCloseTo(p.bottom, 0);
          expect(p.axisLeft, chart).toBeCloseTo(p.left, 0);
        }
      }

      // printed on A4 (the screen's column is wider): still no table cut off
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 688, height: 1000 });
      const paper = await fits();
      expect(paper.over).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
