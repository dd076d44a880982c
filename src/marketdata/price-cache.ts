/**
 * Latest price per market, kept in process. It implements the `LatestPriceCache` interface, which a Redis
 * implementation can fill later for several processes (DESIGN.md §3); `trackLatestPrices` feeds any such
 * cache from a market feed: the last price of tickers, the price of trades and the close of closed candles.
 * A price never replaces a newer one (a replayed or late event cannot move the cache back in time).
 */

import type { LatestPriceCache, MarketEvent, MarketFeed } from './types.js';

export class InMemoryLatestPriceCache implements LatestPriceCache {
  /** exchange → symbol → entry: `set` runs per ticker and trade, so no key string and no new entry per call. */
  readonly #prices = new Map<string, Map<string, { price: number; ts: number }>>();
  #size = 0;

  set(exchange: string, symbol: string, price: number, ts: number): void {
    if (!Number.isFinite(price) || !Number.isFinite(ts)) return;
    let bySymbol = this.#prices.get(exchange);
    if (bySymbol === undefined) {
      bySymbol = new Map();
      this.#prices.set(exchange, bySymbol);
    }
    const current = bySymbol.get(symbol);
    if (current === undefined) {
      bySymbol.set(symbol, { price, ts });
      this.#size += 1;
    } else if (current.ts <= ts) {
      current.price = price;
      current.ts = ts;
    }
  }

  get(exchange: string, symbol: string): { price: number; ts: number } | undefined {
    const entry = this.#prices.get(exchange)?.get(symbol);
    return entry === undefined ? undefined : { price: entry.price, ts: entry.ts };
  }

  get size(): number {
    return this.#size;
  }
}

/** The price an event says a market last traded at, if it says one. */
export function latestPriceOf(
  event: MarketEvent,
): { exchange: string; symbol: string; price: number; ts: number } | undefined {
  switch (event.kind) {
    case 'ticker':
      return { ...pick(event.ticker), price: event.ticker.last, ts: event.ticker.tsEvent };
    case 'trade':
      return { ...pick(event.trade), price: event.trade.price, ts: event.trade.tsEvent };
    case 'candle':
      // A forming candle's close is a price too, but only a closed one is final.
      return event.update.closed
        ? { ...pick(event.update), price: event.update.candle.close, ts: event.update.tsEvent }
        : undefined;
    default:
      return undefined;
  }
}

function pick(value: { exchange: string; symbol: string }) {
  return { exchange: value.exchange, symbol: value.symbol };
}

/**
 * Keeps `cache` up to date from `feed` until the returned function is called. A remote cache (Redis)
 * answers asynchronously: its failed writes go to `onError` (default: ignored, the next price retries).
 * Runs for every event of the feed, so it reads the fields in place (what `latestPriceOf` returns, without
 * building that object).
 */
export function trackLatestPrices(
  feed: MarketFeed,
  cache: LatestPriceCache,
  onError: (error: unknown) => void = () => {},
): () => void {
  const write = (exchange: string, symbol: string, price: number, ts: number) => {
    try {
      const pending = cache.set(exchange, symbol, price, ts);
      if (pending instanceof Promise) pending.catch(onError);
    } catch (error) {
      onError(error);
    }
  };
  return feed.on((event) => {
    switch (event.kind) {
      case 'ticker': {
        const t = event.ticker;
        return write(t.exchange, t.symbol, t.last, t.tsEvent);
      }
      case 'trade': {
        const t = event.trade;
        return write(t.exchange, t.symbol, t.price, t.tsEvent);
      }
      case 'candle': {
        const u = event.update;
        if (u.closed) write(u.exchange, u.symbol, u.candle.close, u.tsEvent);
        return;
      }
      default:
        return;
    }
  });
}
