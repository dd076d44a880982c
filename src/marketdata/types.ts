/**
 * The market-data stream interface shared by live WebSocket feeds and the replay feed: a consumer (the
 * engine, the bus publisher, a test) cannot tell them apart. Events reuse the bus message shapes, so a feed
 * can be published on the DESIGN.md topics unchanged.
 */

import type { CandleUpdate } from '../bus/messages.js';
import type { OrderBookSnapshot, Ticker, Trade } from '../core/market.js';

export type FeedSubscription =
  | { readonly kind: 'candles'; readonly symbol: string; readonly timeframe: string }
  | { readonly kind: 'ticker'; readonly symbol: string }
  | { readonly kind: 'trades'; readonly symbol: string }
  | { readonly kind: 'book'; readonly symbol: string; readonly depth?: number };

/** Connection-level news: consumers may pause trading while a feed is not `live`. */
export interface FeedStatus {
  readonly exchange: string;
  readonly state: 'connecting' | 'live' | 'reconnecting' | 'stale' | 'backfilling' | 'stopped';
  /** Why the state changed (for logs and alerts). */
  readonly reason?: string;
  readonly tsEvent: number;
}

export type MarketEvent =
  | { readonly kind: 'candle'; readonly update: CandleUpdate }
  | { readonly kind: 'ticker'; readonly ticker: Ticker }
  | { readonly kind: 'trade'; readonly trade: Trade }
  | { readonly kind: 'book'; readonly book: OrderBookSnapshot }
  | { readonly kind: 'status'; readonly status: FeedStatus };

export type MarketEventListener = (event: MarketEvent) => void;

/** Counters every feed keeps; rejected messages are counted per reason, never silently dropped. */
export interface FeedStats {
  readonly received: number;
  readonly published: number;
  readonly rejected: Readonly<Record<string, number>>;
  readonly reconnects: number;
  readonly staleEvents: number;
  readonly bookResyncs: number;
  readonly backfilledCandles: number;
  /** Gaps the REST backfill could not fill after its retries (the candles stay missing; see status). */
  readonly backfillFailures: number;
}

export interface MarketFeed {
  readonly exchange: string;
  /** Adds a subscription; allowed before or after `start()`. */
  subscribe(subscription: FeedSubscription): void;
  /** Returns an unsubscribe function. */
  on(listener: MarketEventListener): () => void;
  start(): Promise<void>;
  /** Stops the feed and closes its connections; idempotent. */
  stop(): Promise<void>;
  stats(): FeedStats;
}

/** Latest price per market, in process now; a Redis implementation can fill the same interface later. */
export interface LatestPriceCache {
  set(exchange: string, symbol: string, price: number, ts: number): void | Promise<void>;
  get(
    exchange: string,
    symbol: string,
  ): { price: number; ts: number } | undefined | Promise<{ price: number; ts: number } | undefined>;
}
