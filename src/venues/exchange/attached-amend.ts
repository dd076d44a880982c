/**
 * Amending a child the venue holds: one leg of the attached algo order (OKX `amend-algos` with
 * `newSlTriggerPx` / `newSlOrdPx` or the `Tp` pair, addressed by the attached order's `algoClOrdId`).
 * Only its prices move: OKX sizes the attached order from what the entry filled.
 */

import { attachedLegOf } from '../../core/attached-ids.js';
import type { OrderChanges } from '../../engine/venue.js';
import type { TrackedOrder } from './tracked-order.js';
import type { AttachedLegAmendRequest, OrderStatusReport } from './types.js';

/** Why an amend of a held leg is refused before anything is sent; undefined when it can go. */
export function heldLegRefusal(tracked: TrackedOrder, changes: OrderChanges): string | undefined {
  if (attachedLegOf(tracked.clientOrderId) === undefined)
    return 'rejected: not a child of an attached stop-loss / take-profit';
  if (changes.qty !== undefined)
    return 'rejected: the venue sizes an attached stop-loss / take-profit from its entry; its quantity cannot be amended';
  if (changes.price !== undefined && tracked.price === undefined)
    return 'rejected: a market stop-loss / take-profit held by the venue has no limit price to amend';
  if (changes.price === undefined && changes.triggerPrice === undefined) return 'rejected: nothing to amend';
  if (tracked.triggerPrice === undefined) return 'rejected: the leg has no trigger price';
  return undefined;
}

/** The leg's new prices; the one that does not change is restated (OKX takes trigger and price together). */
export function heldLegAmend(tracked: TrackedOrder, changes: OrderChanges): AttachedLegAmendRequest {
  const leg = attachedLegOf(tracked.clientOrderId)!;
  const price = changes.price ?? tracked.price;
  return {
    algoClientOrderId: leg.algo,
    symbol: tracked.symbol,
    role: leg.role,
    triggerPrice: changes.triggerPrice ?? tracked.triggerPrice!,
    ...(price === undefined ? {} : { price }),
  };
}

const same = (a: number | undefined, b: number | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

/** True when the venue's report of the leg shows the amended prices (the amend took effect). */
export function heldLegShows(report: OrderStatusReport, request: AttachedLegAmendRequest): boolean {
  return same(report.triggerPrice, request.triggerPrice) && same(report.price, request.price);
}
