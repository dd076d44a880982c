/**
 * Commands into the simulated venue: submit, cancel, amend. Each answers at once through the listener
 * (OrderAccepted / OrderRejected, OrderCancelled / OrderCancelRejected, OrderUpdated /
 * OrderModifyRejected), stamped with the venue clock. In close mode a market order then fills inside
 * submit at the symbol's last close.
 */

import type { ClientOrderId } from '../../core/ids.js';
import type { Order } from '../../core/order.js';
import { roundQty } from '../../core/precision.js';
import type { OrderChanges } from '../../engine/venue.js';
import { sweepClosed } from './bar-matcher.js';
import { cancelWorkingOrder, takerFill } from './fills.js';
import { type CheckScope, type OrderTerms, rejectionOf } from './order-checks.js';
import { reason } from './reasons.js';
import type { VenueState } from './state.js';
import { WorkingOrder } from './working-order.js';

/** The last bar's figures for a fill at the close inside submit (one mutable instance, no allocation). */
const lastBar = { open: 0, high: 0, low: 0, volume: 0 };

export function submitOrder(st: VenueState, order: Order, symbol: number | undefined): void {
  const ts = st.clock(order.tsInit);
  const why = submissionProblem(st, order, symbol);
  if (why !== undefined || symbol === undefined) {
    st.emit({
      type: 'OrderRejected',
      clientOrderId: order.clientOrderId,
      reason: why ?? reason('unknown-symbol', `${order.instrumentId} is not traded here`),
      tsEvent: ts,
      tsInit: ts,
    });
    return;
  }
  const working = new WorkingOrder(order, symbol, st.instruments[symbol]!, st.nextVenueOrderId(), st.now);
  const last = st.last[symbol]!;
  working.placeAgainst(last);
  working.armTrailing(last);
  st.orders.set(order.clientOrderId, working);
  st.books[symbol]!.push(working);
  st.emit({
    type: 'OrderAccepted',
    clientOrderId: order.clientOrderId,
    venueOrderId: working.venueOrderId,
    tsEvent: ts,
    tsInit: ts,
  });
  if (st.closeMode && order.type === 'market') fillAtClose(st, working, ts);
}

function submissionProblem(st: VenueState, order: Order, symbol: number | undefined): string | undefined {
  if (symbol === undefined) return reason('unknown-symbol', `${order.instrumentId} is not traded here`);
  if (order.status !== 'New' && order.status !== 'Submitted')
    return reason('invalid-order', `status ${order.status}: only New or Submitted orders can be sent`);
  if (st.orders.has(order.clientOrderId))
    return reason('invalid-order', `client order id ${order.clientOrderId} was already used`);
  const terms = submissionTerms;
  terms.sign = order.side === 'buy' ? 1 : -1;
  terms.type = order.type;
  terms.timeInForce = order.timeInForce;
  terms.reduceOnly = order.reduceOnly;
  terms.qty = order.qty;
  terms.leaves = order.qty;
  terms.price = order.price ?? Number.NaN;
  terms.trigger = order.triggerPrice ?? Number.NaN;
  terms.activation = order.trailing?.activationPrice ?? Number.NaN;
  return rejectionOf(st, symbol, terms, NEW_ORDER_SCOPE);
}

/**
 * The terms of the order being submitted: one instance filled per submission (rejectionOf only reads
 * it, synchronously), so checking an order allocates nothing.
 */
const submissionTerms: { -readonly [K in keyof OrderTerms]: OrderTerms[K] } = {
  sign: 1,
  type: 'market',
  timeInForce: 'GTC',
  reduceOnly: false,
  qty: 0,
  leaves: 0,
  price: Number.NaN,
  trigger: Number.NaN,
  activation: Number.NaN,
};
const NEW_ORDER_SCOPE: CheckScope = { postOnly: true, funds: true };

