/**
 * Execution prices and fees. Slippage applies to taker fills only; fill prices are not rounded to the
 * tick (they stand for an average execution price).
 */

import type { Instrument } from '../../core/instrument.js';
import type { SlippageModel } from './types.js';

/** The slippage model flattened to numbers, read once per taker fill. */
export interface SlippageParams {
  /** 0 = fixed, 1 = volatility-volume. */
  readonly kind: 0 | 1;
  /** Fixed: the fraction; volatility-volume: half the spread as a fraction. */
  readonly base: number;
  /** Volatility-volume impact coefficient. */
  readonly impact: number;
}

export function slippageParams(model: SlippageModel | undefined): SlippageParams {
  if (model === undefined) return { kind: 0, base: 0, impact: 0 };
  if (model.kind === 'fixed') return { kind: 0, base: model.bps * 1e-4, impact: 0 };
  return { kind: 1, base: (model.spreadBps / 2) * 1e-4, impact: model.impact };
}

/**
 * Slippage as a fraction of the price for a taker fill of `qty` contracts on a bar (open, high, low,
 * volume): fixed bps, or spreadBps/2 × 1e-4 + impact × (high − low)/open × sqrt(qty / volume), where a bar
 * without volume counts as if the order took all of it.
 */
export function slippageFraction(
  p: SlippageParams,
  qty: number,
  open: number,
  high: number,
  low: number,
  volume: number,
): number {
  if (p.kind === 0) return p.base;
  const share = volume > 0 ? qty / volume : 1;
  return p.base + (p.impact * (high - low) * Math.sqrt(share)) / open;
}

/** A taker's price: `price` moved against the taker by `slip`, never worse than `limit` (NaN = none). */
export function takerPrice(sign: 1 | -1, price: number, slip: number, limit: number): number {
  const moved = price * (1 + sign * slip);
  if (Number.isNaN(limit)) return moved;
  return sign > 0 ? Math.min(moved, limit) : Math.max(moved, limit);
}

/**
 * Fee of a fill in the settle currency: |qty| × contractValue × price × rate (linear, spot) or
 * |qty| × contractValue / price × rate (inverse, in the base coin).
 */
export function feeFor(inst: Instrument, qty: number, price: number, rate: number): number {
  const q = Math.abs(qty) * inst.contractValue;
  return (inst.inverse ? q / price : q * price) * rate;
}
