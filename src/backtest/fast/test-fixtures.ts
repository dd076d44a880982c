/**
 * Series, instruments and configurations for the fast path's tests: a hand-made 40-bar series whose
 * crosses are known (see `HAND_CLOSES`), and seeded random walks for the differential and speed checks.
 */

import { createInstrument, type Instrument } from '../../core/instrument.js';
import type { Candle } from '../../core/market.js';
import type { BacktestConfig, SeriesData } from '../types.js';

export const HOUR_MS = 3_600_000;
/** 2024-01-01T00:00:00Z. */
export const T0 = 1_704_067_200_000;
export const SWAP_SYMBOL = 'BTC/USDT:USDT';

/**
 * Down by 2 to 100 (bars 0–10), up by 4 to 140 (11–20), down by 3 to 113 (21–29), up by 2 (30–39).
 * With fast 3 / slow 5 (d = sma3 − sma5, integer sums, so exact):
 *   bar 11: d = 102 − 103.2 < 0; bar 12: d = 104 − 103.6 > 0   → cross up at 12
 *   bar 22: d = 137 − 135.8 > 0; bar 23: d = 134 − 135.6 < 0   → cross down at 23
 *   bar 31: d = 115 − 116 < 0;   bar 32: d = 117 − 116 > 0     → cross up at 32
 * Each bar opens 1 above the previous close (bar 0 at its close), high/low 1 beyond the body.
 */
export const HAND_CLOSES: readonly number[] = [
  ...Array.from({ length: 11 }, (_, i) => 120 - 2 * i),
  ...Array.from({ length: 10 }, (_, i) => 104 + 4 * i),
  ...Array.from({ length: 9 }, (_, i) => 137 - 3 * i),
  ...Array.from({ length: 10 }, (_, i) => 115 + 2 * i),
];

export function handCandles(closes: readonly number[] = HAND_CLOSES): Candle[] {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]! + 1;
    return {
      ts: T0 + i * HOUR_MS,
      open,
      high: Math.max(open, close) + 1,
      low: Math.min(open, close) - 1,
      close,
      volume: 100,
    };
  });
}

export function seriesOf(candles: readonly Candle[], symbol = SWAP_SYMBOL, timeframe = '1h'): SeriesData {
  return {
    symbol,
    timeframe,
    ts: Float64Array.from(candles, (c) => c.ts),
    open: Float64Array.from(candles, (c) => c.open),
    high: Float64Array.from(candles, (c) => c.high),
    low: Float64Array.from(candles, (c) => c.low),
    close: Float64Array.from(candles, (c) => c.close),
    volume: Float64Array.from(candles, (c) => c.volume),
  };
}

/** A linear swap with contracts of 1 base unit and a 0.001 lot. */
export const LINEAR_SWAP: Instrument = createInstrument({
  exchange: 'binance',
  symbol: SWAP_SYMBOL,
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.001,
  minSize: 0.001,
});

export const SPOT: Instrument = createInstrument({
  exchange: 'binance',
  symbol: 'BTC/USDT',
  kind: 'spot',
  tickSize: 0.01,
  lotSize: 0.001,
  minSize: 0.001,
});

/** Inverse swap: 100 USD per contract, settled in BTC. */
export const INVERSE_SWAP: Instrument = createInstrument({
  exchange: 'okx',
  symbol: 'BTC/USD:BTC',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 1,
  minSize: 1,
  contractValue: 100,
});

export function configFor(inst: Instrument, overrides: Partial<BacktestConfig> = {}): BacktestConfig {
  return {
    strategy: 'sma-cross',
    strategyVersion: '1.0.0',
    params: {},
    exchange: inst.exchange,
    symbols: [inst.symbol],
    timeframe: '1h',
    capital: 10_000,
    currency: inst.settle,
    fees: { maker: 0.0002, taker: 0.001 },
    slippage: { kind: 'fixed', bps: 10 },
    fill: 'next-open',
    leverage: 1,
    marginMode: 'cross',
    maintenanceRate: 0.004,
    liquidationFeeRate: 0.005,
    ...overrides,
  };
}

/** Deterministic uniform [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A random walk of `n` candles (relative step ±`vol`), each opening at the previous close. */
export function randomWalkCandles(n: number, seed: number, stepMs = HOUR_MS, vol = 0.004): Candle[] {
  const random = seeded(seed);
  const out: Candle[] = [];
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.round(open * (1 + (random() - 0.5) * 2 * vol) * 10) / 10;
    const high = Math.max(open, close) * (1 + random() * vol * 0.5);
    const low = Math.min(open, close) * (1 - random() * vol * 0.5);
    out.push({ ts: T0 + i * stepMs, open, high, low, close, volume: 1 + random() * 10 });
    price = close;
  }
  return out;
}

/** The same random walk straight into columns (no candle objects), for the speed check. */
export function randomWalkSeries(n: number, seed: number, stepMs = 60_000, vol = 0.001): SeriesData {
  const random = seeded(seed);
  const ts = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const c = Math.round(price * (1 + (random() - 0.5) * 2 * vol) * 10) / 10;
    ts[i] = T0 + i * stepMs;
    open[i] = price;
    close[i] = c;
    high[i] = Math.max(price, c) * (1 + random() * vol * 0.5);
    low[i] = Math.min(price, c) * (1 - random() * vol * 0.5);
    volume[i] = 1 + random() * 10;
    price = c;
  }
  return {
    symbol: SWAP_SYMBOL,
    timeframe: stepMs === 60_000 ? '1m' : '1h',
    ts,
    open,
    high,
    low,
    close,
    volume,
  };
}
