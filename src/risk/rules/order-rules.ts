/**
 * Single-order rules: size, the margin the order needs, and the venue's grid (tick, lot, minimums).
 */

import { quoteNotional, settleNotional } from '../../core/instrument.js';
import { isMultipleOf } from '../../core/precision.js';
import type { PreTradeRule } from '../../engine/risk-gate.js';
import { beyond, deny, orderPrice, reduces } from './common.js';

/**
 * Refuses an order of more than `limit` contracts. Reduce-only orders and orders that reduce the
 * account's position without flipping it pass whatever their size.
 */
export function maxOrderQty(limit: number): PreTradeRule {
  const name = 'max-order-qty';
  return {
    name,
    check(order, instrument, view) {
      if (!beyond(order.qty, limit)) return undefined;
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      return deny(name, `order qty ${order.qty} exceeds the limit ${limit}`, { qty: order.qty, limit });
    },
  };
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
  const name = 'margin-available';
  return {
    name,
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const leverage =
        options.leverage?.[instrument.symbol] ?? options.defaultLeverage ?? instrument.maxLeverage ?? 1;
      const price = orderPrice(order, instrument, view);
      const margin = Math.abs(settleNotional(instrument, order.qty, price)) / leverage;
      const free = view.freeBalance();
      if (!(price > 0)) {
        return deny(name, `cannot price the order: no price and no last price`, { qty: order.qty });
      }
      if (!beyond(margin, free)) return undefined;
      return deny(
        name,
        `initial margin ${margin.toFixed(8)} ${instrument.settle} exceeds the free balance ${free.toFixed(8)}`,
        { margin, freeBalance: free, leverage },
      );
    },
  };
}

/**
 * The venue's rules, checked before the venue rejects: qty ≥ `minSize`, qty on the lot grid, price and
 * trigger (and attached stop-loss / take-profit triggers) on the tick grid, quote notional ≥ `minNotional`.
 * Applies to every order, reduce-only included: the venue rejects those too. `details.check` names the
 * failed check.
 */
export function minSizeAndPrecision(): PreTradeRule {
  const name = 'min-size-and-precision';
  return {
    name,
    check(order, instrument, view) {
      if (beyond(instrument.minSize, order.qty)) {
        return deny(name, `order qty ${order.qty} is below the minimum size ${instrument.minSize}`, {
          check: 'min-size',
          qty: order.qty,
          limit: instrument.minSize,
        });
      }
      if (!isMultipleOf(order.qty, instrument.lotSize)) {
        return deny(name, `order qty ${order.qty} is not a multiple of the lot size ${instrument.lotSize}`, {
          check: 'lot-size',
          qty: order.qty,
          limit: instrument.lotSize,
        });
      }
      const prices: [string, number | undefined][] = [
        ['price', order.price],
        ['triggerPrice', order.triggerPrice],
        ['stopLoss', order.attachments?.stopLoss?.triggerPrice],
        ['takeProfit', order.attachments?.takeProfit?.triggerPrice],
      ];
      for (const [field, value] of prices) {
        if (value === undefined || isMultipleOf(value, instrument.tickSize)) continue;
        return deny(name, `${field} ${value} is not a multiple of the tick size ${instrument.tickSize}`, {
          check: 'tick-size',
          field,
          price: value,
          limit: instrument.tickSize,
        });
      }
      const min = instrument.minNotional;
      if (min === undefined) return undefined;
      const notional = Math.abs(quoteNotional(instrument, order.qty, orderPrice(order, instrument, view)));
      // An unpriced market order (no last price) cannot be checked here; the venue will.
      if (!beyond(min, notional) || Number.isNaN(notional)) return undefined;
      return deny(name, `order notional ${notional} is below the minimum notional ${min}`, {
        check: 'min-notional',
        notional,
        limit: min,
      });
    },
  };
}
