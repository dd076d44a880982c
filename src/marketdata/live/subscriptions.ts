/** Subscription identity: one key per stream, shared by the feed, the venue taps and the stale check. */

import { QuantLabError } from '../../core/errors.js';
import { isTimeframe } from '../../core/timeframe.js';
import type { FeedSubscription } from '../types.js';

export type SubscriptionKind = FeedSubscription['kind'];

export function candleKey(symbol: string, timeframe: string): string {
  return `candles:${symbol}:${timeframe}`;
}

export function streamKey(kind: Exclude<SubscriptionKind, 'candles'>, symbol: string): string {
  return `${kind}:${symbol}`;
}

export function subscriptionKey(subscription: FeedSubscription): string {
  return subscription.kind === 'candles'
    ? candleKey(subscription.symbol, subscription.timeframe)
    : streamKey(subscription.kind, subscription.symbol);
}

/** Refuses subscriptions a feed could never serve, at `subscribe()` rather than deep inside a loop. */
export function checkSubscription(subscription: FeedSubscription): FeedSubscription {
  const fail = (message: string) =>
    new QuantLabError('QL_ERR_INVALID_INPUT', message, { details: { subscription } });
  if (typeof subscription.symbol !== 'string' || subscription.symbol.length === 0) {
    throw fail('A subscription needs a symbol.');
  }
  if (subscription.kind === 'candles' && !isTimeframe(subscription.timeframe)) {
    throw fail(`Unknown timeframe ${JSON.stringify(subscription.timeframe)}.`);
  }
  if (
    subscription.kind === 'book' &&
    subscription.depth !== undefined &&
    !(Number.isInteger(subscription.depth) && subscription.depth > 0)
  ) {
    throw fail('A book depth must be a positive integer.');
  }
  if (!['candles', 'ticker', 'trades', 'book'].includes(subscription.kind)) {
    throw fail(`Unknown subscription kind ${JSON.stringify((subscription as { kind: unknown }).kind)}.`);
  }
  return subscription;
}
