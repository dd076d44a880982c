/**
 * Shared helpers of the portfolio pre-trade rules: the limit comparison of `engine/risk-gate.ts` (a value
 * exactly at its limit passes, float rounding included), the order's price and signed size, whether an
 * order reduces a position, and the account's holdings before and after an order.
 */

import { type Instrument, instrumentIdOf, quoteNotional, settleNotional } from '../../core/instrument.js';
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
  /** Signed value in the settle currency before and after the order (0 without a position). */
  readonly valueBefore: number;
  readonly valueAfter: number;
  /** |Quote notional| before and after the order (0 without a position). */
  readonly notionalBefore: number;
  readonly notionalAfter: number;
}

type MutableHolding = { -readonly [K in keyof Holding]: Holding[K] };

/**
 * Values a holding from its contracts and price (0 without a position, whatever the price). It takes
 * the holding, not the numbers: V8 boxes a number passed to (or returned by) a call it does not inline,
 * an allocation per check; within one function they stay unboxed.
 */
function valueHolding(h: MutableHolding): void {
  const { inst, before, after, price } = h;
  h.valueBefore = before === 0 ? 0 : settleNotional(inst, before, price);
  h.valueAfter = after === 0 ? 0 : settleNotional(inst, after, price);
  h.notionalBefore = before === 0 ? 0 : Math.abs(quoteNotional(inst, before, price));
  h.notionalAfter = after === 0 ? 0 : Math.abs(quoteNotional(inst, after, price));
}

/**
 * A before/after pair (of exposure, heat) that the summing helpers fill rather than return: V8 boxes a
 * number returned by a call it does not inline (an allocation per check), not one stored in a field of
 * a reused object. One per rule instance.
 */
export class Sides {
  before = 0;
  after = 0;
}

/**
 * The account's holdings before and after an order: every instrument of the view (the order's own added
 * if missing), in the view's order. One per rule instance, refilled by each check: its entries are
 * reused, so a check that passes allocates nothing (the pool grows only when the book does).
 */
export class Holdings {
  private readonly pool: MutableHolding[] = [];
  length = 0;

  at(i: number): Holding {
    return this.pool[i]!;
  }

  /**
   * Refills from the view. `settleOnly`: only instruments settled like the order's (equity-relative
   * rules). `strategyId`: that strategy's positions (budgets) instead of the account's.
   */
  fill(order: Order, instrument: Instrument, view: RiskView, settleOnly: boolean, strategyId?: string): this {
    this.length = 0;
    const list = view.instruments();
    let ownListed = false;
    for (let i = 0; i < list.length; i++) {
      const inst = list[i]!;
      if (sameInstrument(inst, instrument)) ownListed = true;
      if (!settleOnly || inst.settle === instrument.settle)
        this.add(order, instrument, view, inst, strategyId);
    }
    if (!ownListed) this.add(order, instrument, view, instrument, strategyId);
    return this;
  }

  /** The first holding with a position (before, or after too unless `beforeOnly`) but no usable price. */
  unpriced(beforeOnly = false): Holding | undefined {
    for (let i = 0; i < this.length; i++) {
      const h = this.pool[i]!;
      const held = h.before !== 0 || (!beforeOnly && h.after !== 0);
      if (held && !(h.price > 0)) return h;
    }
    return undefined;
  }

  private add(order: Order, instrument: Instrument, view: RiskView, inst: Instrument, strategyId?: string) {
    const before =
      strategyId === undefined
        ? view.accountPositionQty(inst.symbol)
        : view.strategyPositionQty(strategyId, inst.symbol);
    const own = sameInstrument(inst, instrument);
    const last = view.lastPrice(inst);
    const price = last > 0 || !own ? last : orderPrice(order, instrument, view);
    const after = own ? before + signedQty(order) : before;
    let h = this.pool[this.length];
    if (h === undefined) {
      h = { inst, before, after, price, valueBefore: 0, valueAfter: 0, notionalBefore: 0, notionalAfter: 0 };
      this.pool.push(h);
    }
    h.inst = inst;
    h.before = before;
    h.after = after;
    h.price = price;
    // Valued here, once, so that the rules only sum fields (no per-holding calls returning numbers).
    valueHolding(h);
    this.length += 1;
  }
}

export function unpricedDenial(rule: string, h: Holding): RiskDenial {
  return deny(rule, `cannot value the position in ${h.inst.symbol}: no last price`, {
    symbol: h.inst.symbol,
    price: Number.isNaN(h.price) ? 'NaN' : h.price,
  });
}

// Ids are built once per instrument: a check compares working orders with it without building strings.
const ids = new WeakMap<Instrument, string>();

/** The order's instrument id, for matching working orders to an instrument. */
export function idOf(inst: Instrument): string {
  let id = ids.get(inst);
  if (id === undefined) {
    id = instrumentIdOf(inst);
    ids.set(inst, id);
  }
  return id;
}

/**
 * Working orders of the account, or of one strategy: counted over the account's list (`openOrders()`),
 * since `openOrders(strategyId)` may build a new array per call.
 */
export function openOrderCount(view: RiskView, strategyId?: string): number {
  const open = view.openOrders();
  if (strategyId === undefined) return open.length;
  let count = 0;
  for (let i = 0; i < open.length; i++) if (open[i]!.strategyId === strategyId) count += 1;
  return count;
}
