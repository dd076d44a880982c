/**
 * Liquidation price of one position backed by `collateral` (settle currency): the price P where
 * collateral + upnl(P) = maintenanceRate × notional(P).
 *
 * Isolated mode: collateral = the position's margin (core `liquidationPrice`). Cross mode: collateral =
 * cash + the other positions' unrealised PnL − their maintenance margins, at their last prices. With
 * Q = |qty| × contractValue, E = entry, A = collateral, m = maintenance rate:
 *
 *   linear  long   P = (E − A/Q) / (1 − m)        short  P = (E + A/Q) / (1 + m)
 *   inverse long   P = (1 + m) Q / (A + Q/E)      short  P = (1 − m) Q / (Q/E − A)
 *
 * which is core `liquidationPrice` with margin = A when A ≥ 0. Cross collateral can be negative (losses
 * elsewhere): the formulas still hold and put the price beyond the market (immediate liquidation). When no
 * positive price solves it, a long returns Infinity and a short 0, both meaning "liquidate now" (the
 * venue then closes at the current path price). A long that can never be liquidated returns 0; a short
 * that can never be, Infinity.
 */

import type { Instrument } from '../../core/instrument.js';
import { liquidationPrice } from '../../core/margin.js';

export function liquidationPriceFor(
  inst: Instrument,
  qty: number,
  entry: number,
  collateral: number,
  maintenanceRate: number,
): number {
  if (collateral >= 0) {
    return liquidationPrice({ inst, qty, entryPrice: entry, margin: collateral, maintenanceRate });
  }
  const q = Math.abs(qty) * inst.contractValue;
  const m = maintenanceRate;
  if (!inst.inverse) {
    if (qty > 0) return (entry - collateral / q) / (1 - m);
    const p = (entry + collateral / q) / (1 + m);
    return p > 0 ? p : 0;
  }
  if (qty > 0) {
    const denominator = collateral + q / entry;
    return denominator > 0 ? ((1 + m) * q) / denominator : Number.POSITIVE_INFINITY;
  }
  // Inverse short with negative collateral: Q/E − A > 0 always.
  return ((1 - m) * q) / (q / entry - collateral);
}
