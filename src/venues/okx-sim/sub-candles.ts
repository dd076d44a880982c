/**
 * Bars finer than the replayed candle (`candle1s` on a tape of 1 m candles): the candle is cut into
 * `count` equal slices along the path the matching engine walks (tape.ts `candleSegments`: open → the
 * nearer extreme → the other → close, a third of the time each), so the 1 s candles agree with the fills
 * of that minute. The volume is spread evenly on the volume's grid (a lot's worth of base for a swap, a
 * lot for spot), the last slice taking the remainder: the slices add up to the candle's volume exactly.
 *
 * The replay plays whole candles, so every slice is pushed (and served) confirmed (`confirm=1`); OKX
 * itself pushes the candle still forming with `confirm=0`, repeatedly, until it closes.
 */

import type { PlayedCandle } from './market-data.js';
import { cleanFloat, floorToGrid, roundToGrid } from './numbers.js';
import { candleSegments } from './tape.js';

/** The path's price at fraction `t` ∈ [0, 1] of the candle's time. */
function priceAt(points: readonly number[], t: number): number {
  const x = Math.min(Math.max(t, 0), 1) * 3;
  const leg = Math.min(Math.floor(x), 2);
  const from = points[leg]!;
  return from + (points[leg + 1]! - from) * (x - leg);
}

/** The volume of slice `k` of `count`: an even share on the `step` grid, the remainder in the last one. */
export function sliceVolume(volume: number, k: number, count: number, step: number): number {
  const share = step > 0 ? floorToGrid(volume / count, step) : volume / count;
  if (k < count - 1) return share;
  const rest = volume - share * (count - 1);
  return step > 0 && Math.abs(rest / step - Math.round(rest / step)) < 1e-6
    ? roundToGrid(rest, step)
    : cleanFloat(rest);
}

/**
 * Slice `k` of `count` (0 = the first) of candle `c`, each `length` ms long; prices on the `tick` grid,
 * volumes on the `volumeStep` grid (0: no grid).
 */
export function subCandle(
  c: PlayedCandle,
  k: number,
  count: number,
  length: number,
  tick: number,
  volumeStep = 0,
): PlayedCandle {
  // The engine's own path (tape.ts): [open, open], [open, first extreme], [first, second], [second, close].
  const segments = candleSegments(c.open, c);
  const points = [c.open, segments[1]![1], segments[2]![1], c.close];
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
  const volume = sliceVolume(c.volume, k, count, volumeStep);
  return { ts: c.ts + k * length, open, high, low, close, volume };
}
