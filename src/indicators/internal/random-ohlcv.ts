/**
 * Seeded random OHLCV series for the indicator tests (TA-Lib parity, streaming-equals-batch). Valid bars
 * (low <= open, close <= high; volume > 0) with the awkward cases real data has and indicators trip on:
 * prices on a tick grid (so equal highs/lows and ties happen), flat bars (high = low), runs of identical
 * bars (zero true range), gaps, and tiny volumes (TA-Lib's MFI treats a money flow below 1 as none).
 */

import { seededRandom } from '../../core/random.js';

export interface OhlcvSeries {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface RandomOhlcvOptions {
  /** Starting price (default 100). */
  start?: number;
  /** Price grid step; prices are multiples of it (default start / 1000). */
  tick?: number;
  /** Typical volume (default 1000); some bars get a tiny fraction of it. */
  volume?: number;
}

/** `length` bars of a random walk from `seed`. */
export function randomOhlcv(length: number, seed: number, options: RandomOhlcvOptions = {}): OhlcvSeries {
  const random = seededRandom(seed);
  const start = options.start ?? 100;
  const tick = options.tick ?? start / 1000;
  const typicalVolume = options.volume ?? 1000;
  const snap = (price: number) => Math.max(tick, Math.round(price / tick) * tick);
  const series: OhlcvSeries = {
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
  let price = start;
  for (let i = 0; i < length; i += 1) {
    const kind = random();
    let open: number;
    let high: number;
    let low: number;
    let close: number;
    if (i > 0 && kind < 0.05) {
      // A copy of the previous bar: zero true range, equal highs and lows.
      open = series.open[i - 1]!;
      high = series.high[i - 1]!;
      low = series.low[i - 1]!;
      close = series.close[i - 1]!;
    } else {
      const gap = kind < 0.1 ? (random() - 0.5) * 0.05 : 0;
      open = snap(price * (1 + gap));
      close = snap(open * (1 + (random() - 0.5) * 0.02));
      if (kind > 0.95) {
        high = Math.max(open, close);
        low = Math.min(open, close);
        if (kind > 0.975) close = open = high = low; // a flat bar
      } else {
        high = snap(Math.max(open, close) * (1 + random() * 0.01));
        low = snap(Math.min(open, close) * (1 - random() * 0.01));
      }
    }
    series.open[i] = open;
    series.high[i] = high;
    series.low[i] = low;
    series.close[i] = close;
    const v = random();
    series.volume[i] = v < 0.05 ? v * 0.01 : Math.round(v * 2 * typicalVolume * 1000) / 1000;
    price = close;
  }
  return series;
}
