/**
 * Figures over round-trip trades. A trade wins when its net PnL (after fees and funding) is > 0; a trade
 * at exactly 0 is neither a win nor a loss (it counts in the denominator of the win rate only).
 */

import type { BacktestTrade, SideSummary } from '../types.js';
import { finiteOrNull } from './json-number.js';

export interface TradeStats {
  readonly trades: number;
  /** Wins / trades; null without trades. */
  readonly winRate: number | null;
  /** Σ positive PnL / |Σ negative PnL|; null without a losing trade. */
  readonly profitFactor: number | null;
  /** Mean net PnL; null without trades. */
  readonly expectancy: number | null;
}

export function tradeStats(trades: readonly BacktestTrade[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let total = 0;
  for (const trade of trades) {
    const pnl = trade.pnl;
    total += pnl;
    if (pnl > 0) {
      wins += 1;
      grossProfit += pnl;
    } else if (pnl < 0) {
      losses += 1;
      grossLoss -= pnl;
    }
  }
  const count = trades.length;
  return {
    trades: count,
    winRate: count === 0 ? null : wins / count,
    profitFactor: losses === 0 ? null : finiteOrNull(grossProfit / grossLoss),
    expectancy: count === 0 ? null : finiteOrNull(total / count),
  };
}

/** Count, win rate, net PnL and fees of the trades on one side. */
export function sideSummary(trades: readonly BacktestTrade[], side: 'long' | 'short'): SideSummary {
  let count = 0;
  let wins = 0;
  let pnl = 0;
  let fees = 0;
  for (const trade of trades) {
    if (trade.side !== side) continue;
    count += 1;
    if (trade.pnl > 0) wins += 1;
    pnl += trade.pnl;
    fees += trade.fees;
  }
  return { trades: count, winRate: count === 0 ? null : wins / count, pnl, fees };
}
