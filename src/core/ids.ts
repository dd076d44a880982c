/**
 * Typed identifiers. Each id is a plain string at run time and a distinct type at compile time (a
 * "brand"), so a `VenueOrderId` can never be passed where a `ClientOrderId` is expected. The constructors
 * validate, so a branded value is always well formed.
 */

import { QuantLabError } from './errors.js';
import { seedOf } from './random.js';

declare const brand: unique symbol;

/** `T` tagged with the compile-time name `B`; costs nothing at run time. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Our id for an order; sent to the venue (OKX `clOrdId`, Binance `newClientOrderId`). */
export type ClientOrderId = Brand<string, 'ClientOrderId'>;
/** The venue's id for an order (OKX `ordId`, Binance `orderId`). */
export type VenueOrderId = Brand<string, 'VenueOrderId'>;
/** The venue's id for one execution; fills are de-duplicated by it. */
export type TradeId = Brand<string, 'TradeId'>;
/** A strategy instance, e.g. `sma-cross-1`. */
export type StrategyId = Brand<string, 'StrategyId'>;
/** `exchange:symbol`, e.g. `okx:BTC/USDT:USDT`. */
export type InstrumentId = Brand<string, 'InstrumentId'>;
/** A position, e.g. `okx:BTC/USDT:USDT#sma-cross-1`. */
export type PositionId = Brand<string, 'PositionId'>;
/** An account at a venue, e.g. `okx-main`. */
export type AccountId = Brand<string, 'AccountId'>;

function invalid(kind: string, value: unknown, rule: string): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `Invalid ${kind} ${JSON.stringify(value)}: ${rule}.`, {
    details: { kind, value, rule },
  });
}

/** OKX allows 1–32 alphanumerics, Binance `^[.A-Z:/a-z0-9_-]{1,36}$`; we accept what both accept. */
const CLIENT_ORDER_ID = /^[A-Za-z0-9]{1,32}$/;
/** Venue order and trade ids: opaque, but never empty, never with spaces or control characters. */
const OPAQUE_ID = /^[\x21-\x7e]{1,128}$/;
const STRATEGY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** ccxt exchange ids: lower-case letters and digits (`okx`, `binanceusdm`). */
const EXCHANGE_ID = /^[a-z][a-z0-9]{0,31}$/;
/** ccxt unified symbols: `BTC/USDT`, `BTC/USDT:USDT`, `BTC/USD:BTC-250328`. */
const UNIFIED_SYMBOL = /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)?$/;

/** Validates a client order id valid on both OKX and Binance (1–32 ASCII letters and digits). */
export function clientOrderId(value: string): ClientOrderId {
  if (typeof value !== 'string' || !CLIENT_ORDER_ID.test(value)) {
    throw invalid('client order id', value, 'must be 1-32 ASCII letters or digits (OKX clOrdId rule)');
  }
  return value as ClientOrderId;
}

/** Validates a venue order id (1–128 printable ASCII characters, no spaces). */
export function venueOrderId(value: string): VenueOrderId {
  if (typeof value !== 'string' || !OPAQUE_ID.test(value)) {
    throw invalid('venue order id', value, 'must be 1-128 printable ASCII characters without spaces');
  }
  return value as VenueOrderId;
}

/** Validates a venue trade id (1–128 printable ASCII characters, no spaces). */
export function tradeId(value: string): TradeId {
  if (typeof value !== 'string' || !OPAQUE_ID.test(value)) {
    throw invalid('trade id', value, 'must be 1-128 printable ASCII characters without spaces');
  }
  return value as TradeId;
}

/** Validates a strategy id: a letter or digit, then up to 63 letters, digits, `.`, `_` or `-`. */
export function strategyId(value: string): StrategyId {
  if (typeof value !== 'string' || !STRATEGY_ID.test(value)) {
    throw invalid(
      'strategy id',
      value,
      'must be 1-64 characters of [A-Za-z0-9._-], starting with a letter or digit',
    );
  }
  return value as StrategyId;
}

/** Validates an account id (same rule as a strategy id). */
export function accountId(value: string): AccountId {
  if (typeof value !== 'string' || !STRATEGY_ID.test(value)) {
    throw invalid(
      'account id',
      value,
      'must be 1-64 characters of [A-Za-z0-9._-], starting with a letter or digit',
    );
  }
  return value as AccountId;
}

/** True when `value` is a ccxt-style exchange id such as `okx` or `binanceusdm`. */
export function isExchangeId(value: string): boolean {
  return EXCHANGE_ID.test(value);
}

/** True when `value` is a ccxt unified symbol such as `BTC/USDT` or `BTC/USDT:USDT`. */
export function isUnifiedSymbol(value: string): boolean {
  return UNIFIED_SYMBOL.test(value);
}

/** Builds `exchange:symbol` from a ccxt exchange id and a unified symbol. */
export function instrumentId(exchange: string, symbol: string): InstrumentId {
  if (!isExchangeId(exchange))
    throw invalid('exchange id', exchange, 'must be lower-case letters and digits');
  if (!isUnifiedSymbol(symbol))
    throw invalid('symbol', symbol, 'must be a unified symbol like BTC/USDT or BTC/USDT:USDT');
  return `${exchange}:${symbol}` as InstrumentId;
}

/** Splits an instrument id at its first `:` (symbols may contain `:` themselves) and validates both parts. */
export function parseInstrumentId(value: string): { exchange: string; symbol: string } {
  const at = typeof value === 'string' ? value.indexOf(':') : -1;
  if (at <= 0) throw invalid('instrument id', value, 'must be exchange:symbol, e.g. okx:BTC/USDT');
  const exchange = value.slice(0, at);
  const symbol = value.slice(at + 1);
  instrumentId(exchange, symbol);
  return { exchange, symbol };
}

