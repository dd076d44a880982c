/** Live market data over ccxt's WebSocket layer: the feed and the pieces others may reuse. */

export { exchangeCandleBackfill } from './backfill.js';
export { Backoff, type BackoffOptions, fullJitterDelay } from './backoff.js';
export {
  type CandleBackfill,
  type CandleObservation,
  CandleSequencer,
  type CandleSequencerHooks,
  type SequencedCandle,
} from './candle-sequencer.js';
export type { CcxtProExchange } from './ccxt-pro.js';
export { LiveFeed, type LiveFeedOptions } from './live-feed.js';
export { crc32, OkxBookMirror, okxBookChecksum } from './okx-book.js';
export { subscriptionKey } from './subscriptions.js';
export type { TapContext, TapVerdict, VenueTap } from './tap.js';
