/**
 * Any failure of a ccxt call → `ExchangeError` with the kind that says what the caller must do. In order:
 *
 * 1. the venue's own code (OKX per-order `sCode`, then `code`; Binance `code`) from venue-error-codes.ts;
 * 2. the HTTP status (429 / 418 → rate-limited);
 * 3. documented phrases (Binance 503 texts, connection refused);
 * 4. ccxt's exception class, read by name along its prototype chain (no ccxt import: it loads lazily).
 *
 * "May have taken effect" (`unknown`) applies to creates, cancels and amends; a query changes nothing,
 * so the same failure of a query is `unavailable` (retry later). Messages are redacted (redact.ts).
 */

import { ExchangeError, type ExchangeErrorKind } from '../exchange/types.js';
import { httpContextOf, retryAfterMs } from './http-error-capture.js';
import type { ExchangeOperation } from './options.js';
import { redactSecrets } from './redact.js';
import { HTTP_STATUS_KINDS, MESSAGE_KINDS, venueCodeTable } from './venue-error-codes.js';

/** ccxt classes, most specific first; the first one in the error's class chain decides. */
const CLASS_KINDS: ReadonlyArray<readonly [string, ExchangeErrorKind]> = [
  ['OrderNotFound', 'not-found'],
  ['DuplicateOrderId', 'duplicate-id'],
  ['InvalidNonce', 'clock-skew'],
  ['RateLimitExceeded', 'rate-limited'],
  ['DDoSProtection', 'rate-limited'],
  ['OnMaintenance', 'unavailable'],
  ['AuthenticationError', 'auth'], // also PermissionDenied, AccountSuspended, AccountNotEnabled
  ['CancelPending', 'unknown'],
  ['RequestTimeout', 'unknown'],
  ['ExchangeNotAvailable', 'unknown'],
  ['BadResponse', 'unknown'],
  ['NetworkError', 'unknown'],
  ['OperationFailed', 'unknown'],
  // The venue answered and refused: invalid order, insufficient funds, bad symbol, unsupported …
  ['ExchangeError', 'rejected'],
];

function classChain(error: unknown): string[] {
  const names: string[] = [];
  if (error instanceof Error && typeof error.name === 'string') names.push(error.name);
  for (let proto = Object.getPrototypeOf(error); proto !== null && proto !== undefined; ) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (typeof name === 'string' && name !== '') names.push(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON body of a venue reply: the captured HTTP body, else the JSON ccxt appended to its message. */
function venueBody(error: unknown, message: string): unknown {
  const body = httpContextOf(error)?.body;
  if (body !== undefined && body !== '') {
    const parsed = parseJson(body);
    if (parsed !== undefined) return parsed;
  }
  const start = message.search(/[[{]/);
  return start < 0 ? undefined : parseJson(message.slice(start));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every code in the body, the most specific first: per-order codes (OKX `sCode`), then the top-level one. */
export function venueCodesOf(body: unknown): string[] {
  const codes: string[] = [];
  const add = (value: unknown) => {
    const code = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    if (code !== '' && code !== '0' && !codes.includes(code)) codes.push(code);
  };
  const record = isRecord(body) ? body : undefined;
  const rows: unknown[] = Array.isArray(body) ? body : Array.isArray(record?.data) ? record.data : [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    add(row.sCode);
    add(row.code);
  }
  add(record?.code);
  return codes;
}

export interface ClassifyOptions {
  /** ccxt id: picks the venue code table. */
  readonly exchange?: string;
  /** Credential values to scrub from the message wherever they appear. */
  readonly secrets?: readonly string[];
  readonly now?: () => number;
}

export function classifyExchangeError(
  error: unknown,
  operation: ExchangeOperation,
  options: ClassifyOptions = {},
): ExchangeError {
  if (error instanceof ExchangeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const http = httpContextOf(error);
  const codes = venueCodesOf(venueBody(error, message));
  const table = venueCodeTable(options.exchange ?? message.split(' ')[0] ?? '');
  const coded = codes.find((code) => table[code] !== undefined);
  const chain = classChain(error);
  let kind: ExchangeErrorKind =
    (coded === undefined ? undefined : table[coded]) ??
    (http === undefined ? undefined : HTTP_STATUS_KINDS[http.status]) ??
    MESSAGE_KINDS.find(([pattern]) => pattern.test(message))?.[1] ??
    CLASS_KINDS.find(([name]) => chain.includes(name))?.[1] ??
    'unknown';
  // A 4xx "not available" (a WAF or gateway refusal) never reached the matching engine.
  if (
    kind === 'unknown' &&
    coded === undefined &&
    http !== undefined &&
    http.status >= 400 &&
    http.status < 500
  )
    kind = chain.includes('RequestTimeout') ? 'unknown' : 'unavailable';
  if (kind === 'unknown' && operation === 'query') kind = 'unavailable';
  const venueCode = coded ?? codes[0];
  const retryAfter = http === undefined ? undefined : retryAfterMs(http.headers, (options.now ?? Date.now)());
  return new ExchangeError(kind, redactSecrets(message, options.secrets), {
    ...(venueCode === undefined ? {} : { venueCode }),
    ...(http === undefined ? {} : { httpStatus: http.status }),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}
