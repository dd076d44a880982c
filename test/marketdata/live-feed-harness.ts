/**
 * Shared set-up of the LiveFeed tests against the local venue WebSocket servers (OKX, Binance USDⓈ-M): a
 * fresh server per test, feeds that are stopped after each test before their server closes, and a record
 * of everything a feed emits.
 */

import { afterEach, beforeEach } from 'vitest';
import type { CandleUpdate } from '../../src/bus/messages.js';
import type { OrderBookSnapshot, Ticker, Trade } from '../../src/core/market.js';
import { LiveFeed, type LiveFeedOptions } from '../../src/marketdata/live/live-feed.js';
import type { FeedStatus, MarketFeed } from '../../src/marketdata/types.js';

/** Reconnects fast enough for a test, still exponential with jitter. */
export const FAST_RECONNECT = { baseMs: 20, maxMs: 100 } as const;

export interface FeedRecord {
  closed: CandleUpdate[];
  forming: CandleUpdate[];
  /** Every candle update, closed or not, in delivery order. */
  candles: CandleUpdate[];
  tickers: Ticker[];
  trades: Trade[];
  books: OrderBookSnapshot[];
  statuses: FeedStatus[];
}

/** Everything `feed` emits from now on, by kind. */
export function recordFeed(feed: MarketFeed): FeedRecord {
  const seen: FeedRecord = {
    closed: [],
    forming: [],
    candles: [],
    tickers: [],
    trades: [],
    books: [],
    statuses: [],
  };
  feed.on((event) => {
    if (event.kind === 'candle') {
      (event.update.closed ? seen.closed : seen.forming).push(event.update);
      seen.candles.push(event.update);
    } else if (event.kind === 'ticker') seen.tickers.push(event.ticker);
    else if (event.kind === 'trade') seen.trades.push(event.trade);
    else if (event.kind === 'book') seen.books.push(event.book);
    else seen.statuses.push(event.status);
  });
  return seen;
}

/**
 * Starts a server before each test (`startServer` usually also keeps it in the test's own variable) and
 * returns a feed factory with `options()` as defaults; after each test every feed made is stopped, then the
 * server is closed.
 */
export function liveFeedSetup<S extends { close(): Promise<void> }>(
  startServer: () => Promise<S>,
  options: () => LiveFeedOptions,
): (extra?: Partial<LiveFeedOptions>) => LiveFeed {
  let server: S | undefined;
  const feeds: LiveFeed[] = [];
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
    await server?.close();
    server = undefined;
  });
  return (extra = {}) => {
    const feed = new LiveFeed({ ...options(), ...extra });
    feeds.push(feed);
    return feed;
  };
}
