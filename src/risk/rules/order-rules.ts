/**
 * Single-order rules: size, the margin the order needs, and the venue's grid (tick, lot, minimums).
 */

import { quoteNotional, settleNotional } from '../../core/instrument.js';
import { isMultipleOf } from '../../core/precision.js';
import type { PreTradeRule } from '../../engine/risk-gate.js';
import { beyond, deny, orderPrice, reduces } from './common.js';

// Each rule builds its denial in a separate function: built inline, the numbers a denial quotes were
// boxed by V8 on every check, the passing ones included. A passing order allocates nothing.

/**
 * Refuses an order of more than `limit` contracts. Reduce-only orders and orders that reduce the
 * account's position without flipping it pass whatever their size.
 */
export function maxOrderQty(limit: number): PreTradeRule {
  return {
    name: 'max-order-qty',
    check(order, instrument, view) {
      if (!beyond(order.qty, limit)) return undefined;
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      return qtyDenial(order.qty, limit);
    },
  };
}

function qtyDenial(qty: number, limit: number) {
  return deny('max-order-qty', `order qty ${qty} exceeds the limit ${limit}`, { qty, limit });
}

export interface MarginOptions {
  /** Leverage by unified symbol (`BTC/USDT:USDT`: 10). */
  readonly leverage?: Readonly<Record<string, number>>;
  /** Leverage of symbols not in `leverage`; default: the instrument's `maxLeverage`, else 1. */
  readonly defaultLeverage?: number;
}

/**
 * Refuses an order whose initial margin — |notional in the settle currency| / leverage, at the order's
 * price — is more than `view.freeBalance()`. Reduce-only and position-reducing orders pass: they free
 * margin. Margin already held by working orders is whatever the view's free balance leaves out.
 */
export function marginAvailable(options: MarginOptions = {}): PreTradeRule {
  // Read once: the check never reads option objects of varying shapes (their numbers come out boxed).
  const { leverage: bySymbol, defaultLeverage } = options;
  return {
    name: 'margin-available',
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const leverage = bySymbol?.[instrument.symbol] ?? defaultLeverage ?? instrument.maxLeverage ?? 1;
      const price = orderPrice(order, instrument, view);
      const margin = Math.abs(settleNotional(instrument, order.qty, price)) / leverage;
      const free = view.freeBalance();
      if (!(price > 0)) return unpricedMargin(order.qty);
      if (!beyond(margin, free)) return undefined;
      return marginDenial(instrument.settle, margin, free, leverage);
    },
  };
}

function unpricedMargin(qty: number) {
  return deny('margin-available', `cannot price the order: no price and no last price`, { qty });
}

function marginDenial(settle: string, margin: number, free: number, leverage: number) {
  return deny(
    'margin-available',
    `initial margin ${margin.toFixed(8)} ${settle} exceeds the free balance ${free.toFixed(8)}`,
    { margin, freeBalance: free, leverage },
  );
}

/**
 * The venue's rules, checked before the venue rejects: qty ≥ `minSize`, qty on the lot grid, price and
 * trigger (and attached stop-loss / take-profit triggers) on the tick grid, quote notional ≥ `minNotional`.
 * Applies to every order, reduce-only included: the venue rejects those too. `details.check` names the
 * failed check.
 */
export function minSizeAndPrecision(): PreTradeRule {
  return {
    name: GRID,
    check(order, instrument, view) {
      const qty = order.qty;
      if (beyond(instrument.minSize, qty)) return gridDenial('min-size', 'qty', qty, instrument.minSize);
      if (!isMultipleOf(qty, instrument.lotSize))
        return gridDenial('lot-size', 'qty', qty, instrument.lotSize);
      // Field by field rather than a list of [field, value] pairs: nothing to allocate when all pass.
      const tick = instrument.tickSize;
      const { price, triggerPrice } = order;
      const stopLoss = order.attachments?.stopLoss?.triggerPrice;
      const takeProfit = order.attachments?.takeProfit?.triggerPrice;
      if (!onTick(price, tick)) return offTick('price', price!, tick);
      if (!onTick(triggerPrice, tick)) return offTick('triggerPrice', triggerPrice!, tick);
      if (!onTick(stopLoss, tick)) return offTick('stopLoss', stopLoss!, tick);
      if (!onTick(takeProfit, tick)) return offTick('takeProfit', takeProfit!, tick);
      const min = instrument.minNotional;
      if (min === undefined) return undefined;
      const notional = Math.abs(quoteNotional(instrument, qty, orderPrice(order, instrument, view)));
      // An unpriced market order (no last price) cannot be checked here; the venue will.
      if (!beyond(min, notional) || Number.isNaN(notional)) return undefined;
      return gridDenial('min-notional', 'notional', notional, min);
    },
  };
}

const GRID = 'min-size-and-precision';

/** An unset price field passes; a set one must be on the tick grid. */
function onTick(value: number | undefined, tickSize: number): boolean {
  return value === undefined || isMultipleOf(value, tickSize);
}

/** A size or notional denial of `minSizeAndPrecision`: `check` failed with `value` against `limit`. */
function gridDenial(
  check: 'min-size' | 'lot-size' | 'min-notional',
  field: 'qty' | 'notional',
  value: number,
  limit: number,
) {
  const message =
    check === 'min-size'
      ? `order qty ${value} is below the minimum size ${limit}`
      : check === 'lot-size'
        ? `order qty ${value} is not a multiple of the lot size ${limit}`
        : `order notional ${value} is below the minimum notional ${limit}`;
  return deny(GRID, message, { check, [field]: value, limit });
}

function offTick(field: string, value: number, tickSize: number) {
  return deny(GRID, `${field} ${value} is not a multiple of the tick size ${tickSize}`, {
    check: 'tick-size',
    field,
    price: value,
    limit: tickSize,
  });
}
