import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GOLDEN_REPORT_ARGS, runCli } from '../cli/run.js';

// The HTML report opened in a real browser: Debian's chromium driven by playwright-core (which
// downloads no browser of its own). .ci/run installs chromium when it is missing, so CI always runs
// this; elsewhere it is skipped with a message saying how to install it (README, "Development").
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
const howTo = `no Chromium at ${CHROMIUM}: install it with "apt-get install chromium" (Debian/Ubuntu) or set CHROMIUM_PATH`;
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
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'lacproj-browser-'));
    const file = join(dir, 'report.html');
    const result = await runCli(GOLDEN_REPORT_ARGS);
    expect(result.code).toBe(0);
    writeFileSync(file, result.stdout);

    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);

      const charts = await page.$$eval('svg[role="img"]', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            id: svg.getAttribute('aria-labelledby'),
            title: svg.querySelector('title')?.textContent ?? '',
            width: box.width,
            height: box.height,
            marks: svg.querySelectorAll('path, line, rect').length,
            text: [...svg.querySelectorAll('text')].map((t) => t.textContent).join(' '),
          };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual([
        'projection-chart-title projection-chart-desc',
        'placements-chart-title placements-chart-desc',
        'gap-chart-title gap-chart-desc',
        'costs-chart-title costs-chart-desc',
      ]);
      for (const chart of charts) {
        expect(chart.title.length, chart.id!).toBeGreaterThan(20);
        expect(chart.width, chart.id!).toBeGreaterThan(400);
        expect(chart.height, chart.id!).toBeGreaterThan(150);
        expect(chart.marks, chart.id!).toBeGreaterThan(30);
        expect(chart.text, chart.id!).toContain('Year ending 31 March');
      }
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
});
