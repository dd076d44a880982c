/**
 * The exchange venue's rules for unknown outcomes, and the small helpers its steps share. Separate from
 * the venue so that the policy a session runs with can be read (and tuned) in one place.
 */

import type { Order } from '../../core/order.js';
import { ExchangeError } from './types.js';

/** Where order intents are made durable before they are sent. */
export interface OutboxPort {
  recordIntent(order: Order): Promise<void>;
}

export interface ExchangeVenuePolicy {
  /** Delays between queries of an in-flight order; the last one repeats. */
  readonly queryDelaysMs: readonly number[];
  /** How long "not found" may follow a send before the create is sent again (same client order id). */
  readonly notFoundGraceMs: number;
  readonly maxResends: number;
  /**
   * An order whose decision is older than this is never sent again (a restart long after a crash between
   * the outbox write and the send): it is rejected as not placed instead of trading on a stale decision.
   */
  readonly maxResendAgeMs: number;
  /** After this long without the venue ever knowing the order, it is rejected as never placed. */
  readonly giveUpMs: number;
  /** Creates refused for rate limit or clock skew are retried this many times. */
  readonly maxCreateRetries: number;
  /** A terminal report still missing fills after this long fetches them over REST. */
  readonly fillSyncDelayMs: number;
}

export const DEFAULT_POLICY: ExchangeVenuePolicy = {
  queryDelaysMs: [250, 500, 1000, 2000, 4000, 8000],
  notFoundGraceMs: 3000,
  maxResends: 2,
  maxResendAgeMs: 30_000,
  giveUpMs: 120_000,
  maxCreateRetries: 5,
  fillSyncDelayMs: 1000,
};

/** Cancels that fail for transient reasons are repeated this many times before the order is given back. */
export const MAX_CANCEL_ATTEMPTS = 5;

export function symbolOf(order: Order): string {
  return order.instrumentId.slice(order.instrumentId.indexOf(':') + 1);
}

export function asExchangeError(error: unknown): ExchangeError {
  if (error instanceof ExchangeError) return error;
  return new ExchangeError('unknown', error instanceof Error ? error.message : String(error));
}

export function rejectionReason(error: ExchangeError): string {
  const code = error.details.venueCode === undefined ? '' : ` ${error.details.venueCode}`;
  return `venue-${error.kind}:${code} ${error.message}`.trim();
}

/** Full-jitter-free exponential backoff for retries inside one operation (200 ms … 10 s). */
export function backoffDelay(attempt: number): number {
  return Math.min(10_000, 200 * 2 ** attempt);
}
