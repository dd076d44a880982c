/**
 * Sending a create and settling one whose outcome is unknown. Rate-limit and clock-skew refusals mean
 * "not placed", so the create is retried after the wait; any other unknown outcome leaves the order in
 * flight, queried by client order id with backoff. Only when the venue keeps saying "not found" past the
 * grace period is it sent again, with the same client order id (a venue that did get it answers
 * "duplicate", and we query instead); a decision too old, or an order never known, is rejected.
 */

import type { LatencyRecorder } from './latency.js';
import type { OrderSync } from './order-sync.js';
import type { OrderTasks } from './order-tasks.js';
import type { ReportApplier } from './report-applier.js';
import type { TrackedOrder } from './tracked-order.js';
import type { CreateOrderRequest, ExchangeClient } from './types.js';
import type { VenueOutput } from './venue-output.js';
import { asExchangeError, backoffDelay, type ExchangeVenuePolicy, rejectionReason } from './venue-policy.js';
import { queryFor } from './venue-requests.js';

export interface InFlightSettlementOptions {
  readonly client: ExchangeClient;
  readonly policy: ExchangeVenuePolicy;
  readonly tasks: OrderTasks;
  readonly out: VenueOutput;
  readonly latency: LatencyRecorder;
  /** The create request for the order (throws when its instrument is unknown). */
  readonly request: (tracked: TrackedOrder) => CreateOrderRequest;
  readonly reports: Pick<ReportApplier, 'applyOrderReport'>;
  readonly sync: Pick<OrderSync, 'syncOrder'>;
  /** The venue refused our credentials. */
  readonly onHalt?: ((reason: string) => void) | undefined;
}

export class InFlightSettlement {
  constructor(private readonly options: InFlightSettlementOptions) {}

  /** Sends the create; the answer, a retry after a refusal, or the in-flight queries settle it. */
  async create(tracked: TrackedOrder): Promise<void> {
    const { client, policy, tasks, out } = this.options;
    const request = this.options.request(tracked);
    for (let attempt = 0; ; attempt++) {
      tracked.sentAt = out.now();
      if (attempt === 0 && tracked.resends === 0)
        this.options.latency.record('decisionToSend', tracked.sentAt - tracked.order.tsInit);
      try {
        const report = await client.createOrder(request);
        this.options.reports.applyOrderReport(report);
        return;
      } catch (error) {
        const failure = asExchangeError(error);
        switch (failure.kind) {
          case 'rejected':
          case 'not-found':
            if (tracked.filledQty === 0 && !tracked.acknowledged)
              out.reject(tracked, rejectionReason(failure));
            return;
          case 'auth':
            out.reject(tracked, rejectionReason(failure));
            this.options.onHalt?.(`the venue refused our credentials: ${failure.message}`);
            return;
          case 'rate-limited':
          case 'clock-skew':
            // Refused before it reached the matching engine: not placed, safe to send again after the wait.
            if (failure.kind === 'clock-skew') await client.measureClockOffset().catch(() => 0);
            if (attempt < policy.maxCreateRetries && !tasks.closed) {
              await tasks.sleep(failure.details.retryAfterMs ?? backoffDelay(attempt));
              continue;
            }
            out.reject(tracked, rejectionReason(failure));
            return;
          case 'duplicate-id':
            // The venue has an order with this id (ours, sent before): find out what became of it.
            this.markInFlight(tracked, 0);
            return;
          default:
            out.log(
              'warn',
              { clientOrderId: tracked.clientOrderId, kind: failure.kind, message: failure.message },
              'order outcome unknown: querying',
            );
            this.markInFlight(tracked, policy.queryDelaysMs[0] ?? 250);
            return;
        }
      }
    }
  }

  /** The create's outcome is unknown: query it after `delayMs`, and go on until the venue settles it. */
  markInFlight(tracked: TrackedOrder, delayMs: number): void {
    tracked.inFlightSince ??= tracked.sentAt;
    this.scheduleResolve(tracked, 0, delayMs);
  }

  /** Settles the in-flight order now (a cancel of an order not known to be placed waits for this). */
  resolveNow(tracked: TrackedOrder): void {
    this.scheduleResolve(tracked, 0, 0);
  }

  private scheduleResolve(tracked: TrackedOrder, attempt: number, delayMs: number): void {
    const { tasks } = this.options;
    tasks.later(delayMs, () => tasks.enqueue(tracked.clientOrderId, () => this.resolve(tracked, attempt)));
  }

  /** One query of an in-flight order; reschedules itself until the venue settles it. */
  private async resolve(tracked: TrackedOrder, attempt: number): Promise<void> {
    const { policy, out } = this.options;
    if (tracked.inFlightSince === undefined || tracked.ended) return;
    const next = policy.queryDelaysMs[Math.min(attempt + 1, policy.queryDelaysMs.length - 1)] ?? 1000;
    let outcome: 'known' | 'not-found';
    try {
      outcome = await this.options.sync.syncOrder(tracked.clientOrderId);
    } catch (error) {
      out.log(
        'warn',
        { clientOrderId: tracked.clientOrderId, err: error },
        'query of an in-flight order failed',
      );
      this.scheduleResolve(tracked, attempt + 1, next);
      return;
    }
    if (outcome === 'known') return;
    const silentFor = out.now() - tracked.sentAt;
    const fresh = out.now() - tracked.order.tsInit <= policy.maxResendAgeMs;
    if (!fresh && silentFor >= policy.notFoundGraceMs) {
      out.reject(
        tracked,
        'not-placed: the venue never knew the order, and its decision is too old to send again',
      );
      return;
    }
    if (
      silentFor >= policy.notFoundGraceMs &&
      tracked.resends < policy.maxResends &&
      !tracked.cancelRequested
    ) {
      tracked.resends += 1;
      out.log(
        'warn',
        { clientOrderId: tracked.clientOrderId, resends: tracked.resends },
        'order unknown to the venue: sending it again with the same id',
      );
      await this.create(tracked);
      return;
    }
    if (
      out.now() - (tracked.inFlightSince ?? tracked.sentAt) >= policy.giveUpMs ||
      (tracked.cancelRequested && silentFor >= policy.notFoundGraceMs)
    ) {
      // Belt and braces: should it surface after all, it must not trade. A failure changes nothing.
      await this.options.client.cancelOrder(queryFor(tracked)).catch(() => undefined);
      out.reject(tracked, 'not-placed: the venue never knew the order');
      return;
    }
    this.scheduleResolve(tracked, attempt + 1, next);
  }
}
