/**
 * What every MarketFeed implementation shares: listener fan-out that one failing listener cannot break,
 * status changes emitted once per change, and the counters behind `stats()`.
 */

import type { FeedStats, FeedStatus, MarketEvent, MarketEventListener } from './types.js';

export type FeedState = FeedStatus['state'];

/** Pino-compatible subset; the default drops everything. */
export interface FeedLogger {
  warn(details: Record<string, unknown>, message: string): void;
  debug?(details: Record<string, unknown>, message: string): void;
}

export const silentFeedLogger: FeedLogger = { warn: () => {} };

export class FeedStatsCounter {
  received = 0;
  published = 0;
  reconnects = 0;
  staleEvents = 0;
  bookResyncs = 0;
  backfilledCandles = 0;
  backfillFailures = 0;
  readonly #rejected = new Map<string, number>();

  reject(reason: string): void {
    this.#rejected.set(reason, (this.#rejected.get(reason) ?? 0) + 1);
  }

  snapshot(): FeedStats {
    return {
      received: this.received,
      published: this.published,
      rejected: Object.fromEntries(this.#rejected),
      reconnects: this.reconnects,
      staleEvents: this.staleEvents,
      bookResyncs: this.bookResyncs,
      backfilledCandles: this.backfilledCandles,
      backfillFailures: this.backfillFailures,
    };
  }
}

export class FeedEmitter {
  readonly #listeners = new Set<MarketEventListener>();
  readonly #exchange: string;
  readonly #stats: FeedStatsCounter;
  readonly #logger: FeedLogger;
  readonly #now: () => number;
  #state: FeedState | undefined;

  constructor(exchange: string, stats: FeedStatsCounter, logger: FeedLogger, now: () => number) {
    this.#exchange = exchange;
    this.#stats = stats;
    this.#logger = logger;
    this.#now = now;
  }

  get state(): FeedState | undefined {
    return this.#state;
  }

  on(listener: MarketEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Delivers a market data event (counted as published). */
  publish(event: Exclude<MarketEvent, { kind: 'status' }>): void {
    this.#stats.published += 1;
    this.#deliver(event);
  }

  /** Emits a status event when the state changes (or when `force` asks to report news in the same state). */
  status(state: FeedState, reason?: string, force = false): void {
    if (state === this.#state && !force) return;
    this.#state = state;
    const status: FeedStatus =
      reason === undefined
        ? { exchange: this.#exchange, state, tsEvent: this.#now() }
        : { exchange: this.#exchange, state, reason, tsEvent: this.#now() };
    this.#deliver({ kind: 'status', status });
  }

  #deliver(event: MarketEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        // A consumer bug must not stop the feed or starve the other consumers.
        this.#logger.warn({ err, kind: event.kind }, 'market feed listener threw; delivery continues');
      }
    }
  }
}
