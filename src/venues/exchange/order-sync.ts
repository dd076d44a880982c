/**
 * Queries that settle what the venue's news left open: an order asked about now (reconciliation,
 * recovery) or later (a failed query retried with backoff), the fills a terminal report still waits for,
 * which leg of an attached OCO took a fill filed under the algo order, and a venue-held leg the venue
 * does not know.
 */

import type { OrderTasks } from './order-tasks.js';
import type { ReportApplier } from './report-applier.js';
import type { TrackedOrder } from './tracked-order.js';
import type { TrackedOrders } from './tracked-orders.js';
import type { ExchangeClient, FillReport } from './types.js';
import type { VenueOutput } from './venue-output.js';
import { backoffDelay, type ExchangeVenuePolicy } from './venue-policy.js';
import { queryFor } from './venue-requests.js';

/** Queries of an order scheduled after some news are tried this often before giving up. */
const MAX_SYNC_ATTEMPTS = 5;

export interface OrderSyncOptions {
  readonly client: ExchangeClient;
  readonly policy: ExchangeVenuePolicy;
  readonly tracked: TrackedOrders;
  readonly tasks: OrderTasks;
  readonly out: VenueOutput;
  readonly reports: Pick<ReportApplier, 'applyOrderReport' | 'applyFillReport'>;
  /** A fill under an attached algo order that none of its legs took. */
  readonly onExternalFill?: ((report: FillReport) => void) | undefined;
}

export class OrderSync {
  constructor(private readonly options: OrderSyncOptions) {}

  /** Queries one of our orders and its fills now, applying what is new. */
  async syncOrder(clientOrderId: string): Promise<'known' | 'not-found'> {
    const tracked = this.options.tracked.get(clientOrderId);
    if (tracked === undefined) return 'not-found';
    const report = await this.options.client.fetchOrder(queryFor(tracked));
    if (report === undefined) {
      if (tracked.venueHeld === true) this.heldNotFound(tracked);
      return 'not-found';
    }
    if (report.filledQty > tracked.filledQty) await this.fetchFills(tracked);
    this.options.reports.applyOrderReport(report);
    return 'known';
  }

  /** Queries the order later; a failed query is retried with backoff (a few times). */
  schedule(tracked: TrackedOrder, delayMs: number, attempt = 0): void {
    const { tasks, out } = this.options;
    tasks.later(delayMs, () =>
      tasks.enqueue(tracked.clientOrderId, async () => {
        if (tracked.ended) return;
        try {
          await this.syncOrder(tracked.clientOrderId);
        } catch (error) {
          out.log('warn', { err: error, clientOrderId: tracked.clientOrderId }, 'order sync failed');
          if (attempt + 1 < MAX_SYNC_ATTEMPTS && !tasks.closed)
            this.schedule(tracked, backoffDelay(attempt), attempt + 1);
        }
      }),
    );
  }

  /** A terminal report still missing fills: they are fetched over REST after a while (until they come). */
  scheduleFillSync(tracked: TrackedOrder): void {
    const { tasks, out } = this.options;
    tasks.later(this.options.policy.fillSyncDelayMs, () =>
      tasks.enqueue(tracked.clientOrderId, async () => {
        if (tracked.pendingTerminal === undefined && tracked.ended) return;
        try {
          await this.fetchFills(tracked);
        } catch (error) {
          out.log('warn', { err: error }, 'fill sync failed; retrying');
          this.scheduleFillSync(tracked);
        }
      }),
    );
  }

  /**
   * A fill filed under an attached algo order holding two legs: the legs are queried (the algo record
   * says which fired, and its fills land under that leg) until one has taken the trade. If every leg
   * ended without it, it is kept as an external fill and reported: never dropped.
   */
  scheduleAlgoFill(legs: readonly TrackedOrder[], report: FillReport, attempt = 0): void {
    const { tasks, out } = this.options;
    const taken = () => legs.some((leg) => leg.tradeIds.has(report.tradeId));
    tasks.later(attempt === 0 ? 0 : backoffDelay(attempt), () =>
      tasks.enqueue(legs[0]!.clientOrderId, async () => {
        if (taken()) return;
        const live = legs.filter((leg) => !leg.ended);
        if (live.length === 0) {
          out.log(
            'error',
            { algo: report.clientOrderId, tradeId: report.tradeId },
            'fill of an attached algo order that none of its legs took: kept as external',
          );
          this.options.onExternalFill?.(report);
          return;
        }
        for (const leg of live)
          await this.syncOrder(leg.clientOrderId).catch((error) =>
            out.log('warn', { err: error, clientOrderId: leg.clientOrderId }, 'leg sync failed; retrying'),
          );
        if (!taken() && !tasks.closed) this.scheduleAlgoFill(legs, report, attempt + 1);
      }),
    );
  }

  /**
   * The venue does not know a venue-held child. Right after it was recorded that may be the venue's lag
   * (asked again after the grace period); past it, the child is rejected — the kernel then protects the
   * position with an emulated stop — and the gap is reported as an error.
   */
  private heldNotFound(tracked: TrackedOrder): void {
    const { out, policy } = this.options;
    if (tracked.ended || tracked.cancelRequested) return;
    if (out.now() - tracked.sentAt < policy.notFoundGraceMs) {
      this.schedule(tracked, policy.notFoundGraceMs);
      return;
    }
    out.log(
      'error',
      { clientOrderId: tracked.clientOrderId },
      'attached stop-loss / take-profit not held by the venue: protecting the position locally',
    );
    out.reject(tracked, 'not-held: the venue holds no attached stop-loss / take-profit for the ended entry');
  }

  private async fetchFills(tracked: TrackedOrder): Promise<void> {
    const since = tracked.order.tsInit - 60_000;
    const fills = await this.options.client.fetchFills(tracked.symbol, since);
    for (const fill of fills) {
      const mine =
        fill.clientOrderId === tracked.clientOrderId ||
        (tracked.venueOrderId !== undefined && fill.venueOrderId === tracked.venueOrderId) ||
        (tracked.venueHeld === true && this.options.tracked.legs(fill.clientOrderId).includes(tracked));
      if (mine) this.options.reports.applyFillReport(fill);
    }
  }
}
