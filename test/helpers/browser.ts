import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Debian's Chromium driven by playwright-core (which downloads no browser of its own). .ci/run
 * installs it when it is missing, so CI always runs the browser tests; elsewhere they are skipped
 * with a message saying how to install it (README, "Development").
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumFound = existsSync(CHROMIUM);
export const installChromium = `no Chromium at ${CHROMIUM}: install it with "apt-get install chromium" (Debian/Ubuntu) or set CHROMIUM_PATH`;

/** Chromium as the tests drive it: headless, offline, nothing of its own fetched. */
export async function launch(dir: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
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
}

/** Open a page written to `file`: no console error or warning, no failed request, nothing fetched beyond the file. */
export async function openSelfContained(context: BrowserContext, file: string): Promise<Page> {
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
  return page;
}

/**
 * Every chart of the page, drawn: its id (aria-labelledby) in order, a title, a size, marks and a
 * year axis. Returns the charts with their text for further checks.
 */
export async function expectChartsDrawn(page: Page, ids: readonly string[]): Promise<{ id: string | null; text: string }[]> {
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
  expect(charts.map((c) => c.id)).toEqual(ids);
  for (const chart of charts) {
    expect(chart.title.length, chart.id!).toBeGreaterThan(20);
    expect(chart.width, chart.id!).toBeGreaterThan(400);
    expect(chart.height, chart.id!).toBeGreaterThan(150);
    expect(chart.marks, chart.id!).toBeGreaterThan(30);
    expect(chart.text, chart.id!).toContain('Year ending 31 March');
  }
  return charts;
}
