/**
 * Amending a tracked order in place. A working order goes to the client's amend (OKX `amend-order` /
 * `amend-algos`, Binance `PUT order`). A child the venue holds (one leg of an attached OCO) moves its own
 * leg of the attached algo order (attached-amend.ts); its quantity is the venue's, sized from the entry.
 * Either way the kernel hears OrderUpdated or OrderModifyRejected once.
 */

import type { OrderChanges } from '../../engine/venue.js';
import { heldLegAmend, heldLegRefusal, heldLegShows } from './attached-amend.js';
import type { OrderSync } from './order-sync.js';
import type { OrderTasks } from './order-tasks.js';
import type { ReportApplier } from './report-applier.js';
import type { TrackedOrder } from './tracked-order.js';
import { type AttachedLegAmendRequest, type ExchangeClient, ExchangeError } from './types.js';
import type { VenueOutput } from './venue-output.js';
import { asExchangeError, backoffDelay, rejectionReason } from './venue-policy.js';
import { queryFor } from './venue-requests.js';

/** Queries of a held leg after an amend with an unknown outcome, before it is given up as refused. */
const MAX_AMEND_CHECKS = 4;

export interface AmendsOptions {
  readonly client: ExchangeClient;
  readonly tasks: OrderTasks;
  readonly out: VenueOutput;
  readonly reports: Pick<ReportApplier, 'applyOrderReport'>;
  readonly sync: Pick<OrderSync, 'schedule'>;
}

export class Amends {
  constructor(private readonly options: AmendsOptions) {}

  /** Sends the amend once the order's earlier operations are done (a refusal we can tell at once, now). */
  enqueue(tracked: TrackedOrder, changes: OrderChanges): void {
    const { tasks } = this.options;
    if (tracked.venueHeld !== true) {
      tasks.enqueue(tracked.clientOrderId, () => this.amendWorking(tracked, changes));
      return;
    }
    const refusal = heldLegRefusal(tracked, changes);
    if (refusal !== undefined) this.refused(tracked, refusal);
    else tasks.enqueue(tracked.clientOrderId, () => this.amendHeld(tracked, changes));
  }

  private async amendWorking(tracked: TrackedOrder, changes: OrderChanges): Promise<void> {
    try {
      const report = await this.options.client.amendOrder(queryFor(tracked), changes);
      this.applied(tracked, changes, report?.tsEvent);
      if (report !== undefined) this.options.reports.applyOrderReport(report);
    } catch (error) {
      const reason = error instanceof ExchangeError ? `${error.kind}: ${error.message}` : String(error);
      this.refused(tracked, reason);
      if (!(error instanceof ExchangeError) || error.kind !== 'rejected')
        this.options.sync.schedule(tracked, 0);
    }
  }

  private async amendHeld(tracked: TrackedOrder, changes: OrderChanges): Promise<void> {
    // It fired, or its OCO was cancelled, while the amend waited its turn: nothing left to move.
    if (tracked.ended) return;
    const request = heldLegAmend(tracked, changes);
    try {
      await this.options.client.amendAttachedLeg(request);
      this.applied(tracked, changes);
    } catch (error) {
      const failure = asExchangeError(error);
      if (failure.kind === 'unknown') await this.settleHeld(tracked, changes, request, failure);
      else this.refused(tracked, rejectionReason(failure));
      // The attached order is gone (fired or cancelled): the leg's query says how.
      if (failure.kind === 'not-found') this.options.sync.schedule(tracked, 0);
    }
  }

  /**
   * The amend may or may not have moved the leg: the attached algo order is queried until it says. Its
   * leg at the new prices means it was applied; otherwise it was not (moving it again is the strategy's
   * call). A leg that ended meanwhile is left to its sync.
   */
  private async settleHeld(
    tracked: TrackedOrder,
    changes: OrderChanges,
    request: AttachedLegAmendRequest,
    failure: ExchangeError,
  ): Promise<void> {
    const { client, tasks, out, sync } = this.options;
    for (let attempt = 0; attempt < MAX_AMEND_CHECKS && !tasks.closed; attempt++) {
      if (attempt > 0) await tasks.sleep(backoffDelay(attempt));
      const report = await client.fetchOrder(queryFor(tracked)).catch((error: unknown) => {
        out.log('warn', { err: error, clientOrderId: tracked.clientOrderId }, 'amended leg query failed');
        return 'failed' as const;
      });
      if (report === 'failed') continue;
      if (report !== undefined && (report.status === 'open' || report.status === 'partially-filled')) {
        if (heldLegShows(report, request)) this.applied(tracked, changes, report.tsEvent);
        else this.refused(tracked, rejectionReason(failure));
        return;
      }
      break;
    }
    this.refused(tracked, rejectionReason(failure));
    sync.schedule(tracked, 0);
  }

  private applied(tracked: TrackedOrder, changes: OrderChanges, tsEvent?: number): void {
    const { out } = this.options;
    if (changes.qty !== undefined) tracked.qty = changes.qty;
    if (changes.price !== undefined) tracked.price = changes.price;
    if (changes.triggerPrice !== undefined) tracked.triggerPrice = changes.triggerPrice;
    out.emit({
      type: 'OrderUpdated',
      clientOrderId: tracked.clientOrderId,
      changes,
      tsEvent: tsEvent ?? out.now(),
      tsInit: out.now(),
    });
  }

  private refused(tracked: TrackedOrder, reason: string): void {
    const { out } = this.options;
    out.emit({ type: 'OrderModifyRejected', ...out.stamp(tracked), reason });
  }
}
