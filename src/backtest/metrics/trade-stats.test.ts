import { describe, expect, it } from 'vitest';
import type { BacktestTrade } from '../types.js';
import { sideSummary, tradeStats } from './trade-stats.js';

function trade(side: 'long' | 'short', pnl: number, fees: number): BacktestTrade {
  return {
    symbol: 'BTC/USDT',
    side,
    qty: 1,
    entryTime: 0,
    entryPrice: 1,
    exitTime: 1,
    exitPrice: 1,
    pnl,
    fees,
  };
}

describe('trade statistics', () => {
  const trades = [
    trade('long', 12, 1),
    trade('short', -4, 0.5),
    trade('long', -2, 1),
    trade('short', 6, 0.5),
  ];

  it('splits trades by side', () => {
    expect(sideSummary(trades, 'long')).toEqual({ trades: 2, winRate: 0.5, pnl: 10, fees: 2 });
    expect(sideSummary(trades, 'short')).toEqual({ trades: 2, winRate: 0.5, pnl: 2, fees: 1 });
    expect(sideSummary([], 'long')).toEqual({ trades: 0, winRate: null, pnl: 0, fees: 0 });
  });

  it('computes profit factor from net PnL and is null without losses or trades', () => {
    expect(tradeStats(trades)).toEqual({ trades: 4, winRate: 0.5, profitFactor: 18 / 6, expectancy: 3 });
    expect(tradeStats([trade('long', 5, 0)]).profitFactor).toBeNull();
    expect(tradeStats([])).toEqual({ trades: 0, winRate: null, profitFactor: null, expectancy: null });
    // Only losses: profit factor 0, not null.
    expect(tradeStats([trade('long', -1, 0)]).profitFactor).toBe(0);
  });
});
