/**
 * Per-series cache of what every trial of a sweep recomputes otherwise: the SMA of each period (the batch
 * `sma`, bit-identical to the streaming SMA the strategy reads), the bars' close times, and how many fills
 * a trial records (to size its columns once). A sweep over
 * (fast, slow) pairs needs only as many SMAs as distinct periods, each computed once.
 *
 * Bounded, least recently used first out: a 1-year 1m SMA is 4.2 MB, and a wide sweep touches hundreds
 * of periods.
 */

import { nextBucket, parseTimeframe, timeframeMs } from '../../core/timeframe.js';
import { sma } from '../../indicators/index.js';

const DEFAULT_MAX_ENTRIES = 64;

export class SmaCache {
  /** The close column the cached averages are of (a run with another series ignores this cache). */
  readonly close: Float64Array;
  readonly maxEntries: number;
  // Map iteration order is insertion order: re-inserting on a hit keeps the least recent first.
  readonly #averages = new Map<number, Float64Array>();
  #closeTimes: { ts: Float64Array; timeframe: string; closeTs: Float64Array } | undefined;
  /** Most fills a run on this series has had: the next run sizes its fill columns for that many. */
  fillsSeen = 0;

  constructor(close: Float64Array, maxEntries = DEFAULT_MAX_ENTRIES) {
    this.close = close;
    this.maxEntries = Math.max(2, Math.floor(maxEntries));
  }

  /** The SMA of `period` over the whole close column (NaN for the first period − 1 bars). */
  get(period: number): Float64Array {
    const hit = this.#averages.get(period);
    if (hit !== undefined) {
      this.#averages.delete(period);
      this.#averages.set(period, hit);
      return hit;
    }
    const values = sma(this.close, period);
    if (this.#averages.size >= this.maxEntries) {
      const oldest = this.#averages.keys().next().value;
      if (oldest !== undefined) this.#averages.delete(oldest);
    }
    this.#averages.set(period, values);
    return values;
  }

  /** Number of averages held. */
  get size(): number {
    return this.#averages.size;
  }

  /** Close time of each bar (its open time + the timeframe; calendar months end on the next 1st). */
  closeTimes(ts: Float64Array, timeframe: string): Float64Array {
    const cached = this.#closeTimes;
    if (cached !== undefined && cached.ts === ts && cached.timeframe === timeframe) return cached.closeTs;
    const closeTs = computeCloseTimes(ts, timeframe);
    this.#closeTimes = { ts, timeframe, closeTs };
    return closeTs;
  }
}

/** Close time of each bar; throws QL_ERR_INVALID_INPUT for an unknown timeframe. */
export function computeCloseTimes(ts: Float64Array, timeframe: string): Float64Array {
  const tf = parseTimeframe(timeframe);
  const n = ts.length;
  const out = new Float64Array(n);
  if (tf === '1M') {
    for (let i = 0; i < n; i++) out[i] = nextBucket(ts[i]!, tf);
    return out;
  }
  const length = timeframeMs(tf);
  for (let i = 0; i < n; i++) out[i] = ts[i]! + length;
  return out;
}
