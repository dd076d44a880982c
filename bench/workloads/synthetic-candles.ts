import type { Candle } from '../../src/core/market.js';

export const MINUTE_MS = 60_000;
export const MINUTES_PER_YEAR = 525_600;

/**
 * A deterministic random walk of 1m candles (mulberry32 PRNG), realistic enough for storage and
 * backtest workloads: positive prices, consistent OHLC, varying volume.
 */
export function syntheticCandles(count: number, startTs = Date.UTC(2024, 0, 1), seed = 42): Candle[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const candles: Candle[] = new Array(count);
  let price = 42_000;
  for (let i = 0; i < count; i += 1) {
    const open = price;
    const close = Math.max(1, open * (1 + (random() - 0.5) * 0.004));
    const high = Math.max(open, close) * (1 + random() * 0.001);
    const low = Math.min(open, close) * (1 - random() * 0.001);
    candles[i] = {
      ts: startTs + i * MINUTE_MS,
      open: Math.round(open * 10) / 10,
      high: Math.round(high * 10) / 10 + 0.1,
      low: Math.max(0.1, Math.round(low * 10) / 10 - 0.1),
      close: Math.round(close * 10) / 10,
      volume: Math.round(random() * 50_000) / 1000,
    };
    price = close;
  }
  return candles;
}
