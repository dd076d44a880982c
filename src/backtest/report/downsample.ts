/**
 * Thinning long series for the report's charts. A year of 1m candles is 525,600 bars: inlined whole, the
 * HTML file would be tens of MB and the browser slow, while a screen shows a few thousand bars at most.
 */

import type { CandleColumns } from '../../storage/repositories/candles-columns.js';

export const MAX_CHART_BARS = 20_000;
export const MAX_LINE_POINTS = 20_000;

/** Candle buckets tried in order, ms: the first that brings the series under the limit wins. */
const BUCKETS_MS = [1, 5, 15, 30, 60, 120, 240, 360, 720, 1440, 10_080].map((m) => m * 60_000);

export interface AggregatedCandles {
  /** Bucket start, epoch ms. */
  readonly ts: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  /** Bucket length in ms; 0 = the candles are kept as they are. */
  readonly bucketMs: number;
  readonly sourceBars: number;
}

function bucketCount(ts: Float64Array, bucketMs: number): number {
  let count = 0;
  let last = Number.NaN;
  for (let i = 0; i < ts.length; i++) {
    const start = Math.floor(ts[i]! / bucketMs) * bucketMs;
    if (start !== last) {
      count++;
      last = start;
    }
  }
  return count;
}

/**
 * Aggregates candles into UTC-aligned buckets (first open, highest high, lowest low, last close) of the
 * shortest listed length that leaves at most `maxBars`; series already short enough are kept as they are.
 */
export function aggregateCandles(candles: CandleColumns, maxBars = MAX_CHART_BARS): AggregatedCandles {
  const n = candles.ts.length;
  const copy = (a: Float64Array) => Array.from(a);
  if (n <= maxBars) {
    const { ts, open, high, low, close } = candles;
    return {
      ts: copy(ts),
      open: copy(open),
      high: copy(high),
      low: copy(low),
      close: copy(close),
      bucketMs: 0,
      sourceBars: n,
    };
  }
  const span = candles.ts[n - 1]! - candles.ts[0]!;
  // Skip buckets that obviously leave too many bars before counting exactly.
  let bucketMs = BUCKETS_MS.find((b) => span / b + 1 <= maxBars * 4 && bucketCount(candles.ts, b) <= maxBars);
  // Longer than the list allows (decades of minutes): whole weeks multiplied until it fits.
  for (let k = 2; bucketMs === undefined; k *= 2) {
    const b = BUCKETS_MS[BUCKETS_MS.length - 1]! * k;
    if (bucketCount(candles.ts, b) <= maxBars) bucketMs = b;
  }
  const out = {
    ts: [] as number[],
    open: [] as number[],
    high: [] as number[],
    low: [] as number[],
    close: [] as number[],
  };
  let current = Number.NaN;
  for (let i = 0; i < n; i++) {
    const start = Math.floor(candles.ts[i]! / bucketMs) * bucketMs;
    const last = out.ts.length - 1;
    if (start !== current) {
      current = start;
      out.ts.push(start);
      out.open.push(candles.open[i]!);
      out.high.push(candles.high[i]!);
      out.low.push(candles.low[i]!);
      out.close.push(candles.close[i]!);
    } else {
      out.high[last] = Math.max(out.high[last]!, candles.high[i]!);
      out.low[last] = Math.min(out.low[last]!, candles.low[i]!);
      out.close[last] = candles.close[i]!;
    }
  }
  return { ...out, bucketMs, sourceBars: n };
}

/** Index of the last time ≤ `t` in ascending `times` (0 when `t` is before the first). */
export function floorIndex(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Keeps at most `maxPoints` of a [ts, value] line: the series is cut into `maxPoints / 2` buckets of equal
 * count and each keeps its lowest and its highest point (in time order), so spikes and the deepest
 * drawdown survive thinning, unlike taking every k-th point.
 */
export function downsampleLine(
  points: ReadonlyArray<readonly [number, number]>,
  maxPoints = MAX_LINE_POINTS,
): Array<[number, number]> {
  if (points.length <= maxPoints) return points.map(([t, v]) => [t, v]);
  // One point is kept back for the final value.
  const buckets = Math.max(1, Math.floor((maxPoints - 1) / 2));
  const size = points.length / buckets;
  const out: Array<[number, number]> = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(points.length, Math.floor((b + 1) * size));
    let min = from;
    let max = from;
    for (let i = from + 1; i < to; i++) {
      if (points[i]![1] < points[min]![1]) min = i;
      if (points[i]![1] > points[max]![1]) max = i;
    }
    for (const i of min === max ? [min] : [Math.min(min, max), Math.max(min, max)]) {
      out.push([points[i]![0], points[i]![1]]);
    }
  }
  // The last point is the run's final equity: always shown.
  const last = points[points.length - 1]!;
  if (out[out.length - 1]![0] !== last[0]) out.push([last[0], last[1]]);
  return out;
}

/**
 * Indices of at most `maxPoints` points of several series over the same times: the points cut into
 * equal-count buckets, each keeping, for every series, its lowest and its highest point (in index order,
 * duplicates once), plus the last point. Thinning the equity and the drawdown from one set of indices gives
 * both charts the same times, so scrolling one by point index scrolls the other to the same dates.
 */
export function sharedLineIndices(
  n: number,
  values: ReadonlyArray<(i: number) => number>,
  maxPoints = MAX_LINE_POINTS,
): number[] {
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  // Up to 2 points per series per bucket; one point is kept back for the final value.
  const buckets = Math.max(1, Math.floor((maxPoints - 1) / (2 * Math.max(1, values.length))));
  const size = n / buckets;
  const out: number[] = [];
  const picked: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    if (from >= to) continue;
    picked.length = 0;
    for (const value of values) {
      let min = from;
      let max = from;
      let low = value(from);
      let high = low;
      for (let i = from + 1; i < to; i++) {
        const v = value(i);
        if (v < low) {
          low = v;
          min = i;
        }
        if (v > high) {
          high = v;
          max = i;
        }
      }
      picked.push(min, max);
    }
    picked.sort((x, y) => x - y);
    for (let k = 0; k < picked.length; k++) if (k === 0 || picked[k] !== picked[k - 1]) out.push(picked[k]!);
  }
  // The last point is the run's final equity: always shown.
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/**
 * Drawdown under the running peak as a negative fraction (0 at a new high). The peak starts at
 * `startEquity` (the capital, as the metrics' max drawdown does), so a run that loses from its first point
 * is under water from the start.
 */
export function drawdownCurve(
  equity: ReadonlyArray<readonly [number, number]>,
  startEquity: number,
): Array<[number, number]> {
  let peak = Number.isFinite(startEquity) ? startEquity : Number.NEGATIVE_INFINITY;
  return equity.map(([t, v]) => {
    peak = Math.max(peak, v);
    return [t, peak > 0 ? v / peak - 1 : 0];
  });
}
