/**
 * Portfolio heat: what the book loses if every position runs to its stop, in the settle currency, as a
 * fraction of equity — for the account (`portfolioHeat`) and per strategy (`riskBudget`).
 *
 * A position's stops are its **working reduce-only `stop-market` / `stop-limit` orders** on the closing
 * side with the trigger on the losing side of the last price (a sell stop at or below the price of a
 * long): each covers its `leavesQty`, the farthest stops first (the conservative choice when stops cover
 * more than the position). Trailing stops are not counted. The uncovered part of a position counts its
 * **whole notional** (|value| in the settle currency: the price going to zero), or the loss to a stop
 * `defaultStopDistance` (0.05 = 5 %) away when that option is set. The new order adds the loss from its
 * price to its attached stop-loss trigger (`attachments.stopLoss`), or, without one, the same default as
 * an unprotected position. Working entry orders other than the one checked are not counted. Only
 * instruments settled in the order instrument's settle currency count; a held position without a last
 * price denies (`details.symbol`).
 */

import type { Instrument } from '../../core/instrument.js';
import { settleNotional } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import type { PreTradeRule, RiskDenial, RiskView } from '../../engine/risk-gate.js';
import {
  beyond,
  deny,
  type Holding,
  holdings,
  idOf,
  orderPrice,
  reduces,
  signedQty,
  unpriced,
  unpricedDenial,
} from './common.js';

export interface HeatOptions {
  /** Stop distance (fraction of price) assumed for unprotected positions; absent: the whole notional. */
  readonly defaultStopDistance?: number;
}

/** Loss in the settle currency of `qty` signed contracts when the price moves from `from` to `to` (≥ 0). */
export function lossTo(inst: Instrument, qty: number, from: number, to: number): number {
  const pnl = inst.inverse
    ? qty * inst.contractValue * (1 / from - 1 / to)
    : qty * inst.contractValue * (to - from);
  return Math.max(0, -pnl);
}

function unprotected(inst: Instrument, qty: number, price: number, options: HeatOptions): number {
  if (qty === 0) return 0;
  const d = options.defaultStopDistance;
  if (d === undefined) return Math.abs(settleNotional(inst, qty, price));
  return lossTo(inst, qty, price, price * (1 - Math.sign(qty) * d));
}

/** Heat of one position given the working orders that may protect it. */
export function positionHeat(
  inst: Instrument,
  qty: number,
  price: number,
  working: readonly Order[],
  options: HeatOptions = {},
): number {
  if (qty === 0) return 0;
  const sign = Math.sign(qty);
  const id = idOf(inst);
  const stops = working
    .filter(
      (o) =>
        o.reduceOnly &&
        o.instrumentId === id &&
        (o.type === 'stop-market' || o.type === 'stop-limit') &&
        o.side === (sign > 0 ? 'sell' : 'buy') &&
        o.triggerPrice !== undefined &&
        (sign > 0 ? o.triggerPrice <= price : o.triggerPrice >= price),
    )
    .map((o) => ({ qty: o.leavesQty, loss: lossTo(inst, sign, price, o.triggerPrice!) }))
    .sort((a, b) => b.loss - a.loss);
  let remaining = Math.abs(qty);
  let heat = 0;
  for (const stop of stops) {
    if (remaining <= 0) break;
    const q = Math.min(stop.qty, remaining);
    heat += q * stop.loss;
    remaining -= q;
  }
  return heat + unprotected(inst, sign * remaining, price, options);
}

/** The risk the order adds: to its attached stop-loss, else as an unprotected position. */
export function orderHeat(order: Order, instrument: Instrument, view: RiskView, options: HeatOptions = {}) {
  const entry = orderPrice(order, instrument, view);
  const stop = order.attachments?.stopLoss?.triggerPrice;
  const qty = signedQty(order);
  return stop === undefined
    ? unprotected(instrument, qty, entry, options)
    : lossTo(instrument, qty, entry, stop);
}

/** Heat before and after the order over `list`, or a denial for an unvalued position. */
function heatOf(
  name: string,
  order: Order,
  instrument: Instrument,
  view: RiskView,
  list: readonly Holding[],
  working: readonly Order[],
  options: HeatOptions,
): { before: number; after: number } | RiskDenial {
  const book = list.filter((h) => h.inst.settle === instrument.settle);
  const bad = unpriced(book.filter((h) => h.before !== 0));
  if (bad !== undefined) return unpricedDenial(name, bad);
  const before = book.reduce((s, h) => s + positionHeat(h.inst, h.before, h.price, working, options), 0);
  return { before, after: before + orderHeat(order, instrument, view, options) };
}

/**
 * Refuses an order that would take the account's heat above `maxFractionOfEquity` × equity. Reduce-only
 * orders and orders reducing the account's position in their instrument pass.
 */
export function portfolioHeat(maxFractionOfEquity: number, options: HeatOptions = {}): PreTradeRule {
  const name = 'portfolio-heat';
  return {
    name,
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const list = holdings(order, instrument, view);
      const heat = heatOf(name, order, instrument, view, list, view.openOrders(), options);
      if ('rule' in heat) return heat;
      const equity = view.equity();
      const limit = maxFractionOfEquity * equity;
      if (!beyond(heat.after, limit) || !(heat.after > heat.before)) return undefined;
      return deny(
        name,
        `heat ${heat.after.toFixed(8)} ${instrument.settle} would exceed ${maxFractionOfEquity} of equity ${equity.toFixed(8)}`,
        { heat: heat.after, before: heat.before, equity, limit: maxFractionOfEquity, maxHeat: limit },
      );
    },
  };
}

export interface RiskBudgetOptions extends HeatOptions {
  /** Heat each strategy may carry, as a fraction of account equity. */
  readonly perStrategy: Readonly<Record<string, number>>;
  /** Budget of strategies not in `perStrategy`; absent: they are not limited. */
  readonly default?: number;
}

/**
 * A strategy's heat — its own positions (`strategyPositionQty`), its own working stops
 * (`openOrders(strategyId)`) and the new order — must stay within its budget × equity. Reduce-only orders
 * and orders reducing the strategy's position pass.
 */
export function riskBudget(options: RiskBudgetOptions): PreTradeRule {
  const name = 'risk-budget';
  return {
    name,
    check(order, instrument, view) {
      const budget = options.perStrategy[order.strategyId] ?? options.default;
      if (budget === undefined) return undefined;
      if (reduces(order, view.strategyPositionQty(order.strategyId, instrument.symbol))) return undefined;
      const list = holdings(order, instrument, view, (symbol) =>
        view.strategyPositionQty(order.strategyId, symbol),
      );
      const heat = heatOf(name, order, instrument, view, list, view.openOrders(order.strategyId), options);
      if ('rule' in heat) return heat;
      const equity = view.equity();
      const limit = budget * equity;
      if (!beyond(heat.after, limit) || !(heat.after > heat.before)) return undefined;
      return deny(
        name,
        `strategy ${order.strategyId} heat ${heat.after.toFixed(8)} would exceed its budget ${budget} of equity ${equity.toFixed(8)}`,
        { strategy: order.strategyId, heat: heat.after, equity, limit: budget, maxHeat: limit },
      );
    },
  };
}
