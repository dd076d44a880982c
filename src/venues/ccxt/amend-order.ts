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
 * - Binance USDⓈ-M: `PUT /fapi/v1/order` (limit orders only), which needs side, quantity and price, so
 *   unchanged values are taken from the order as the venue has it; the reply is the amended order.
 */

import type { Order } from 'ccxt';
import { type AmendReport, ExchangeError, type OrderQuery } from '../exchange/types.js';
import { type ClientCore, findVenueOrder } from './client-core.js';
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
    const body = okxAlgoAmendBody(core, order, changes);
    const amendAlgos = (core.exchange as unknown as Record<string, (body: unknown) => Promise<unknown>>)
      .privatePostTradeAmendAlgos!;
    await core.runner.run({
      operation: 'amend',
      endpoint: 'amend-algo',
      label: `amendAlgo ${query.clientOrderId}`,
      run: () => amendAlgos.call(core.exchange, body),
    });
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
