/**
 * Reconnect delays: exponential backoff with "full jitter" (AWS architecture blog, 2015): the n-th retry
 * waits a uniformly random time in [0, min(max, base · 2ⁿ)]. Full jitter spreads a crowd of clients that
 * lost the same server over the whole window, so they do not reconnect in lock-step and knock it over
 * again; the cap keeps a long outage from growing the wait without bound.
 */

import { QuantLabError } from '../../core/errors.js';

export interface BackoffOptions {
  /** First window, ms (default 500). */
  readonly baseMs?: number;
  /** Largest window, ms (default 30 000). */
  readonly maxMs?: number;
  /** Uniform [0, 1) source; inject a fixed one in tests. Default Math.random. */
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 500;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

/** The delay before retry number `attempt` (0 = first retry). */
export function fullJitterDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const max = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  if (!(base >= 0) || !(max >= base) || !Number.isInteger(attempt) || attempt < 0) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', 'Backoff needs 0 <= baseMs <= maxMs and attempt >= 0.', {
      details: { baseMs: base, maxMs: max, attempt },
    });
  }
  // 2 ** 40 already exceeds any sane cap; clamping the exponent avoids Infinity * 0 = NaN.
  const window = Math.min(max, base * 2 ** Math.min(attempt, 40));
  const random = options.random ?? Math.random;
  return Math.floor(random() * window);
}

/** Counts consecutive failures; `reset()` once a connection has proved healthy. */
export class Backoff {
  #attempt = 0;
  readonly #options: BackoffOptions;

  constructor(options: BackoffOptions = {}) {
    // Validate once, up front, rather than on the first failure.
    fullJitterDelay(0, options);
    this.#options = options;
  }

  /** The delay for the next retry; each call counts one more failure. */
  next(): number {
    const delay = fullJitterDelay(this.#attempt, this.#options);
    this.#attempt += 1;
    return delay;
  }

  reset(): void {
    this.#attempt = 0;
  }

  get attempts(): number {
    return this.#attempt;
  }
}
