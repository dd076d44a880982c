/**
 * Cancelling a tracked order. A cancel is safe to repeat, so a transient failure is retried a few times
 * before the order is given back to the strategy as working; a refusal usually means the order already
 * ended, which a query tells. An acknowledged cancel is checked: an order still open is cancelled again.
 * An order not known to be placed is left to the in-flight settlement, which never resends it.
 */

import type { InFlightSettlement } from './in-flight.js';
import type { OrderSync } from './order-sync.js';
import type { OrderTasks } from './order-tasks.js';
import type { ReportApplier } from './report-applier.js';
import type { TrackedOrder } from './tracked-order.js';
import type { TrackedOrders } from './tracked-orders.js';
import type { ExchangeClient } from './types.js';
import type { VenueOutput } from './venue-output.js';
import {
  asExchangeError,
  backoffDelay,
  type ExchangeVenuePolicy,
  MAX_CANCEL_ATTEMPTS,
  rejectionReason,
} from './venue-policy.js';
import { queryFor } from './venue-requests.js';

export interface CancelsOptions {
  readonly client: ExchangeClient;
  readonly policy: ExchangeVenuePolicy;
  readonly tracked: TrackedOrders;
  readonly tasks: OrderTasks;
  readonly out: VenueOutput;
  readonly reports: Pick<ReportApplier, 'applyOrderReport'>;
  readonly sync: Pick<OrderSync, 'syncOrder' | 'schedule'>;
  readonly inFlight: Pick<InFlightSettlement, 'resolveNow'>;
}

export class Cancels {
  constructor(private readonly options: CancelsOptions) {}

  /** Sends a cancel once the order's earlier operations are done. */
  enqueue(tracked: TrackedOrder): void {
    this.options.tasks.enqueue(tracked.clientOrderId, () => this.cancelNow(tracked));
  }

  private async cancelNow(tracked: TrackedOrder): Promise<void> {
    const { tasks, out, sync } = this.options;
    if (tracked.ended) return;
    if (tracked.inFlightSince !== undefined && !tracked.acknowledged) {
      // Not known to be placed: the in-flight resolution settles it (and never resends a cancelled order).
      this.options.inFlight.resolveNow(tracked);
      return;
    }
    try {
      const report = await this.options.client.cancelOrder(queryFor(tracked));
      if (report !== undefined) this.options.reports.applyOrderReport(report);
      if (!tracked.ended) this.scheduleCancelCheck(tracked);
      // One attached algo order holds both legs: cancelling it ended the sibling too.
      if (tracked.venueHeld === true)
        for (const leg of this.options.tracked.siblingsOf(tracked)) sync.schedule(leg, 0);
    } catch (error) {
      const failure = asExchangeError(error);
      if (failure.kind === 'rejected' || failure.kind === 'not-found') {
        // Typically the order already ended (filled or cancelled): learn how, then tell the kernel.
        await sync.syncOrder(tracked.clientOrderId).catch(() => 'not-found');
        if (!tracked.ended)
          out.emit({ type: 'OrderCancelRejected', ...out.stamp(tracked), reason: rejectionReason(failure) });
        return;
      }
      // Unknown, rate-limited, unavailable, clock skew: a cancel is safe to repeat; try again a few
      // times, then give the order back to the strategy as working (it still is, as far as we know).
      tracked.cancelAttempts += 1;
      if (tracked.cancelAttempts >= MAX_CANCEL_ATTEMPTS || tasks.closed) {
        tracked.cancelRequested = false;
        out.emit({ type: 'OrderCancelRejected', ...out.stamp(tracked), reason: rejectionReason(failure) });
        sync.schedule(tracked, this.options.policy.fillSyncDelayMs);
        return;
      }
      await tasks.sleep(failure.details.retryAfterMs ?? backoffDelay(tracked.cancelAttempts));
      if (!tracked.ended && !tasks.closed) this.enqueue(tracked);
    }
  }

  /** After an acknowledged cancel: the order must end; if a query still finds it open, cancel again. */
  private scheduleCancelCheck(tracked: TrackedOrder): void {
    const { tasks } = this.options;
    tasks.later(this.options.policy.fillSyncDelayMs, () =>
      tasks.enqueue(tracked.clientOrderId, async () => {
        if (tracked.ended || !tracked.cancelRequested) return;
        const known = await this.options.sync.syncOrder(tracked.clientOrderId).catch(() => 'error' as const);
        if (tracked.ended || !tracked.cancelRequested) return;
        tracked.cancelAttempts += 1;
        if (known === 'known' && tracked.cancelAttempts < MAX_CANCEL_ATTEMPTS) await this.cancelNow(tracked);
        else if (tracked.cancelAttempts < MAX_CANCEL_ATTEMPTS) this.scheduleCancelCheck(tracked);
      }),
    );
  }
}
