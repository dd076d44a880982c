/**
 * Missing candles of a series, in timeframe buckets: a gap is the range of candle open times that should be
 * there and are not, as `[firstMissingTs, lastMissingTs]` (both bucket starts, inclusive). Works for calendar
 * months (`1M`) too. Timestamps not on a bucket start count for the bucket they fall in.
 */

import { QuantLabError } from '../../core/errors.js';
import { alignTs, isCalendarTimeframe, type Timeframe, timeframeMs } from '../../core/timeframe.js';

export type Gap = [fromTs: number, toTs: number];

export interface GapReport {
  gaps: Gap[];
  missingCandles: number;
}

function monthIndex(ts: number): number {
  const date = new Date(ts);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** How many buckets `b`'s bucket lies after `a`'s (0 for the same bucket). */
export function bucketsApart(a: number, b: number, tf: Timeframe): number {
  if (isCalendarTimeframe(tf)) return monthIndex(b) - monthIndex(a);
  return (alignTs(b, tf) - alignTs(a, tf)) / timeframeMs(tf);
}

/** The bucket start `steps` buckets after (or before, when negative) the bucket of `ts`. */
export function shiftBucket(ts: number, steps: number, tf: Timeframe): number {
  const start = alignTs(ts, tf);
  if (!isCalendarTimeframe(tf)) return start + steps * timeframeMs(tf);
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + steps, 1);
}

/** Candles a complete series from `from` to `to` (inclusive, any ts within the end buckets) would hold. */
export function expectedCandles(from: number, to: number, tf: Timeframe): number {
  return to < from ? 0 : bucketsApart(from, to, tf) + 1;
}

/** Gaps between ascending timestamps. Throws when they are not ascending. */
export function findGaps(ts: ArrayLike<number>, tf: Timeframe): GapReport {
  const gaps: Gap[] = [];
  let missingCandles = 0;
  for (let i = 1; i < ts.length; i++) {
    const previous = ts[i - 1]!;
    const current = ts[i]!;
    if (current < previous) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `timestamps are not ascending at index ${i}`, {
        details: { index: i, previous, current },
      });
    }
    const steps = bucketsApart(previous, current, tf);
    if (steps > 1) {
      gaps.push([shiftBucket(previous, 1, tf), shiftBucket(current, -1, tf)]);
      missingCandles += steps - 1;
    }
  }
  return { gaps, missingCandles };
}
