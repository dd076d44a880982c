/**
 * Fixed sizers: a fixed quantity, a fraction of equity, and a fixed risk per trade (stop-based).
 */

import type { Instrument } from '../../core/instrument.js';
import { pnlFor } from '../../core/position.js';
import { isOrderSide, type OrderSide } from '../../core/side.js';
import {
  contractsFor,
  finalize,
  invalid,
  requireFraction,
  requireInstrument,
  requireNonNegative,
  requirePositive,
  type SizeResult,
  zero,
} from './common.js';

/** Where a quantity is to be traded: needed to round to the lot and to value it. */
export interface SizingMarket {
  readonly instrument: Instrument;
  /** Price the position is sized at (quote currency per base unit). */
  readonly price: number;
}

/**
 * A fixed quantity in contracts. With a market it is rounded down to the lot and checked against the
 * venue minimums (0 with a reason below them) and valued; without one it is returned as is, notional NaN.
 */
export function fixedQty(qty: number, market?: SizingMarket): SizeResult {
  requireNonNegative('qty', qty);
  if (market === undefined) return { qty, notional: Number.NaN };
  const inst = requireInstrument(market.instrument);
  const price = requirePositive('price', market.price);
  if (qty === 0) return zero('zero-fraction');
  return finalize(inst, qty, price);
}

export interface FractionOfEquityInput extends SizingMarket {
  /** Account equity in settle currency (quote for linear/spot, coin for inverse). */
  readonly equity: number;
  /** Share of equity to commit, in [0, 1]. */
  readonly fraction: number;
  /** Notional multiplier, > 0; default 1. Must not exceed `instrument.maxLeverage` when that is set. */
  readonly leverage?: number;
}

/**
 * Notional = equity × fraction × leverage (settle currency), converted to contracts: notional /
 * (contractValue × price) for linear and spot, notional × price / contractValue for inverse.
 */
export function fractionOfEquity(input: FractionOfEquityInput): SizeResult {
  const inst = requireInstrument(input.instrument);
  const equity = requireNonNegative('equity', input.equity);
  const fraction = requireFraction('fraction', input.fraction);
  const price = requirePositive('price', input.price);
  const leverage = requirePositive('leverage', input.leverage ?? 1);
  if (inst.maxLeverage !== undefined && leverage > inst.maxLeverage) {
    throw invalid(`Leverage ${leverage} exceeds the instrument's maximum ${inst.maxLeverage}.`, {
      field: 'leverage',
      value: leverage,
      maxLeverage: inst.maxLeverage,
    });
  }
  if (equity === 0) return zero('zero-equity');
  if (fraction === 0) return zero('zero-fraction');
  return finalize(inst, contractsFor(inst, equity * fraction * leverage, price), price);
}

export interface FixedRiskInput {
  /** Account equity in settle currency. */
  readonly equity: number;
  /** Share of equity to lose if the stop is hit, in [0, 1]. */
  readonly riskFraction: number;
  /** 'buy' opens a long (stop below entry), 'sell' a short (stop above entry). */
  readonly side: OrderSide;
  readonly entry: number;
  readonly stop: number;
  readonly instrument: Instrument;
}

/**
 * Contracts such that the loss from `entry` to `stop`, by the PnL convention of `pnlFor`
 * (src/core/position.ts: linear qty × cv × (exit − entry); inverse qty × cv × (1/entry − 1/exit), in
 * coin), equals equity × riskFraction, rounded down so the loss never exceeds the budget. Fees and
 * slippage are not included. Valued at `entry`.
 */
export function fixedRisk(input: FixedRiskInput): SizeResult {
  const inst = requireInstrument(input.instrument);
  const equity = requireNonNegative('equity', input.equity);
  const riskFraction = requireFraction('riskFraction', input.riskFraction);
  const entry = requirePositive('entry', input.entry);
  const stop = requirePositive('stop', input.stop);
  if (!isOrderSide(input.side)) {
    throw invalid(`Invalid side ${String(input.side)}: must be 'buy' or 'sell'.`, {
      field: 'side',
      value: input.side,
    });
  }
  if (stop === entry) {
    throw invalid(`The stop ${stop} equals the entry: the risk per contract would be 0.`, {
      field: 'stop',
      entry,
      stop,
    });
  }
  const long = input.side === 'buy';
  if (long ? stop > entry : stop < entry) {
    throw invalid(
      `A ${long ? 'long' : 'short'} stop must be ${long ? 'below' : 'above'} the entry ${entry}, got ${stop}.`,
      { field: 'stop', side: input.side, entry, stop },
    );
  }
  if (equity === 0) return zero('zero-equity');
  if (riskFraction === 0) return zero('zero-fraction');
  const lossPerContract = -pnlFor(inst, long ? 1 : -1, entry, stop);
  return finalize(inst, (equity * riskFraction) / lossPerContract, entry);
}
