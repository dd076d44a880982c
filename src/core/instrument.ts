/**
 * Instruments: what can be traded, and the venue rules an order must satisfy.
 *
 * Units. Order, fill and position quantities are in the instrument's trading unit, the **contract**. For
 * spot, and for linear contracts whose `contractValue` is 1 (Binance USDⓈ-M), a contract is one unit of
 * base currency. For OKX linear swaps a contract is `contractValue` base units (BTC-USDT-SWAP: 0.01 BTC).
 * For inverse contracts `contractValue` is in quote currency (BTC-USD-SWAP: 100 USD per contract).
 */

import { QuantLabError } from './errors.js';
import { type InstrumentId, instrumentId, isExchangeId, isUnifiedSymbol } from './ids.js';

export type InstrumentKind = 'spot' | 'swap' | 'future';

export interface Instrument {
  /** ccxt exchange id: `okx`, `binanceusdm`, … */
  readonly exchange: string;
  /** Unified symbol: `BTC/USDT` (spot), `BTC/USDT:USDT` (linear swap), `BTC/USD:BTC` (inverse swap). */
  readonly symbol: string;
  /** The venue's own name, e.g. `BTC-USDT-SWAP` or `BTCUSDT`. */
  readonly venueSymbol?: string;
  readonly kind: InstrumentKind;
  readonly base: string;
  readonly quote: string;
  /** The currency margin and PnL are in: the quote for spot and linear, the base coin for inverse. */
  readonly settle: string;
  /** Price increment. */
  readonly tickSize: number;
  /** Quantity increment, in contracts. */
  readonly lotSize: number;
  /** Smallest order quantity, in contracts. */
  readonly minSize: number;
  /** Smallest order value in quote currency, when the venue has such a rule (Binance spot MIN_NOTIONAL). */
  readonly minNotional?: number;
  /** Size of one contract: base units (linear) or quote units (inverse). 1 for spot. */
  readonly contractValue: number;
  /** Inverse (coin-margined) contract: PnL in the base coin, value of a contract fixed in quote. */
  readonly inverse: boolean;
  readonly maxLeverage?: number;
}

/** The `exchange:symbol` id of an instrument. */
export function instrumentIdOf(inst: Pick<Instrument, 'exchange' | 'symbol'>): InstrumentId {
  return instrumentId(inst.exchange, inst.symbol);
}

/** `BTC/USDT:USDT-250328` → { base: 'BTC', quote: 'USDT', settle: 'USDT' }; settle is undefined for spot. */
export function parseUnifiedSymbol(symbol: string): { base: string; quote: string; settle?: string } {
  if (!isUnifiedSymbol(symbol)) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `Invalid symbol ${JSON.stringify(symbol)}: expected BTC/USDT or BTC/USDT:USDT.`,
      {
        details: { symbol },
      },
    );
  }
  const [pair, settlePart] = symbol.split(':') as [string, string | undefined];
  const [base, quote] = pair.split('/') as [string, string];
  if (settlePart === undefined) return { base, quote };
  // Dated futures carry an expiry after the settle currency: `USDT-250328`.
  const settle = settlePart.split('-')[0]!;
  return { base, quote, settle };
}

function fail(field: string, value: unknown, rule: string): never {
  throw new QuantLabError(
    'QL_ERR_INVALID_INPUT',
    `Invalid instrument ${field} ${JSON.stringify(value)}: ${rule}.`,
    {
      details: { field, value, rule },
    },
  );
}

function positive(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    fail(field, value, 'must be a finite number > 0');
}

/** What `createInstrument` takes: `settle`, `contractValue` and `inverse` default from the symbol. */
export type InstrumentSpec = Omit<Instrument, 'settle' | 'contractValue' | 'inverse' | 'base' | 'quote'> &
  Partial<Pick<Instrument, 'settle' | 'contractValue' | 'inverse' | 'base' | 'quote'>>;

/**
 * Validates and completes an instrument. Base, quote and settle default from the unified symbol; spot
 * must have contractValue 1 and not be inverse; an inverse contract settles in its base coin.
 */