/** Close mode: a market order fills at once at the last close, within the last bar's volume cap. */
function fillAtClose(st: VenueState, order: WorkingOrder, ts: number): void {
  const i = order.symbol;
  lastBar.open = st.lastOpen[i]!;
  lastBar.high = st.lastHigh[i]!;
  lastBar.low = st.lastLow[i]!;
  lastBar.volume = st.lastVolume[i]!;
  const share = st.volumeShare;
  const cap = share > 0 ? roundQty(order.inst, share * lastBar.volume) : Number.POSITIVE_INFINITY;
  takerFill(st, order, st.last[i]!, cap, lastBar, ts);
  if (order.closed && !st.matching) sweepClosed(st.books[i]!);
}

export function cancelOrder(st: VenueState, id: ClientOrderId): void {
  const ts = st.clock(0);
  const order = st.workingOrder(id);
  if (order === undefined) {
    const why = st.hasEnded(id)
      ? reason('order-closed', `order ${id} has already ended`)
      : reason('unknown-order', `no order ${id} at this venue`);
    st.emit({ type: 'OrderCancelRejected', clientOrderId: id, reason: why, tsEvent: ts, tsInit: ts });
    return;
  }
  cancelWorkingOrder(st, order, ts);
  if (!st.matching) sweepClosed(st.books[order.symbol]!);
}

export function amendOrder(st: VenueState, id: ClientOrderId, changes: OrderChanges): void {
  const ts = st.clock(0);
  const order = st.workingOrder(id);
  const why =
    order === undefined
      ? st.hasEnded(id)
        ? reason('order-closed', `order ${id} has already ended`)
        : reason('unknown-order', `no order ${id} at this venue`)
      : amendmentProblem(st, order, changes);
  if (why !== undefined || order === undefined) {
    st.emit({ type: 'OrderModifyRejected', clientOrderId: id, reason: why ?? '', tsEvent: ts, tsInit: ts });
    return;
  }
  const price = changes.price ?? order.price;
  order.qty = changes.qty ?? order.qty;
  order.price = price;
  order.trigger = changes.triggerPrice ?? order.trigger;
  const last = st.last[order.symbol]!;
  // A new trigger is placed against today's market; a new price may make a limit marketable again.
  if (changes.triggerPrice !== undefined) order.placeAgainst(last);
  if (changes.price !== undefined && order.type === 'limit') {
    order.marketable = order.sign > 0 ? price >= last : price <= last;
    order.seenBar = false;
  }
  // The amended order must not trade on bars that closed before the decision to amend it.
  order.eligibleFrom = st.now;
  st.emit({ type: 'OrderUpdated', clientOrderId: id, changes, tsEvent: ts, tsInit: ts });
}

function amendmentProblem(st: VenueState, order: WorkingOrder, changes: OrderChanges): string | undefined {
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0))
      return reason('invalid-order', `${field} ${String(value)} must be a finite number > 0`);
  }
  if (changes.price !== undefined && Number.isNaN(order.price))
    return reason('invalid-order', `a ${order.type} order has no price`);
  if (changes.triggerPrice !== undefined && (Number.isNaN(order.trigger) || order.triggered))
    return reason(
      'invalid-order',
      `a ${order.triggered ? 'triggered' : order.type} order has no trigger to move`,
    );
  if (changes.qty !== undefined && changes.qty <= order.filled)
    return reason('invalid-order', `qty ${changes.qty} must exceed the ${order.filled} already filled`);
  const qty = changes.qty ?? order.qty;
  const terms: OrderTerms = {
    sign: order.sign,
    type: order.type,
    timeInForce: order.timeInForce,
    reduceOnly: order.reduceOnly,
    qty,
    leaves: qty - order.filled,
    price: changes.price ?? order.price,
    trigger: changes.triggerPrice ?? order.trigger,
    activation: Number.NaN,
  };
  // Post-only is re-checked for a new price, funds for a larger size only.
  return rejectionOf(st, order.symbol, terms, {
    postOnly: changes.price !== undefined,
    funds: qty > order.qty,
  });
}
