import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChartPayload } from './chart-data.js';
import { renderReport } from './index.js';
import { syntheticOptimization, syntheticRun } from './test-fixtures.js';

const EVIL = '<script>alert(1)</script>';

function embeddedData(html: string): ChartPayload {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!) as ChartPayload;
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

describe('renderReport', () => {
  it('renders one self-contained file with every section', () => {
    const a = syntheticRun({ bars: 2_000, seed: 1 });
    const b = syntheticRun({ bars: 2_000, seed: 2, params: { fast: 5, slow: 50 } });
    const html = renderReport({
      runs: [a, { result: b.result }],
      optimization: syntheticOptimization(a.result.equity),
    });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of [
      'chart-price',
      'chart-equity',
      'chart-drawdown',
      'chart-stitched',
      'metrics',
      'config',
      'monthly',
      'trades',
      'optimization',
    ]) {
      expect(html).toContain(`id="${id}"`);
    }
    // Nothing is loaded from elsewhere: no src/href to a URL, no stylesheet link.
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('TradingView Lightweight Charts');
    expect(html).toContain('Max drawdown duration');
    expect(html).toContain('3d 4h');
    expect(html).toContain('class="heatmap"');
    expect(html).toContain('stop-loss');
    expect(html).toContain('Monte Carlo (1,000 runs)');
    expect(html).toContain('Ruined paths (equity reached 0 and stopped there): 1.20%');
    expect(html).toContain('Top 50 of 80 trials by score.');
    const data = embeddedData(html);
    expect(data.runs).toHaveLength(2);
    expect(data.price!.candles).toHaveLength(2_000);
    expect(data.stitched!.length).toBeGreaterThan(0);
  });

  it('lets only its own scripts run (CSP hashes match the inline scripts)', () => {
    const html = renderReport({ runs: [syntheticRun({ bars: 200 })] });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/
      .exec(html)![1]!
      .replace(/&#39;/g, "'");
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(2);
    for (const script of scripts) {
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    }
    expect(csp).toContain("default-src 'none'");
  });

  it('escapes user strings everywhere (a strategy named <script> cannot inject)', () => {
    const run = syntheticRun({
      bars: 300,
      strategy: EVIL,
      params: { note: '</script><img src=x onerror=alert(2)>' },
    });
    const html = renderReport({ title: EVIL, runs: [run] });
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Exactly the report's own script elements: the data block, the library and the client.
    expect(html.match(/<script[\s>]/g)).toHaveLength(3);
    expect(embeddedData(html).runs[0]!.label).toContain(EVIL);
  });

  it('thins a year of 1m candles and snaps fills to their bucket', () => {
    const run = syntheticRun({ bars: 525_600, stepMs: 60_000, every: 5_000 });
    const html = renderReport({ runs: [run] });
    const data = embeddedData(html);
    expect(data.price!.candles.length).toBeLessThanOrEqual(20_000);
    expect(data.runs[0]!.equity.length).toBeLessThanOrEqual(20_000);
    expect(data.runs[0]!.drawdown.length).toBeLessThanOrEqual(20_000);
    expect(html).toContain('aggregated into 30m buckets');
    const times = new Set(data.price!.candles.map((c) => c[0]));
    expect(data.price!.markers.length).toBeGreaterThan(0);
    for (const [time] of data.price!.markers) expect(times.has(time)).toBe(true);
    expect(html.length).toBeLessThan(6_000_000);
  });

  it('notes truncated trade lists and handles a run without chart data', () => {
    const run = syntheticRun({ bars: 9_000, every: 4 });
    expect(run.result.trades.length).toBeGreaterThan(2_000);
    const html = renderReport({ runs: [{ result: run.result }] });
    expect(html).toContain(
      `Showing the first 2,000 of ${run.result.trades.length.toLocaleString('en-US')} trades.`,
    );
    expect(html).toContain('No candle data was given');
    expect(embeddedData(html).price).toBeUndefined();
  });

  it('refuses an empty run list', () => {
    expect(() => renderReport({ runs: [] })).toThrow(/at least one/);
  });
});
