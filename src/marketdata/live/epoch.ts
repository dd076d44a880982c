/**
 * One connection epoch of the live feed: a fresh ccxt instance with the venue tap spliced into its message
 * path, the per-subscription "last seen" times of the stale check, and the book-failure signals the tap
 * raises for the book loops. The epoch ends once, with a reason (`fail`), and never restarts: the feed
 * opens a new one.
 */

import type { FeedLogger, FeedStatsCounter } from '../feed-support.js';
import { binanceTap } from './binance-tap.js';
import type { CandleObservation } from './candle-sequencer.js';
import type { CcxtProExchange } from './ccxt-pro.js';
import { okxTap } from './okx-tap.js';
import type { LoopEpoch } from './stream-loops.js';
import { passthroughTap, type TapContext, type TapVerdict, type VenueTap } from './tap.js';

export interface Epoch extends LoopEpoch {
  readonly id: number;
  readonly startedAt: number;
  readonly lastSeen: Map<string, number>;
  /** Resolves with the reason the epoch ended. */
  readonly ended: Promise<string>;
  hadData: boolean;
  active: boolean;
}

export interface EpochDeps {
  readonly id: number;
  readonly tapMode: 'auto' | 'none';
  readonly now: () => number;
  readonly stats: FeedStatsCounter;
  readonly logger: FeedLogger;
  /** A message for subscription `key` arrived in epoch `epoch`. */
  seen(epoch: Epoch, key: string): void;
  observeCandle(symbol: string, timeframe: string, observation: CandleObservation): void;
}

/** The tap for an exchange id: OKX and Binance USDⓈ-M have one; any other ccxt exchange goes straight through. */
export function tapFor(exchangeId: string, ctx: TapContext, mode: 'auto' | 'none'): VenueTap {
  if (mode === 'none') return passthroughTap();
  if (exchangeId === 'okx' || exchangeId === 'myokx' || exchangeId === 'okxus') return okxTap(ctx);
  if (exchangeId === 'binanceusdm') return binanceTap(ctx);
  return passthroughTap();
}

/**
 * Book failures the tap reports: a pending reason per symbol and the wake-up of the loop waiting on it. The
 * waiter registers a plain callback per wait and removes it afterwards: racing every watch against one
 * long-lived promise would leave a reaction on it per book update (a leak of ~0.5 kB per message).
 */
class BookFailures {
  readonly #states = new Map<string, { reason?: string | undefined; wake?: (() => void) | undefined }>();

  #state(symbol: string) {
    let state = this.#states.get(symbol);
    if (state === undefined) {
      state = {};
      this.#states.set(symbol, state);
    }
    return state;
  }

  report(symbol: string, reason: string): void {
    const state = this.#state(symbol);
    state.reason = reason;
    const wake = state.wake;
    state.wake = undefined;
    wake?.();
  }

  take(symbol: string): string | undefined {
    const state = this.#state(symbol);
    const reason = state.reason;
    state.reason = undefined;
    return reason;
  }

  /** Calls `wake` once at the next report for `symbol`; the returned function cancels the wait. */
  onFailure(symbol: string, wake: () => void): () => void {
    const state = this.#state(symbol);
    state.wake = wake;
    return () => {
      if (state.wake === wake) state.wake = undefined;
    };
  }
}

export function openEpoch(exchange: CcxtProExchange, deps: EpochDeps): Epoch {
  let end!: (reason: string) => void;
  const ended = new Promise<string>((resolve) => {
    end = resolve;
  });
  const failures = new BookFailures();
  const ctx: TapContext = {
    symbolOf: (id, type) => {
      const symbol = exchange.safeSymbol(id, undefined, undefined, type);
      return symbol !== undefined && exchange.markets?.[symbol] !== undefined ? symbol : undefined;
    },
    timeframeOf: (interval) => exchange.findTimeframe(interval) ?? undefined,
    now: deps.now,
  };
  const epoch: Epoch = {
    id: deps.id,
    startedAt: deps.now(),
    exchange,
    tap: tapFor(exchange.id, ctx, deps.tapMode),
    lastSeen: new Map(),
    ended,
    hadData: false,
    active: true,
    seen: (key) => deps.seen(epoch, key),
    takeBookFailure: (symbol) => failures.take(symbol),
    onBookFailure: (symbol, wake) => failures.onFailure(symbol, wake),
    fail: (reason) => {
      epoch.active = false;
      end(reason);
    },
  };
  const original = exchange.handleMessage.bind(exchange);
  exchange.handleMessage = (client, message) => {
    if (!epoch.active) return; // frames still in flight on a connection being closed
    deps.stats.received += 1;
    let verdict: TapVerdict;
    try {
      verdict = epoch.tap.inspect(message);
    } catch (error) {
      deps.logger.warn({ err: error }, 'venue tap failed on a frame; frame refused');
      verdict = { forward: false, rejected: 'malformed' };
    }
    // Per frame: no throw-away arrays for the usual verdict without keys or candles.
    if (verdict.keys !== undefined) for (const key of verdict.keys) epoch.seen(key);
    if (verdict.rejected !== undefined) deps.stats.reject(verdict.rejected);
    if (verdict.candles !== undefined)
      for (const c of verdict.candles) deps.observeCandle(c.symbol, c.timeframe, c.observation);
    if (verdict.bookFailure !== undefined)
      failures.report(verdict.bookFailure.symbol, verdict.bookFailure.reason);
    if (verdict.forward) original(client, message);
  };
  return epoch;
}
