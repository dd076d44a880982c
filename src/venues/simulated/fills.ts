/**
 * Executing fills of working orders against the account: the account cuts (reduce-only, spot holdings,
 * spot cash), the fill itself (fee, Fill record, OrderFilled), and the order endings (cancel, expire).
 */

import type { Fill } from '../../core/fill.js';
import { tradeId } from '../../core/ids.js';
import { roundQty } from '../../core/precision.js';
import { feeFor, slippageFraction, takerPrice } from './pricing.js';
import type { VenueState } from './state.js';
import { QTY_EPSILON, type WorkingOrder } from './working-order.js';

export function cancelWorkingOrder(st: VenueState, order: WorkingOrder, ts: number): void {
  st.endOrder(order);
  st.emit({ type: 'OrderCancelled', clientOrderId: order.clientOrderId, tsEvent: ts, tsInit: ts });
}

export function expireWorkingOrder(st: VenueState, order: WorkingOrder, ts: number): void {
  st.endOrder(order);
  st.emit({ type: 'OrderExpired', clientOrderId: order.clientOrderId, tsEvent: ts, tsInit: ts });
}

/**
 * How much of `want` the account lets the order fill at `price` now (0 = nothing):
 * - reduce-only (and every spot sell): at most the opposite position, nothing when there is none;
 * - spot buy: what the available cash pays for including the fee, down to the lot; nothing when that is
 *   below the minimum size.
 */
export function allowedQty(
  st: VenueState,
  order: WorkingOrder,
  want: number,
  price: number,
  rate: number,
): number {
  const i = order.symbol;
  const account = st.account;
  const spot = account.isSpot(i);
  let qty = want;
  if (order.reduceOnly || (spot && order.sign < 0)) {
    const position = account.qty[i]!;
    if (position === 0 || Math.sign(position) === order.sign) return 0;
    qty = Math.min(qty, Math.abs(position));
  }
  if (spot && order.sign > 0) {
    const cash = account.available(st.last);
    if (qty * price * (1 + rate) > cash) {
      const afford = cash > 0 ? roundQty(order.inst, cash / (price * (1 + rate))) : 0;
      if (afford <= 0 || afford < order.inst.minSize) return 0;
      qty = Math.min(qty, afford);
    }
  }
  return qty;
}

/** Books a fill of exactly `qty` (already allowed) and reports it. */
export function executeFill(
  st: VenueState,
  order: WorkingOrder,
  qty: number,
  price: number,
  maker: boolean,
  ts: number,
): void {
  const inst = order.inst;
  const fill: Fill = {
    tradeId: tradeId(st.nextTradeId()),
    clientOrderId: order.clientOrderId,
    venueOrderId: order.venueOrderId,
    instrumentId: order.instrumentId,
    side: order.side,
    qty,
    price,
    fee: feeFor(inst, qty, price, st.feeRate(maker)),
    feeCurrency: inst.settle,
    liquidity: maker ? 'maker' : 'taker',
    tsEvent: ts,
    tsInit: ts,
  };
  order.filled += qty;
  st.account.applyFill(order.symbol, fill);
  if (order.isComplete()) st.endOrder(order);
  st.emit({ type: 'OrderFilled', clientOrderId: order.clientOrderId, fill, tsEvent: ts, tsInit: ts });
}

/**
 * Fills up to `want` at `price` after the account cuts. An order the account cuts can never fill the rest
 * (the position or the cash is gone), so the rest is cancelled; an order with nothing allowed is
 * cancelled without a fill. Returns the quantity filled.
 */
export function fillUpTo(
  st: VenueState,
  order: WorkingOrder,
  want: number,
  price: number,
  maker: boolean,
  ts: number,
): number {
  const qty = allowedQty(st, order, want, price, st.feeRate(maker));
  if (qty <= 0) {
    cancelWorkingOrder(st, order, ts);
    return 0;
  }
  executeFill(st, order, qty, price, maker, ts);
  if (!order.closed && want - qty > want * QTY_EPSILON) cancelWorkingOrder(st, order, ts);
  return qty;
}

/**
 * A taker fill of up to `cap` contracts at `base` moved by slippage (never worse than the limit of a
 * limit order), computed on the bar (open, high, low, volume). Then the time in force: FOK fills all or
 * expires untouched; IOC expires what is left. Returns the quantity filled.
 */
export function takerFill(
  st: VenueState,
  order: WorkingOrder,
  base: number,
  cap: number,
  bar: { readonly open: number; readonly high: number; readonly low: number; readonly volume: number },
  ts: number,
): number {
  const immediate = order.isImmediate();
  const leaves = order.leaves;
  const want = Math.min(leaves, cap);
  if (!(want > 0)) {
    if (immediate) expireWorkingOrder(st, order, ts);
    return 0;
  }
  const slip = slippageFraction(st.slippage, want, bar.open, bar.high, bar.low, bar.volume);
  const price = takerPrice(order.sign, base, slip, order.actsAsLimit() ? order.price : Number.NaN);
  if (immediate && order.timeInForce === 'FOK') {
    const all = leaves * (1 - QTY_EPSILON);
    if (want < all || allowedQty(st, order, want, price, st.takerRate) < all) {
      expireWorkingOrder(st, order, ts);
      return 0;
    }
  }
  const filled = fillUpTo(st, order, want, price, false, ts);
  if (immediate && !order.closed) expireWorkingOrder(st, order, ts);
  return filled;
}
