/** The per-run sections of the report: metrics, configuration, extra figures, monthly returns, trades. */

import type { BacktestResult } from '../types.js';
import {
  escapeHtml,
  formatDuration,
  formatInteger,
  formatMoney,
  formatNumber,
  formatPercent,
  formatTime,
  MISSING,
} from './format.js';
import { heatmapTable } from './heatmap.js';
import { type Cell, num, paragraph, section, table } from './html.js';
import { configRows, METRIC_ROWS, metricText } from './metric-rows.js';

/** Trades listed per run: enough to audit, small enough that the file stays light. */
export const MAX_TRADE_ROWS = 2_000;

/** Column heads for runs: the label, coloured like the run's curves. */
function runHeads(labels: readonly string[], colors: readonly string[]): Cell[] {
  return labels.map((label, i) => ({
    text: label,
    className: 'run',
    style: `border-top:4px solid ${colors[i]}`,
  }));
}

export function metricsSection(
  results: readonly BacktestResult[],
  labels: readonly string[],
  colors: readonly string[],
): string {
  const rows = METRIC_ROWS.map((row) => [
    row.label,
    ...results.map((r) => num(metricText(row, r.metrics, r.config.currency))),
  ]);
  return section(
    'metrics',
    'Metrics',
    table(['Metric', ...runHeads(labels, colors)], rows, { rowHeaders: true }),
  );
}

function rejectedText(rejected: Record<string, number>): string {
  const entries = Object.entries(rejected).filter(([, n]) => n > 0);
  return entries.length === 0
    ? '0'
    : entries.map(([reason, n]) => `${reason}: ${formatInteger(n)}`).join(', ');
}

export function detailsSection(
  results: readonly BacktestResult[],
  labels: readonly string[],
  colors: readonly string[],
): string {
  const side = (r: BacktestResult, which: 'long' | 'short') => {
    const s = r.extras[which];
    return `${formatInteger(s.trades)} trades, win ${formatPercent(s.winRate)}, PnL ${formatMoney(s.pnl, r.config.currency)}, fees ${formatMoney(s.fees, r.config.currency)}`;
  };
  const rows: Cell[][] = [
    ['Long', ...results.map((r) => side(r, 'long'))],
    ['Short', ...results.map((r) => side(r, 'short'))],
    ['Liquidations', ...results.map((r) => num(formatInteger(r.extras.liquidations)))],
    ['Rejected orders', ...results.map((r) => rejectedText(r.extras.rejectedOrders))],
    ['Bars processed', ...results.map((r) => num(formatInteger(r.extras.bars)))],
    ['Simulation time', ...results.map((r) => num(formatDuration(r.extras.elapsedMs)))],
  ];
  return section(
    'details',
    'Long / short and run details',
    table(['', ...runHeads(labels, colors)], rows, { rowHeaders: true }),
  );
}

export function configSection(
  results: readonly BacktestResult[],
  labels: readonly string[],
  colors: readonly string[],
): string {
  const perRun = results.map(configRows);
  const rows = perRun[0]!.map(([label], i) => [label, ...perRun.map((r) => r[i]![1])]);
  return section(
    'config',
    'Configuration',
    table(['', ...runHeads(labels, colors)], rows, { rowHeaders: true, className: 'config' }),
  );
}

export function heatmapSection(results: readonly BacktestResult[], labels: readonly string[]): string {
  const parts = results.map((r, i) => {
    const heading = results.length > 1 ? `<h3>${escapeHtml(labels[i]!)}</h3>` : '';
    return `${heading}${heatmapTable(r.extras.monthlyReturns)}`;
  });
  return section('monthly', 'Monthly returns (UTC months)', parts.join('\n'));
}

function tradeRows(result: BacktestResult): Cell[][] {
  const currency = result.config.currency;
  return result.trades.slice(0, MAX_TRADE_ROWS).map((t, i) => {
    const detail = result.extras.tradeDetails[i];
    return [
      num(String(i + 1)),
      t.symbol,
      { text: t.side, className: t.side === 'long' ? 'long' : 'short' },
      num(formatNumber(t.qty)),
      formatTime(t.entryTime),
      num(formatNumber(t.entryPrice)),
      formatTime(t.exitTime),
      num(formatNumber(t.exitPrice)),
      { text: formatMoney(t.pnl, currency), className: t.pnl < 0 ? 'num neg' : 'num pos' },
      num(formatMoney(t.fees)),
      num(detail ? formatMoney(detail.funding) : MISSING),
      detail?.exitReason ?? MISSING,
    ];
  });
}

const TRADE_HEAD = [
  '#',
  'Symbol',
  'Side',
  'Qty',
  'Entry (UTC)',
  'Entry price',
  'Exit (UTC)',
  'Exit price',
  'PnL',
  'Fees',
  'Funding',
  'Exit reason',
];

export function tradesSection(results: readonly BacktestResult[], labels: readonly string[]): string {
  const parts = results.map((r, i) => {
    const count = r.trades.length;
    const note =
      count > MAX_TRADE_ROWS
        ? paragraph(
            `Showing the first ${formatInteger(MAX_TRADE_ROWS)} of ${formatInteger(count)} trades.`,
            'note truncated',
          )
        : '';
    const body =
      count === 0
        ? paragraph('No trades.')
        : `${note}${table(TRADE_HEAD, tradeRows(r), { className: 'trades' })}`;
    // The first run's trades are open; a comparison's other runs fold away to keep the page short.
    const summary = `${escapeHtml(labels[i]!)} — ${formatInteger(count)} trades`;
    return `<details${i === 0 ? ' open' : ''}><summary>${summary}</summary>${body}</details>`;
  });
  return section('trades', 'Trades', parts.join('\n'));
}
