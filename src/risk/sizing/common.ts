/**
 * Shared pieces of the position sizers: the result shape, input validation and the conversion of a
 * settle-currency notional into a whole number of lots that the venue accepts.
 *
 * Units. `equity` and every `notional` are in the instrument's **settle** currency (what margin and PnL
 * are held in, see `src/core/instrument.ts`): quote for spot and linear, the base coin for inverse.
 * Quantities are in contracts, rounded **down** to the lot so a sizer never sizes up.
 */

import { QuantLabError } from '../../core/errors.js';
import { type Instrument, quoteNotional, settleNotional } from '../../core/instrument.js';
import { roundQty, stepTolerance } from '../../core/precision.js';

/** Why a sizer returned 0 or less than it was asked for. */
export type SizingReason =
  | 'zero-equity'
  | 'zero-fraction'
  | 'below-lot'
  | 'below-min-size'
  | 'below-min-notional'
  | 'capped-max-leverage'
  | 'capped-kelly'
  | 'too-few-trades'
  | 'no-edge'
  // Set by ctx.size (src/strategies/host-sizing.ts), which fills in prices and volatility itself.
  | 'no-price'
  | 'warming-up'
  | 'kelly-fallback';

/** What every sizer returns: a quantity in contracts (≥ 0, on the lot grid) and its settle-currency value. */
export interface SizeResult {
  /** Contracts, rounded down to the lot; 0 when the size is below the venue minimum. */
  readonly qty: number;
  /** Value of `qty` at the sizing price, in settle currency (NaN for `fixedQty` without a price). */
  readonly notional: number;
  /** Set when `qty` is 0 or was capped (or, from `ctx.size.kelly`, sized by the fallback fraction). */
  readonly reason?: SizingReason;
}

export function invalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Throws QL_ERR_INVALID_INPUT unless `value` is a finite number ≥ 0. */
export function requireNonNegative(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0) {
    throw invalid(`Invalid ${field} ${String(value)}: must be a finite number >= 0.`, { field, value });
  }
  return value;
}

/** Throws QL_ERR_INVALID_INPUT unless `value` is a finite number > 0. */
export function requirePositive(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value <= 0) {
    throw invalid(`Invalid ${field} ${String(value)}: must be a finite number > 0.`, { field, value });
  }
  return value;
}

/** Throws QL_ERR_INVALID_INPUT unless `value` is a finite number in [0, 1]. */
export function requireFraction(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0 || value > 1) {
    throw invalid(`Invalid ${field} ${String(value)}: must be a number between 0 and 1.`, { field, value });
  }
  return value;
}

/** Throws QL_ERR_INVALID_INPUT unless `value` is an integer ≥ `min`. */
export function requireInteger(field: string, value: unknown, min: number): number {
  if (!Number.isInteger(value) || (value as number) < min) {
    throw invalid(`Invalid ${field} ${String(value)}: must be an integer >= ${min}.`, { field, value });
  }
  return value as number;
}

/** Throws QL_ERR_INVALID_INPUT unless `inst` looks like an Instrument (positive lot and contract value). */
export function requireInstrument(inst: unknown): Instrument {
  const i = inst as Partial<Instrument> | undefined;
  if (
    i === undefined ||
    i === null ||
    typeof i !== 'object' ||
    !isFiniteNumber(i.lotSize) ||
    i.lotSize <= 0 ||
    !isFiniteNumber(i.contractValue) ||
    i.contractValue <= 0 ||
    typeof i.inverse !== 'boolean'
  ) {
    throw invalid('Invalid instrument: expected an Instrument from createInstrument.', {
      field: 'instrument',
    });
  }
  return inst as Instrument;
}

/**
 * Contracts (unrounded) whose value at `price` is `notional` settle units: notional / (contractValue ×
 * price) for linear and spot, notional × price / contractValue for inverse (the inverse of
 * `settleNotional` in src/core/instrument.ts).
 */
export function contractsFor(inst: Instrument, notional: number, price: number): number {
  return inst.inverse ? (notional * price) / inst.contractValue : notional / (inst.contractValue * price);
}

/**
 * Rounds `rawQty` contracts down to the lot and applies the venue minimums: 0 with a reason when the
 * rounded size is below `minSize`, below one lot, or worth less than `minNotional` (quote currency).
 * `capped` is reported as the reason when the size is kept.
 */
export function finalize(inst: Instrument, rawQty: number, price: number, capped?: SizingReason): SizeResult {
  if (!(rawQty > 0)) return { qty: 0, notional: 0, reason: capped ?? 'below-lot' };
  const qty = roundQty(inst, rawQty, 'down');
  const lots = qty / inst.lotSize;
  if (inst.minSize > 0 && lots < inst.minSize / inst.lotSize - stepTolerance(lots)) {
    return { qty: 0, notional: 0, reason: 'below-min-size' };
  }
  if (qty <= 0) return { qty: 0, notional: 0, reason: 'below-lot' };
  if (
    inst.minNotional !== undefined &&
    inst.minNotional > 0 &&
    quoteNotional(inst, qty, price) < inst.minNotional * (1 - 1e-12)
  ) {
    return { qty: 0, notional: 0, reason: 'below-min-notional' };
  }
  const notional = settleNotional(inst, qty, price);
  return capped === undefined ? { qty, notional } : { qty, notional, reason: capped };
}

/** A zero result with a reason. */
export function zero(reason: SizingReason): SizeResult {
  return { qty: 0, notional: 0, reason };
}
