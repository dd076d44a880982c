/**
 * Shared by the optimizer's tests: a fake metrics record, a synthetic candle series (a noisy sine wave, so
 * moving-average crossovers trade), a linear swap and a backtest configuration for `sma-cross`.
 */

import { createInstrument, type Instrument } from '../../core/instrument.js';
import { createRandom } from '../metrics/random.js';
import type { BacktestConfig, BacktestMetrics, SeriesData } from '../types.js';

export const HOUR_MS = 3_600_000;
/** 2024-01-01T00:00:00Z. */
export const T0 = 1_704_067_200_000;
export const SYMBOL = 'BTC/USDT:USDT';

export function fakeMetrics(overrides: Partial<BacktestMetrics> = {}): BacktestMetrics {
  return {
    startEquity: 10_000,
    endEquity: 11_000,
    totalReturn: 0.1,
    cagr: 0.2,
    sharpe: 1.5,
    sortino: 2,
    calmar: 1,
    maxDrawdown: 0.2,
    maxDrawdownDuration: 86_400_000,
    winRate: 0.5,
    profitFactor: 1.4,
    expectancy: 10,
    trades: 10,
    exposure: 0.5,
    fees: 12,
    funding: 0,
    ...overrides,
  };
}

export const LINEAR_SWAP: Instrument = createInstrument({
  exchange: 'binance',
  symbol: SYMBOL,
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.001,
  minSize: 0.001,
});

/** `bars` hourly candles: a sine wave (period ~60 bars) plus seeded noise, each opening at the last close. */
export function syntheticSeries(bars: number, seed = 7): SeriesData {
  const random = createRandom(seed);
  const close = new Float64Array(bars);
  for (let i = 0; i < bars; i += 1) close[i] = 100 + 10 * Math.sin(i / 9.5) + 8 * (random.next() - 0.5);
  const open = close.map((c, i) => (i === 0 ? c : close[i - 1]!));
  return {
    symbol: SYMBOL,
    timeframe: '1h',
    ts: Float64Array.from({ length: bars }, (_, i) => T0 + i * HOUR_MS),
    open,
    high: close.map((c, i) => Math.max(c, open[i]!) + 0.5),
    low: close.map((c, i) => Math.min(c, open[i]!) - 0.5),
    close,
    volume: new Float64Array(bars).fill(1000),
  };
}

export function smaCrossConfig(overrides: Partial<BacktestConfig> = {}): BacktestConfig {
  return {
    strategy: 'sma-cross',
    strategyVersion: '1.0.0',
    params: {},
    exchange: 'binance',
    symbols: [SYMBOL],
    timeframe: '1h',
    capital: 10_000,
    currency: 'USDT',
    fees: { maker: 0.0002, taker: 0.0005 },
    slippage: { kind: 'fixed', bps: 1 },
    fill: 'next-open',
    leverage: 1,
    marginMode: 'cross',
    maintenanceRate: 0.004,
    liquidationFeeRate: 0.005,
    ...overrides,
  };
}