/** The id of the net position a strategy holds in an instrument: `instrument#strategy`. */
export function positionId(instrument: InstrumentId, strategy: StrategyId): PositionId {
  return `${instrument}#${strategy}` as PositionId;
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic client order ids
// ---------------------------------------------------------------------------------------------------------

/**
 * Scheme (26 characters, lower-case base 36, fixed width so fields never run into each other):
 *
 * ```
 * ql  SSSSSSS  RRRRRR  NNNNNNNNNNN
 * │   │        │       └ sequence, base 36, zero-padded to 11 (covers every safe integer)
 * │   │        └ salt tag: FNV-1a of the run/session salt mod 36^6 ("000000" without a salt)
 * │   └ strategy tag: FNV-1a 32-bit of the strategy id, base 36, zero-padded to 7
 * └ marks an id as ours (orders placed by hand or by other tools never start with it)
 * ```
 *
 * Same inputs give the same id, so a restarted process re-derives the id of an order it persisted but
 * may not have sent. Distinct sequences under the same strategy and salt give distinct ids (the sequence
 * field is injective). Different strategies or salts are told apart by 32- and 31-bit hashes: collisions
 * are unlikely, not impossible, so a venue's "duplicate client order id" answer must still be handled.
 * Only `[0-9a-z]` is used, so the id is valid for OKX `clOrdId` and Binance `newClientOrderId`.
 */
export const CLIENT_ORDER_ID_PREFIX = 'ql';
const STRATEGY_TAG_WIDTH = 7;
const SALT_TAG_WIDTH = 6;
const SEQUENCE_WIDTH = 11;
const SALT_MODULUS = 36 ** SALT_TAG_WIDTH;

/** The 7-character tag a strategy's client order ids carry (lets us tell whose an open order is). */
export function strategyTag(strategy: StrategyId | string): string {
  return seedOf(strategy).toString(36).padStart(STRATEGY_TAG_WIDTH, '0');
}

/** The 6-character tag a run/session salt contributes; `000000` when there is none. */
export function saltTag(salt?: string | number): string {
  if (salt === undefined || salt === '') return '0'.repeat(SALT_TAG_WIDTH);
  return (seedOf(String(salt)) % SALT_MODULUS).toString(36).padStart(SALT_TAG_WIDTH, '0');
}

/**
 * Derives the client order id for `sequence` (a non-negative safe integer, monotonic per strategy and
 * salt) of `strategy`. See the scheme above.
 */
export function makeClientOrderId(
  strategy: StrategyId,
  sequence: number,
  salt?: string | number,
): ClientOrderId {
  return clientOrderIdAt(clientOrderIdPrefix(strategy, salt), sequence);
}

/** Everything of a client order id but its sequence (the same for every id of a strategy and salt). */
function clientOrderIdPrefix(strategy: StrategyId, salt?: string | number): string {
  return CLIENT_ORDER_ID_PREFIX + strategyTag(strategy) + saltTag(salt);
}

function clientOrderIdAt(prefix: string, sequence: number): ClientOrderId {
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw invalid('order sequence', sequence, 'must be a non-negative safe integer');
  }
  const seq = sequence.toString(36).padStart(SEQUENCE_WIDTH, '0');
  // Joined, not `+`: concatenation makes a rope that the first hashing flattens into a second copy, and
  // both live as long as the order (every order, every session).
  return clientOrderId([prefix, seq].join(''));
}

/** The parts of an id made by `makeClientOrderId`, or `undefined` for any other id. */
export function parseClientOrderId(
  id: string,
): { strategyTag: string; saltTag: string; sequence: number } | undefined {
  const width = CLIENT_ORDER_ID_PREFIX.length + STRATEGY_TAG_WIDTH + SALT_TAG_WIDTH + SEQUENCE_WIDTH;
  if (id.length !== width || !id.startsWith(CLIENT_ORDER_ID_PREFIX) || !/^[0-9a-z]+$/.test(id))
    return undefined;
  const saltAt = CLIENT_ORDER_ID_PREFIX.length + STRATEGY_TAG_WIDTH;
  const sequenceAt = saltAt + SALT_TAG_WIDTH;
  const strategy = id.slice(CLIENT_ORDER_ID_PREFIX.length, saltAt);
  const salt = id.slice(saltAt, sequenceAt);
  const sequence = Number.parseInt(id.slice(sequenceAt), 36);
  if (!Number.isSafeInteger(sequence)) return undefined;
  return { strategyTag: strategy, saltTag: salt, sequence };
}

/**
 * A stateful convenience over `makeClientOrderId`: hands out ids for consecutive sequences starting at
 * `start` (persist `next` to resume after a restart).
 */
export class ClientOrderIdGenerator {
  private sequence: number;
  /** The ids' fixed part, derived once (the tags hash the strategy id and the salt). */
  private readonly prefix: string;

  constructor(
    readonly strategy: StrategyId,
    readonly salt?: string | number,
    start = 0,
  ) {
    if (!Number.isSafeInteger(start) || start < 0)
      throw invalid('order sequence', start, 'must be a non-negative safe integer');
    this.sequence = start;
    this.prefix = clientOrderIdPrefix(strategy, salt);
  }

  /** The sequence the next call to `generate` will use. */
  get next(): number {
    return this.sequence;
  }

  /** Returns the id for the current sequence and advances it. */
  generate(): ClientOrderId {
    const id = clientOrderIdAt(this.prefix, this.sequence);
    this.sequence += 1;
    return id;
  }
}
