/**
 * The rows every metrics table shows (HTML report, CLI summary, CLI comparison), in DESIGN.md §4.4 order,
 * with how each reads. Kept as data so a new metric is one line here, not three tables to edit.
 */

import type { BacktestConfig, BacktestMetrics, BacktestResult } from '../types.js';
import {
  formatDuration,
  formatInteger,
  formatMoney,
  formatNumber,
  formatParams,
  formatPercent,
  formatRange,
  formatRatio,
  MISSING,
  truncate,
} from './format.js';

export interface MetricRow {
  readonly key: keyof BacktestMetrics;
  readonly label: string;
  readonly format: (value: number | null, currency: string) => string;
}

const money = (value: number | null, currency: string) => formatMoney(value, currency);
const percent = (value: number | null) => formatPercent(value);
const ratio = (value: number | null) => formatRatio(value);

export const METRIC_ROWS: readonly MetricRow[] = [
  { key: 'startEquity', label: 'Start equity', format: money },
  { key: 'endEquity', label: 'End equity', format: money },
  { key: 'totalReturn', label: 'Total return', format: percent },
  { key: 'cagr', label: 'CAGR', format: percent },
  { key: 'sharpe', label: 'Sharpe', format: ratio },
  { key: 'sortino', label: 'Sortino', format: ratio },
  { key: 'calmar', label: 'Calmar', format: ratio },
  { key: 'maxDrawdown', label: 'Max drawdown', format: percent },
  { key: 'maxDrawdownDuration', label: 'Max drawdown duration', format: (v) => formatDuration(v) },
  { key: 'winRate', label: 'Win rate', format: percent },
  { key: 'profitFactor', label: 'Profit factor', format: ratio },
  { key: 'expectancy', label: 'Expectancy (per trade)', format: money },
  { key: 'trades', label: 'Trades', format: (v) => formatInteger(v) },
  { key: 'exposure', label: 'Exposure', format: percent },
  { key: 'fees', label: 'Fees', format: money },
  { key: 'funding', label: 'Funding (net)', format: money },
];

/** A metric of a result, formatted. */
export function metricText(row: MetricRow, metrics: BacktestMetrics, currency: string): string {
  return row.format(metrics[row.key], currency);
}

/** How a run is named in legends and column heads: strategy and its parameters, short. */
export function runLabel(result: BacktestResult, max = 48): string {
  const params = formatParams(result.config.params);
  return truncate(params ? `${result.config.strategy} ${params}` : result.config.strategy, max);
}

/** Labels for several runs; identical ones get their run number so legends stay unambiguous. */
export function runLabels(results: readonly BacktestResult[], max = 48): string[] {
  const labels = results.map((r) => runLabel(r, max));
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return labels.map((label, i) => ((counts.get(label) ?? 0) > 1 ? `#${i + 1} ${label}` : label));
}

export function describeSlippage(config: BacktestConfig): string {
  const s = config.slippage;
  return s.kind === 'fixed'
    ? `fixed ${formatNumber(s.bps)} bps`
    : `volatility-volume (spread ${formatNumber(s.spreadBps)} bps, impact ${formatNumber(s.impact)})`;
}

export function describeFees(config: BacktestConfig): string {
  return `maker ${formatPercent(config.fees.maker)} / taker ${formatPercent(config.fees.taker)}`;
}

/** The range a run covered: the requested one, or else the span of its equity curve. */
export function runRange(result: BacktestResult): string {
  const { from, to } = result.config;
  if (from !== undefined || to !== undefined) return formatRange(from, to);
  const first = result.equity[0];
  const last = result.equity[result.equity.length - 1];
  return first && last ? formatRange(first[0], last[0]) : MISSING;
}

/** The configuration as labelled rows (the HTML table and the CLI both show these). */
export function configRows(result: BacktestResult): Array<[label: string, value: string]> {
  const c = result.config;
  return [
    ['Strategy', `${c.strategy} v${c.strategyVersion}`],
    ['Parameters', formatParams(c.params) || MISSING],
    ['Market', `${c.exchange} ${c.symbols.join(', ')} ${c.timeframe}`],
    ['Range (UTC)', runRange(result)],
    ['Capital', formatMoney(c.capital, c.currency)],
    ['Fees', describeFees(c)],
    ['Slippage', describeSlippage(c)],
    [
      'Fill model',
      c.fill +
        (c.maxVolumeShare === undefined ? '' : `, max ${formatPercent(c.maxVolumeShare)} of bar volume`),
    ],
    ['Leverage', `${formatNumber(c.leverage)}x ${c.marginMode}`],
    [
      'Maintenance / liquidation fee',
      `${formatPercent(c.maintenanceRate)} / ${formatPercent(c.liquidationFeeRate)}`,
    ],
    ['Code version', c.codeVersion ?? MISSING],
    ['Result id', result.id],
  ];
}
