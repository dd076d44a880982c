/**
 * The venue's news applied to the orders the exchange venue tracks: status reports and fills (from the
 * stream, REST replies or reconciliation) become kernel events. Fills are de-duplicated by trade id, a
 * fill the state table cannot take is kept as external, and news filed under an attached algo order goes
 * to its venue-held legs. What must be asked or sent afterwards is handed to the follow-ups.
 */

import type { LatencyRecorder } from './latency.js';
import {
  endTracked,
  eventsForReport,
  fillOf,
  fullyFilled,
  missingFills,
  settlePending,
  type TrackedOrder,
} from './tracked-order.js';
import type { TrackedOrders } from './tracked-orders.js';
import type { FillReport, OrderStatusReport } from './types.js';
import type { VenueOutput } from './venue-output.js';

/** Work a report may set going on an order, queued behind the order's other operations. */
export interface ReportFollowUps {
  /** Queries the order after `delayMs`. */
  sync(tracked: TrackedOrder, delayMs: number): void;
  /** Sends the cancel that was asked for while the create was unanswered. */
  cancel(tracked: TrackedOrder): void;
  /** Fetches, after a while, the fills a terminal report is still waiting for. */
  fetchMissingFills(tracked: TrackedOrder): void;
  /** Finds which leg of an attached OCO took a fill filed under the algo order. */
  settleAlgoFill(legs: readonly TrackedOrder[], report: FillReport): void;
}

export interface ReportApplierOptions {
  readonly tracked: TrackedOrders;
  readonly out: VenueOutput;
  readonly latency: LatencyRecorder;
  readonly followUps: ReportFollowUps;
  /** An order on the venue that is not one of ours. */
  readonly onExternalOrder?: ((report: OrderStatusReport) => void) | undefined;
  /** An execution of an order that is not one of ours, or of one we had given up on. */
  readonly onExternalFill?: ((report: FillReport) => void) | undefined;
}

export class ReportApplier {
  constructor(private readonly options: ReportApplierOptions) {}

  applyOrderReport(report: OrderStatusReport): void {
    const { tracked: orders, out, followUps } = this.options;
    const legs = orders.legs(report.clientOrderId);
    if (legs.length > 0) {
      this.applyAttachedReport(legs, report);
      return;
    }
    const tracked = orders.find(report.clientOrderId, report.venueOrderId);
    if (tracked === undefined) {
      this.options.onExternalOrder?.(report);
      return;
    }
    const wasAcknowledged = tracked.acknowledged;
    const wasEnded = tracked.ended;
    tracked.inFlightSince = undefined;
    const events = eventsForReport(tracked, report, out.now());
    orders.indexVenueId(tracked);
    if (!wasAcknowledged && tracked.acknowledged)
      this.options.latency.record('sendToAck', out.now() - tracked.sentAt);
    for (const event of events) out.emit(event);
    // One attached algo order holds both legs: what ended one (it failed, or fired) concerns its sibling.
    if (tracked.venueHeld === true && tracked.ended && !wasEnded)
      for (const leg of orders.siblingsOf(tracked)) followUps.sync(leg, 0);
    // A cancel asked for while the create was unanswered goes out as soon as the order is known.
    if (!wasAcknowledged && tracked.acknowledged && tracked.cancelRequested && !tracked.ended)
      followUps.cancel(tracked);
    if (
      tracked.pendingTerminal !== undefined ||
      (report.status === 'filled' && !tracked.ended && missingFills(tracked, report))
    )
      followUps.fetchMissingFills(tracked);
  }

  applyFillReport(report: FillReport): void {
    const { tracked: orders, out } = this.options;
    const legs = orders.legs(report.clientOrderId);
    if (legs.length === 1) {
      this.applyFillReport({ ...report, clientOrderId: legs[0]!.clientOrderId });
      return;
    }
    // Which leg of an attached OCO traded is settled by querying the legs (the venue's algo order says).
    if (legs.length > 1) {
      this.options.followUps.settleAlgoFill(legs, report);
      return;
    }
    const tracked = orders.find(report.clientOrderId, report.venueOrderId);
    if (tracked === undefined) {
      this.options.onExternalFill?.(report);
      return;
    }
    if (tracked.tradeIds.has(report.tradeId)) return;
    tracked.tradeIds.add(report.tradeId);
    if (tracked.rejected || (tracked.ended && fullyFilled(tracked))) {
      // The state table cannot take it (an order we gave up on traded after all, or an over-fill): the
      // position change is kept as an external fill, and the drift is reported, never dropped.
      out.log(
        'error',
        { clientOrderId: tracked.clientOrderId, tradeId: report.tradeId },
        'fill for an order already ended',
      );
      this.options.onExternalFill?.(report);
      return;
    }
    tracked.inFlightSince = undefined;
    if (tracked.filledQty === 0) this.options.latency.record('sendToFill', out.now() - tracked.sentAt);
    if (tracked.venueOrderId === undefined && report.venueOrderId !== '' && tracked.venueHeld !== true) {
      tracked.venueOrderId = report.venueOrderId;
      orders.indexVenueId(tracked);
    }
    tracked.filledQty += report.qty;
    out.emit({
      type: 'OrderFilled',
      ...out.stamp(tracked, report.tsEvent),
      fill: fillOf(tracked, report, out.now()),
    });
    if (fullyFilled(tracked)) {
      endTracked(tracked, out.now());
      tracked.pendingTerminal = undefined;
    }
    for (const event of settlePending(tracked, out.now())) out.emit(event);
  }

  /**
   * A report about an attached algo order that the client could not file under one leg: with one leg
   * it is that leg's; with both (an OCO), an order that moved on is settled by querying each leg.
   */
  private applyAttachedReport(legs: readonly TrackedOrder[], report: OrderStatusReport): void {
    if (legs.length === 1) this.applyOrderReport({ ...report, clientOrderId: legs[0]!.clientOrderId });
    // The legs' syncs retry a failed query; a leg that ended needs none.
    else if (report.status !== 'open') for (const leg of legs) this.options.followUps.sync(leg, 0);
  }
}
