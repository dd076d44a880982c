/**
 * Puts a feed's events on the event bus (DESIGN.md topics): candles on `md.candle.<exchange>.<symbol>.<tf>`,
 * tickers on `md.ticker.…`, trades on `md.trade.…`, books on `md.book.…`, and status changes on
 * `system.feed_status` so operators and the engine see a feed going stale. Live and replay feeds publish
 * the same way: a consumer on the bus cannot tell them apart.
 */

import type { EventBus } from '../bus/event-bus.js';
import { topics } from '../bus/topics.js';
import type { MarketEvent, MarketFeed } from './types.js';

/** The system event name status changes are published under. */
export const FEED_STATUS_EVENT = 'feed_status';

/** Publishes one event on its topic. */
export function publishMarketEvent(bus: EventBus, event: MarketEvent): void {
  switch (event.kind) {
    case 'candle': {
      const u = event.update;
      bus.publish(topics.candle(u.exchange, u.symbol, u.timeframe), u);
      return;
    }
    case 'ticker':
      bus.publish(topics.ticker(event.ticker.exchange, event.ticker.symbol), event.ticker);
      return;
    case 'trade':
      bus.publish(topics.trade(event.trade.exchange, event.trade.symbol), event.trade);
      return;
    case 'book':
      bus.publish(topics.book(event.book.exchange, event.book.symbol), event.book);
      return;
    case 'status': {
      const { exchange, state, reason, tsEvent } = event.status;
      bus.publish(topics.system(FEED_STATUS_EVENT), {
        source: `feed:${exchange}`,
        detail: reason === undefined ? { exchange, state } : { exchange, state, reason },
        tsEvent,
        tsInit: tsEvent,
      });
      return;
    }
  }
}

/** Publishes every event of `feed` on `bus` until the returned function is called. */
export function publishFeedToBus(feed: MarketFeed, bus: EventBus): () => void {
  return feed.on((event) => publishMarketEvent(bus, event));
}
