/**
 * Checks what a strategy asks to send before the host accepts it: garbage (NaN, zero or negative
 * quantities, non-finite prices, an unknown symbol, a limit order without a price …) must never reach
 * the order port. The shape rules are the core order rules (`checkOrderParams`, which `createOrder` applies), so the host and the order
 * manager cannot disagree.
 */

import { isQuantLabError, QuantLabError } from '../core/errors.js';
import type { ClientOrderId, InstrumentId, StrategyId } from '../core/ids.js';
import { type Instrument, instrumentIdOf } from '../core/instrument.js';
import { checkOrderParams, type OrderParams } from '../core/order.js';
import type { AmendRequest, OrderRequest } from './types.js';

function garbage(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** Instrument ids built once per instrument (`instrumentIdOf` validates with regular expressions). */
const instrumentIds = new WeakMap<Instrument, InstrumentId>();

function idOf(instrument: Instrument): InstrumentId {
  let id = instrumentIds.get(instrument);
  if (id === undefined) {
    id = instrumentIdOf(instrument);
    instrumentIds.set(instrument, id);
  }
  return id;
}

/**
 * Validates an order request and returns it with its type defaulted to `market`. Throws QL_ERR_INVALID_INPUT
 * naming the problem.
 */
export function checkOrderRequest(
  request: OrderRequest,
  context: {
    strategyId: StrategyId;
    clientOrderId: ClientOrderId;
    now: number;
    instrument: (symbol: string) => Instrument | undefined;
  },
): OrderRequest {
  if (typeof request !== 'object' || request === null) {
    throw garbage('ctx.submit needs an order request object.', { request: String(request) });
  }
  const symbol = request.symbol;
  const instrument = typeof symbol === 'string' ? context.instrument(symbol) : undefined;
  if (instrument === undefined) {
    throw garbage(`ctx.submit: unknown symbol ${JSON.stringify(symbol)}.`, { symbol });
  }
  if (request.tag !== undefined && typeof request.tag !== 'string') {
    throw garbage('ctx.submit: tag must be a string.', { symbol });
  }
  const normalized: OrderRequest = { ...request, type: request.type ?? 'market' };
  // Optional fields assigned, not spread: this runs for every order a strategy sends.
  const params: { -readonly [K in keyof OrderParams]: OrderParams[K] } = {
    clientOrderId: context.clientOrderId,
    strategyId: context.strategyId,
    instrumentId: idOf(instrument),
    side: normalized.side,
    type: normalized.type!,
    qty: normalized.qty,
    tsInit: context.now,
  };
  if (normalized.price !== undefined) params.price = normalized.price;
  if (normalized.triggerPrice !== undefined) params.triggerPrice = normalized.triggerPrice;
  if (normalized.timeInForce !== undefined) params.timeInForce = normalized.timeInForce;
  if (normalized.reduceOnly !== undefined) params.reduceOnly = normalized.reduceOnly;
  if (normalized.attachments !== undefined) params.attachments = normalized.attachments;
  if (normalized.trailing !== undefined) params.trailing = normalized.trailing;
  if (normalized.triggerDirection !== undefined) params.triggerDirection = normalized.triggerDirection;
  try {
    checkOrderParams(params);
  } catch (error) {
    if (!isQuantLabError(error)) throw error;
    throw garbage(`ctx.submit: ${error.message}`, { symbol, ...error.details });
  }
  return normalized;
}

/** Validates an amendment: at least one change, each a finite number > 0. */
export function checkAmendRequest(changes: AmendRequest): AmendRequest {
  if (typeof changes !== 'object' || changes === null) {
    throw garbage('ctx.amend needs a changes object.', {});
  }
  const fields = (['qty', 'price', 'triggerPrice'] as const).filter((f) => changes[f] !== undefined);
  if (fields.length === 0) throw garbage('ctx.amend: nothing to change (qty, price or triggerPrice).', {});
  for (const field of fields) {
    const value = changes[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw garbage(`ctx.amend: ${field} ${value} must be a finite number > 0.`, { field, value });
    }
  }
  return changes;
}
