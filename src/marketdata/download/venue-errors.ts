/**
 * ccxt errors → the QL_ERR_ catalogue, so callers decide by action (retry or not) instead of by ccxt class.
 * Classes are recognised by name along the prototype chain, which keeps this module free of a ccxt import.
 *
 * - rate limits (`RateLimitExceeded`: HTTP 429, OKX 50011, Binance -1003; `DDoSProtection`: Binance 418)
 *   → QL_ERR_VENUE_RATE_LIMITED (retry, honouring Retry-After);
 * - timeouts, maintenance, 5xx and dropped connections (`NetworkError` and subclasses)
 *   → QL_ERR_VENUE_UNAVAILABLE (retry with backoff);
 * - `BadSymbol` → QL_ERR_INSTRUMENT_UNKNOWN; `BadResponse` → QL_ERR_DATA_FORMAT;
 * - any other exchange error (a definitive "no") → QL_ERR_VENUE_REJECTED.
 */

import { ERROR_CATALOGUE, QuantLabError } from '../../core/errors.js';

export interface VenueErrorContext {
  exchange: string;
  /** What was being done, e.g. `fetchOHLCV BTC/USDT 1m`. */
  operation: string;
}

/** The error's class and its ancestors, e.g. RateLimitExceeded, NetworkError, OperationFailed, BaseError. */
function classNames(error: object): Set<string> {
  const names = new Set<string>();
  let proto: unknown = Object.getPrototypeOf(error);
  while (proto !== null && proto !== undefined && proto !== Object.prototype) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string') names.add(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

const MAX_MESSAGE = 400;

/** ccxt messages hold the URL and the venue's reply; signatures are removed and length bounded. */
function scrub(message: string): string {
  const clean = message
    .replace(/(signature|sign|apiKey|api_key)=[^&\s"]+/gi, '$1=***')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** Maps anything a ccxt call threw; QuantLabErrors and non-ccxt errors (bugs) pass through unchanged. */
export function toVenueError(error: unknown, { exchange, operation }: VenueErrorContext): unknown {
  if (error instanceof QuantLabError || !(error instanceof Error)) return error;
  const names = classNames(error);
  if (!names.has('BaseError')) return error;
  const ccxtClass = error.constructor.name;
  const details = { exchange, operation, ccxtError: ccxtClass };
  const text = `${exchange} ${operation}: ${ccxtClass}: ${scrub(error.message)}`;
  const make = (code: ConstructorParameters<typeof QuantLabError>[0], message = text) =>
    new QuantLabError(code, message, { details, cause: error });
  if (names.has('RateLimitExceeded') || names.has('DDoSProtection')) return make('QL_ERR_VENUE_RATE_LIMITED');
  if (names.has('NetworkError')) return make('QL_ERR_VENUE_UNAVAILABLE');
  if (names.has('BadSymbol')) return make('QL_ERR_INSTRUMENT_UNKNOWN');
  if (names.has('BadResponse')) return make('QL_ERR_DATA_FORMAT');
  return make('QL_ERR_VENUE_REJECTED');
}

/** True for errors worth trying again after a pause (the catalogue's `retry` action). */
export function isRetryable(error: unknown): boolean {
  return error instanceof QuantLabError && ERROR_CATALOGUE[error.code].action === 'retry';
}
