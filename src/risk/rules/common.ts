/**
 * Shared helpers of the portfolio pre-trade rules: the limit comparison of `engine/risk-gate.ts` (a value
 * exactly at its limit passes, float rounding included), the order's price and signed size, whether an
 * order reduces a position, and the account's holdings before and after an order.
 */

import { type Instrument, instrumentIdOf } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import { beyond, type RiskDenial, type RiskView } from '../../engine/risk-gate.js';

// The kernel's own comparison: a value exactly at a limit passes, float rounding included.
export { beyond, SLACK } from '../../engine/risk-gate.js';

/** The price an order is valued at: its limit price, else its trigger, else the last price. */
export function orderPrice(order: Order, instrument: Instrument, view: RiskView): number {
  return order.price ?? order.triggerPrice ?? view.lastPrice(instrument);
}

/** Contracts the order adds to a position: + for a buy, − for a sell. */
export function signedQty(order: Order): number {
  return order.side === 'buy' ? order.qty : -order.qty;
}

/**
 * The order only takes risk off a position of `before` contracts: it is reduce-only, or it trades against
 * the position without flipping it (|qty| ≤ |before|, same comparison slack as the limits).
 */
export function reduces(order: Order, before: number): boolean {
  if (order.reduceOnly) return true;
  if (before === 0 || Math.sign(signedQty(order)) === Math.sign(before)) return false;
  return !beyond(order.qty, Math.abs(before));
}

export function deny(
  rule: string,
  message: string,
  details: Readonly<Record<string, number | string>>,
): RiskDenial {
  return { rule, message, details };
}

export function sameInstrument(a: Instrument, b: Instrument): boolean {
  return a.exchange === b.exchange && a.symbol === b.symbol;
}

/** One instrument of the account: contracts before and after the order, and the price it is valued at. */
export interface Holding {
  readonly inst: Instrument;
  readonly before: number;
  readonly after: number;
  /** Last price; for the order's own instrument the order's price when there is no last price yet. */
  readonly price: number;
}

/**
 * Every instrument of the view (the order's own added if missing) with its position before and after the
 * order. `qtyOf` gives the position: account-wide by default, one strategy's for budgets.
 */
export function holdings(
  order: Order,
  instrument: Instrument,
  view: RiskView,
  qtyOf: (symbol: string) => number = (symbol) => view.accountPositionQty(symbol),
): Holding[] {
  const list = view.instruments().slice();
  if (!list.some((inst) => sameInstrument(inst, instrument))) list.push(instrument);
  return list.map((inst) => {
    const before = qtyOf(inst.symbol);
    const own = sameInstrument(inst, instrument);
    const last = view.lastPrice(inst);
    const price = last > 0 || !own ? last : orderPrice(order, instrument, view);
    return { inst, before, after: own ? before + signedQty(order) : before, price };
  });
}

/** The first holding with a position (before or after) but no usable price: it cannot be valued. */
export function unpriced(list: readonly Holding[]): Holding | undefined {
  return list.find((h) => (h.before !== 0 || h.after !== 0) && !(h.price > 0));
}

export function unpricedDenial(rule: string, h: Holding): RiskDenial {
  return deny(rule, `cannot value the position in ${h.inst.symbol}: no last price`, {
    symbol: h.inst.symbol,
    price: Number.isNaN(h.price) ? 'NaN' : h.price,
  });
}

/** The order's instrument id, for matching working orders to an instrument. */
export function idOf(inst: Instrument): string {
  return instrumentIdOf(inst);
}
