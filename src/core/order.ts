/**
 * Orders, their events (NautilusTrader vocabulary, past tense) and `applyOrderEvent`, the pure function
 * that moves an order through the table in `order-state.ts`.
 *
 * Quantities are in contracts (see `instrument.ts`). `leavesQty` is what is still open at the venue:
 * qty − filledQty while the order is New or working, 0 once it has ended.
 */

import { QuantLabError } from './errors.js';
import { feesWith } from './fees.js';
import { type Fill, validateFill } from './fill.js';
import type { ClientOrderId, InstrumentId, StrategyId, TradeId, VenueOrderId } from './ids.js';
import type { Instrument } from './instrument.js';
import {
  FILL_KEEP_OR_FILLED,
  isTerminal,
  type OrderStatus,
  PREVIOUS_WORKING_STATUS,
  transitionFor,
} from './order-state.js';
import { validateOrderPrice, validateOrderQty } from './precision.js';
import { isOrderSide, type OrderSide } from './side.js';

/**
 * `stop-market` / `stop-limit` trigger when the price *reaches* `triggerPrice` from the side it was on when
 * the order was placed (OKX conditional-order semantics): a sell stop below the market is a stop-loss, a
 * sell stop above it a take-profit. `trailing-stop` is a stop-market whose trigger follows the best price
 * since activation by `trailing.callbackRate` (fraction) or `trailing.callbackOffset` (price units).
 */
export type OrderType = 'market' | 'limit' | 'stop-market' | 'stop-limit' | 'trailing-stop';
export type TriggerDirection = 'rise' | 'fall';

export const ORDER_TYPES: readonly OrderType[] = [
  'market',
  'limit',
  'stop-market',
  'stop-limit',
  'trailing-stop',
];
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'POST_ONLY';

/** A stop-loss or take-profit attached to an order (OKX attachAlgoOrds); `price` absent = market. */
export interface ProtectiveAttachment {
  readonly triggerPrice: number;
  readonly price?: number;
}

/** A trailing stop attached to an order: by a fraction of price or a fixed offset. */
export interface TrailingAttachment {
  /** 0.01 = 1 %. */
  readonly callbackRate?: number;
  readonly callbackOffset?: number;
  readonly activationPrice?: number;
}

export interface OrderAttachments {
  readonly stopLoss?: ProtectiveAttachment;
  readonly takeProfit?: ProtectiveAttachment;
  readonly trailing?: TrailingAttachment;
}

/** What a strategy asks for; `createOrder` validates it and returns a New order. */
export interface OrderParams {
  readonly clientOrderId: ClientOrderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Contracts, > 0. */
  readonly qty: number;
  /** Limit price: required for limit and stop-limit, absent otherwise. */
  readonly price?: number;
  /** Trigger price: required for stop-market and stop-limit, absent otherwise. */
  readonly triggerPrice?: number;
  /** Default GTC. */
  readonly timeInForce?: TimeInForce;
  /** Default false. */
  readonly reduceOnly?: boolean;
  readonly attachments?: OrderAttachments;
  /** Required for `trailing-stop` orders, absent otherwise. */
  readonly trailing?: TrailingAttachment;
  /**
   * For stop orders: fire when the price rises to the trigger or falls to it. Absent: the side the price
   * is on when the venue receives the order decides (OKX conditional orders).
   */
  readonly triggerDirection?: TriggerDirection;
  /** When the order was created, epoch ms. */
  readonly tsInit: number;
}

export interface Order
  extends Required<
    Omit<OrderParams, 'price' | 'triggerPrice' | 'attachments' | 'trailing' | 'triggerDirection'>
  > {
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly attachments?: OrderAttachments;
  readonly trailing?: TrailingAttachment;
  readonly triggerDirection?: TriggerDirection;
  readonly venueOrderId?: VenueOrderId;
  readonly status: OrderStatus;
  readonly filledQty: number;
  readonly leavesQty: number;
  /** Volume-weighted average fill price; 0 until the first fill. */
  readonly avgFillPrice: number;
  /** Fees paid per currency (negative = rebate). */
  readonly fees: Readonly<Record<string, number>>;
  /** Trade ids already applied, for de-duplication. */
  readonly tradeIds: readonly TradeId[];
  /** The working status to return to if a cancel is rejected (set while PendingCancel). */
  readonly statusBeforeCancel?: OrderStatus;
  /** Reason given by the last denial, rejection or cancel rejection. */
  readonly reason?: string;
  /** tsEvent of the last applied event (tsInit of the order before any). */
  readonly tsLastEvent: number;
}

