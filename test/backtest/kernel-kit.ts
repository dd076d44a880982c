/**
 * Small builders for kernel tests driven through `runBacktest`: hand-written bars, a config with round
 * numbers, and strategy definitions written inline (apiVersion 1, no parameters).
 */

import type { BacktestConfig } from '../../src/backtest/types.js';
import type { Candle } from '../../src/core/market.js';
import type { Strategy, StrategyDefinition, Subscription } from '../../src/strategies/types.js';

export const MINUTE = 60_000;
export const T0 = Date.UTC(2024, 0, 1);

/** Bars [open, high, low, close] every `stepMs` from `start`, with a constant volume. */
export function bars(
  rows: ReadonlyArray<readonly [number, number, number, number]>,
  options: { start?: number; stepMs?: number; volume?: number } = {},
): Candle[] {
  const start = options.start ?? T0;
  const step = options.stepMs ?? MINUTE;
  return rows.map(([open, high, low, close], k) => ({
    ts: start + k * step,
    open,
    high,
    low,
    close,
    volume: options.volume ?? 1_000,
  }));
}

/** The `factor` coarser candles of `fine` (complete groups only). */
export function aggregate(fine: readonly Candle[], factor: number): Candle[] {
  const out: Candle[] = [];
  for (let k = 0; k + factor <= fine.length; k += factor) {
    const group = fine.slice(k, k + factor);
    out.push({
      ts: group[0]!.ts,
      open: group[0]!.open,
      high: Math.max(...group.map((c) => c.high)),
      low: Math.min(...group.map((c) => c.low)),
      close: group[group.length - 1]!.close,
      volume: group.reduce((sum, c) => sum + c.volume, 0),
    });
  }
  return out;
}

export function config(overrides: Partial<BacktestConfig> = {}): BacktestConfig {
  return {
    strategy: 'kernel-test',
    strategyVersion: '1.0.0',
    params: {},
    exchange: 'test',
    symbols: ['BTC/USDT:USDT'],
    timeframe: '1m',
    capital: 10_000,
    currency: 'USDT',
    fees: { maker: 0, taker: 0 },
    slippage: { kind: 'fixed', bps: 0 },
    fill: 'next-open',
    leverage: 1,
    marginMode: 'cross',
    maintenanceRate: 0.004,
    liquidationFeeRate: 0.005,
    ...overrides,
  };
}

/** A strategy definition without parameters around the given callbacks. */
export function define(
  subscriptions: readonly Subscription[],
  callbacks: Omit<Strategy, 'subscriptions'> | (() => Omit<Strategy, 'subscriptions'>),
  name = 'kernel-test',
): StrategyDefinition {
  return {
    apiVersion: 1,
    name,
    version: '1.0.0',
    description: 'A strategy written for one kernel test.',
    params: {},
    create: () => ({
      subscriptions,
      ...(typeof callbacks === 'function' ? callbacks() : callbacks),
    }),
  };
}
