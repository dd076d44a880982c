/** Prices of limit children: pegged to the last price, bounded by the parent's price limit. */

import type { OrderSide } from '../../core/side.js';

/**
 * A limit price `offsetBps` from `last` (positive = passive: a buy below, a sell above), never beyond
 * `priceLimit` (a buy never above it); NaN before the first price. The order manager rounds it to the tick.
 */
export function peggedPrice(
  last: number,
  side: OrderSide,
  offsetBps: number,
  priceLimit: number | undefined,
): number {
  if (!(last > 0)) return Number.NaN;
  const price = last * (1 + ((side === 'buy' ? -1 : 1) * offsetBps) / 10_000);
  if (priceLimit === undefined) return price;
  return side === 'buy' ? Math.min(price, priceLimit) : Math.max(price, priceLimit);
}

/** The last price is known and not beyond the limit (a buy pays at most it, a sell gets at least it). */
export function withinLimit(last: number, side: OrderSide, priceLimit: number | undefined): boolean {
  if (!(last > 0)) return false;
  if (priceLimit === undefined) return true;
  return side === 'buy' ? last <= priceLimit : last >= priceLimit;
}
