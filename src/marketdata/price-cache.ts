/**
 * Latest price per market, kept in process. It implements the `LatestPriceCache` interface, which a Redis
 * implementation can fill later for several processes (DESIGN.md §3); `trackLatestPrices` feeds any such
 * cache from a market feed: the last price of tickers, the price of trades and the close of closed candles.
 * A price never replaces a newer one (a replayed or late event cannot move the cache back in time).
 */

import type { LatestPriceCache, MarketEvent, MarketFeed } from './types.js';

export class InMemoryLatestPriceCache implements LatestPriceCache {
  readonly #prices = new Map<string, { price: number; ts: number }>();

  set(exchange: string, symbol: string, price: number, ts: number): void {
    if (!Number.isFinite(price) || !Number.isFinite(ts)) return;
    const key = `${exchange}\u0000${symbol}`;
    const current = this.#prices.get(key);
    if (current !== undefined && current.ts > ts) return;
    this.#prices.set(key, { price, ts });
  }

  get(exchange: string, symbol: string): { price: number; ts: number } | undefined {
    const entry = this.#prices.get(`${exchange}\u0000${symbol}`);
    return entry === undefined ? undefined : { ...entry };
  }

  get size(): number {
    return this.#prices.size;
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
 */
export function trackLatestPrices(
  feed: MarketFeed,
  cache: LatestPriceCache,
  onError: (error: unknown) => void = () => {},
): () => void {
  return feed.on((event) => {
    const latest = latestPriceOf(event);
    if (latest === undefined) return;
    try {
      const pending = cache.set(latest.exchange, latest.symbol, latest.price, latest.ts);
      if (pending instanceof Promise) pending.catch(onError);
    } catch (error) {
      onError(error);
    }
  });
}
