import { describe, expect, it } from 'vitest';
import type { BacktestTrade } from '../types.js';
import { tradeReturns } from './trial-runner.js';

const trade = (entryTime: number, pnl: number): BacktestTrade => ({
  symbol: 'BTC/USDT',
  side: 'long',
  qty: 1,
  entryTime,
  entryPrice: 100,
  exitTime: entryTime + 1,
  exitPrice: 101,
  pnl,
  fees: 0,
});

describe('tradeReturns', () => {
  it('divides each PnL by the equity at the last point at or before the entry (the capital before any)', () => {
    const curve = {
      ts: Float64Array.of(10, 20, 30),
      equity: Float64Array.of(1_000, 2_000, 4_000),
      length: 3,
    };
    expect(
      tradeReturns([trade(5, 100), trade(10, 100), trade(25, 100), trade(99, -400)], curve, 500),
    ).toEqual([100 / 500, 100 / 1_000, 100 / 2_000, -400 / 4_000]);
  });
});
