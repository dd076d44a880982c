/**
 * Turns the candle messages of one series (exchange, symbol, timeframe) into closed candles delivered
 * exactly once and in order, whatever the connection does: messages repeat after a resubscribe, closes are
 * missed while disconnected, some venues never say that a candle is final.
 *
 * The sequencer keeps one cursor, `next`: the open time of the next closed candle it owes the consumer.
 * - A message for an interval before `next` was already delivered: it is dropped (de-duplication).
 * - A message for an interval after `next` means the intervals in between have ended without us seeing
 *   their close (a disconnect, a lost confirm): they are fetched over REST (`CandleBackfill`) and delivered
 *   first. When the venue gives no close flag (`closed` undefined, generic ccxt exchanges), the candle
 *   still forming at `next` is closed by the arrival of the next interval, with its last values.
 * - A message flagged `closed` (OKX `confirm = "1"`, Binance kline `x = true`) delivers the candle at once.
 * Messages are processed one at a time (a promise chain), so a slow backfill holds later messages back
 * instead of letting them overtake it: the cursor only ever moves forward.
 */

import { toQuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import { validateCandle } from '../../core/market-validation.js';
import { alignTs, nextBucket, parseTimeframe, type Timeframe } from '../../core/timeframe.js';

/** Closed candles over REST for the ranges the stream missed; `fetchClosed` bounds are inclusive. */
export interface CandleBackfill {
  fetchClosed(symbol: string, timeframe: string, fromTs: number, toTs: number): Promise<Candle[]>;
}

/** One candle message as the edge parsed it. */
export interface CandleObservation {
  readonly candle: Candle;
  /** The venue's close flag; undefined when the venue has none. */
  readonly closed?: boolean | undefined;
  /** Venue event time when known (forming updates), else when we received it. */
  readonly tsEvent: number;
  readonly tsInit: number;
}

export interface SequencedCandle {
  readonly candle: Candle;
  readonly closed: boolean;
  readonly tsEvent: number;
  readonly tsInit: number;
  readonly backfilled: boolean;
}

export interface CandleSequencerHooks {
  /** Receives every delivery, in order. */
  emit(update: SequencedCandle): void;
  backfill?: CandleBackfill | undefined;
  /** Deliver forming (not yet closed) updates too; default true. */
  emitForming?: boolean;
  /** Backfill attempts before a gap is given up (default 3) and the wait before each retry. */
  backfillAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onBackfillStart?(fromTs: number, toTs: number): void;
  onBackfillEnd?(fromTs: number, toTs: number, delivered: number, error?: unknown): void;
  /** A backfilled candle failed validation (rule name, e.g. `high-below-low`). */
  onRejected?(rule: string): void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CandleSequencer {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly #hooks: CandleSequencerHooks;
  /** Open time of the next closed candle owed; undefined until the first message. */
  #next: number | undefined;
  /** The candle at `#next` as last seen in the current connection, when still forming. */
  #forming: CandleObservation | undefined;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(symbol: string, timeframe: string, hooks: CandleSequencerHooks) {
    this.symbol = symbol;
    this.timeframe = parseTimeframe(timeframe);
    this.#hooks = hooks;
  }

  /** Open time of the next closed candle owed (undefined before the first message). */
  get cursor(): number | undefined {
    return this.#next;
  }

  /** Queues one message; processing is serialized. */
  observe(observation: CandleObservation): void {
    this.#tail = this.#tail.then(() => (this.#closed ? undefined : this.#process(observation)));
  }

  /**
   * A new connection: the forming candle seen before may have traded on while we were away, so it must
   * not be closed with its stale values; the cursor (what was delivered) is kept.
   */
  newConnection(): void {
    this.#tail = this.#tail.then(() => {
      this.#forming = undefined;
    });
  }

  /** Resolves once every queued message has been processed. */
  idle(): Promise<void> {
    return this.#tail;
  }

  /** Stops processing; queued messages are dropped. */
  close(): void {
    this.#closed = true;
  }

  async #process(observation: CandleObservation): Promise<void> {
    const { candle } = observation;
    const ts = alignTs(candle.ts, this.timeframe);
    if (ts !== candle.ts) return; // not a bucket start: refused at the edge already, never delivered here
    if (this.#next === undefined) this.#next = ts;
    if (ts < this.#next) return; // delivered already
    if (ts > this.#next) {
      const forming = this.#forming;
      if (observation.closed === undefined && forming !== undefined && forming.candle.ts === this.#next) {
        // No close flag from this venue: the next interval's arrival closes the forming candle.
        this.#deliver(forming.candle, true, observation.tsInit, false);
      }
      if (ts > this.#next!) await this.#fill(this.#next!, alignTs(ts - 1, this.timeframe));
      if (this.#closed) return;
    }
    if (observation.closed === true) {
      this.#forming = undefined;
      this.#deliver(candle, true, observation.tsInit, false);
    } else {
      this.#forming = observation;
      if (this.#hooks.emitForming ?? true) {
        this.#hooks.emit({
          candle,
          closed: false,
          tsEvent: observation.tsEvent,
          tsInit: observation.tsInit,
          backfilled: false,
        });
      }
    }
  }

  #deliver(candle: Candle, closed: true, tsInit: number, backfilled: boolean): void {
    const tsEvent = nextBucket(candle.ts, this.timeframe);
    this.#next = tsEvent;
    if (this.#forming?.candle.ts === candle.ts) this.#forming = undefined;
    this.#hooks.emit({ candle, closed, tsEvent, tsInit, backfilled });
  }

  /** Delivers the closed candles with fromTs ≤ ts ≤ toTs from REST; the cursor ends after toTs. */
  async #fill(fromTs: number, toTs: number): Promise<void> {
    const hooks = this.#hooks;
    const after = nextBucket(toTs, this.timeframe);
    if (hooks.backfill === undefined) {
      hooks.onBackfillEnd?.(fromTs, toTs, 0, new Error('no backfill configured'));
      this.#next = after;
      return;
    }
    hooks.onBackfillStart?.(fromTs, toTs);
    const attempts = Math.max(1, hooks.backfillAttempts ?? 3);
    let candles: Candle[] | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts && candles === undefined && !this.#closed; attempt++) {
      if (attempt > 0) await (hooks.sleep ?? defaultSleep)(hooks.retryDelayMs?.(attempt - 1) ?? 0);
      try {
        candles = await hooks.backfill.fetchClosed(this.symbol, this.timeframe, fromTs, toTs);
      } catch (error) {
        lastError = toQuantLabError(error, 'QL_ERR_VENUE_UNAVAILABLE');
      }
    }
    if (this.#closed) return;
    let delivered = 0;
    if (candles !== undefined) {
      const tsInit = hooks.now?.() ?? Date.now();
      const inRange = candles
        .filter((c) => c.ts >= fromTs && c.ts <= toTs && alignTs(c.ts, this.timeframe) === c.ts)
        .sort((a, b) => a.ts - b.ts);
      for (const c of inRange) {
        if (c.ts < this.#next!) continue; // duplicate in the REST answer
        const violations = validateCandle(c);
        if (violations.length > 0) {
          hooks.onRejected?.(violations[0]!.rule);
          continue;
        }
        this.#deliver(c, true, tsInit, true);
        delivered += 1;
      }
    }
    // Intervals the venue has no candle for stay missing; the cursor moves on either way, so later
    // candles are never held back by a gap that cannot be filled.
    this.#next = Math.max(this.#next!, after);
    hooks.onBackfillEnd?.(fromTs, toTs, delivered, candles === undefined ? lastError : undefined);
  }
}
