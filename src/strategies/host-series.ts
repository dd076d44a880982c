/**
 * One subscribed series inside a host: its closed-candle history, the indicators bound to it, its warm-up,
 * and the rules a candle must pass to enter (closed at the clock's time, strictly after the last one, sound).
 */

import { QuantLabError } from '../core/errors.js';
import type { Candle } from '../core/market.js';
import { validateCandle } from '../core/market-validation.js';
import { nextBucket, parseTimeframe, type Timeframe, timeframeMs } from '../core/timeframe.js';
import type { StreamingIndicator } from '../indicators/types.js';
import { CandleRing } from './candle-history.js';
import { IndicatorBinding } from './indicator-feed.js';
import type { CandleHistory, PriceSource, Subscription } from './types.js';

export function seriesKey(symbol: string, timeframe: string): string {
  return `${symbol}@${timeframe}`;
}

/** When a candle opened at `ts` closes: `ts + length`, or the next calendar month for `1M`. */
export function candleCloseTime(ts: number, timeframe: Timeframe): number {
  return timeframe === '1M' ? nextBucket(ts, timeframe) : ts + timeframeMs(timeframe);
}

function nonNegativeInt(name: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `${name} must be a non-negative integer, got ${String(value)}.`,
    );
  }
  return value;
}

/** The rules of validateCandle without allocating (the per-candle path); validateCandle explains failures. */
function looksSound(c: Candle): boolean {
  const { open, high, low, close, volume } = c;
  return (
    Number.isInteger(c.ts) &&
    low > 0 &&
    high >= low &&
    open >= low &&
    open <= high &&
    close >= low &&
    close <= high &&
    Number.isFinite(high) &&
    volume >= 0 &&
    Number.isFinite(volume)
  );
}

/** A read-only face of a ring: strategies cannot reach `push`. */
function readOnlyView(ring: CandleRing): CandleHistory {
  return Object.freeze({
    get length() {
      return ring.length;
    },
    at: (i: number) => ring.at(i),
    close: (i?: number) => ring.close(i),
    open: (i?: number) => ring.open(i),
    high: (i?: number) => ring.high(i),
    low: (i?: number) => ring.low(i),
    volume: (i?: number) => ring.volume(i),
    ts: (i?: number) => ring.ts(i),
  });
}

export class HostSeries {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly key: string;
  readonly warmup: number;
  readonly view: CandleHistory;
  /** Fixed length in ms; 0 for the calendar month. */
  private readonly lengthMs: number;
  /** Open time of the last candle accepted (it may still wait in the host's inbox). */
  lastAcceptedTs = Number.NEGATIVE_INFINITY;
  private readonly ring: CandleRing;
  private readonly bindings: IndicatorBinding[] = [];

  constructor(subscription: Subscription) {
    if (typeof subscription?.symbol !== 'string' || subscription.symbol === '') {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', 'A subscription needs a symbol.');
    }
    this.symbol = subscription.symbol;
    this.timeframe = parseTimeframe(subscription.timeframe);
    this.key = seriesKey(this.symbol, this.timeframe);
    this.lengthMs = this.timeframe === '1M' ? 0 : timeframeMs(this.timeframe);
    this.warmup = nonNegativeInt(`${this.key} warmup`, subscription.warmup);
    const history = nonNegativeInt(`${this.key} history`, subscription.history);
    this.ring = new CandleRing(Math.max(history, this.warmup, 1));
    this.view = readOnlyView(this.ring);
  }

  /** Why `candle` may not enter now, or undefined when it may. */
  problemWith(candle: Candle, now: number): string | undefined {
    if (typeof candle !== 'object' || candle === null) return 'not a candle';
    if (!looksSound(candle)) {
      const violations = validateCandle(candle);
      if (violations.length > 0) return violations.map((v) => v.message).join('; ');
    }
    const closesAt =
      this.lengthMs > 0 ? candle.ts + this.lengthMs : candleCloseTime(candle.ts, this.timeframe);
    if (closesAt > now) return `not closed yet (closes at ${closesAt}, clock at ${now})`;
    if (candle.ts === this.lastAcceptedTs) return 'duplicate of the last candle';
    if (candle.ts < this.lastAcceptedTs) return `out of order (last was ${this.lastAcceptedTs})`;
    return undefined;
  }

  append(candle: Candle): void {
    this.ring.push(candle);
    const { open, high, low, close, volume } = candle;
    for (const binding of this.bindings) binding.feed(open, high, low, close, volume);
  }

  /** Binds an indicator; a fresh one (count 0) first replays the history already held. */
  bind(indicator: StreamingIndicator, source: PriceSource): void {
    const binding = new IndicatorBinding(indicator, source);
    if (this.bindings.some((b) => b.indicator === indicator)) return;
    if (indicator.count === 0) {
      for (let i = 0; i < this.ring.length; i++) {
        binding.feed(
          this.ring.open(i),
          this.ring.high(i),
          this.ring.low(i),
          this.ring.close(i),
          this.ring.volume(i),
        );
      }
    }
    this.bindings.push(binding);
  }

  /** Candles the history window keeps at most. */
  get capacity(): number {
    return this.ring.capacity;
  }

  /** When the latest candle held closed; -Infinity when there is none. */
  get lastCloseTime(): number {
    const ts = this.ring.lastTs;
    if (ts === Number.NEGATIVE_INFINITY) return ts;
    return this.lengthMs > 0 ? ts + this.lengthMs : candleCloseTime(ts, this.timeframe);
  }

  /** The history holds the warm-up and every bound indicator is ready. */
  get warm(): boolean {
    if (this.ring.appended < this.warmup) return false;
    for (const binding of this.bindings) if (!binding.ready) return false;
    return true;
  }
}

/**
 * The series of one host, found by symbol and timeframe without building a key string (the per-candle
 * lookup, and `ctx.candles(...)` inside strategies' `onCandle`).
 */
export class SeriesTable {
  private readonly bySymbol = new Map<string, Map<string, HostSeries>>();
  private readonly all: HostSeries[] = [];

  /** Adds a series; false when one of the same symbol and timeframe is already there. */
  add(series: HostSeries): boolean {
    let byTimeframe = this.bySymbol.get(series.symbol);
    if (byTimeframe === undefined) {
      byTimeframe = new Map();
      this.bySymbol.set(series.symbol, byTimeframe);
    }
    if (byTimeframe.has(series.timeframe)) return false;
    byTimeframe.set(series.timeframe, series);
    this.all.push(series);
    return true;
  }

  get(symbol: string, timeframe: string): HostSeries | undefined {
    return this.bySymbol.get(symbol)?.get(timeframe);
  }

  /** Every series, in the order of the subscriptions. */
  get list(): readonly HostSeries[] {
    return this.all;
  }

  /** Close of the symbol's most recently closed candle over all its series; NaN when none is held. */
  latestClose(symbol: string): number {
    const byTimeframe = this.bySymbol.get(symbol);
    if (byTimeframe === undefined) return Number.NaN;
    let closedAt = Number.NEGATIVE_INFINITY;
    let close = Number.NaN;
    for (const series of byTimeframe.values()) {
      const at = series.lastCloseTime;
      if (at > closedAt) {
        closedAt = at;
        close = series.view.close();
      }
    }
    return close;
  }

  /** `symbol@timeframe` of every series, for messages. */
  keys(): string[] {
    return this.all.map((series) => series.key);
  }
}
