/**
 * `renderReport`: one self-contained HTML file for a backtest, a comparison of runs over the same data, and
 * optionally an optimization. No external script, font or stylesheet: the chart library, styles and data
 * are inlined, and a Content-Security-Policy forbids any fetch, so the file opens offline.
 */

import { createHash } from 'node:crypto';
import { QuantLabError } from '../../core/errors.js';
import { buildChartPayload, LINE_CAPTION, runColor } from './chart-data.js';
import { CLIENT_SCRIPT, REPORT_CSS } from './client.js';
import { escapeHtml, formatInteger, jsonForScript } from './format.js';
import { legend, paragraph } from './html.js';
import { chartLibrarySource } from './lib.js';
import { runLabels } from './metric-rows.js';
import { optimizationSection } from './optimization.js';
import { configSection, detailsSection, heatmapSection, metricsSection, tradesSection } from './sections.js';
import type { ReportInput } from './types.js';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Only the two scripts written here may run (by hash), so even a string that slipped past escaping could
 * not execute; `default-src 'none'` blocks every request. Inline styles are needed by the heatmap cells
 * and by lightweight-charts itself.
 */
function contentSecurityPolicy(scripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function defaultTitle(input: ReportInput): string {
  const first = input.runs[0]!.result.config;
  const what = input.runs.length > 1 ? `comparison of ${input.runs.length} runs` : first.strategy;
  return `Backtest — ${what} — ${first.exchange} ${first.symbols.join(', ')} ${first.timeframe}`;
}

function chartsSection(
  input: ReportInput,
  labels: readonly string[],
  priceCaption: string | undefined,
): string {
  const legendItems = labels.map((label, i) => ({ label, color: runColor(i) }));
  const price =
    priceCaption === undefined
      ? paragraph('No candle data was given for the price chart.')
      : `<div class="chart" id="chart-price"></div><p class="caption">${escapeHtml(priceCaption)}</p>`;
  return [
    '<section id="charts">',
    `<h2>Price${input.runs.length > 1 ? ' (first run)' : ''}</h2>`,
    price,
    '<h2>Equity</h2>',
    legend(legendItems),
    '<div class="chart" id="chart-equity"></div>',
    '<h2>Drawdown</h2>',
    legend(legendItems),
    '<div class="chart small" id="chart-drawdown"></div>',
    `<p class="caption">${escapeHtml(LINE_CAPTION)}</p>`,
    '</section>',
  ].join('\n');
}

const NAV: ReadonlyArray<[id: string, label: string]> = [
  ['charts', 'Charts'],
  ['metrics', 'Metrics'],
  ['details', 'Details'],
  ['config', 'Configuration'],
  ['monthly', 'Monthly returns'],
  ['trades', 'Trades'],
  ['optimization', 'Optimization'],
];

export function renderReport(input: ReportInput): string {
  if (input.runs.length === 0) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', 'A report needs at least one backtest run.');
  }
  const results = input.runs.map((r) => r.result);
  const labels = runLabels(results);
  const colors = results.map((_, i) => runColor(i));
  const title = input.title ?? defaultTitle(input);
  const { payload, priceCaption } = buildChartPayload(input);
  const library = chartLibrarySource();
  const first = results[0]!;
  const subtitle =
    `${first.config.exchange} ${first.config.symbols.join(', ')} ${first.config.timeframe} · ` +
    `${formatInteger(results.length)} run${results.length > 1 ? 's' : ''} · all times UTC`;
  const nav = NAV.filter(([id]) => id !== 'optimization' || input.optimization)
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join(' · ');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy([library, CLIENT_SCRIPT]))}">`,
    // An empty icon stops the browser asking for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body>',
    `<header><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(subtitle)}</p><nav>${nav}</nav></header>`,
    chartsSection(input, labels, priceCaption),
    metricsSection(results, labels, colors),
    detailsSection(results, labels, colors),
    configSection(results, labels, colors),
    heatmapSection(results, labels),
    tradesSection(results, labels),
    input.optimization ? optimizationSection(input.optimization) : '',
    `<script type="application/json" id="report-data">${jsonForScript(payload)}</script>`,
    `<script>${library}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
