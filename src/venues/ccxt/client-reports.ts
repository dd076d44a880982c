/**
 * Reports the client builds from more than one ccxt answer: the acknowledgement of a create (OKX answers
 * with ids only, so the rest comes from the request) and the current state of an order, which for a
 * triggered algo order is its child's (status, fills) under the algo order's identity (ids, type,
 * trigger, size).
 */

import type { Order } from 'ccxt';
import { attachedLegOf } from '../../core/attached-ids.js';
import {
  type CreateOrderRequest,
  ExchangeError,
  type OrderQuery,
  type OrderStatusReport,
} from '../exchange/types.js';
import { type ClientCore, findVenueOrder, triggeredChildId } from './client-core.js';
import { fetchChildOrder } from './order-operations.js';
import { learnOrderIds, orderReportFromCcxt } from './order-report.js';
import { rawNumber, rawOf } from './raw-fields.js';

/** The venue's answer to a create, completed from the request. */
export function acknowledgementReport(
  core: ClientCore,
  order: Order,
  request: CreateOrderRequest,
): OrderStatusReport {
  const { ids, context } = core;
  if (order.id !== undefined && order.id !== null && order.id !== '')
    ids.note(request.clientOrderId, { venueOrderId: order.id });
  learnOrderIds(order, ids);
  const parsed = orderReportFromCcxt(order, context, request);
  if (parsed.status === 'rejected') throw new ExchangeError('rejected', parsed.reason ?? 'order rejected');
  return {
    ...parsed,
    clientOrderId: request.clientOrderId,
    symbol: request.instrument.symbol,
    side: request.side,
    type: request.type,
    reduceOnly: request.reduceOnly === true,
    qty: request.qty,
    ...(request.type === 'limit' ? { timeInForce: request.timeInForce ?? 'GTC' } : {}),
    ...(request.price === undefined ? {} : { price: request.price }),
    ...(request.triggerPrice === undefined ? {} : { triggerPrice: request.triggerPrice }),
  };
}

/**
 * The query as the venue knows the order: a kernel child of an attached stop-loss / take-profit is the
 * attached algo order (`algoClOrdId` derived from the parent's id), which holds both legs.
 */
export function venueQuery(query: OrderQuery): OrderQuery {
  const leg = attachedLegOf(query.clientOrderId);
  return leg === undefined ? query : { ...query, clientOrderId: leg.algo, conditional: true };
}

/** A leg's own prices on the attached algo order (`slTriggerPx` / `slOrdPx`, or the `tp` pair; -1: market). */
function legPrices(
  order: Order,
  legId: string,
): Pick<OrderStatusReport, 'type' | 'triggerPrice' | 'price'> | undefined {
  const prefix = attachedLegOf(legId)?.role === 'take-profit' ? 'tp' : 'sl';
  const raw = rawOf(order.info);
  const trigger = rawNumber(raw, `${prefix}TriggerPx`);
  if (trigger === undefined || trigger <= 0) return undefined;
  const price = rawNumber(raw, `${prefix}OrdPx`);
  const limit = price !== undefined && price > 0;
  return { type: limit ? 'stop-limit' : 'stop-market', triggerPrice: trigger, ...(limit ? { price } : {}) };
}

/** One leg of an attached algo order, as the algo order's record says: ended unless it is the one that fired. */
function legReport(algo: OrderStatusReport, order: Order, legId: string): OrderStatusReport {
  const otherFired = algo.clientOrderId !== legId && attachedLegOf(algo.clientOrderId ?? '') !== undefined;
  // Failed (nothing left to close) or the sibling fired: this leg is gone at the venue, unfilled.
  const gone = otherFired || algo.status === 'rejected';
  // ccxt reads one leg's trigger and price off an OCO (it has both): each leg reports its own.
  const own = legPrices(order, legId);
  const { triggerPrice: _trigger, price: _price, ...rest } = algo;
  return {
    ...(own === undefined ? algo : { ...rest, ...own }),
    clientOrderId: legId,
    ...(gone ? { status: 'cancelled' as const, filledQty: 0, avgFillPrice: 0 } : {}),
  };
}

/** Our order as the venue has it now; undefined when the venue does not know it. */
export async function currentOrderReport(
  core: ClientCore,
  query: OrderQuery,
): Promise<OrderStatusReport | undefined> {
  const asked = venueQuery(query);
  const found = await findVenueOrder(core, asked);
  if (found === undefined) return undefined;
  let report = orderReportFromCcxt(found.order, core.context);
  if (asked !== query) {
    report = legReport(report, found.order, query.clientOrderId);
    if (report.status === 'cancelled') return report;
  }
  const childId = found.conditional ? triggeredChildId(found.order) : undefined;
  if (childId === undefined) return report;
  const child = orderReportFromCcxt(await fetchChildOrder(core, childId, query.symbol), core.context);
  return {
    ...child,
    type: report.type,
    qty: report.qty,
    ...(report.triggerPrice === undefined ? {} : { triggerPrice: report.triggerPrice }),
    venueOrderId: report.venueOrderId,
    clientOrderId: query.clientOrderId,
  };
}