interface OrderEventBase {
  readonly clientOrderId: ClientOrderId;
  /** When it happened, epoch ms. */
  readonly tsEvent: number;
  /** When we saw it, epoch ms. */
  readonly tsInit: number;
}

export interface OrderDenied extends OrderEventBase {
  readonly type: 'OrderDenied';
  readonly reason: string;
}
export interface OrderSubmitted extends OrderEventBase {
  readonly type: 'OrderSubmitted';
}
export interface OrderAccepted extends OrderEventBase {
  readonly type: 'OrderAccepted';
  readonly venueOrderId: VenueOrderId;
}
export interface OrderRejected extends OrderEventBase {
  readonly type: 'OrderRejected';
  readonly reason: string;
}
export interface OrderPendingCancel extends OrderEventBase {
  readonly type: 'OrderPendingCancel';
}
export interface OrderCancelRejected extends OrderEventBase {
  readonly type: 'OrderCancelRejected';
  readonly reason: string;
}
export interface OrderCancelled extends OrderEventBase {
  readonly type: 'OrderCancelled';
}
export interface OrderExpired extends OrderEventBase {
  readonly type: 'OrderExpired';
}
export interface OrderFilled extends OrderEventBase {
  readonly type: 'OrderFilled';
  readonly fill: Fill;
}

export type OrderEvent =
  | OrderDenied
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderPendingCancel
  | OrderCancelRejected
  | OrderCancelled
  | OrderExpired
  | OrderFilled;

/** Relative slack for comparing filled against ordered quantity (float noise in summed fills). */
export const FILL_QTY_EPSILON = 1e-9;

const NO_FEES: Readonly<Record<string, number>> = Object.freeze({});
const NO_TRADE_IDS: readonly TradeId[] = Object.freeze([]);

function orderInvalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_ORDER_INVALID', message, { details });
}

/** Error details naming the order, built only when a check fails (the passing path allocates nothing). */
function idOf(params: OrderParams): Record<string, unknown> {
  return { clientOrderId: params.clientOrderId };
}

function positiveOrUndefined(field: string, value: number | undefined, params: OrderParams): void {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
    throw orderInvalid(`Order ${field} ${value} must be a finite number > 0.`, {
      ...idOf(params),
      field,
      value,
    });
  }
}

function checkTrailing(field: string, trailing: TrailingAttachment, params: OrderParams): void {
  if ((trailing.callbackRate === undefined) === (trailing.callbackOffset === undefined)) {
    throw orderInvalid(`${field} needs exactly one of callbackRate or callbackOffset.`, idOf(params));
  }
  positiveOrUndefined(`${field}.callbackRate`, trailing.callbackRate, params);
  positiveOrUndefined(`${field}.callbackOffset`, trailing.callbackOffset, params);
  positiveOrUndefined(`${field}.activationPrice`, trailing.activationPrice, params);
  if (trailing.callbackRate !== undefined && trailing.callbackRate >= 1)
    throw orderInvalid(`${field}.callbackRate ${trailing.callbackRate} must be < 1.`, idOf(params));
}

function checkProtective(
  name: string,
  attachment: ProtectiveAttachment | undefined,
  params: OrderParams,
): void {
  if (attachment === undefined) return;
  if (!Number.isFinite(attachment.triggerPrice) || attachment.triggerPrice <= 0) {
    throw orderInvalid(
      `The ${name} trigger price ${attachment.triggerPrice} must be a finite number > 0.`,
      idOf(params),
    );
  }
  positiveOrUndefined(`${name}.price`, attachment.price, params);
}

const TIMES_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'POST_ONLY'];

/**
 * Throws QL_ERR_ORDER_INVALID when `params` break a shape rule (not the instrument grid) of
 * `createOrder`. The strategy host checks every request with it before the order manager builds the order.
 */
