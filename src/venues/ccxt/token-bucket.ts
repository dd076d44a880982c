/**
 * A token bucket with a FIFO of waiters and one timer (no busy-waiting), on injectable timers.
 *
 * Sizing for a venue limit of N requests per window W (`forWindow`): capacity N/2, refill (N − N/2)/W.
 * A bucket admits at most capacity + refill·T requests in any span T, so any window of length W sees at
 * most N — whether the venue counts in rolling windows (OKX "60 requests per 2 s") or fixed ones (Binance
 * per-minute weight) — while a burst of N/2 still goes out at once and the sustained rate is N/(2W).
 * A full bucket of N would let 2N − 1 through the first window and earn a 50011 / 429.
 *
 * `pause(ms)` drains the bucket and holds every waiter until the pause ends: what a venue's "too many
 * requests" asks for.
 */

import type { Timers } from './options.js';

// Token counts are summed from float refills (0.015 per ms is not exact in binary): a millionth of a
// token of slack keeps a waiter due at an exact millisecond from slipping to the next one.
const EPSILON = 1e-6;

interface Waiter {
  readonly cost: number;
  readonly resolve: () => void;
}

export interface TokenBucketSpec {
  /** Tokens the bucket holds when full (the largest burst). */
  readonly capacity: number;
  /** Tokens added per millisecond. */
  readonly refillPerMs: number;
}

/** The spec that keeps any window of `windowMs` at or under `limit` (see the file comment). */
export function windowSpec(limit: number, windowMs: number): TokenBucketSpec {
  const capacity = Math.max(1, Math.floor(limit / 2));
  return { capacity, refillPerMs: Math.max(limit - capacity, 1) / windowMs };
}

export class TokenBucket {
  #tokens: number;
  #updatedAt: number;
  #pausedUntil = 0;
  #timer: unknown;
  readonly #queue: Waiter[] = [];

  constructor(
    readonly name: string,
    readonly spec: TokenBucketSpec,
    private readonly timers: Timers,
  ) {
    if (!(spec.capacity >= 1) || !(spec.refillPerMs > 0)) throw new RangeError(`bucket ${name}: bad spec`);
    this.#tokens = spec.capacity;
    this.#updatedAt = timers.now();
  }

  static forWindow(name: string, limit: number, windowMs: number, timers: Timers): TokenBucket {
    return new TokenBucket(name, windowSpec(limit, windowMs), timers);
  }

  /** Tokens available now. */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Resolves once `cost` tokens are taken; waiters are served in arrival order. */
  acquire(cost = 1): Promise<void> {
    const need = Math.min(Math.max(cost, 0), this.spec.capacity);
    this.#refill();
    if (
      this.#queue.length === 0 &&
      this.timers.now() >= this.#pausedUntil &&
      this.#tokens + EPSILON >= need
    ) {
      this.#tokens -= need;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#queue.push({ cost: need, resolve });
      this.#schedule();
    });
  }

  /** Empties the bucket and holds everything for `ms` (at least; an earlier pause is never shortened). */
  pause(ms: number): void {
    this.#refill();
    this.#tokens = 0;
    this.#pausedUntil = Math.max(this.#pausedUntil, this.timers.now() + Math.max(0, ms));
    this.#schedule();
  }

  /** Stops the timer; waiters are released (the client is closing). */
  close(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#queue.splice(0)) waiter.resolve();
  }

  #refill(): void {
    const now = this.timers.now();
    const from = Math.max(this.#updatedAt, this.#pausedUntil);
    if (now > from)
      this.#tokens = Math.min(this.spec.capacity, this.#tokens + (now - from) * this.spec.refillPerMs);
    this.#updatedAt = Math.max(now, this.#updatedAt);
  }

  #drain(): void {
    this.#timer = undefined;
    this.#refill();
    while (this.#queue.length > 0 && this.timers.now() >= this.#pausedUntil) {
      const head = this.#queue[0]!;
      if (this.#tokens + EPSILON < head.cost) break;
      this.#tokens -= head.cost;
      this.#queue.shift();
      head.resolve();
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    const head = this.#queue[0];
    if (head === undefined) return;
    const now = this.timers.now();
    const untilResumed = Math.max(0, this.#pausedUntil - now);
    const missing = Math.max(0, head.cost - this.#tokens);
    const wait = untilResumed + Math.ceil(missing / this.spec.refillPerMs - EPSILON);
    this.#timer = this.timers.setTimeout(() => this.#drain(), Math.max(1, wait));
  }
}
