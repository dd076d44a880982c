/**
 * Candle timeframes and bucket arithmetic, all in UTC epoch milliseconds.
 *
 * Fixed timeframes (1s … 3d) bucket on multiples of their length since the epoch, as Binance and OKX's
 * UTC candles do. Weeks start Monday 00:00 UTC (the epoch was a Thursday, so week buckets are offset by
 * four days). `1M` is a calendar month: buckets start on the 1st at 00:00 UTC and have no fixed length.
 */

import { QuantLabError } from './errors.js';

export const TIMEFRAMES = [
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const;

export type Timeframe = (typeof TIMEFRAMES)[number];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-01 was a Thursday; the first Monday 00:00 UTC is four days later. */
const MONDAY_OFFSET = 4 * DAY;

/** Length of each timeframe; `1M` is nominal (30 days) and only used for ordering. */
const NOMINAL_MS: Readonly<Record<Timeframe, number>> = {
  '1s': SECOND,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': WEEK,
  '1M': 30 * DAY,
};

const KNOWN = new Set<string>(TIMEFRAMES);

function invalidInput(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** True when `value` is one of the supported timeframes (case matters: `1m` is a minute, `1M` a month). */
export function isTimeframe(value: unknown): value is Timeframe {
  return typeof value === 'string' && KNOWN.has(value);
}

/** Validates a timeframe string; throws QL_ERR_INVALID_INPUT listing the supported ones. */
export function parseTimeframe(value: string): Timeframe {
  if (isTimeframe(value)) return value;
  const hint =
    typeof value === 'string' && KNOWN.has(value.toLowerCase())
      ? ` (did you mean '${value.toLowerCase()}'?)`
      : '';
  throw invalidInput(
    `Unknown timeframe ${JSON.stringify(value)}${hint}; expected one of ${TIMEFRAMES.join(', ')}.`,
    {
      timeframe: value,
    },
  );
}

/** True for timeframes without a fixed length (`1M`). */
export function isCalendarTimeframe(tf: Timeframe): boolean {
  return tf === '1M';
}

/**
 * Length of a fixed timeframe in ms. Throws for `1M`, whose length depends on the month: use `alignTs`
 * and `nextBucket` for it, or `nominalTimeframeMs` when only an order of magnitude is needed.
 */
export function timeframeMs(tf: Timeframe): number {
  const timeframe = parseTimeframe(tf);
  if (isCalendarTimeframe(timeframe)) {
    throw invalidInput("Timeframe '1M' is a calendar month with no fixed length; use alignTs/nextBucket.", {
      timeframe,
    });
  }
  return NOMINAL_MS[timeframe];
}

/** Length of a timeframe, with `1M` counted as 30 days. For ordering and estimates, not for bucketing. */
export function nominalTimeframeMs(tf: Timeframe): number {
  return NOMINAL_MS[parseTimeframe(tf)];
}

function checkTs(ts: number): void {
  if (typeof ts !== 'number' || !Number.isFinite(ts) || !Number.isInteger(ts)) {
    throw invalidInput(`Invalid timestamp ${ts}: expected integer epoch milliseconds.`, { ts });
  }
}

/** Floor modulo, so timestamps before the epoch bucket correctly too. */
function floorMod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** Start of the bucket containing `ts` (floor, UTC). */
export function alignTs(ts: number, tf: Timeframe): number {
  checkTs(ts);
  const timeframe = parseTimeframe(tf);
  if (timeframe === '1M') {
    const date = new Date(ts);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  if (timeframe === '1w') return ts - floorMod(ts - MONDAY_OFFSET, WEEK);
  return ts - floorMod(ts, NOMINAL_MS[timeframe]);
}

/** Start of the bucket after the one containing `ts`. */
export function nextBucket(ts: number, tf: Timeframe): number {
  const start = alignTs(ts, tf);
  if (tf === '1M') {
    const date = new Date(start);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return start + NOMINAL_MS[tf];
}

/** True when `ts` is exactly a bucket start. */
export function isAligned(ts: number, tf: Timeframe): boolean {
  return alignTs(ts, tf) === ts;
}

/** Orders timeframes by length: negative when `a` is finer than `b`, 0 when equal, positive when coarser. */
export function compareTimeframes(a: Timeframe, b: Timeframe): number {
  return Math.sign(nominalTimeframeMs(a) - nominalTimeframeMs(b));
}

/** True when `a` is strictly coarser (longer) than `b`. */
export function isCoarser(a: Timeframe, b: Timeframe): boolean {
  return compareTimeframes(a, b) > 0;
}

/**
 * True when candles of `from` can be aggregated into whole candles of `to`: every `to` bucket is an exact
 * union of `from` buckets. `1d` → `1w` and `1d` → `1M` work; `3d` → `1w` and `1w` → `1M` do not.
 */
export function canResample(from: Timeframe, to: Timeframe): boolean {
  const source = parseTimeframe(from);
  const target = parseTimeframe(to);
  if (source === target) return true;
  if (!isCoarser(target, source)) return false;
  const sourceMs = NOMINAL_MS[source];
  // Months start at midnight, so anything that divides a day divides every month.
  if (target === '1M') return DAY % sourceMs === 0;
  const targetMs = NOMINAL_MS[target];
  if (targetMs % sourceMs !== 0) return false;
  // Week buckets start on a Monday, four days after the epoch: source buckets must line up with it.
  return target !== '1w' || MONDAY_OFFSET % sourceMs === 0;
}
