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
  Holdings,
  idOf,
  orderPrice,
  reduces,
  Sides,
  signedQty,
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

/**
 * `HeatOptions` in one shape for every rule (`defaultStopDistance` always present): the heat helpers
 * are shared by the rules, and a property read from objects of several shapes returns its number boxed
 * — an allocation per check.
 */
interface StopDefault {
  readonly defaultStopDistance: number | undefined;
}

function stopDefault(options: HeatOptions): StopDefault {
  return { defaultStopDistance: options.defaultStopDistance };
}

function unprotected(inst: Instrument, qty: number, price: number, options: StopDefault): number {
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
  const sums = new Sides();
  addPositionHeat(sums, { inst, before: qty, price }, working, undefined, stopDefault(options));
  return sums.before;
}

/** The risk the order adds: to its attached stop-loss, else as an unprotected position. */
export function orderHeat(order: Order, instrument: Instrument, view: RiskView, options: HeatOptions = {}) {
  const sums = new Sides();
  addOrderHeat(sums, order, instrument, view, stopDefault(options));
  return sums.after;
}

/** A position: contracts (`before` the order) and the price it is valued at. */
type Position = Pick<Holding, 'inst' | 'before' | 'price'>;

// The heat helpers take objects (positions, orders) and add to the `Sides` (heat before and after the
// order) of the rule rather than take and return numbers: V8 boxes a number passed to or returned by a
// call it does not inline, an allocation per check.

/**
 * Adds a position's heat to `sums.before`, its stops taken from `working` (`strategyId`'s orders only
 * when given, so the caller passes the account's list as it is instead of a filtered copy).
 *
 * Stops are consumed farthest first without a sorted copy (allocation-free on the pass path): each round
 * takes the largest loss below the previous round's, and the stops of that loss in list order — the
 * order a stable sort by descending loss gives, so the sums are the same to the last bit.
 */
function addPositionHeat(
  sums: Sides,
  position: Position,
  working: readonly Order[],
  strategyId: string | undefined,
  options: StopDefault,
): void {
  const { inst, before: qty, price } = position;
  if (qty === 0) return;
  const sign = Math.sign(qty);
  const id = idOf(inst);
  let remaining = Math.abs(qty);
  let heat = 0;
  let level = Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    // The next (smaller) loss of a protecting stop, or −∞ when none is left.
    let next = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < working.length; i++) {
      const o = working[i]!;
      if (!protects(o, id, position, strategyId)) continue;
      const loss = lossTo(inst, sign, price, o.triggerPrice!);
      if (loss < level && loss > next) next = loss;
    }
    if (next === Number.NEGATIVE_INFINITY) break;
    level = next;
    for (let i = 0; i < working.length && remaining > 0; i++) {
      const o = working[i]!;
      if (!protects(o, id, position, strategyId) || lossTo(inst, sign, price, o.triggerPrice!) !== level)
        continue;
      const q = Math.min(o.leavesQty, remaining);
      heat += q * level;
      remaining -= q;
    }
  }
  sums.before += heat + unprotected(inst, sign * remaining, price, options);
}

/** A working reduce-only stop on the closing side of `position`, triggered at a loss. */
function protects(o: Order, id: string, position: Position, strategyId: string | undefined): boolean {
  const long = position.before > 0;
  return (
    o.reduceOnly &&
    o.instrumentId === id &&
    (strategyId === undefined || o.strategyId === strategyId) &&
    (o.type === 'stop-market' || o.type === 'stop-limit') &&
    o.side === (long ? 'sell' : 'buy') &&
    o.triggerPrice !== undefined &&
    (long ? o.triggerPrice <= position.price : o.triggerPrice >= position.price)
  );
}

/** Sets `sums.after` to `sums.before` plus the risk the order adds. */
function addOrderHeat(
  sums: Sides,
  order: Order,
  instrument: Instrument,
  view: RiskView,
  options: StopDefault,
): void {
  const entry = orderPrice(order, instrument, view);
  const stop = order.attachments?.stopLoss?.triggerPrice;
  const qty = signedQty(order);
  const heat =
    stop === undefined ? unprotected(instrument, qty, entry, options) : lossTo(instrument, qty, entry, stop);
  sums.after = sums.before + heat;
}

/**
 * Heat before and after the order over the settle-currency `book` (filled by the caller), the stops
 * taken from the account's working orders (`strategyId`'s only when given), into `sums`; a denial for
 * an unvalued position.
 */
function heatOf(
  name: string,
  order: Order,
  instrument: Instrument,
  view: RiskView,
  book: Holdings,
  strategyId: string | undefined,
  options: StopDefault,
  sums: Sides,
): RiskDenial | undefined {
  const bad = book.unpriced(true);
  if (bad !== undefined) return unpricedDenial(name, bad);
  const working = view.openOrders();
  sums.before = 0;
  for (let i = 0; i < book.length; i++) addPositionHeat(sums, book.at(i), working, strategyId, options);
  addOrderHeat(sums, order, instrument, view, options);
  return undefined;
}

/**
 * Refuses an order that would take the account's heat above `maxFractionOfEquity` × equity. Reduce-only
 * orders and orders reducing the account's position in their instrument pass.
 */
export function portfolioHeat(maxFractionOfEquity: number, options: HeatOptions = {}): PreTradeRule {
  const name = 'portfolio-heat';
  const stops = stopDefault(options);
  const book = new Holdings();
  const heat = new Sides();
  return {
    name,
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      book.fill(order, instrument, view, true);
      const denial = heatOf(name, order, instrument, view, book, undefined, stops, heat);
      if (denial !== undefined) return denial;
      const equity = view.equity();
      const limit = maxFractionOfEquity * equity;
      if (!beyond(heat.after, limit) || !(heat.after > heat.before)) return undefined;
      return heatDenial(instrument, heat, equity, maxFractionOfEquity);
    },
  };
}

// Denials are built apart from the checks: built inline, V8 boxed the numbers they quote on every check.
function heatDenial(instrument: Instrument, heat: Sides, equity: number, fraction: number): RiskDenial {
  const { before, after } = heat;
  return deny(
    'portfolio-heat',
    `heat ${after.toFixed(8)} ${instrument.settle} would exceed ${fraction} of equity ${equity.toFixed(8)}`,
    { heat: after, before, equity, limit: fraction, maxHeat: fraction * equity },
  );
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
  // Read once: the check reads closure constants, never the options of varying shapes.
  const { perStrategy, default: fallback } = options;
  const stops = stopDefault(options);
  const book = new Holdings();
  const heat = new Sides();
  return {
    name,
    check(order, instrument, view) {
      const budget = perStrategy[order.strategyId] ?? fallback;
      if (budget === undefined) return undefined;
      if (reduces(order, view.strategyPositionQty(order.strategyId, instrument.symbol))) return undefined;
      book.fill(order, instrument, view, true, order.strategyId);
      const denial = heatOf(name, order, instrument, view, book, order.strategyId, stops, heat);
      if (denial !== undefined) return denial;
      const equity = view.equity();
      const limit = budget * equity;
      if (!beyond(heat.after, limit) || !(heat.after > heat.before)) return undefined;
      return budgetDenial(order.strategyId, heat.after, equity, budget);
    },
  };
}

function budgetDenial(strategy: string, heat: number, equity: number, budget: number): RiskDenial {
  return deny(
    'risk-budget',
    `strategy ${strategy} heat ${heat.toFixed(8)} would exceed its budget ${budget} of equity ${equity.toFixed(8)}`,
    { strategy, heat, equity, limit: budget, maxHeat: budget * equity },
  );
}
