/**
 * DESIGN.md §4.4 metrics of one run. Definitions (also in ./README.md):
 *
 * - totalReturn = end / start − 1 (0 when start ≤ 0).
 * - cagr = (end / start)^(365 d / span) − 1, span = last point − `startTs`; −1 when end ≤ 0; 0 when the
 *   span is ≤ 0 or start ≤ 0. A huge value from a very short run clamps to Number.MAX_VALUE.
 * - Daily returns: last point of each UTC day vs the previous day's (first day: vs `startEquity`); days
 *   without points between days with points count as 0 returns; see `equity-scan.ts`, `utc-periods.ts`.
 * - sharpe = mean / sample std (n − 1) × √365; sortino = mean / √(mean over ALL days of min(r, 0)²) × √365.
 *   Risk-free rate 0. null with fewer than 2 daily returns or a deviation of 0.
 * - maxDrawdown = max (peak − value) / peak, the peak starting at `startEquity`; maxDrawdownDuration = the
 *   longest time from a peak to the first point back at or above it (or to the last point), ms.
 * - calmar = cagr / maxDrawdown, null when maxDrawdown is 0 (clamped like cagr when it overflows).
 * - winRate, profitFactor, expectancy: see `trade-stats.ts`. exposure, fees, funding are passed through.
 *
 * Every number is finite or null, so the result is JSON-safe: ±Infinity clamps to ±Number.MAX_VALUE; a NaN
 * (only from a NaN input: a broken run) is null where the field allows it and a QL_ERR_INTERNAL naming
 * the metric otherwise (json-number.ts). A NaN equity point anywhere is a QL_ERR_INTERNAL (equity-scan.ts).
 */

import type { BacktestMetrics, BacktestTrade } from '../types.js';
import { scanEquity } from './equity-scan.js';
import { clampedOrNull, finiteNumber, periodReturn } from './json-number.js';
import { tradeStats } from './trade-stats.js';
import { YEAR_MS } from './utc-periods.js';

export interface MetricsInput {
  /** Equity curve: times (epoch ms, bar close times, increasing) and values; `length` points used. */
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  readonly length: number;
  /** Equity before the first point (the capital). */
  readonly startEquity: number;
  readonly trades: readonly BacktestTrade[];
  readonly fees: number;
  readonly funding: number;
  /** Share of time with a position open, computed by the kernel. */
  readonly exposure: number;
  /** Start of the run (first bar open time); the span for CAGR is from here to the last ts. */
  readonly startTs: number;
}

const DAYS_PER_YEAR = 365;

export function computeMetrics(input: MetricsInput): BacktestMetrics {
  const { startEquity, startTs } = input;
  const scan = scanEquity(input.ts, input.equity, input.length, startEquity, startTs);
  const end = scan.endEquity;
  const cagr = compoundAnnualGrowth(startEquity, end, scan.endTs - startTs);
  const stats = tradeStats(input.trades);
  return {
    startEquity: finiteNumber(startEquity, 'startEquity'),
    endEquity: finiteNumber(end, 'endEquity'),
    totalReturn: finiteNumber(periodReturn(startEquity, end), 'totalReturn'),
    cagr: finiteNumber(cagr, 'cagr'),
    sharpe: scan.daily.sharpe(DAYS_PER_YEAR),
    sortino: scan.daily.sortino(DAYS_PER_YEAR),
    calmar: scan.maxDrawdown > 0 ? clampedOrNull(cagr / scan.maxDrawdown) : null,
    maxDrawdown: finiteNumber(scan.maxDrawdown, 'maxDrawdown'),
    maxDrawdownDuration: finiteNumber(scan.maxDrawdownDuration, 'maxDrawdownDuration'),
    winRate: stats.winRate,
    profitFactor: stats.profitFactor,
    expectancy: stats.expectancy,
    trades: stats.trades,
    exposure: finiteNumber(input.exposure, 'exposure'),
    fees: finiteNumber(input.fees, 'fees'),
    funding: finiteNumber(input.funding, 'funding'),
  };
}

/** (end / start)^(365 d / span) − 1; see the header for the degenerate cases. */
export function compoundAnnualGrowth(start: number, end: number, spanMs: number): number {
  if (!(start > 0) || !(spanMs > 0)) return 0;
  if (end <= 0) return -1;
  return (end / start) ** (YEAR_MS / spanMs) - 1;
}
