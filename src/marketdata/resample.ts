/**
 * Batch resampling of a candle series to a coarser timeframe, with the same rules as the streaming
 * `CandleAggregator` (it is built on it): open = first, high = max, low = min, close = last,
 * volume = sum, buckets from `alignTs` (Monday weeks, calendar months).
 *
 * - The last bucket is partial when the data ends before its last base candle: it is returned (marked by
 *   `partialLast`) so callers can show it, and must not be stored as a final candle.
 * - A bucket with missing base candles inside the data (an exchange outage) is still aggregated from the
 *   candles it has, and counted in `incompleteBuckets`.
 */

import { QuantLabError } from '../core/errors.js';
import type { Candle } from '../core/market.js';
import { TIMEFRAMES, type Timeframe, timeframeMs } from '../core/timeframe.js';
import { CandleAggregator } from './candle-aggregator.js';

export interface ResampleOptions {
  /** The input's timeframe; inferred from the smallest step between candles when absent. */
  fromTimeframe?: Timeframe;
}

export interface ResampleResult {
  candles: Candle[];
  /** True when the last candle's bucket is missing its last base candle (the data ends inside it). */
  partialLast: boolean;
  /** Buckets, other than a partial last one, aggregated from fewer base candles than they span. */
  incompleteBuckets: number;
}

function invalid(message: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** The fixed timeframe equal to the smallest step between ascending candles. */
export function inferTimeframe(candles: readonly Candle[]): Timeframe {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < candles.length; i++) step = Math.min(step, candles[i]!.ts - candles[i - 1]!.ts);
  const match = TIMEFRAMES.find((tf) => tf !== '1M' && timeframeMs(tf) === step);
  if (match === undefined) {
    throw invalid(
      candles.length < 2
        ? 'cannot infer the timeframe of fewer than two candles; pass fromTimeframe'
        : `the smallest step between candles (${step} ms) is no timeframe; pass fromTimeframe`,
    );
  }
  return match;
}

/** Resamples ascending candles to `to`. */
export function resampleCandles(
  candles: readonly Candle[],
  to: Timeframe,
  options: ResampleOptions = {},
): ResampleResult {
  for (let i = 1; i < candles.length; i++) {
    if (!(candles[i]!.ts > candles[i - 1]!.ts)) {
      throw invalid(`candles must be ascending with unique timestamps (index ${i})`, { index: i });
    }
  }
  if (candles.length === 0) return { candles: [], partialLast: false, incompleteBuckets: 0 };
  const from = options.fromTimeframe ?? inferTimeframe(candles);
  const out: Candle[] = [];
  let incompleteBuckets = 0;
  const aggregator = new CandleAggregator({
    from,
    to,
    onCandle: (candle, info) => {
      out.push(candle);
      if (!info.complete) incompleteBuckets++;
    },
  });
  for (const candle of candles) aggregator.push(candle);
  const partial = aggregator.flush() !== undefined;
  // The partial last bucket is reported as such, not as an incomplete one.
  if (partial) incompleteBuckets--;
  return { candles: out, partialLast: partial, incompleteBuckets };
}
