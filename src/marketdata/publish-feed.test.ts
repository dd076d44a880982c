import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process.js';
import type { SystemEvent } from '../bus/messages.js';
import { FeedEmitter, FeedStatsCounter, silentFeedLogger } from './feed-support.js';
import { publishFeedToBus } from './publish-feed.js';
import type { MarketEvent, MarketEventListener, MarketFeed } from './types.js';

/** A feed whose events the test emits by hand. */
function handFeed() {
  const stats = new FeedStatsCounter();
  const emitter = new FeedEmitter('okx', stats, silentFeedLogger, () => 42);
  const feed: MarketFeed = {
    exchange: 'okx',
    subscribe: () => {},
    on: (listener: MarketEventListener) => emitter.on(listener),
    start: async () => {},
    stop: async () => {},
    stats: () => stats.snapshot(),
  };
  return { feed, emitter };
}

describe('publishFeedToBus', () => {
  it('puts each event kind on its DESIGN.md topic, and stops when asked', () => {
    const bus = new InProcessBus();
    const received: Array<[string, unknown]> = [];
    bus.subscribe('md.>', (payload, env) => received.push([env.topic, payload]));
    bus.subscribe('system.>', (payload, env) => received.push([env.topic, payload]));
    const { feed, emitter } = handFeed();
    const stop = publishFeedToBus(feed, bus);

    const candle = { ts: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 };
    const events: Array<Exclude<MarketEvent, { kind: 'status' }>> = [
      {
        kind: 'candle',
        update: {
          exchange: 'okx',
          symbol: 'BTC/USDT:USDT',
          timeframe: '1m',
          candle,
          closed: true,
          tsEvent: 60_000,
          tsInit: 1,
        },
      },
      {
        kind: 'ticker',
        ticker: { exchange: 'okx', symbol: 'BTC/USDT', bid: 1, ask: 2, last: 1.5, tsEvent: 1, tsInit: 2 },
      },
      {
        kind: 'trade',
        trade: {
          exchange: 'okx',
          symbol: 'ETH/USDT',
          tradeId: '7',
          price: 3,
          qty: 1,
          side: 'buy',
          tsEvent: 1,
          tsInit: 2,
        },
      },
      {
        kind: 'book',
        book: { exchange: 'okx', symbol: 'BTC/USDT', bids: [[1, 1]], asks: [[2, 1]], tsEvent: 1, tsInit: 2 },
      },
    ];
    for (const event of events) emitter.publish(event);
    emitter.status('stale', 'no message for 60 s');

    expect(received.map(([topic]) => topic)).toEqual([
      'md.candle.okx.BTC-USDT_USDT.1m',
      'md.ticker.okx.BTC-USDT',
      'md.trade.okx.ETH-USDT',
      'md.book.okx.BTC-USDT',
      'system.feed_status',
    ]);
    expect(received[0]![1]).toBe((events[0] as { update: unknown }).update);
    expect(received[4]![1] as SystemEvent).toEqual({
      source: 'feed:okx',
      detail: { exchange: 'okx', state: 'stale', reason: 'no message for 60 s' },
      tsEvent: 42,
      tsInit: 42,
    });

    stop();
    emitter.publish(events[1]!);
    expect(received).toHaveLength(5);
  });
});
