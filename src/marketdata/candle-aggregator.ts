/**
 * Streaming resampler: push closed base candles in time order, receive each coarser candle the moment its
 * bucket is complete — when the bucket's last base candle arrives, or, if that one is missing, when a
 * candle of a later bucket arrives. O(1) work per candle and one object per emitted candle; multi-timeframe
 * strategies build their 1h bars from 1m bars with it.
 *
 * Aggregation: open = first, high = max, low = min, close = last, volume = sum. Buckets come from `alignTs`
 * (weeks start Monday 00:00 UTC, `1M` is the calendar month). A bucket emitted with fewer base candles than
 * it spans is marked `complete: false` and still aggregated from what arrived.
 */

import { QuantLabError } from '../core/errors.js';
import type { Candle } from '../core/market.js';
import { alignTs, canResample, nextBucket, type Timeframe, timeframeMs } from '../core/timeframe.js';

export interface AggregatedInfo {
  /** True when every base candle of the bucket arrived. */
  complete: boolean;
  /** How many base candles were aggregated. */
  baseCount: number;
  /** How many the bucket spans. */
  expected: number;
}

export interface CandleAggregatorOptions {
  from: Timeframe;
  to: Timeframe;
  onCandle: (candle: Candle, info: AggregatedInfo) => void;
}

export class CandleAggregator {
  readonly from: Timeframe;
  readonly to: Timeframe;
  private readonly fromMs: number;
  private readonly onCandle: CandleAggregatorOptions['onCandle'];
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;
  private count = 0;
  private bucketStart = Number.NaN;
  private bucketEnd = Number.NaN;
  private lastTs = Number.NEGATIVE_INFINITY;

  constructor(options: CandleAggregatorOptions) {
    if (!canResample(options.from, options.to)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `${options.from} candles cannot be aggregated into whole ${options.to} candles`,
        { details: { from: options.from, to: options.to } },
      );
    }
    this.from = options.from;
    this.to = options.to;
    // `from` is 1M only when `to` is too: then every candle is its own bucket and fromMs is unused.
    this.fromMs = options.from === '1M' ? 0 : timeframeMs(options.from);
    this.onCandle = options.onCandle;
  }

  /** Adds the next closed base candle; timestamps must increase. */
  push(candle: Candle): void {
    const { ts } = candle;
    if (!(ts > this.lastTs)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `candle ${ts} is not after the previous one (${this.lastTs}); push closed candles in time order`,
        { details: { ts, previous: this.lastTs } },
      );
    }
    this.lastTs = ts;
    if (this.count > 0 && !(ts >= this.bucketStart && ts < this.bucketEnd)) this.emit();
    if (this.count === 0) {
      this.bucketStart = alignTs(ts, this.to);
      this.bucketEnd = nextBucket(this.bucketStart, this.to);
      this.open = candle.open;
      this.high = candle.high;
      this.low = candle.low;
      this.volume = 0;
    } else {
      if (candle.high > this.high) this.high = candle.high;
      if (candle.low < this.low) this.low = candle.low;
    }
    this.close = candle.close;
    this.volume += candle.volume;
    this.count += 1;
    // The bucket's last base candle: nothing more can join it.
    if (this.from === this.to || ts + this.fromMs >= this.bucketEnd) this.emit();
  }

  /** The bucket in progress (not yet emitted), if any. */
  pending(): Candle | undefined {
    return this.count === 0 ? undefined : this.current();
  }

  /** End of data: emits the bucket in progress (incomplete) and returns it; undefined when there is none. */
  flush(): Candle | undefined {
    if (this.count === 0) return undefined;
    return this.emit();
  }

  private expected(): number {
    return this.from === this.to ? 1 : Math.round((this.bucketEnd - this.bucketStart) / this.fromMs);
  }

  private current(): Candle {
    return {
      ts: this.bucketStart,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
    };
  }

  private emit(): Candle {
    const candle = this.current();
    const expected = this.expected();
    const baseCount = this.count;
    this.count = 0;
    this.onCandle(candle, { complete: baseCount >= expected, baseCount, expected });
    return candle;
  }
}
