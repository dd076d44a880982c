/**
 * Amending a working order in place.
 *
 * - OKX plain orders: `trade/amend-order` (`newSz`, `newPx`) through ccxt `editOrder`. OKX acknowledges
 *   and applies the change asynchronously (the orders channel reports it, or a failure in `amendResult`),
 *   so no report is returned.
 * - OKX algo orders: `trade/amend-algos`, sent through ccxt's raw endpoint because ccxt's `editOrder`
 *   only moves take-profit / stop-loss legs: a trigger order gets `newTriggerPx` / `newOrdPx`, a
 *   conditional order the fields of its own leg (`newSlTriggerPx` / `newSlOrdPx` or the `Tp` pair).
 *   Trailing orders cannot be amended.
 * - OKX attached stop-loss / take-profit: one leg of the attached algo order through `trade/amend-algos`
 *   by `algoClOrdId` (`amendAttachedAlgo`); the reply is an acknowledgement only.
 * - Binance USDⓈ-M: `PUT /fapi/v1/order` (limit orders only), which needs side, quantity and price, so
 *   unchanged values are taken from the order as the venue has it; the reply is the amended order.
 */

import type { Order } from 'ccxt';
import {
  type AmendReport,
  type AttachedLegAmendRequest,
  ExchangeError,
  type OrderQuery,
} from '../exchange/types.js';
import { type ClientCore, findVenueOrder } from './client-core.js';
import { amendAttachedAlgoBody } from './okx-order-call.js';
import { rawOf, rawString } from './raw-fields.js';

function refuse(core: ClientCore, query: OrderQuery, why: string): never {
  throw new ExchangeError('rejected', `${core.profile.id} cannot amend ${query.clientOrderId}: ${why}`);
}

function okxAlgoAmendBody(core: ClientCore, order: Order, changes: AmendReport): Record<string, unknown> {
  const raw = rawOf(order.info);
  const symbol = order.symbol!;
  const px = (value: number) => core.exchange.priceToPrecision(symbol, value);
  const body: Record<string, unknown> = { instId: rawString(raw, 'instId'), algoId: order.id };
  if (changes.qty !== undefined) body.newSz = core.exchange.amountToPrecision(symbol, changes.qty);
  const ordType = rawString(raw, 'ordType');
  if (ordType === 'trigger') {
    if (changes.triggerPrice !== undefined) body.newTriggerPx = px(changes.triggerPrice);
    if (changes.price !== undefined) body.newOrdPx = px(changes.price);
  } else {
    const leg = rawString(raw, 'slTriggerPx') !== undefined ? 'Sl' : 'Tp';
    const trigger = changes.triggerPrice ?? Number(rawString(raw, `${leg.toLowerCase()}TriggerPx`));
    if (changes.triggerPrice !== undefined || changes.price !== undefined) {
      body[`new${leg}TriggerPx`] = px(trigger);
      body[`new${leg}OrdPx`] =
        changes.price === undefined
          ? (rawString(raw, `${leg.toLowerCase()}OrdPx`) ?? '-1')
          : px(changes.price);
    }
  }
  return body;
}

type RawEndpoint = (body: unknown) => Promise<unknown>;

function amendAlgos(core: ClientCore, label: string, body: Record<string, unknown>): Promise<unknown> {
  // ccxt's editOrder wants the algo's type and rewrites the leg fields from its own params: the raw
  // endpoint sends exactly the body OKX documents.
  const endpoint = (core.exchange as unknown as Record<string, RawEndpoint>).privatePostTradeAmendAlgos!;
  return core.runner.run({
    operation: 'amend',
    endpoint: 'amend-algo',
    label,
    run: () => endpoint.call(core.exchange, body),
  });
}

/** Moves one leg of an attached stop-loss / take-profit the venue holds. */
export async function amendAttachedAlgo(core: ClientCore, request: AttachedLegAmendRequest): Promise<void> {
  if (!core.profile.capabilities.attachedProtection)
    throw new ExchangeError(
      'rejected',
      `${core.profile.id} holds no attached stop-loss / take-profit: ${request.algoClientOrderId} cannot be amended`,
    );
  const instId = core.exchange.market(request.symbol).id!;
  await amendAlgos(core, `amendAlgo ${request.algoClientOrderId}`, amendAttachedAlgoBody(request, instId));
}

/** Amends our order; the venue's report of it when the venue answers with one. */
export async function amendVenueOrder(
  core: ClientCore,
  query: OrderQuery,
  changes: AmendReport,
): Promise<Order | undefined> {
  const { capabilities, id: venue } = core.profile;
  if (!capabilities.amend) refuse(core, query, 'the venue has no in-place amend');
  const found = await findVenueOrder(core, query);
  if (found === undefined) {
    throw new ExchangeError('not-found', `${venue} has no order ${query.clientOrderId} to amend`);
  }
  const { order, conditional } = found;
  const raw = rawOf(order.info);
  if (conditional) {
    if (!capabilities.amendConditional)
      refuse(core, query, 'stop orders cannot be amended (cancel and replace)');
    if (rawString(raw, 'ordType') === 'move_order_stop')
      refuse(core, query, 'trailing stops cannot be amended');
    await amendAlgos(core, `amendAlgo ${query.clientOrderId}`, okxAlgoAmendBody(core, order, changes));
    return undefined;
  }
  if (changes.triggerPrice !== undefined) refuse(core, query, 'a plain order has no trigger price');
  if (order.type !== 'limit') refuse(core, query, 'only limit orders can be amended');
  const side = order.side === 'sell' ? 'sell' : 'buy';
  // Binance replaces price and quantity together; OKX takes only what changes.
  const whole = venue === 'binanceusdm';
  const qty = changes.qty ?? (whole ? (order.amount ?? undefined) : undefined);
  const price = changes.price ?? (whole ? (order.price ?? undefined) : undefined);
  const amended = await core.runner.run({
    operation: 'amend',
    endpoint: 'amend',
    label: `editOrder ${query.clientOrderId}`,
    run: () => core.exchange.editOrder(order.id!, query.symbol, 'limit', side, qty, price),
  });
  return whole ? amended : undefined;
}
