/**
 * Bars finer than the replayed candle (`candle1s` on a tape of 1 m candles): the candle is cut into
 * `count` equal slices along the path the matching engine walks (tape.ts `candleSegments`: open → the
 * nearer extreme → the other → close, a third of the time each), so the 1 s candles agree with the fills
 * of that minute. The volume is spread evenly.
 */

import type { PlayedCandle } from './market-data.js';
import { roundToGrid } from './numbers.js';

/** The path's price at fraction `t` ∈ [0, 1] of the candle's time. */
function priceAt(points: readonly number[], t: number): number {
  const x = Math.min(Math.max(t, 0), 1) * 3;
  const leg = Math.min(Math.floor(x), 2);
  const from = points[leg]!;
  return from + (points[leg + 1]! - from) * (x - leg);
}

/** Slice `k` of `count` (0 = the first) of candle `c`, each `length` ms long; prices on the `tick` grid. */
export function subCandle(
  c: PlayedCandle,
  k: number,
  count: number,
  length: number,
  tick: number,
): PlayedCandle {
  const highFirst = c.high - c.open <= c.open - c.low;
  const points = highFirst ? [c.open, c.high, c.low, c.close] : [c.open, c.low, c.high, c.close];
  const t0 = k / count;
  const t1 = (k + 1) / count;
  const open = roundToGrid(priceAt(points, t0), tick);
  const close = roundToGrid(priceAt(points, t1), tick);
  let high = Math.max(open, close);
  let low = Math.min(open, close);
  // A corner of the path inside the slice is its high or low.
  for (let leg = 1; leg <= 2; leg++) {
    if (leg / 3 > t0 && leg / 3 < t1) {
      high = Math.max(high, points[leg]!);
      low = Math.min(low, points[leg]!);
    }
  }
  return { ts: c.ts + k * length, open, high, low, close, volume: c.volume / count };
}
