/**
 * What the exchange venue remembers of each order it was asked to place, and the translation of the
 * venue's reports into kernel events. The venue emits only events the core state table accepts from what
 * it has emitted so far, so a duplicate, late or out-of-order report never jams the kernel: it either
 * changes nothing or is turned into the one missing step.
 */

import type { Fill } from '../../core/fill.js';
import { type ClientOrderId, type InstrumentId, tradeId, venueOrderId } from '../../core/ids.js';
import { FILL_QTY_EPSILON, type Order } from '../../core/order.js';
import type { VenueEvent } from '../../engine/venue.js';
import type { FillReport, OrderStatusReport } from './types.js';

export interface TrackedOrder {
  readonly clientOrderId: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly symbol: string;
  readonly order: Order;
  /** The quantity as last amended (the order's own until an amendment is acknowledged). */
  qty: number;
  /** Limit and trigger prices as last amended (a held leg's amend restates the unchanged one). */
  price?: number;
  triggerPrice?: number;
  venueOrderId?: string;
  /** OrderAccepted was emitted. */
  acknowledged: boolean;
  /** A terminal event was emitted, or fills completed the order. */
  ended: boolean;
  /** When it ended (for forgetting it later); undefined while it lives. */
  endedAt?: number;
  /** It ended rejected (or never placed): a later execution cannot belong to it in the state table. */
  rejected: boolean;
  /** Sum of the fills emitted. */
  filledQty: number;
  readonly tradeIds: Set<string>;
  /** The create's outcome is unknown since this time (undefined once the venue answered). */
  inFlightSince?: number;
  /** When the create was last sent (resends reuse the client order id). */
  sentAt: number;
  resends: number;
  /** A terminal status the venue reported while some of its fills had not reached us yet. */
  pendingTerminal?: OrderStatusReport;
  cancelRequested: boolean;
  /** Cancels sent (or attempted) that did not end the order. */
  cancelAttempts: number;
  /**
   * Placed by the venue itself (an attached stop-loss / take-profit armed when its parent ended): never
   * created or resent by us; its venue id is the attached algo order's, shared with its sibling.
   */
  venueHeld?: boolean;
}

export function trackOrder(order: Order, symbol: string, now: number): TrackedOrder {
  return {
    clientOrderId: order.clientOrderId,
    instrumentId: order.instrumentId,
    symbol,
    order,
    qty: order.qty,
    ...(order.price === undefined ? {} : { price: order.price }),
    ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
    acknowledged: false,
    ended: false,
    rejected: false,
    filledQty: 0,
    tradeIds: new Set(),
    sentAt: now,
    resends: 0,
    cancelRequested: false,
    cancelAttempts: 0,
  };
}

/** Marks the order ended at `now` (once). */
export function endTracked(tracked: TrackedOrder, now: number): void {
  if (tracked.ended) return;
  tracked.ended = true;
  tracked.endedAt = now;
}

/** True when the fills we emitted add up to the order's quantity. */
export function fullyFilled(tracked: TrackedOrder): boolean {
  return tracked.filledQty >= tracked.qty * (1 - FILL_QTY_EPSILON);
}

/** True when the venue says more was filled than the fills we have seen. */
export function missingFills(tracked: TrackedOrder, report: OrderStatusReport): boolean {
  return report.filledQty > tracked.filledQty + tracked.qty * FILL_QTY_EPSILON;
}

/** The kernel fill for a venue execution of a tracked order. */
export function fillOf(tracked: TrackedOrder, report: FillReport, now: number): Fill {
  return {
    tradeId: tradeId(report.tradeId),
    clientOrderId: tracked.clientOrderId,
    ...(report.venueOrderId === '' ? {} : { venueOrderId: venueOrderId(report.venueOrderId) }),
    instrumentId: tracked.instrumentId,
    side: report.side,
    qty: report.qty,
    price: report.price,
    fee: report.fee,
    feeCurrency: report.feeCurrency,
    liquidity: report.liquidity,
    tsEvent: report.tsEvent,
    tsInit: now,
  };
}

/**
 * The events a status report adds to what was emitted so far, except fills (they come from fill
 * reports). A terminal report whose fills are still missing is parked in `pendingTerminal` and emitted by
 * `settlePending` once the fills are in.
 */
export function eventsForReport(tracked: TrackedOrder, report: OrderStatusReport, now: number): VenueEvent[] {
  const events: VenueEvent[] = [];
  if (tracked.ended) return events;
  const base = { clientOrderId: tracked.clientOrderId, tsEvent: report.tsEvent, tsInit: now };
  if (report.venueOrderId !== '' && tracked.venueOrderId === undefined)
    tracked.venueOrderId = report.venueOrderId;
  if (report.status === 'rejected') {
    if (tracked.filledQty > 0) return events; // a fill proves it was accepted; the report is stale
    endTracked(tracked, now);
    tracked.rejected = true;
    events.push({ type: 'OrderRejected', ...base, reason: `venue: ${report.reason ?? 'rejected'}` });
    return events;
  }
  if (!tracked.acknowledged && report.venueOrderId !== '') {
    tracked.acknowledged = true;
    events.push({ type: 'OrderAccepted', ...base, venueOrderId: venueOrderId(report.venueOrderId) });
  }
  if (report.status === 'cancelled' || report.status === 'expired' || report.status === 'filled') {
    if (missingFills(tracked, report)) tracked.pendingTerminal = report;
    else events.push(...terminalEvents(tracked, report, now));
  }
  return events;
}

/** The terminal step once every fill the venue reported has been applied. */
export function settlePending(tracked: TrackedOrder, now: number): VenueEvent[] {
  const report = tracked.pendingTerminal;
  if (report === undefined || missingFills(tracked, report)) return [];
  tracked.pendingTerminal = undefined;
  return terminalEvents(tracked, report, now);
}

function terminalEvents(tracked: TrackedOrder, report: OrderStatusReport, now: number): VenueEvent[] {
  if (tracked.ended) return [];
  if (report.status === 'filled') {
    // Fills move the order to Filled in the state table; nothing else to say.
    if (fullyFilled(tracked)) endTracked(tracked, now);
    return [];
  }
  endTracked(tracked, now);
  const base = { clientOrderId: tracked.clientOrderId, tsEvent: report.tsEvent, tsInit: now };
  return [
    report.status === 'expired' ? { type: 'OrderExpired', ...base } : { type: 'OrderCancelled', ...base },
  ];
}
