/**
 * Named token buckets (token-bucket.ts) and the endpoint classes that draw on them: one REST call of a
 * class takes its cost from every bucket of the class (a Binance order counts against the 10-second and
 * the one-minute order limits and the request weight).
 *
 * After a rate-limit refusal, `penalize` drains and pauses every bucket of the class: for the venue's
 * `Retry-After` when it gave one, else for a growing full-jitter backoff (a storm of refusals waits
 * longer each time; `succeeded` resets it).
 */

import { Backoff } from '../../marketdata/live/backoff.js';
import type { Timers } from './options.js';
import { TokenBucket } from './token-bucket.js';

export interface BucketLimit {
  /** Requests (or weight) allowed per window, as the venue documents it. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface EndpointCost {
  readonly bucket: string;
  readonly cost?: number;
}

export interface RateLimitConfig {
  readonly buckets: Readonly<Record<string, BucketLimit>>;
  readonly endpoints: Readonly<Record<string, readonly EndpointCost[]>>;
}

export interface RateLimiterOptions {
  readonly timers: Timers;
  /** Pause after a refusal without Retry-After: full jitter from `baseMs` doubling to `maxMs`. */
  readonly penaltyBaseMs?: number;
  readonly penaltyMaxMs?: number;
  readonly random?: () => number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #backoffs = new Map<string, Backoff>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly options: RateLimiterOptions,
  ) {
    for (const [name, { limit, windowMs }] of Object.entries(config.buckets)) {
      this.#buckets.set(name, TokenBucket.forWindow(name, limit, windowMs, options.timers));
    }
  }

  /** A limiter that never waits (a venue whose limits ccxt's own throttle keeps). */
  static unlimited(timers: Timers): RateLimiter {
    return new RateLimiter({ buckets: {}, endpoints: {} }, { timers });
  }

  bucket(name: string): TokenBucket | undefined {
    return this.#buckets.get(name);
  }

  /** Resolves when every bucket of the endpoint class has given its tokens (unknown classes pass). */
  async acquire(endpoint: string): Promise<void> {
    for (const { bucket, cost = 1 } of this.config.endpoints[endpoint] ?? []) {
      await this.#buckets.get(bucket)?.acquire(cost);
    }
  }

  /** The venue said "too many": drains and pauses the class's buckets; returns the pause in ms. */
  penalize(endpoint: string, retryAfterMs?: number): number {
    let backoff = this.#backoffs.get(endpoint);
    if (backoff === undefined) {
      backoff = new Backoff({
        baseMs: this.options.penaltyBaseMs ?? 1_000,
        maxMs: this.options.penaltyMaxMs ?? 60_000,
        ...(this.options.random === undefined ? {} : { random: this.options.random }),
      });
      this.#backoffs.set(endpoint, backoff);
    }
    // The jitter window still grows with each refusal even when the venue names the wait.
    const jittered = backoff.next();
    const pause = retryAfterMs ?? Math.max(jittered, this.options.penaltyBaseMs ?? 1_000);
    for (const { bucket } of this.config.endpoints[endpoint] ?? []) this.#buckets.get(bucket)?.pause(pause);
    return pause;
  }

  /** A call of the class went through: the next refusal starts the backoff from the beginning. */
  succeeded(endpoint: string): void {
    this.#backoffs.get(endpoint)?.reset();
  }

  close(): void {
    for (const bucket of this.#buckets.values()) bucket.close();
  }
}
