import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../types.js';
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
});
