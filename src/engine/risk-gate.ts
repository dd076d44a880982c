/**
 * The pre-trade gate every order passes between a strategy and a venue. A denied order never leaves the
 * kernel: it becomes `OrderDenied` with the rule and the numbers that denied it. The rules here are the
 * kernel's own minimum (size and notional limits, a price band around the last price, leverage); the
 * risk engine adds portfolio rules behind the same interface.
 */

import type { Instrument } from '../core/instrument.js';
import { quoteNotional, settleNotional } from '../core/instrument.js';
import type { Order } from '../core/order.js';

/** What a rule may look at: the environment's current view, never which environment it is. */
export interface RiskView {
  /** Last price of the order's instrument (NaN before the first). */
  lastPrice(instrument: Instrument): number;
  /** Account equity in the settle currency. */
  equity(): number;
  /** Signed contracts currently held by the order's strategy in the instrument. */
  positionQty(order: Order): number;
  /** The kernel's clock, epoch ms (rate limits count orders in windows of it). */
  now(): number;
  /** Working orders: all of the account's, or one strategy's when given. */
  openOrders(strategyId?: string): readonly Order[];
  /** Every instrument of the account, for portfolio rules. */
  instruments(): readonly Instrument[];
  /** Signed contracts the account holds in `symbol` (all strategies, external positions included). */
  accountPositionQty(symbol: string): number;
  /** Signed contracts a strategy holds in `symbol`. */
  strategyPositionQty(strategyId: string, symbol: string): number;
  /** Free balance in the settle currency (equity less margin in use): what a new order may use. */
  freeBalance(): number;
}

export interface RiskDenial {
  /** The rule's name, e.g. `max-order-notional`. */
  readonly rule: string;
  readonly message: string;
  readonly details: Readonly<Record<string, number | string>>;
}

export interface PreTradeRule {
  readonly name: string;
  check(order: Order, instrument: Instrument, view: RiskView): RiskDenial | undefined;
}

export interface RiskGate {
  check(order: Order, instrument: Instrument, view: RiskView): RiskDenial | undefined;
}

/** Runs rules in order; the first denial wins. */
export class RuleRiskGate implements RiskGate {
  constructor(private readonly rules: readonly PreTradeRule[] = []) {}

  check(order: Order, instrument: Instrument, view: RiskView): RiskDenial | undefined {
    for (const rule of this.rules) {
      const denial = rule.check(order, instrument, view);
      if (denial !== undefined) return denial;
    }
    return undefined;
  }
}

function orderPrice(order: Order, instrument: Instrument, view: RiskView): number {
  return order.price ?? order.triggerPrice ?? view.lastPrice(instrument);
}

/** Relative slack of the limit comparisons: products like 0.07 × 100 carry a few ulps of rounding. */
export const SLACK = 1e-12;

/**
 * `value` is beyond `limit` by more than float rounding: a value exactly at the limit passes even when
 * it is not exact in binary (0.07 contracts × 100 = 7.000000000000001 against a limit of 7). NaN never is.
 */
export function beyond(value: number, limit: number): boolean {
  return value > limit + Math.abs(limit) * SLACK;
}

/**
 * A market order before the first price cannot be valued: a limit on its value fails closed (the order
 * waits for a price) rather than letting an unmeasured order through.
 */
function unpriced(rule: string, instrument: Instrument): RiskDenial {
  return {
    rule,
    message: `no price yet for ${instrument.symbol} to value the order against the limit`,
    details: { symbol: instrument.symbol },
  };
}

/** Refuses an order worth more than `limit` in the quote currency (reduce-only orders pass). */
export function maxOrderNotional(limit: number): PreTradeRule {
  return {
    name: 'max-order-notional',
    check(order, instrument, view) {
      if (order.reduceOnly) return undefined;
      const price = orderPrice(order, instrument, view);
      if (!(price > 0)) return unpriced('max-order-notional', instrument);
      const notional = Math.abs(quoteNotional(instrument, order.qty, price));
      if (!beyond(notional, limit)) return undefined;
      return notionalDenial(notional, limit);
    },
  };
}

// The rules build their denials in separate functions: built inline, the numbers a denial quotes were
// boxed by V8 on every check, the passing ones included. A passing order allocates nothing.
function notionalDenial(notional: number, limit: number): RiskDenial {
  return {
    rule: 'max-order-notional',
    message: `order notional ${notional.toFixed(2)} exceeds the limit ${limit}`,
    details: { notional, limit },
  };
}

/** Refuses a limit or trigger price further than `band` (0.1 = 10 %) from the last price: fat fingers. */
export function priceBand(band: number): PreTradeRule {
  return {
    name: 'price-band',
    check(order, instrument, view) {
      const last = view.lastPrice(instrument);
      const price = order.price ?? order.triggerPrice;
      if (price === undefined || !(last > 0)) return undefined;
      // Compared as |price − last| against band × last: the difference of two nearby prices is exact,
      // where price / last − 1 is not (110 / 100 − 1 = 0.10000000000000009 would fail a 10 % band).
      if (!beyond(Math.abs(price - last), band * last)) return undefined;
      return bandDenial(price, last, band);
    },
  };
}

function bandDenial(price: number, last: number, band: number): RiskDenial {
  const distance = Math.abs(price / last - 1);
  return {
    rule: 'price-band',
    message: `price ${price} is ${(distance * 100).toFixed(2)} % from the last price ${last} (band ${(band * 100).toFixed(2)} %)`,
    details: { price, last, band },
  };
}

/**
 * Refuses an order that would take the strategy's gross position in the instrument above `maxLeverage` ×
 * equity. The position is valued in the settle currency, the equity's (for an inverse contract, coins).
 */
export function maxLeverage(limit: number): PreTradeRule {
  return {
    name: 'max-leverage',
    check(order, instrument, view) {
      if (order.reduceOnly) return undefined;
      const price = orderPrice(order, instrument, view);
      const equity = view.equity();
      const after = view.positionQty(order) + (order.side === 'buy' ? order.qty : -order.qty);
      if (!(price > 0)) return unpriced('max-leverage', instrument);
      const exposure = Math.abs(settleNotional(instrument, after, price));
      if (!beyond(exposure, limit * equity)) return undefined;
      return leverageDenial(exposure, equity, limit);
    },
  };
}

function leverageDenial(exposure: number, equity: number, limit: number): RiskDenial {
  return {
    rule: 'max-leverage',
    message: `position worth ${exposure.toFixed(2)} would exceed ${limit}× equity ${equity.toFixed(2)}`,
    details: { exposure, equity, limit },
  };
}
