/**
 * Kelly and volatility-target sizing of a declarative spec, through the backtest engine: the sizes the
 * orders carry are the ones the sizing rules give (issue: risk engine, sizing available to specs).
 * Entries are driven by volume spikes so that the price tape alone decides each trade's result.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestConfig } from '../../src/backtest/types.js';
import type { Candle } from '../../src/core/market.js';
import { realisedVolatility } from '../../src/risk/sizing/index.js';
import { compileSpecJson } from '../../src/strategies/spec/compile.js';
import { fineInstrument, seriesOf } from '../support/backtest-data.js';

const SYMBOL = 'BTC/USDT';
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const CAPITAL = 10_000;

function config(): BacktestConfig {
  return {
    strategy: 'sized-spec',
    strategyVersion: '1.0.0',
    params: {},
    exchange: 'test',
    symbols: [SYMBOL],
    timeframe: '1h',
    capital: CAPITAL,
    currency: 'USDT',
    fees: { maker: 0, taker: 0 },
    slippage: { kind: 'fixed', bps: 0 },
    fill: 'next-open',
    leverage: 1,
    marginMode: 'cross',
    maintenanceRate: 0.004,
    liquidationFeeRate: 0.005,
  };
}

/** Long on a volume spike, out on the next bar: one round trip per spike. */
function spec(sizing: unknown) {
  return compileSpecJson({
    apiVersion: 1,
    name: 'sized-spec',
    version: '1.0.0',
    description: 'enters on a volume spike, leaves on the next bar',
    entry: { long: { left: 'volume', op: '>', right: 500 } },
    exit: { long: { left: 'volume', op: '<', right: 500 } },
    sizing,
  });
}

/** Gapless candles (each open the previous close) with these closes; volume 1000 at `spikes`, else 1. */
function tape(closes: readonly number[], spikes: ReadonlySet<number>): Candle[] {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return {
      ts: T0 + i * HOUR,
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      volume: spikes.has(i) ? 1000 : 1,
    };
  });
}

function backtest(sizing: unknown, candles: Candle[]) {
  return runBacktest({
    definition: spec(sizing),
    config: config(),
    data: { series: [seriesOf(SYMBOL, '1h', candles)] },
    instruments: [fineInstrument('test', SYMBOL)],
    recordSignals: true,
    checkInvariants: true,
  });
}

describe('spec sizing: kelly', () => {
  it('sizes by the fallback, then by the Kelly fraction of its own closed trades, then skips without an edge', () => {
    // Each trip: a spike at 100 (entry fills at the next open, 100), a bar to 100 × (1 + r) (exit fills at
    // the following open), back to 100. Results +10 %, +10 %, −10 %, −20 %, then one more spike.
    const closes = [100, 100];
    const spikes = new Set<number>();
    for (const r of [0.1, 0.1, -0.1, -0.2]) {
      spikes.add(closes.length);
      closes.push(100, 100 * (1 + r), 100);
    }
    spikes.add(closes.length);
    closes.push(100, 100, 100);
    const output = backtest(
      { kelly: { cap: 0.5, minTrades: 2, fallbackFraction: 0.1 } },
      tape(closes, spikes),
    );

    const entries = output.orders.filter((o) => o.side === 'buy').map((o) => o.qty);
    // Equity before each entry: 10 000, 10 100, 10 201, then −10 % on 51.005 contracts.
    const equity3 = 10_201 - 51.005 * 10;
    expect(entries).toHaveLength(4);
    expect(entries[0]).toBeCloseTo((0.1 * 10_000) / 100, 6); // fallback: no trades yet
    expect(entries[1]).toBeCloseTo((0.1 * 10_100) / 100, 6); // fallback: one trade < minTrades
    expect(entries[2]).toBeCloseTo((0.5 * 10_201) / 100, 6); // two wins: f* = 1, capped at 0.5
    expect(entries[3]).toBeCloseTo(equity3 / 3 / 100, 6); // W = 2/3, R = 1: f* = 1/3
    const skipped = output.signals.filter((s) => s.kind === 'skipped');
    expect(skipped.map((s) => s.payload.reason)).toEqual(['no-edge']); // W = 1/2, R = 2/3: f* < 0
    expect(output.invariantViolations).toEqual([]);
  });
});

describe('spec sizing: volatilityTarget', () => {
  // 30 calm bars alternating 100 / 101, then 30 wild bars alternating 100 / 102.01 (log returns doubled).
  const closes = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 100 : i < 30 ? 101 : 102.01));
  const candles = tape(closes, new Set([24, 54]));

  it('sizes equity × annualVol / realised volatility, and halves the size when the volatility doubles', () => {
    const output = backtest(
      { volatilityTarget: { annualVol: 0.1, method: 'realised', period: 10 } },
      candles,
    );
    const [calm, wild] = output.orders.filter((o) => o.side === 'buy').map((o) => o.qty);
    const vol = realisedVolatility(Float64Array.from(closes.slice(14, 25)), 10, 8760);
    expect(calm).toBeCloseTo((CAPITAL * 0.1) / vol / 100, 6);
    // The one trip in between won 1 per contract (100 → 101): the equity it is sized on grew by that.
    expect(wild).toBeCloseTo((0.5 * calm! * (CAPITAL + calm!)) / CAPITAL, 6);
    expect(output.invariantViolations).toEqual([]);
  });

  it('does the same with the ATR', () => {
    const output = backtest({ volatilityTarget: { annualVol: 0.1, method: 'atr', period: 10 } }, candles);
    const [calm, wild] = output.orders.filter((o) => o.side === 'buy').map((o) => o.qty);
    // Mean true range 1 then 2.01 at a price of 100.
    expect(calm).toBeCloseTo((CAPITAL * 0.1) / ((1 / 100) * Math.sqrt(8760)) / 100, 6);
    expect(wild! / calm!).toBeCloseTo(((1 / 2.01) * (CAPITAL + calm!)) / CAPITAL, 6);
  });
});
