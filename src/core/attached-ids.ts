/**
 * Ids of a stop-loss / take-profit that the venue holds for an order (OKX `attachAlgoOrds`), derived
 * from the parent's client order id so that every process — the one that sent the parent, and the one
 * restarted after it — names the attached algo order and the kernel's child orders the same way:
 *
 * ```
 * <base>a   the attached algo order at OKX (`attachAlgoClOrdId`, later its `algoClOrdId`)
 * <base>s   the kernel's stop-loss child        <base>t   the kernel's take-profit child
 * ```
 *
 * The parent must leave room for the marker (OKX `clOrdId`: 1–32 alphanumerics). The kernel's own ids
 * (26 characters) always do, and only those parents have venue-held protection (`venueHoldsAttachments`);
 * a longer id is refused rather than shortened, so that a child always names its parent verbatim.
 */

import type { ClientOrderId } from './ids.js';
import { parseClientOrderId } from './ids.js';
import type { Order } from './order.js';

export type AttachedRole = 'stop-loss' | 'take-profit';

export interface AttachedIds {
  /** The attached algo order's client id at the venue. */
  readonly algo: string;
  readonly stopLoss: ClientOrderId;
  readonly takeProfit: ClientOrderId;
}

const MAX_ID = 32;
const MARKER = { algo: 'a', 'stop-loss': 's', 'take-profit': 't' } as const;

/** True when `parent` leaves room for the marker (`attachedIds` accepts it). */
export function hasRoomForAttachedIds(parent: string): boolean {
  return parent.length > 0 && parent.length < MAX_ID;
}

export function attachedIds(parent: string): AttachedIds {
  if (!hasRoomForAttachedIds(parent))
    throw new Error(`client order id ${parent} leaves no room for an attached order's marker`);
  const base = parent;
  return {
    algo: base + MARKER.algo,
    stopLoss: (base + MARKER['stop-loss']) as ClientOrderId,
    takeProfit: (base + MARKER['take-profit']) as ClientOrderId,
  };
}

/**
 * The role and attached algo id of a kernel child held by the venue, recognised from its id alone (after
 * a restart nothing else says so). Only children of the kernel's own ids (`parseClientOrderId`) are
 * recognised: the kernel holds protection at the venue for those parents only.
 */
export function attachedLegOf(
  id: string,
): { role: AttachedRole; algo: string; parent: ClientOrderId } | undefined {
  const marker = id.at(-1);
  const parent = id.slice(0, -1);
  if ((marker !== 's' && marker !== 't') || parseClientOrderId(parent) === undefined) return undefined;
  return {
    role: marker === 's' ? 'stop-loss' : 'take-profit',
    algo: parent + MARKER.algo,
    parent: parent as ClientOrderId,
  };
}

/** The kernel's leg ids of an attached algo id (`<base>a`), or undefined for any other id. */
export function attachedLegsOfAlgo(algo: string): AttachedIds | undefined {
  if (!algo.endsWith(MARKER.algo)) return undefined;
  const base = algo.slice(0, -1);
  return parseClientOrderId(base) === undefined ? undefined : attachedIds(base);
}

/**
 * True when a venue that holds attached protection natively should hold this order's: a market or limit
 * order with a stop-loss or take-profit, and an id of the kernel's own (so a restart recognises its
 * children). A trailing attachment is always emulated.
 */
export function venueHoldsAttachments(order: Order): boolean {
  const attachments = order.attachments;
  if (attachments === undefined) return false;
  if (attachments.stopLoss === undefined && attachments.takeProfit === undefined) return false;
  return (
    (order.type === 'market' || order.type === 'limit') &&
    parseClientOrderId(order.clientOrderId) !== undefined
  );
}