export function createInstrument(spec: InstrumentSpec): Instrument {
  if (!isExchangeId(spec.exchange)) fail('exchange', spec.exchange, 'must be a lower-case ccxt id like okx');
  const parsed = parseUnifiedSymbol(spec.symbol);
  if (spec.kind !== 'spot' && spec.kind !== 'swap' && spec.kind !== 'future') {
    fail('kind', spec.kind, "must be 'spot', 'swap' or 'future'");
  }
  const base = spec.base ?? parsed.base;
  const quote = spec.quote ?? parsed.quote;
  const inverse = spec.inverse ?? (parsed.settle !== undefined && parsed.settle === base);
  const settle = spec.settle ?? parsed.settle ?? quote;
  const contractValue = spec.contractValue ?? 1;
  positive('tickSize', spec.tickSize);
  positive('lotSize', spec.lotSize);
  positive('contractValue', contractValue);
  if (typeof spec.minSize !== 'number' || !Number.isFinite(spec.minSize) || spec.minSize < 0) {
    fail('minSize', spec.minSize, 'must be a finite number >= 0');
  }
  if (spec.minNotional !== undefined && (!Number.isFinite(spec.minNotional) || spec.minNotional < 0)) {
    fail('minNotional', spec.minNotional, 'must be a finite number >= 0');
  }
  if (spec.maxLeverage !== undefined && (!Number.isFinite(spec.maxLeverage) || spec.maxLeverage < 1)) {
    fail('maxLeverage', spec.maxLeverage, 'must be a finite number >= 1');
  }
  if (spec.kind === 'spot') {
    if (parsed.settle !== undefined) fail('symbol', spec.symbol, 'a spot symbol has no settle part');
    if (contractValue !== 1) fail('contractValue', contractValue, 'must be 1 for spot');
    if (inverse) fail('inverse', inverse, 'spot cannot be inverse');
  } else if (parsed.settle === undefined) {
    fail('symbol', spec.symbol, 'a derivative symbol needs a settle part, e.g. BTC/USDT:USDT');
  }
  if (inverse && settle !== base) fail('settle', settle, `an inverse contract settles in its base (${base})`);
  if (!inverse && settle !== quote)
    fail('settle', settle, `a linear instrument settles in its quote (${quote})`);
  const inst: Instrument = {
    exchange: spec.exchange,
    symbol: spec.symbol,
    kind: spec.kind,
    base,
    quote,
    settle,
    tickSize: spec.tickSize,
    lotSize: spec.lotSize,
    minSize: spec.minSize,
    contractValue,
    inverse,
    ...(spec.venueSymbol === undefined ? {} : { venueSymbol: spec.venueSymbol }),
    ...(spec.minNotional === undefined ? {} : { minNotional: spec.minNotional }),
    ...(spec.maxLeverage === undefined ? {} : { maxLeverage: spec.maxLeverage }),
  };
  return Object.freeze(inst);
}

/**
 * Value of `qty` contracts at `price` in **quote** currency: qty × contractValue × price (linear) or
 * qty × contractValue (inverse: a contract is worth a fixed quote amount). Sign follows qty.
 */
export function quoteNotional(inst: Instrument, qty: number, price: number): number {
  return inst.inverse ? qty * inst.contractValue : qty * inst.contractValue * price;
}

/**
 * Value of `qty` contracts at `price` in **settle** currency (what margin is held in): the quote notional
 * for linear, qty × contractValue / price coins for inverse. Sign follows qty.
 */
export function settleNotional(inst: Instrument, qty: number, price: number): number {
  return inst.inverse ? (qty * inst.contractValue) / price : qty * inst.contractValue * price;
}

/** Base-currency exposure of `qty` contracts (for inverse, at `price`). */
export function baseQuantity(inst: Instrument, qty: number, price?: number): number {
  if (!inst.inverse) return qty * inst.contractValue;
  if (price === undefined || !(price > 0)) fail('price', price, 'an inverse base quantity needs a price > 0');
  return (qty * inst.contractValue) / price;
}
