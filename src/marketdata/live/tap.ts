/**
 * The venue tap: our look at every raw WebSocket frame *before* ccxt handles it, installed by wrapping the
 * exchange instance's `handleMessage` (ccxt binds that method when it creates a connection, so an
 * instance property set before the first `watch*` call is what every connection calls).
 *
 * Why a tap at all (DESIGN §3 chose ccxt, and ccxt still does connections, subscriptions, keep-alive,
 * parsing and the Binance depth snapshot sync): three hard requirements are invisible in ccxt's unified
 * output. (1) Candle closes: ccxt's OHLCV arrays drop OKX's `confirm` and Binance's kline `x`. (2) OKX book
 * checksums: ccxt 4.5 does not verify them and keeps floats, not the strings the CRC is defined over.
 * (3) Rejecting malformed frames *before* they reach ccxt's caches: a NaN level or a negative size merged
 * into ccxt's book cannot be taken out again. A frame the tap refuses is never seen by ccxt.
 */

import type { CandleObservation } from './candle-sequencer.js';

/** What the tap needs from the exchange instance. */
export interface TapContext {
  /** Unified symbol of a venue market id (undefined when unknown). */
  symbolOf(marketId: string, marketType?: string): string | undefined;
  /** Unified timeframe of a venue interval (`1H` → `1h`). */
  timeframeOf(interval: string): string | undefined;
  now(): number;
}

export interface TapVerdict {
  /** Hand the frame on to ccxt. */
  readonly forward: boolean;
  /** Subscription keys the frame belongs to (it proves them alive, for the stale check). */
  readonly keys?: readonly string[];
  /** Why the frame was refused; counted in `stats().rejected`. */
  readonly rejected?: string;
  /** Candle messages with the venue's close flag, for the sequencer. */
  readonly candles?: ReadonlyArray<{
    readonly symbol: string;
    readonly timeframe: string;
    readonly observation: CandleObservation;
  }>;
  /** The book of this symbol can no longer be trusted: the feed re-snapshots it. */
  readonly bookFailure?: { readonly symbol: string; readonly reason: string };
}

export interface VenueTap {
  /** True when candle closes come from this tap (the venue's flag) rather than from watchOHLCV results. */
  readonly flagsCandleCloses: boolean;
  inspect(message: unknown): TapVerdict;
  /** The feed asked for a fresh snapshot of this book: forget edge state about it. */
  resetBook(symbol: string): void;
}

export const FORWARD: TapVerdict = Object.freeze({ forward: true });

/**
 * For exchanges without a dedicated tap: every frame goes to ccxt (we do not know their protocol, not even
 * which text frames are legitimate) and the feed validates ccxt's parsed output instead.
 */
export function passthroughTap(): VenueTap {
  return { flagsCandleCloses: false, inspect: () => FORWARD, resetBook: () => {} };
}