export function checkOrderParams(params: OrderParams): void {
  if (!isOrderSide(params.side))
    throw orderInvalid(`Order side ${String(params.side)} must be buy or sell.`, idOf(params));
  if (!ORDER_TYPES.includes(params.type)) {
    throw orderInvalid(
      `Order type ${String(params.type)} is not market, limit, stop-market, stop-limit or trailing-stop.`,
      idOf(params),
    );
  }
  const timeInForce = params.timeInForce ?? 'GTC';
  if (!TIMES_IN_FORCE.includes(timeInForce)) {
    throw orderInvalid(
      `Time in force ${String(timeInForce)} is not GTC, IOC, FOK or POST_ONLY.`,
      idOf(params),
    );
  }
  if (!Number.isFinite(params.qty) || params.qty <= 0)
    throw orderInvalid(`Order qty ${params.qty} must be a finite number > 0.`, idOf(params));
  const needsPrice = params.type === 'limit' || params.type === 'stop-limit';
  const needsTrigger = params.type === 'stop-market' || params.type === 'stop-limit';
  if (needsPrice !== (params.price !== undefined)) {
    throw orderInvalid(`A ${params.type} order ${needsPrice ? 'needs' : 'takes no'} price.`, idOf(params));
  }
  if (needsTrigger !== (params.triggerPrice !== undefined)) {
    throw orderInvalid(
      `A ${params.type} order ${needsTrigger ? 'needs' : 'takes no'} trigger price.`,
      idOf(params),
    );
  }
  positiveOrUndefined('price', params.price, params);
  positiveOrUndefined('triggerPrice', params.triggerPrice, params);
  if (timeInForce === 'POST_ONLY' && params.type !== 'limit')
    throw orderInvalid('POST_ONLY applies to limit orders only.', idOf(params));
  if ((params.type === 'trailing-stop') !== (params.trailing !== undefined)) {
    throw orderInvalid(
      `A ${params.type} order ${params.type === 'trailing-stop' ? 'needs' : 'takes no'} trailing settings.`,
      idOf(params),
    );
  }
  if (params.trailing !== undefined) checkTrailing('trailing', params.trailing, params);
  if (params.triggerDirection !== undefined) {
    if (params.triggerDirection !== 'rise' && params.triggerDirection !== 'fall') {
      throw orderInvalid(
        `Trigger direction ${String(params.triggerDirection)} is not rise or fall.`,
        idOf(params),
      );
    }
    if (params.triggerPrice === undefined)
      throw orderInvalid(`A ${params.type} order takes no trigger direction.`, idOf(params));
  }
  const attachments = params.attachments;
  if (attachments !== undefined) {
    checkProtective('stopLoss', attachments.stopLoss, params);
    checkProtective('takeProfit', attachments.takeProfit, params);
    if (attachments.trailing !== undefined)
      checkTrailing('attachments.trailing', attachments.trailing, params);
  }
  if (!Number.isFinite(params.tsInit))
    throw orderInvalid(`Order tsInit ${params.tsInit} must be finite.`, idOf(params));
}

/** Validates `params` (shape only, not the instrument grid) and returns a New order. Throws QL_ERR_ORDER_INVALID. */
export function createOrder(params: OrderParams): Order {
  checkOrderParams(params);
  const timeInForce = params.timeInForce ?? 'GTC';
  // One literal, optional fields assigned after: conditional spreads made objects of many shapes (slow).
  const order: { -readonly [K in keyof Order]: Order[K] } = {
    clientOrderId: params.clientOrderId,
    strategyId: params.strategyId,
    instrumentId: params.instrumentId,
    side: params.side,
    type: params.type,
    qty: params.qty,
    timeInForce,
    reduceOnly: params.reduceOnly ?? false,
    tsInit: params.tsInit,
    status: 'New',
    filledQty: 0,
    leavesQty: params.qty,
    avgFillPrice: 0,
    // Shared, frozen empties: a New order has paid nothing and traded nothing (fills replace them).
    fees: NO_FEES,
    tradeIds: NO_TRADE_IDS,
    tsLastEvent: params.tsInit,
  };
  if (params.price !== undefined) order.price = params.price;
  if (params.triggerPrice !== undefined) order.triggerPrice = params.triggerPrice;
  if (params.attachments !== undefined) order.attachments = params.attachments;
  if (params.trailing !== undefined) order.trailing = params.trailing;
  if (params.triggerDirection !== undefined) order.triggerDirection = params.triggerDirection;
  return order;
}

/**
 * Checks an order against its instrument's grid and size rules (tick, lot, min size, min notional):
 * throws QL_ERR_ORDER_INVALID naming the rule.
 */
