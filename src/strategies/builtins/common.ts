/**
 * What several built-ins share: the sizing parameters (`size` or `fraction`), turning a size into an
 * order quantity on the instrument's lot grid, sign-change crossings, and moving a position to a target.
 *
 * Positions are managed as targets: the order sent is target − (position + the signed remainder of this
 * strategy's working orders on the symbol), so a decision taken while an earlier order is still in flight
 * (live, or a leg waiting for the next open) never doubles it.
 */

import { type Instrument, quoteNotional } from '../../core/instrument.js';
import { roundQty } from '../../core/precision.js';
import type { FloatParam, IntParam, OptionalFloatParam, StrategyContext } from '../types.js';

/** An integer parameter with a default and bounds. */
export function intParam(value: number, min: number, max: number, description: string): IntParam {
  return { type: 'int', default: value, min, max, description };
}

/** A real parameter with a default and bounds. */
export function floatParam(value: number, min: number, max: number, description: string): FloatParam {
  return { type: 'float', default: value, min, max, description };
}

export const POSITION_MODES = ['long-only', 'long-short'] as const;
export type PositionMode = (typeof POSITION_MODES)[number];

/** The `size` / `fraction` pair every single-symbol built-in takes. */
export const SIZING_PARAMS = {
  size: {
    type: 'float?',
    min: 0,
    description:
      'Fixed position size in base currency (BTC for BTC/USDT), converted to contracts for derivatives. When absent, `fraction` sizes each position.',
  } satisfies OptionalFloatParam,
  fraction: {
    type: 'float',
    default: 1,
    min: 0,
    max: 10,
    description:
      'Fraction of equity per position when `size` is absent: qty = fraction × equity / close, rounded down to the lot; skipped below the minimum size.',
  } satisfies FloatParam,
};

/** Cross-parameter checks of the sizing pair; messages name the key first. */
export function sizingProblems(params: { size: number | undefined; fraction: number }): string[] {
  const problems: string[] = [];
  if (params.size !== undefined && !(params.size > 0))
    problems.push(`size must be > 0 when given (got ${params.size})`);
  if (params.size === undefined && !(params.fraction > 0))
    problems.push(`fraction must be > 0 when size is absent (got ${params.fraction})`);
  return problems;
}

/**
 * Rounds a quantity down to the lot; 0 when that falls below the instrument's minimum size or notional
 * (the order would be refused, so the strategy skips it).
 */
export function tradableQty(inst: Instrument, qty: number, price: number): number {
  if (!(qty > 0) || !Number.isFinite(qty)) return 0;
  const rounded = roundQty(inst, qty, 'down');
  if (!(rounded > 0) || rounded < inst.minSize) return 0;
  if (inst.minNotional !== undefined && quoteNotional(inst, rounded, price) < inst.minNotional) return 0;
  return rounded;
}

/**
 * Contracts holding `base` units of the base currency: base / contractValue for spot and linear contracts,
 * base × price / contractValue for inverse ones (whose contracts are worth a fixed quote amount).
 */
export function contractsForBase(inst: Instrument, base: number, price: number): number {
  return inst.inverse ? (base * price) / inst.contractValue : base / inst.contractValue;
}

/** Contracts worth `notional` quote units at `price` (qty × contractValue × price for linear). */
export function qtyForNotional(inst: Instrument, notional: number, price: number): number {
  return notional / quoteNotional(inst, 1, price);
}

/**
 * Equity (in the account's settle currency, the coin for inverse contracts) as a quote amount at `price`,
 * so that a fraction of it can be turned into contracts.
 */
export function equityInQuote(inst: Instrument, equity: number, price: number): number {
  return inst.inverse ? equity * price : equity;
}

/**
 * The position size, in contracts, a signal asks for: `size` base units when given, else a position worth
 * fraction × equity at `price` (fraction × equity / close base units), rounded down to the lot; 0 when it
 * is below the minimum.
 */
export function positionSize(
  ctx: StrategyContext,
  symbol: string,
  sizing: { size: number | undefined; fraction: number },
  price: number,
): number {
  const inst = ctx.instrument(symbol);
  const raw =
    sizing.size === undefined
      ? qtyForNotional(inst, sizing.fraction * equityInQuote(inst, ctx.equity(), price), price)
      : contractsForBase(inst, sizing.size, price);
  return tradableQty(inst, raw, price);
}

/**
 * Signed contracts still to come from this strategy's working *market* orders on `symbol`. Resting limit
 * and stop orders (protective stop-loss / take-profit children, grid levels) are conditional: they are
 * not counted.
 */
export function pendingQty(ctx: StrategyContext, symbol: string): number {
  let pending = 0;
  for (const order of ctx.openOrders(symbol)) {
    if (order.type === 'market') pending += (order.side === 'buy' ? 1 : -1) * order.leavesQty;
  }
  return pending;
}

/** Cancels this strategy's resting (non-market) orders on `symbol`: protective children before an exit. */
export function cancelResting(ctx: StrategyContext, symbol: string): void {
  for (const order of ctx.openOrders(symbol)) if (order.type !== 'market') ctx.cancel(order.clientOrderId);
}

/** The position once the working orders fill: what a new decision must start from. */
export function expectedPosition(ctx: StrategyContext, symbol: string): number {
  return ctx.position(symbol).qty + pendingQty(ctx, symbol);
}

/**
 * Sends the market order that takes the (expected) position to `target` contracts. Does nothing when the
 * difference rounds to less than a lot. Returns the quantity sent, signed.
 */
export function moveTo(ctx: StrategyContext, symbol: string, target: number, tag: string): number {
  const inst = ctx.instrument(symbol);
  const delta = target - expectedPosition(ctx, symbol);
  const qty = roundQty(inst, Math.abs(delta), 'down');
  if (!(qty > 0)) return 0;
  // Orders that only shrink the position toward zero are sent reduce-only, so they can never flip it.
  const held = ctx.position(symbol).qty;
  const reducing =
    target === 0 || (Math.sign(target) === Math.sign(held) && Math.abs(target) < Math.abs(held));
  ctx.submit({
    symbol,
    side: delta > 0 ? 'buy' : 'sell',
    qty,
    tag,
    ...(reducing ? { reduceOnly: true } : {}),
  });
  return Math.sign(delta) * qty;
}

/**
 * Records a signal with its payload made JSON-safe: a non-finite number (an infinite half-life, a NaN
 * band position) becomes null, where `ctx.signal` would refuse the whole payload and fail the callback.
 */
export function signal(ctx: StrategyContext, kind: string, payload: Record<string, unknown>): void {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload))
    safe[key] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
  ctx.signal(kind, safe);
}

export type Cross = 'up' | 'down' | undefined;

/**
 * How `value` moved against zero between two consecutive bars: `up` from < 0 to > 0, `down` from > 0 to
 * < 0. A bar exactly at 0 is neither side, so − → 0 → + is not a cross on either step (DESIGN.md §4.4).
 */
export function zeroCross(previous: number, current: number): Cross {
  if (!Number.isFinite(previous) || !Number.isFinite(current)) return undefined;
  if (previous < 0 && current > 0) return 'up';
  if (previous > 0 && current < 0) return 'down';
  return undefined;
}
