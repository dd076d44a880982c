/**
 * Notional, margin and isolated-margin liquidation price, all in the settle currency.
 *
 * Notation: Q = |qty| × contractValue (base units for linear, quote units for inverse), E = entry price,
 * M = isolated margin held for the position, m = maintenance margin rate, P = mark price.
 *
 *   notional(P)      linear Q × P            inverse Q / P
 *   upnl(P)          linear ±Q × (P − E)     inverse ±Q × (1/E − 1/P)      (+ long, − short)
 *   maintenance(P)   m × notional(P)
 *
 * Liquidation is the price where M + upnl(P) = m × notional(P). Solving:
 *
 *   linear  long   P = (E − M/Q) / (1 − m)          (0 when M ≥ Q×E: a fully funded long cannot be liquidated)
 *   linear  short  P = (E + M/Q) / (1 + m)
 *   inverse long   P = (1 + m) × Q / (M + Q/E)
 *   inverse short  P = (1 − m) × Q / (Q/E − M)      (Infinity when M ≥ Q/E)
 *
 * This is the textbook model: venues also count fees to close, tiered maintenance rates and the mark
 * price source, so their figure differs slightly. Use it for risk estimates, not to predict a venue's number.
 */

import { QuantLabError } from './errors.js';
import { type Instrument, settleNotional } from './instrument.js';
import { pnlFor } from './position.js';

function invalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_POSITION_INVALID', message, { details });
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw invalid(`${name} ${value} must be a finite number > 0.`, { [name]: value });
}

/** Absolute value of `qty` signed contracts at `price`, in the settle currency. */
export function positionNotional(inst: Instrument, qty: number, price: number): number {
  requirePositive('price', price);
  return Math.abs(settleNotional(inst, qty, price));
}

/** Margin needed to open `qty` at `price` with `leverage`: notional / leverage. */
export function initialMargin(inst: Instrument, qty: number, price: number, leverage: number): number {
  requirePositive('leverage', leverage);
  return positionNotional(inst, qty, price) / leverage;
}

/** Margin below which the position is liquidated: notional × maintenanceRate. */
export function maintenanceMargin(
  inst: Instrument,
  qty: number,
  price: number,
  maintenanceRate: number,
): number {
  if (!Number.isFinite(maintenanceRate) || maintenanceRate < 0 || maintenanceRate >= 1) {
    throw invalid(`Maintenance rate ${maintenanceRate} must be in [0, 1).`, { maintenanceRate });
  }
  return positionNotional(inst, qty, price) * maintenanceRate;
}

/** Isolated position equity at `price`: the margin held plus the unrealised PnL. */
export function isolatedEquity(
  inst: Instrument,
  qty: number,
  entryPrice: number,
  margin: number,
  price: number,
): number {
  return margin + pnlFor(inst, qty, entryPrice, price);
}

export interface LiquidationInput {
  readonly inst: Instrument;
  /** Signed contracts, non-zero. */
  readonly qty: number;
  readonly entryPrice: number;
  /** Isolated margin held, in the settle currency. Give this or `leverage`. */
  readonly margin?: number;
  /** When `margin` is absent, margin = entry notional / leverage. */
  readonly leverage?: number;
  /** Maintenance margin rate, e.g. 0.004 (0.4 %). */
  readonly maintenanceRate: number;
}

/**
 * Isolated-margin liquidation price (formulas above). Returns 0 for a long that cannot be liquidated and
 * Infinity for an inverse short that cannot be. Throws QL_ERR_POSITION_INVALID for a flat position or bad inputs.
 */
export function liquidationPrice(input: LiquidationInput): number {
  const { inst, qty, entryPrice, maintenanceRate: m } = input;
  if (!Number.isFinite(qty) || qty === 0)
    throw invalid(`Liquidation price needs a non-zero position, got ${qty}.`, { qty });
  requirePositive('entryPrice', entryPrice);
  if (!Number.isFinite(m) || m < 0 || m >= 1)
    throw invalid(`Maintenance rate ${m} must be in [0, 1).`, { maintenanceRate: m });
  let margin = input.margin;
  if (margin === undefined) {
    if (input.leverage === undefined) throw invalid('Liquidation price needs margin or leverage.', {});
    margin = initialMargin(inst, qty, entryPrice, input.leverage);
  }
  if (!Number.isFinite(margin) || margin < 0)
    throw invalid(`Margin ${margin} must be a finite number >= 0.`, { margin });
  const q = Math.abs(qty) * inst.contractValue;
  const long = qty > 0;
  if (!inst.inverse) {
    if (long) return Math.max(0, (entryPrice - margin / q) / (1 - m));
    return (entryPrice + margin / q) / (1 + m);
  }
  if (long) return ((1 + m) * q) / (margin + q / entryPrice);
  const denominator = q / entryPrice - margin;
  return denominator <= 0 ? Number.POSITIVE_INFINITY : ((1 - m) * q) / denominator;
}
