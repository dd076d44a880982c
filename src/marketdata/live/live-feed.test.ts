import { describe, expect, it } from 'vitest';
import { loadCcxt } from '../exchanges.js';
import type { FeedStatus } from '../types.js';
import type { CcxtProExchange } from './ccxt-pro.js';
import { LiveFeed } from './live-feed.js';

describe('LiveFeed (no venue)', () => {
  it('refuses subscriptions it could never serve, at subscribe()', () => {
    const feed = new LiveFeed({ exchange: 'okx' });
    expect(() => feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '7m' })).toThrow(
      /timeframe/,
    );
    expect(() => feed.subscribe({ kind: 'book', symbol: 'BTC/USDT', depth: 0 })).toThrow(/depth/);
    expect(() => feed.subscribe({ kind: 'ticker', symbol: '' })).toThrow(/symbol/);
    expect(feed.stats()).toEqual({
      received: 0,
      published: 0,
      rejected: {},
      reconnects: 0,
      staleEvents: 0,
      bookResyncs: 0,
      backfilledCandles: 0,
      backfillFailures: 0,
    });
  });

  it('stops with QL_ERR_DATA_FEED_BROKEN for an exchange ccxt does not have, instead of retrying forever', async () => {
    const feed = new LiveFeed({ exchange: 'okxx', reconnect: { baseMs: 1, maxMs: 2 } });
    const statuses: FeedStatus[] = [];
    feed.on((e) => {
      if (e.kind === 'status') statuses.push(e.status);
    });
    feed.subscribe({ kind: 'ticker', symbol: 'BTC/USDT' });
    await feed.start();
    const deadline = Date.now() + 10_000;
    while (statuses.at(-1)?.state !== 'stopped' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'stopped']);
    expect(statuses[1]!.reason).toMatch(/QL_ERR_DATA_FEED_BROKEN: unknown exchange "okxx"; did you mean okx/);
    await feed.stop();
    expect(feed.stats().reconnects).toBe(0);
  });

  it('closes every exchange instance whose start failed (the venue is down before markets ever loaded)', async () => {
    let created = 0;
    let closed = 0;
    const feed = new LiveFeed({
      exchange: 'okx',
      reconnect: { baseMs: 1, maxMs: 2 },
      createExchange: async () => {
        created += 1;
        return {
          id: 'okx',
          loadHttpProxyAgent: async () => {},
          loadMarkets: async () => {
            throw new Error('ECONNREFUSED');
          },
          close: async () => {
            closed += 1;
          },
        } as unknown as CcxtProExchange;
      },
    });
    feed.subscribe({ kind: 'ticker', symbol: 'BTC/USDT' });
    await feed.start();
    const deadline = Date.now() + 10_000;
    while (feed.stats().reconnects < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await feed.stop();
    expect(feed.stats().reconnects).toBeGreaterThanOrEqual(3);
    expect(created).toBeGreaterThanOrEqual(3);
    expect(closed).toBe(created);
  });

  it('stop() ends a REST backfill waiting to retry, instead of letting it retry on (pauses up to 30 s)', async () => {
    const ccxt = await loadCcxt();
    const T0 = Date.UTC(2024, 0, 1);
    const MIN = 60_000;
    let fetches = 0;
    let watches = 0;
    let closeNow = () => {};
    const closed = new Promise<never>((_, reject) => {
      closeNow = () => reject(new ccxt.ExchangeClosedByUser('closed'));
    });
    closed.catch(() => {});
    const markets = { 'BTC/USDT': { symbol: 'BTC/USDT', type: 'spot', spot: true } };
    const exchange = {
      id: 'fakex',
      markets,
      has: {},
      urls: {},
      options: {},
      timeframes: { '1m': '1m' },
      loadHttpProxyAgent: async () => {},
      loadMarkets: async () => markets,
      setMarkets: () => {},
      safeSymbol: (id: string) => id,
      findTimeframe: (tf: string) => tf,
      handleMessage: () => {},
      log: () => {},
      // Candle 0 forming, then candle 3: candles 1 and 2 closed unseen, so a backfill starts.
      watchOHLCV: async () => {
        watches += 1;
        if (watches === 1) return [[T0, 1, 2, 0.5, 1.5, 10]];
        if (watches === 2) return [[T0 + 3 * MIN, 1, 2, 0.5, 1.5, 10]];
        return closed;
      },
      // The venue's REST side times out: retryable, so the backfill pauses before each new try.
      fetchOHLCV: async () => {
        fetches += 1;
        throw new ccxt.RequestTimeout('fakex GET /candles timed out');
      },
      close: async () => closeNow(),
    } as unknown as CcxtProExchange;
    const feed = new LiveFeed({ exchange: 'fakex', venueTap: 'none', createExchange: async () => exchange });
    const closes: number[] = [];
    feed.on((e) => {
      if (e.kind === 'candle' && e.update.closed) closes.push(e.update.candle.ts);
    });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    await feed.start();
    const deadline = Date.now() + 10_000;
    while (fetches === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(fetches).toBe(1);
    await feed.stop();
    await feed.idle();
    expect(fetches).toBe(1);
    expect(closes).toEqual([T0]);
    expect(feed.stats()).toMatchObject({ backfilledCandles: 0, backfillFailures: 0 });
  });
});
