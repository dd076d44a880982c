/**
 * Bounded retries with exponential backoff for venue calls. ccxt's own limiter spaces requests; this layer
 * handles what still goes wrong: a 429 / OKX 50011 / Binance -1003 (wait at least what Retry-After says),
 * a timeout, a 5xx, a dropped connection. Anything not retryable (an unknown symbol, a rejection) is thrown
 * at once, and so is the last failure when the retries are used up.
 */

import { QuantLabError } from '../../core/errors.js';
import { isRetryable, toVenueError, type VenueErrorContext } from './venue-errors.js';

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** Backoff before retry n is about baseDelayMs × 2ⁿ (with jitter), capped by maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this (a Binance 418 ban can last days) is not waited out: the error is thrown. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

export interface RetryHooks {
  signal?: AbortSignal;
  /** How long the venue asked us to wait after `error`, when it said so (Retry-After). */
  retryAfterMs?: () => number | undefined;
  /** Called before each pause (for logs). */
  onRetry?: (info: { attempt: number; delayMs: number; error: QuantLabError }) => void;
}

/** Thrown when the caller's AbortSignal fires; the download stops cleanly between two pages. */
export class DownloadAbortedError extends Error {
  override readonly name = 'DownloadAbortedError';
  constructor() {
    super('download aborted');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DownloadAbortedError();
}

/** Resolves after `ms`, or rejects with DownloadAbortedError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DownloadAbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DownloadAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `work` but stops waiting for it when `signal` fires (a ccxt request cannot itself be cancelled). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new DownloadAbortedError());
    const onAbort = () => reject(new DownloadAbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Parses an HTTP Retry-After value (delta seconds or an HTTP date) into milliseconds from `now`;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // Half fixed, half random: spreads concurrent clients without ever retrying immediately.
  return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
}

/**
 * Calls `run` until it succeeds, a non-retryable error occurs, or `policy.retries` retries have failed.
 * ccxt errors are mapped to QuantLabErrors (venue-errors.ts); the thrown error's details say how many
 * attempts were made.
 */
export async function withRetry<T>(
  run: () => Promise<T>,
  context: VenueErrorContext,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(hooks.signal);
    try {
      return await abortable(run(), hooks.signal);
    } catch (raw) {
      if (raw instanceof DownloadAbortedError) throw raw;
      const error = toVenueError(raw, context);
      if (!isRetryable(error)) throw error;
      const venueError = error as QuantLabError;
      if (attempt >= policy.retries) {
        throw new QuantLabError(
          venueError.code,
          `${venueError.message} (gave up after ${attempt + 1} attempts)`,
          { details: { ...venueError.details, attempts: attempt + 1 }, cause: venueError },
        );
      }
      let delayMs = backoff(policy, attempt);
      if (venueError.code === 'QL_ERR_VENUE_RATE_LIMITED') {
        const asked = hooks.retryAfterMs?.();
        if (asked !== undefined && asked > policy.maxRetryAfterMs) {
          throw new QuantLabError(
            venueError.code,
            `${context.exchange} asks to wait ${Math.ceil(asked / 1000)} s before the next request ` +
              `(Retry-After), longer than ${Math.round(policy.maxRetryAfterMs / 1000)} s; try again later`,
            { details: { ...venueError.details, retryAfterMs: asked }, cause: venueError },
          );
        }
        if (asked !== undefined) delayMs = Math.max(delayMs, asked);
      }
      hooks.onRetry?.({ attempt: attempt + 1, delayMs, error: venueError });
      await sleep(delayMs, hooks.signal);
    }
  }
}