export function validateOrderForInstrument(
  order: Pick<Order, 'qty' | 'price' | 'triggerPrice'>,
  inst: Instrument,
): void {
  if (order.price !== undefined) validateOrderPrice(inst, order.price);
  if (order.triggerPrice !== undefined) validateOrderPrice(inst, order.triggerPrice);
  validateOrderQty(inst, order.qty, order.price ?? order.triggerPrice);
}

function illegal(
  order: Order,
  event: OrderEvent,
  why?: string,
  extra: Record<string, unknown> = {},
): QuantLabError {
  const reason = why ?? `${event.type} is not allowed in status ${order.status}`;
  return new QuantLabError('QL_ERR_ORDER_ILLEGAL_TRANSITION', `Order ${order.clientOrderId}: ${reason}.`, {
    details: { from: order.status, event: event.type, clientOrderId: order.clientOrderId, ...extra },
  });
}

/**
 * Applies one event and returns the new order (the input is never changed). Throws
 * QL_ERR_ORDER_ILLEGAL_TRANSITION (details: from, event, clientOrderId) for a move the table forbids,
 * an overfill or a venue order id that contradicts the one we have; QL_ERR_INVALID_INPUT for an event
 * meant for another order or a malformed fill. A fill whose trade id was already applied returns `order`
 * itself.
 */
export function applyOrderEvent(order: Order, event: OrderEvent): Order {
  if (event.clientOrderId !== order.clientOrderId) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `Event ${event.type} for ${event.clientOrderId} applied to order ${order.clientOrderId}.`,
      {
        details: {
          clientOrderId: order.clientOrderId,
          eventClientOrderId: event.clientOrderId,
          event: event.type,
        },
      },
    );
  }
  if (event.type === 'OrderFilled' && order.tradeIds.includes(event.fill.tradeId)) return order;
  const target = transitionFor(order.status, event.type);
  if (target === undefined) throw illegal(order, event);
  const ts = event.tsEvent;
  switch (event.type) {
    case 'OrderFilled':
      return applyFill(order, event, target);
    case 'OrderAccepted': {
      if (order.venueOrderId !== undefined && order.venueOrderId !== event.venueOrderId) {
        throw illegal(
          order,
          event,
          `venue order id ${event.venueOrderId} contradicts ${order.venueOrderId}`,
          {
            venueOrderId: order.venueOrderId,
            eventVenueOrderId: event.venueOrderId,
          },
        );
      }
      // A late ack while a cancel is pending means the order would be working at the venue if it is refused.
      const lateAck = order.status === 'PendingCancel' && order.statusBeforeCancel === 'Submitted';
      const before = lateAck ? 'Accepted' : order.statusBeforeCancel;
      return moved(
        order,
        target as OrderStatus,
        ts,
        order.leavesQty,
        event.venueOrderId,
        before,
        order.reason,
      );
    }
    case 'OrderPendingCancel': {
      const before = order.status === 'PendingCancel' ? order.statusBeforeCancel : order.status;
      return moved(order, 'PendingCancel', ts, order.leavesQty, order.venueOrderId, before, order.reason);
    }
    case 'OrderCancelRejected': {
      if (target !== PREVIOUS_WORKING_STATUS) {
        const before = order.statusBeforeCancel;
        return moved(order, order.status, ts, order.leavesQty, order.venueOrderId, before, event.reason);
      }
      const back = order.statusBeforeCancel ?? 'Accepted';
      return moved(order, back, ts, order.leavesQty, order.venueOrderId, undefined, event.reason);
    }
    case 'OrderDenied':
    case 'OrderRejected':
      return settled(order, target as OrderStatus, ts, event.reason);
    default:
      return settled(order, target as OrderStatus, ts, order.reason);
  }
}

/**
 * `order` moved to `status` by an event other than a fill, settled: PendingCancel bookkeeping dropped
 * once the order has left PendingCancel, leaves zeroed once it has ended.
 */
function settled(order: Order, status: OrderStatus, ts: number, reason: string | undefined): Order {
  const before = status === 'PendingCancel' ? order.statusBeforeCancel : undefined;
  const leavesQty = isTerminal(status) ? 0 : order.leavesQty;
  return moved(order, status, ts, leavesQty, order.venueOrderId, before, reason);
}

/**
 * A copy of `order` with the fields a non-fill event changes; optional ones are passed whole (undefined =
 * absent). Positional, one literal in the field order of `createOrder`: every order event passes here, and
 * a patch object per event (or a second copy to settle the first) was garbage that the GC had to sweep.
 */
