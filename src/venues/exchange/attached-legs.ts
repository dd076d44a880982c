/**
 * Attached stop-loss / take-profit held by the venue (OKX `attachAlgoOrds`, one attached algo order per
 * parent): what the create request carries, and which tracked child orders a report about the attached
 * algo order concerns. The kernel's children are named after the parent (src/core/attached-ids.ts).
 */

import { attachedLegsOfAlgo } from '../../core/attached-ids.js';
import type { Instrument } from '../../core/instrument.js';
import type { Order, ProtectiveAttachment } from '../../core/order.js';
import { roundPrice } from '../../core/precision.js';
import type { TrackedOrder } from './tracked-order.js';
import type { CreateOrderRequest } from './types.js';

type Leg = { readonly triggerPrice: number; readonly price?: number };

function onGrid(inst: Instrument, leg: ProtectiveAttachment): Leg {
  return {
    triggerPrice: roundPrice(inst, leg.triggerPrice),
    ...(leg.price === undefined ? {} : { price: roundPrice(inst, leg.price) }),
  };
}

/** The request's attached legs, on the instrument's price grid (a venue refuses off-grid prices). */
export function attachedRequestFields(
  order: Order,
  inst: Instrument,
): Pick<CreateOrderRequest, 'stopLoss' | 'takeProfit'> {
  const { stopLoss, takeProfit } = order.attachments ?? {};
  return {
    ...(stopLoss === undefined ? {} : { stopLoss: onGrid(inst, stopLoss) }),
    ...(takeProfit === undefined ? {} : { takeProfit: onGrid(inst, takeProfit) }),
  };
}

/** The tracked children of an attached algo order, by its client id; empty for any other id. */
export function trackedLegs(
  tracked: ReadonlyMap<string, TrackedOrder>,
  clientOrderId: string | undefined,
): TrackedOrder[] {
  if (clientOrderId === undefined || tracked.has(clientOrderId)) return [];
  const ids = attachedLegsOfAlgo(clientOrderId);
  if (ids === undefined) return [];
  const legs: TrackedOrder[] = [];
  for (const id of [ids.stopLoss, ids.takeProfit]) {
    const leg = tracked.get(id);
    if (leg?.venueHeld === true) legs.push(leg);
  }
  return legs;
}
