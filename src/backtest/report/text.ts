/**
 * Plain-text summaries for the CLI: aligned columns, no colours (the output is often piped or logged).
 * Figures read exactly as in the HTML report (same formatters, same metric rows).
 */

import type { BacktestResult } from '../types.js';
import { formatDuration, formatInteger, formatMoney, formatNumber, formatParams } from './format.js';
import {
  describeFees,
  describeSlippage,
  METRIC_ROWS,
  metricText,
  runLabel,
  runRange,
} from './metric-rows.js';

/** Left column left-aligned, the others right-aligned, two spaces between columns. */
export function alignColumns(rows: ReadonlyArray<readonly string[]>, gap = '  '): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = widths[i]! - [...cell].length;
          return i === 0 ? cell + ' '.repeat(pad) : ' '.repeat(pad) + cell;
        })
        .join(gap)
        .trimEnd(),
    )
    .join('\n');
}

/** The configuration on one line: what ran, on what, with which costs. */
export function configLine(result: BacktestResult): string {
  const c = result.config;
  const params = formatParams(c.params);
  return [
    `${c.strategy} v${c.strategyVersion}${params ? ` (${params})` : ''}`,
    `${c.exchange} ${c.symbols.join(',')} ${c.timeframe}`,
    `${runRange(result)} UTC`,
    `capital ${formatMoney(c.capital, c.currency)}`,
    `fees ${describeFees(c)}`,
    `slippage ${describeSlippage(c)}`,
    `fill ${c.fill}`,
    `leverage ${formatNumber(c.leverage)}x ${c.marginMode}`,
    ...(c.codeVersion ? [`code ${c.codeVersion}`] : []),
  ].join(' | ');
}

function countsLine(result: BacktestResult): string {
  const { extras, trades } = result;
  const rejected = Object.values(extras.rejectedOrders).reduce((a, b) => a + b, 0);
  return [
    `${formatInteger(trades.length)} trades (${formatInteger(extras.long.trades)} long, ${formatInteger(extras.short.trades)} short)`,
    `${formatInteger(extras.liquidations)} liquidations`,
    `${formatInteger(rejected)} rejected orders`,
    `${formatInteger(extras.bars)} bars`,
    `${formatInteger(result.equity.length)} equity points`,
    `simulated in ${formatDuration(extras.elapsedMs)}`,
  ].join(', ');
}

/** One run: config line, the metrics table, then counts. */
export function formatSummary(result: BacktestResult): string {
  const currency = result.config.currency;
  const rows = METRIC_ROWS.map((row) => [row.label, metricText(row, result.metrics, currency)]);
  return [configLine(result), '', alignColumns([['Metric', 'Value'], ...rows]), '', countsLine(result)].join(
    '\n',
  );
}

/** Column head of a run in a comparison: strategy and parameters, short enough for a terminal. */
const HEAD_WIDTH = 28;

/** Several runs side by side: a column per run, a row per metric, run descriptions underneath. */
export function formatComparison(results: readonly BacktestResult[]): string {
  if (results.length === 0) return 'No runs to compare.';
  const heads = results.map((r, i) => `#${i + 1} ${runLabel(r, HEAD_WIDTH)}`);
  const rows = METRIC_ROWS.map((row) => [
    row.label,
    ...results.map((r) => metricText(row, r.metrics, r.config.currency)),
  ]);
  // Column heads are cut to stay terminal-wide; the full parameters are listed under the table.
  const legend = results.map((r, i) =>
    `#${i + 1} ${r.config.strategy} ${formatParams(r.config.params, 100)}`.trimEnd(),
  );
  return [alignColumns([['Metric', ...heads], ...rows]), '', ...legend].join('\n');
}
