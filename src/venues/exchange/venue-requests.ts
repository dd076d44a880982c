/**
 * What the exchange venue asks its client for one tracked order: the create request (the kernel's order
 * as the venue takes it, attached stop-loss / take-profit included where the venue holds them) and the
 * query that names the order in queries and cancels.
 */

import { venueHoldsAttachments } from '../../core/attached-ids.js';
import type { Instrument } from '../../core/instrument.js';
import { attachedRequestFields } from './attached-legs.js';
import type { TrackedOrder } from './tracked-order.js';
import type { CreateOrderRequest, OrderQuery } from './types.js';

export interface RequestSettings {
  readonly marginMode?: 'cross' | 'isolated';
  /** The client places attached stop-loss / take-profit with the order (OKX `attachAlgoOrds`). */
  readonly attachedProtection: boolean;
}

export function createRequestFor(
  tracked: TrackedOrder,
  instrument: Instrument,
  settings: RequestSettings,
): CreateOrderRequest {
  const { order } = tracked;
  return {
    clientOrderId: order.clientOrderId,
    instrument,
    side: order.side,
    type: order.type,
    qty: order.qty,
    ...(order.price === undefined ? {} : { price: order.price }),
    ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
    ...(order.triggerDirection === undefined ? {} : { triggerDirection: order.triggerDirection }),
    ...(order.timeInForce === 'GTC' ? {} : { timeInForce: order.timeInForce }),
    ...(order.reduceOnly ? { reduceOnly: true } : {}),
    ...(order.trailing === undefined ? {} : { trailing: order.trailing }),
    ...(settings.attachedProtection && venueHoldsAttachments(order)
      ? attachedRequestFields(order, instrument)
      : {}),
    ...(instrument.kind === 'spot' || settings.marginMode === undefined
      ? {}
      : { marginMode: settings.marginMode }),
  };
}

/** Stops, take-profits and trailing stops are algo orders on OKX and Binance (own endpoints). */
export function queryFor(tracked: TrackedOrder): OrderQuery {
  const conditional = tracked.order.type !== 'market' && tracked.order.type !== 'limit';
  return {
    clientOrderId: tracked.clientOrderId,
    symbol: tracked.symbol,
    ...(conditional ? { conditional } : {}),
  };
}
