/**
 * Opens a rendered report in Debian's Chromium (DESIGN.md §5) with every network request blocked, and
 * checks it draws: no console or page errors, chart canvases with real pixels, a filled heatmap, and a
 * screenshot far from blank. Page code is passed as strings: the project's TypeScript has no DOM types.
 */

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from './index.js';
import { syntheticOptimization, syntheticRun } from './test-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  console.warn(`report.browser.test: skipped, ${CHROMIUM} not found (install Debian's chromium).`);

const TIMEOUT = 60_000;
const VIEWPORT = { width: 1280, height: 1000 };

/** Distinct colours per chart container, over all its canvases (sampled every 3rd pixel). */
const COLOURS_PER_CHART = `(() => {
  const out = {};
  for (const el of document.querySelectorAll('.chart[id]')) {
    const seen = new Set();
    for (const canvas of el.querySelectorAll('canvas')) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < pixels.length; i += 12) {
        seen.add((pixels[i] << 24) | (pixels[i + 1] << 16) | (pixels[i + 2] << 8) | pixels[i + 3]);
      }
    }
    out[el.id] = seen.size;
  }
  return out;
})()`;

const NEXT_FRAMES = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

describe.skipIf(!HAVE_CHROMIUM)('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    dir = await mkdtemp(join(tmpdir(), 'quantlab-report-'));
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A page that refuses any request but the report file, recording what it refused and every error. */
  async function guardedPage(): Promise<{
    page: Page;
    errors: string[];
    blocked: string[];
    dialogs: string[];
  }> {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    const blocked: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    return { page, errors, blocked, dialogs };
  }

  it(
    'draws a comparison with an optimization section, offline and without errors',
    async () => {
      const a = syntheticRun({ bars: 4_000, seed: 1 });
      const b = syntheticRun({
        bars: 4_000,
        seed: 2,
        strategy: '<script>alert(1)</script>',
        params: { note: '</script><img src=x onerror=alert(2)>' },
      });
      const html = renderReport({ runs: [a, b], optimization: syntheticOptimization(a.result.equity) });
      const file = join(dir, 'report.html');
      await writeFile(file, html);

      const { page, errors, blocked, dialogs } = await guardedPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction("document.body.getAttribute('data-charts') === 'ready'");
      await page.evaluate(NEXT_FRAMES);

      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate('document.querySelectorAll("canvas").length')).toBeGreaterThanOrEqual(2);
      expect(await page.evaluate('document.querySelectorAll("table.heatmap td").length')).toBeGreaterThan(12);
      expect(
        await page.evaluate('document.querySelectorAll("table.trades tbody tr").length'),
      ).toBeGreaterThan(0);

      const colours = (await page.evaluate(COLOURS_PER_CHART)) as Record<string, number>;
      for (const id of ['chart-price', 'chart-equity', 'chart-drawdown', 'chart-stitched']) {
        // A blank canvas has 1–2 colours; candles, lines, grid and axis text give many (antialiasing).
        expect(colours[id], id).toBeGreaterThan(20);
      }

      const shot = await page.screenshot();
      const blankPage = await browser.newPage({ viewport: VIEWPORT });
      await blankPage.setContent('<!doctype html><html><body></body></html>');
      const blank = await blankPage.screenshot();
      await blankPage.close();
      expect(shot.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(shot.length).toBeGreaterThan(blank.length * 5);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'draws a single run without chart data (no price chart) without errors',
    async () => {
      const { result } = syntheticRun({ bars: 1_500, seed: 3 });
      const file = join(dir, 'single.html');
      await writeFile(file, renderReport({ title: 'Single', runs: [{ result }] }));
      const { page, errors, blocked } = await guardedPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction("document.body.getAttribute('data-charts') === 'ready'");
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      expect(await page.evaluate('document.getElementById("chart-price")')).toBeNull();
      expect(await page.evaluate('document.querySelectorAll("#chart-equity canvas").length')).toBeGreaterThan(
        0,
      );
      await page.close();
    },
    TIMEOUT,
  );
});
