import { describe, expect, it } from 'vitest';
import { FeedEmitter, FeedStatsCounter, silentFeedLogger } from './feed-support.js';
import { InMemoryLatestPriceCache, trackLatestPrices } from './price-cache.js';
import type { LatestPriceCache, MarketFeed } from './types.js';

function handFeed() {
  const stats = new FeedStatsCounter();
  const emitter = new FeedEmitter('binanceusdm', stats, silentFeedLogger, () => 0);
  const feed: MarketFeed = {
    exchange: 'binanceusdm',
    subscribe: () => {},
    on: (listener) => emitter.on(listener),
    start: async () => {},
    stop: async () => {},
    stats: () => stats.snapshot(),
  };
  return { feed, emitter };
}

const X = 'binanceusdm';
const S = 'BTC/USDT:USDT';
const candle = (close: number) => ({ ts: 0, open: close, high: close, low: close, close, volume: 1 });

describe('InMemoryLatestPriceCache', () => {
  it('keeps the newest price per market and never goes back in time', () => {
    const cache = new InMemoryLatestPriceCache();
    expect(cache.get(X, S)).toBeUndefined();
    cache.set(X, S, 100, 10);
    cache.set(X, S, 99, 5); // older: ignored
    cache.set(X, 'ETH/USDT:USDT', 3, 1);
    cache.set(X, S, Number.NaN, 20); // not a price: ignored
    expect(cache.get(X, S)).toEqual({ price: 100, ts: 10 });
    cache.set(X, S, 101, 10); // same time: the later write wins
    expect(cache.get(X, S)).toEqual({ price: 101, ts: 10 });
    expect(cache.get('okx', S)).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});

describe('trackLatestPrices', () => {
  it('takes tickers, trades and closed candles, not forming candles, books or status', () => {
    const { feed, emitter } = handFeed();
    const cache = new InMemoryLatestPriceCache();
    const stop = trackLatestPrices(feed, cache);
    emitter.publish({
      kind: 'ticker',
      ticker: { exchange: X, symbol: S, bid: 1, ask: 3, last: 2, tsEvent: 1, tsInit: 1 },
    });
    expect(cache.get(X, S)).toEqual({ price: 2, ts: 1 });
    emitter.publish({
      kind: 'trade',
      trade: {
        exchange: X,
        symbol: S,
        tradeId: 'a',
        price: 2.5,
        qty: 1,
        side: 'sell',
        tsEvent: 2,
        tsInit: 2,
      },
    });
    expect(cache.get(X, S)).toEqual({ price: 2.5, ts: 2 });
    const update = { exchange: X, symbol: S, timeframe: '1m', tsInit: 3 };
    emitter.publish({ kind: 'candle', update: { ...update, candle: candle(9), closed: false, tsEvent: 3 } });
    expect(cache.get(X, S)).toEqual({ price: 2.5, ts: 2 });
    emitter.publish({
      kind: 'candle',
      update: { ...update, candle: candle(2.7), closed: true, tsEvent: 60_000 },
    });
    expect(cache.get(X, S)).toEqual({ price: 2.7, ts: 60_000 });
    emitter.publish({
      kind: 'book',
      book: { exchange: X, symbol: S, bids: [[50, 1]], asks: [[51, 1]], tsEvent: 70_000, tsInit: 1 },
    });
    emitter.status('live');
    expect(cache.get(X, S)).toEqual({ price: 2.7, ts: 60_000 });
    stop();
    emitter.publish({
      kind: 'trade',
      trade: {
        exchange: X,
        symbol: S,
        tradeId: 'b',
        price: 3,
        qty: 1,
        side: 'buy',
        tsEvent: 80_000,
        tsInit: 1,
      },
    });
    expect(cache.get(X, S)).toEqual({ price: 2.7, ts: 60_000 });
  });

  it('works with an asynchronous cache and reports its failed writes', async () => {
    const { feed, emitter } = handFeed();
    const writes: number[] = [];
    const errors: unknown[] = [];
    const remote: LatestPriceCache = {
      set: async (_x, _s, price) => {
        writes.push(price);
        if (price < 0) throw new Error('redis down');
      },
      get: async () => undefined,
    };
    trackLatestPrices(feed, remote, (e) => errors.push(e));
    emitter.publish({
      kind: 'trade',
      trade: { exchange: X, symbol: S, tradeId: 'a', price: 5, qty: 1, side: 'buy', tsEvent: 1, tsInit: 1 },
    });
    emitter.publish({
      kind: 'trade',
      trade: { exchange: X, symbol: S, tradeId: 'b', price: -1, qty: 1, side: 'buy', tsEvent: 2, tsInit: 2 },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([5, -1]);
    expect(errors).toHaveLength(1);
  });
});
