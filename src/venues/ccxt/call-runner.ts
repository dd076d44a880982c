/**
 * The one path every REST call takes: limiter → ccxt call → classification → maybe a retry.
 *
 * - Creates are never retried here: whatever went wrong, the caller decides (a create that failed as
 *   `unknown` must be queried by client order id; one refused as `rate-limited` or `clock-skew` was not
 *   placed and may be sent again — by the caller, which owns the order's journal).
 * - Queries, cancels and amends are retried, at most `maxAttempts` in all, on `unavailable` (full-jitter
 *   backoff), `rate-limited` (the limiter's pause is the wait) and `clock-skew` (once, right after
 *   re-measuring the clock). Those refusals mean the request changed nothing, so a retry is safe.
 * - Any `clock-skew` re-measures the clock offset, creates included, so the caller's next send is signed
 *   right.
 */

import type { Logger } from '../../logging/index.js';
import { Backoff } from '../../marketdata/live/backoff.js';
import type { ExchangeError, ExchangeErrorKind } from '../exchange/types.js';
import { type ExchangeOperation, type RetryOptions, sleepOn, type Timers } from './options.js';
import type { RateLimiter } from './rate-limiter.js';
import type { EndpointClass } from './venue-rate-limits.js';

export interface CallSpec<T> {
  readonly operation: ExchangeOperation;
  readonly endpoint: EndpointClass;
  /** For logs: `cancelOrder ql1abc`. */
  readonly label: string;
  readonly run: () => Promise<T>;
}

export interface CallRunnerOptions {
  readonly limiter: RateLimiter;
  readonly classify: (error: unknown, operation: ExchangeOperation) => ExchangeError;
  readonly remeasureClock: () => Promise<unknown>;
  readonly timers: Timers;
  readonly retry?: RetryOptions;
  readonly logger?: Logger;
}

const RETRYABLE: ReadonlySet<ExchangeErrorKind> = new Set(['unavailable', 'rate-limited', 'clock-skew']);

export const DEFAULT_MAX_ATTEMPTS = 4;

export class CallRunner {
  constructor(private readonly options: CallRunnerOptions) {}

  async run<T>(spec: CallSpec<T>): Promise<T> {
    const { limiter, retry = {} } = this.options;
    const attempts = spec.operation === 'create' ? 1 : Math.max(1, retry.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const backoff = new Backoff({
      baseMs: retry.baseMs ?? 250,
      maxMs: retry.maxMs ?? 5_000,
      ...(retry.random === undefined ? {} : { random: retry.random }),
    });
    let clockRemeasured = false;
    for (let attempt = 1; ; attempt++) {
      await limiter.acquire(spec.endpoint);
      try {
        const result = await spec.run();
        limiter.succeeded(spec.endpoint);
        return result;
      } catch (raw) {
        const error = this.options.classify(raw, spec.operation);
        if (error.kind === 'rate-limited') limiter.penalize(spec.endpoint, error.details.retryAfterMs);
        if (error.kind === 'clock-skew') {
          if (clockRemeasured) throw error;
          clockRemeasured = true;
          await this.options.remeasureClock().catch(() => undefined);
        }
        if (!RETRYABLE.has(error.kind) || attempt >= attempts) throw error;
        this.options.logger?.warn(
          { call: spec.label, kind: error.kind, venueCode: error.details.venueCode, attempt },
          'exchange call failed; retrying',
        );
        if (error.kind === 'unavailable') await sleepOn(this.options.timers, backoff.next());
      }
    }
  }
}
