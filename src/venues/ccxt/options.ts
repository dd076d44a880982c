/**
 * What `createCcxtExchangeClient` takes, and the small injectable ports (clock, timers, sleep) that let
 * the limiter, the retries and the stream health checks run on a fake clock in tests.
 */

import type { Logger } from '../../logging/index.js';
import type { ExchangeCredentials } from '../../marketdata/exchanges.js';

/** The venues with a hand-written profile; any other ccxt id runs on the generic one. */
export type KnownVenue = 'okx' | 'binanceusdm';

export type Environment = 'demo' | 'live';

/** `net`: one-way mode (one signed position per instrument); `long-short`: hedge mode (OKX long/short). */
export type PositionMode = 'net' | 'long-short';

/** Which kind of call a REST request is: decides the error kind of a timeout and whether it is retried. */
export type ExchangeOperation = 'create' | 'cancel' | 'amend' | 'query';

import type { Timers } from '../exchange/timers.js';

export { REAL_TIMERS, type Timers } from '../exchange/timers.js';

/** A promise that resolves after `ms` on the given timers. */
export function sleepOn(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) resolve();
    else timers.setTimeout(resolve, ms);
  });
}

export interface RetryOptions {
  /** Attempts of a query, cancel or amend, the first included (default 4). Creates always get one. */
  readonly maxAttempts?: number;
  /** Full-jitter backoff between attempts (src/marketdata/live/backoff.ts); defaults 250 ms … 5 s. */
  readonly baseMs?: number;
  readonly maxMs?: number;
  readonly random?: () => number;
}

export interface RateLimitOptions {
  /** Pause of an endpoint after a rate-limit refusal without Retry-After: full jitter, growing (1 s … 60 s). */
  readonly penaltyBaseMs?: number;
  readonly penaltyMaxMs?: number;
}

export interface StreamOptions {
  /** No message and no pong for this long: the stream is reported `stale` (default 30 s). */
  readonly staleAfterMs?: number;
  /** How often stream health is checked (default 5 s). */
  readonly healthCheckMs?: number;
  /** Reconnect backoff (full jitter), defaults 500 ms … 30 s as the live market-data feed. */
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  /** Binance USDⓈ-M: how often ccxt renews the user-data listen key (ccxt's default is 20 minutes). */
  readonly listenKeyRefreshMs?: number;
}

export interface CcxtExchangeClientOptions {
  /** `okx`, `binanceusdm` or any ccxt id (generic profile: spot, market/limit, best effort). */
  readonly exchange: string;
  /** `demo` turns on OKX demo trading (`x-simulated-trading: 1`), Binance demo/testnet, ccxt sandbox. */
  readonly environment: Environment;
  readonly credentials: ExchangeCredentials;
  /** Replaces scheme and host of every REST URL (a local simulator). */
  readonly baseUrl?: string;
  readonly wsUrl?: string;
  /** Default margin mode of derivative orders when the request names none (default `cross`). */
  readonly marginMode?: 'cross' | 'isolated';
  /** The account's position mode (default `net`); hedge mode sends OKX `posSide` / Binance `positionSide`. */
  readonly positionMode?: PositionMode;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
  readonly retry?: RetryOptions;
  readonly rateLimit?: RateLimitOptions;
  readonly streams?: StreamOptions;
  /** Fake clock and timers in tests. */
  readonly timers?: Timers;
}