function moved(
  order: Order,
  status: OrderStatus,
  ts: number,
  leavesQty: number,
  venueOrderId: VenueOrderId | undefined,
  statusBeforeCancel: OrderStatus | undefined,
  reason: string | undefined,
): Order {
  const next: Mutable<Order> = {
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    side: order.side,
    type: order.type,
    qty: order.qty,
    timeInForce: order.timeInForce,
    reduceOnly: order.reduceOnly,
    tsInit: order.tsInit,
    status,
    filledQty: order.filledQty,
    leavesQty,
    avgFillPrice: order.avgFillPrice,
    fees: order.fees,
    tradeIds: order.tradeIds,
    tsLastEvent: ts,
  };
  copyOptionalFields(next, order, venueOrderId, statusBeforeCancel, reason);
  return next;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Sets the optional fields on a fresh version, always in the same order (one hidden class per kind). */
function copyOptionalFields(
  next: Mutable<Order>,
  order: Order,
  venueOrderId: VenueOrderId | undefined,
  statusBeforeCancel: OrderStatus | undefined,
  reason: string | undefined,
): void {
  if (order.price !== undefined) next.price = order.price;
  if (order.triggerPrice !== undefined) next.triggerPrice = order.triggerPrice;
  if (order.attachments !== undefined) next.attachments = order.attachments;
  if (order.trailing !== undefined) next.trailing = order.trailing;
  if (order.triggerDirection !== undefined) next.triggerDirection = order.triggerDirection;
  if (venueOrderId !== undefined) next.venueOrderId = venueOrderId;
  if (statusBeforeCancel !== undefined) next.statusBeforeCancel = statusBeforeCancel;
  if (reason !== undefined) next.reason = reason;
}

function applyFill(order: Order, event: OrderFilled, target: string): Order {
  const fill = validateFill(event.fill);
  if (
    fill.clientOrderId !== order.clientOrderId ||
    fill.instrumentId !== order.instrumentId ||
    fill.side !== order.side
  ) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `Fill ${fill.tradeId} does not match order ${order.clientOrderId} (id, instrument or side).`,
      {
        details: {
          clientOrderId: order.clientOrderId,
          tradeId: fill.tradeId,
          fillClientOrderId: fill.clientOrderId,
        },
      },
    );
  }
  const epsilon = order.qty * FILL_QTY_EPSILON;
  let filledQty = order.filledQty + fill.qty;
  if (filledQty > order.qty + epsilon) {
    throw illegal(
      order,
      event,
      `fill ${fill.tradeId} of ${fill.qty} overfills (${filledQty} > ${order.qty})`,
      {
        reason: 'overfill',
        tradeId: fill.tradeId,
        filledQty,
        qty: order.qty,
      },
    );
  }
  const complete = filledQty >= order.qty - epsilon;
  if (complete) filledQty = order.qty;
  const avgFillPrice =
    (order.avgFillPrice * order.filledQty + fill.price * fill.qty) / (order.filledQty + fill.qty);
  let status: OrderStatus;
  if (complete) status = 'Filled';
  else if (target === FILL_KEEP_OR_FILLED) status = order.status;
  else status = 'PartiallyFilled';
  const next: Mutable<Order> = {
    clientOrderId: order.clientOrderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    side: order.side,
    type: order.type,
    qty: order.qty,
    timeInForce: order.timeInForce,
    reduceOnly: order.reduceOnly,
    tsInit: order.tsInit,
    status,
    filledQty,
    leavesQty: isTerminal(status) ? 0 : order.qty - filledQty,
    avgFillPrice,
    fees: feesWith(order.fees, fill.feeCurrency, fill.fee),
    tradeIds: tradeIdsWith(order.tradeIds, fill.tradeId),
    tsLastEvent: event.tsEvent,
  };
  // Partly filled while a cancel is pending: if the cancel is refused, the order is PartiallyFilled.
  // Any other status has left PendingCancel, so its bookkeeping goes.
  const before = status === 'PendingCancel' ? 'PartiallyFilled' : undefined;
  copyOptionalFields(next, order, order.venueOrderId ?? fill.venueOrderId, before, order.reason);
  return next;
}

/** `ids` and `id`, in an array of exactly that length (a push would over-allocate for growth). */
function tradeIdsWith(ids: readonly TradeId[], id: TradeId): readonly TradeId[] {
  return ids.length === 0 ? [id] : ids.concat(id);
}
