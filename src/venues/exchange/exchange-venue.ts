/**
 * The kernel's venue for a real exchange account (DESIGN.md §1.3): the synchronous `ExecutionVenue` the
 * order manager talks to, over the asynchronous `ExchangeClient`.
 *
 * - An order's intent is written to the outbox before it is sent; if that write fails the order is
 *   rejected (`storage-unavailable`) and trading halts: nothing goes out that we could forget.
 * - A create whose outcome is unknown (timeout, 5xx, disconnect, OKX 50004 …) stays in flight. It is
 *   queried by client order id with backoff; only when the venue keeps saying "not found" past a grace
 *   period is it sent again — with the same client order id, so a venue that did get it answers
 *   "duplicate" and we query instead. A create is never blindly retried.
 * - Rate-limit and clock-skew refusals mean "not placed": the create is retried after the wait.
 * - Fills are de-duplicated by trade id; a fill before the acknowledgement is applied once; a terminal
 *   report whose fills have not arrived waits for them (fetched if the stream is slow), so a cancel that
 *   raced a fill ends with the right filled quantity.
 * - Operations on one order run in order (a cancel never overtakes its create).
 */

import { attachedLegOf } from '../../core/attached-ids.js';
import type { ClientOrderId } from '../../core/ids.js';
import type { Instrument } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import type { ExecutionVenue, OrderChanges, VenueEvent, VenueListener } from '../../engine/venue.js';
import type { Logger } from '../../logging/index.js';
import { LatencyRecorder } from './latency.js';
import { OrderTasks } from './order-tasks.js';
import { REAL_TIMERS, type Timers } from './timers.js';
import {
  endTracked,
  eventsForReport,
  fillOf,
  fullyFilled,
  missingFills,
  settlePending,
  type TrackedOrder,
  trackOrder,
} from './tracked-order.js';
import { TrackedOrders } from './tracked-orders.js';
import {
  type CreateOrderRequest,
  type ExchangeClient,
  ExchangeError,
  type ExchangeStreamEvent,
  type FillReport,
  type OrderQuery,
  type OrderStatusReport,
} from './types.js';
import {
  asExchangeError,
  backoffDelay,
  DEFAULT_POLICY,
  type ExchangeVenuePolicy,
  MAX_CANCEL_ATTEMPTS,
  type OutboxPort,
  rejectionReason,
  symbolOf,
} from './venue-policy.js';
import { createRequestFor, queryFor } from './venue-requests.js';

export { DEFAULT_POLICY, type ExchangeVenuePolicy, type OutboxPort } from './venue-policy.js';

/** Queries of an order scheduled after some news are tried this often before giving up. */
const MAX_SYNC_ATTEMPTS = 5;

export interface ExchangeVenueOptions {
  readonly client: ExchangeClient;
  readonly instrument: (symbol: string) => Instrument | undefined;
  readonly outbox: OutboxPort;
  readonly clock: { now(): number };
  /** Called after events were queued for the kernel (the runner drains it). */
  readonly notify: () => void;
  readonly logger?: Logger;
  readonly marginMode?: 'cross' | 'isolated';
  readonly policy?: Partial<ExchangeVenuePolicy>;
  /** An order on the venue that is not one of ours (reconciliation adopts it). */
  readonly onExternalOrder?: (report: OrderStatusReport) => void;
  /** An execution of an order that is not one of ours, or of one we had given up on. */
  readonly onExternalFill?: (report: FillReport) => void;
  /** The venue refused our credentials: the runner halts trading. */
  readonly onHalt?: (reason: string) => void;
  readonly timers?: Timers;
}

export class ExchangeVenue implements ExecutionVenue {
  readonly exchange: string;
  readonly latency = new LatencyRecorder();
  private listener: VenueListener = () => {};
  private readonly policy: ExchangeVenuePolicy;
  private readonly tracked = new TrackedOrders();
  private readonly tasks: OrderTasks;

  constructor(private readonly options: ExchangeVenueOptions) {
    this.exchange = options.client.exchange;
    this.policy = { ...DEFAULT_POLICY, ...options.policy };
    this.tasks = new OrderTasks(options.timers ?? REAL_TIMERS, (error, clientOrderId) =>
      this.log('error', { err: error, clientOrderId }, 'order operation failed'),
    );
  }

  setListener(listener: VenueListener): void {
    this.listener = listener;
  }

  /** The client places attached stop-loss / take-profit with the order (OKX `attachAlgoOrds`). */
  get attachedProtection(): boolean {
    return this.options.client.capabilities?.attachedProtection === true;
  }

  /** Tracks a child the venue placed itself (an attached stop-loss / take-profit): never sent. */
  hold(order: Order): void {
    const known = this.tracked.get(order.clientOrderId);
    if (known !== undefined) {
      known.qty = order.qty;
      return;
    }
    const tracked = trackOrder(order, symbolOf(order), this.now());
    tracked.acknowledged = true;
    tracked.venueHeld = true;
    this.tracked.add(tracked);
  }

  // Commands ----------------------------------------------------------------------------------------

  submit(order: Order): void {
    const symbol = symbolOf(order);
    const tracked = trackOrder(order, symbol, this.options.clock.now());
    this.tracked.add(tracked);
    this.tasks.enqueue(order.clientOrderId, async () => {
      try {
        await this.options.outbox.recordIntent(order);
      } catch (error) {
        this.log(
          'error',
          { err: error, clientOrderId: order.clientOrderId },
          'outbox write failed: order not sent',
        );
        // The journal reports itself unhealthy and halts trading until it can write again.
        this.reject(tracked, 'storage-unavailable: intent could not be recorded');
        return;
      }
      await this.create(tracked);
    });
  }

  cancel(clientOrderId: ClientOrderId): void {
    const tracked = this.tracked.get(clientOrderId);
    if (tracked === undefined || tracked.ended) return;
    tracked.cancelRequested = true;
    this.tasks.enqueue(clientOrderId, () => this.cancelNow(tracked));
  }

  amend(clientOrderId: ClientOrderId, changes: OrderChanges): void {
    const tracked = this.tracked.get(clientOrderId);
    if (tracked === undefined || tracked.ended) return;
    if (tracked.venueHeld === true) {
      const reason = 'rejected: an attached stop-loss / take-profit held by the venue cannot be amended';
      this.emit({ type: 'OrderModifyRejected', ...this.stamp(tracked), reason });
      return;
    }
    this.tasks.enqueue(clientOrderId, async () => {
      try {
        const report = await this.options.client.amendOrder(this.query(tracked), changes);
        if (changes.qty !== undefined) tracked.qty = changes.qty;
        this.emit({
          type: 'OrderUpdated',
          clientOrderId,
          changes,
          tsEvent: report?.tsEvent ?? this.now(),
          tsInit: this.now(),
        });
        if (report !== undefined) this.applyOrderReport(report);
      } catch (error) {
        const reason = error instanceof ExchangeError ? `${error.kind}: ${error.message}` : String(error);
        this.emit({
          type: 'OrderModifyRejected',
          clientOrderId,
          reason,
          tsEvent: this.now(),
          tsInit: this.now(),
        });
        if (!(error instanceof ExchangeError) || error.kind !== 'rejected') this.scheduleSync(tracked, 0);
      }
    });
  }

  // Reports (stream, REST replies, reconciliation) ----------------------------------------------------

  /** Feeds a private-stream event in. */
  onStreamEvent(event: ExchangeStreamEvent): void {
    if (event.kind === 'order') this.applyOrderReport(event.report);
    else if (event.kind === 'fill') this.applyFillReport(event.report);
  }

  applyOrderReport(report: OrderStatusReport): void {
    const legs = this.tracked.legs(report.clientOrderId);
    if (legs.length > 0) {
      this.applyAttachedReport(legs, report);
      return;
    }
    const tracked = this.tracked.find(report.clientOrderId, report.venueOrderId);
    if (tracked === undefined) {
      this.options.onExternalOrder?.(report);
      return;
    }
    const wasAcknowledged = tracked.acknowledged;
    const wasEnded = tracked.ended;
    tracked.inFlightSince = undefined;
    const events = eventsForReport(tracked, report, this.now());
    this.tracked.indexVenueId(tracked);
    if (!wasAcknowledged && tracked.acknowledged)
      this.latency.record('sendToAck', this.now() - tracked.sentAt);
    for (const event of events) this.emit(event);
    // One attached algo order holds both legs: what ended one (it failed, or fired) concerns its sibling.
    if (tracked.venueHeld === true && tracked.ended && !wasEnded)
      for (const leg of this.tracked.siblingsOf(tracked)) this.scheduleSync(leg, 0);
    // A cancel asked for while the create was unanswered goes out as soon as the order is known.
    if (!wasAcknowledged && tracked.acknowledged && tracked.cancelRequested && !tracked.ended)
      this.tasks.enqueue(tracked.clientOrderId, () => this.cancelNow(tracked));
    if (
      tracked.pendingTerminal !== undefined ||
      (report.status === 'filled' && !tracked.ended && missingFills(tracked, report))
    )
      this.scheduleFillSync(tracked);
  }

  applyFillReport(report: FillReport): void {
    const legs = this.tracked.legs(report.clientOrderId);
    if (legs.length === 1) {
      this.applyFillReport({ ...report, clientOrderId: legs[0]!.clientOrderId });
      return;
    }
    // Which leg of an attached OCO traded is settled by querying the legs (the venue's algo order says).
    if (legs.length > 1) {
      this.scheduleAlgoFill(legs, report);
      return;
    }
    const tracked = this.tracked.find(report.clientOrderId, report.venueOrderId);
    if (tracked === undefined) {
      this.options.onExternalFill?.(report);
      return;
    }
    if (tracked.tradeIds.has(report.tradeId)) return;
    tracked.tradeIds.add(report.tradeId);
    if (tracked.rejected || (tracked.ended && fullyFilled(tracked))) {
      // The state table cannot take it (an order we gave up on traded after all, or an over-fill): the
      // position change is kept as an external fill, and the drift is reported, never dropped.
      this.log(
        'error',
        { clientOrderId: tracked.clientOrderId, tradeId: report.tradeId },
        'fill for an order already ended',
      );
      this.options.onExternalFill?.(report);
      return;
    }
    tracked.inFlightSince = undefined;
    if (tracked.filledQty === 0) this.latency.record('sendToFill', this.now() - tracked.sentAt);
    if (tracked.venueOrderId === undefined && report.venueOrderId !== '' && tracked.venueHeld !== true) {
      tracked.venueOrderId = report.venueOrderId;
      this.tracked.indexVenueId(tracked);
    }
    tracked.filledQty += report.qty;
    this.emit({
      type: 'OrderFilled',
      ...this.stamp(tracked, report.tsEvent),
      fill: fillOf(tracked, report, this.now()),
    });
    if (fullyFilled(tracked)) {
      endTracked(tracked, this.now());
      tracked.pendingTerminal = undefined;
    }
    for (const event of settlePending(tracked, this.now())) this.emit(event);
  }

  /** Queries one of our orders and its fills now, applying what is new (reconciliation and recovery). */
  async syncOrder(clientOrderId: string): Promise<'known' | 'not-found'> {
    const tracked = this.tracked.get(clientOrderId);
    if (tracked === undefined) return 'not-found';
    const report = await this.options.client.fetchOrder(this.query(tracked));
    if (report === undefined) {
      if (tracked.venueHeld === true) this.heldNotFound(tracked);
      return 'not-found';
    }
    if (report.filledQty > tracked.filledQty) await this.fetchFills(tracked);
    this.applyOrderReport(report);
    return 'known';
  }

  /** Starts tracking an order restored from the journal after a restart (no events). */
  restore(order: Order, filledTradeIds: readonly string[], acknowledged: boolean): void {
    const tracked = trackOrder(order, symbolOf(order), order.tsInit);
    // A child the venue placed itself was never sent by us: never resend it, whatever the journal says.
    const held = attachedLegOf(order.clientOrderId) !== undefined;
    if (held) {
      tracked.venueHeld = true;
      acknowledged = true;
    }
    tracked.acknowledged = acknowledged;
    tracked.filledQty = order.filledQty;
    // A cancel we had asked for before going down is asked again (never resent as a create).
    tracked.cancelRequested = order.status === 'PendingCancel';
    tracked.inFlightSince = acknowledged ? undefined : order.tsInit;
    for (const id of filledTradeIds) tracked.tradeIds.add(id);
    if (order.venueOrderId !== undefined && !held) tracked.venueOrderId = order.venueOrderId;
    this.tracked.add(tracked);
    // Sent (or about to be) when we went down, never answered: find out what became of it.
    if (!acknowledged) this.markInFlight(tracked, 0);
    else if (tracked.cancelRequested) this.tasks.enqueue(order.clientOrderId, () => this.cancelNow(tracked));
  }

  /**
   * Forgets orders that ended more than `olderThanMs` ago (a long session must not grow without bound).
   * Late news about them is then treated as external and shows up as drift — never silently dropped.
   */
  prune(olderThanMs: number): number {
    return this.tracked.prune(this.now() - olderThanMs, (id) => this.tasks.busy(id));
  }

  /** Orders sent whose outcome is not known yet. */
  inFlight(): string[] {
    return this.tracked.inFlight();
  }

  isTracked(clientOrderId: string | undefined): boolean {
    return this.tracked.has(clientOrderId);
  }

  /** True when a report (by client or venue order id) is about one of the orders this venue tracks. */
  owns(report: { readonly clientOrderId?: string; readonly venueOrderId: string }): boolean {
    return (
      this.tracked.find(report.clientOrderId, report.venueOrderId) !== undefined ||
      this.tracked.legs(report.clientOrderId).length > 0
    );
  }

  /** Stops timers; operations already running finish. */
  async close(): Promise<void> {
    await this.tasks.close();
  }

  // Internals -----------------------------------------------------------------------------------------

  private async create(tracked: TrackedOrder): Promise<void> {
    const request = this.createRequest(tracked);
    for (let attempt = 0; ; attempt++) {
      tracked.sentAt = this.now();
      if (attempt === 0 && tracked.resends === 0)
        this.latency.record('decisionToSend', tracked.sentAt - tracked.order.tsInit);
      try {
        const report = await this.options.client.createOrder(request);
        this.applyOrderReport(report);
        return;
      } catch (error) {
        const failure = asExchangeError(error);
        switch (failure.kind) {
          case 'rejected':
          case 'not-found':
            if (tracked.filledQty === 0 && !tracked.acknowledged)
              this.reject(tracked, rejectionReason(failure));
            return;
          case 'auth':
            this.reject(tracked, rejectionReason(failure));
            this.options.onHalt?.(`the venue refused our credentials: ${failure.message}`);
            return;
          case 'rate-limited':
          case 'clock-skew':
            // Refused before it reached the matching engine: not placed, safe to send again after the wait.
            if (failure.kind === 'clock-skew') await this.options.client.measureClockOffset().catch(() => 0);
            if (attempt < this.policy.maxCreateRetries && !this.tasks.closed) {
              await this.tasks.sleep(failure.details.retryAfterMs ?? backoffDelay(attempt));
              continue;
            }
            this.reject(tracked, rejectionReason(failure));
            return;
          case 'duplicate-id':
            // The venue has an order with this id (ours, sent before): find out what became of it.
            this.markInFlight(tracked, 0);
            return;
          default:
            this.log(
              'warn',
              { clientOrderId: tracked.clientOrderId, kind: failure.kind, message: failure.message },
              'order outcome unknown: querying',
            );
            this.markInFlight(tracked, this.policy.queryDelaysMs[0] ?? 250);
            return;
        }
      }
    }
  }

  private markInFlight(tracked: TrackedOrder, delayMs: number): void {
    tracked.inFlightSince ??= tracked.sentAt;
    this.scheduleResolve(tracked, 0, delayMs);
  }

  private scheduleResolve(tracked: TrackedOrder, attempt: number, delayMs: number): void {
    this.tasks.later(delayMs, () =>
      this.tasks.enqueue(tracked.clientOrderId, () => this.resolve(tracked, attempt)),
    );
  }

  /** One query of an in-flight order; reschedules itself until the venue settles it. */
  private async resolve(tracked: TrackedOrder, attempt: number): Promise<void> {
    if (tracked.inFlightSince === undefined || tracked.ended) return;
    const next =
      this.policy.queryDelaysMs[Math.min(attempt + 1, this.policy.queryDelaysMs.length - 1)] ?? 1000;
    let outcome: 'known' | 'not-found';
    try {
      outcome = await this.syncOrder(tracked.clientOrderId);
    } catch (error) {
      this.log(
        'warn',
        { clientOrderId: tracked.clientOrderId, err: error },
        'query of an in-flight order failed',
      );
      this.scheduleResolve(tracked, attempt + 1, next);
      return;
    }
    if (outcome === 'known') return;
    const silentFor = this.now() - tracked.sentAt;
    const fresh = this.now() - tracked.order.tsInit <= this.policy.maxResendAgeMs;
    if (!fresh && silentFor >= this.policy.notFoundGraceMs) {
      this.reject(
        tracked,
        'not-placed: the venue never knew the order, and its decision is too old to send again',
      );
      return;
    }
    if (
      silentFor >= this.policy.notFoundGraceMs &&
      tracked.resends < this.policy.maxResends &&
      !tracked.cancelRequested
    ) {
      tracked.resends += 1;
      this.log(
        'warn',
        { clientOrderId: tracked.clientOrderId, resends: tracked.resends },
        'order unknown to the venue: sending it again with the same id',
      );
      await this.create(tracked);
      return;
    }
    if (
      this.now() - (tracked.inFlightSince ?? tracked.sentAt) >= this.policy.giveUpMs ||
      (tracked.cancelRequested && silentFor >= this.policy.notFoundGraceMs)
    ) {
      // Belt and braces: should it surface after all, it must not trade. A failure changes nothing.
      await this.options.client.cancelOrder(this.query(tracked)).catch(() => undefined);
      this.reject(tracked, 'not-placed: the venue never knew the order');
      return;
    }
    this.scheduleResolve(tracked, attempt + 1, next);
  }

  private async cancelNow(tracked: TrackedOrder): Promise<void> {
    if (tracked.ended) return;
    if (tracked.inFlightSince !== undefined && !tracked.acknowledged) {
      // Not known to be placed: the in-flight resolution settles it (and never resends a cancelled order).
      this.scheduleResolve(tracked, 0, 0);
      return;
    }
    try {
      const report = await this.options.client.cancelOrder(this.query(tracked));
      if (report !== undefined) this.applyOrderReport(report);
      if (!tracked.ended) this.scheduleCancelCheck(tracked);
      // One attached algo order holds both legs: cancelling it ended the sibling too.
      if (tracked.venueHeld === true)
        for (const leg of this.tracked.siblingsOf(tracked)) this.scheduleSync(leg, 0);
    } catch (error) {
      const failure = asExchangeError(error);
      if (failure.kind === 'rejected' || failure.kind === 'not-found') {
        // Typically the order already ended (filled or cancelled): learn how, then tell the kernel.
        await this.syncOrder(tracked.clientOrderId).catch(() => 'not-found');
        if (!tracked.ended)
          this.emit({
            type: 'OrderCancelRejected',
            ...this.stamp(tracked),
            reason: rejectionReason(failure),
          });
        return;
      }
      // Unknown, rate-limited, unavailable, clock skew: a cancel is safe to repeat; try again a few
      // times, then give the order back to the strategy as working (it still is, as far as we know).
      tracked.cancelAttempts += 1;
      if (tracked.cancelAttempts >= MAX_CANCEL_ATTEMPTS || this.tasks.closed) {
        tracked.cancelRequested = false;
        this.emit({ type: 'OrderCancelRejected', ...this.stamp(tracked), reason: rejectionReason(failure) });
        this.scheduleSync(tracked, this.policy.fillSyncDelayMs);
        return;
      }
      await this.tasks.sleep(failure.details.retryAfterMs ?? backoffDelay(tracked.cancelAttempts));
      if (!tracked.ended && !this.tasks.closed)
        this.tasks.enqueue(tracked.clientOrderId, () => this.cancelNow(tracked));
    }
  }

  /** After an acknowledged cancel: the order must end; if a query still finds it open, cancel again. */
  private scheduleCancelCheck(tracked: TrackedOrder): void {
    this.tasks.later(this.policy.fillSyncDelayMs, () =>
      this.tasks.enqueue(tracked.clientOrderId, async () => {
        if (tracked.ended || !tracked.cancelRequested) return;
        const known = await this.syncOrder(tracked.clientOrderId).catch(() => 'error' as const);
        if (tracked.ended || !tracked.cancelRequested) return;
        tracked.cancelAttempts += 1;
        if (known === 'known' && tracked.cancelAttempts < MAX_CANCEL_ATTEMPTS) await this.cancelNow(tracked);
        else if (tracked.cancelAttempts < MAX_CANCEL_ATTEMPTS) this.scheduleCancelCheck(tracked);
      }),
    );
  }

  /** Queries the order later; a failed query is retried with backoff (a few times). */
  private scheduleSync(tracked: TrackedOrder, delayMs: number, attempt = 0): void {
    this.tasks.later(delayMs, () =>
      this.tasks.enqueue(tracked.clientOrderId, async () => {
        if (tracked.ended) return;
        try {
          await this.syncOrder(tracked.clientOrderId);
        } catch (error) {
          this.log('warn', { err: error, clientOrderId: tracked.clientOrderId }, 'order sync failed');
          if (attempt + 1 < MAX_SYNC_ATTEMPTS && !this.tasks.closed)
            this.scheduleSync(tracked, backoffDelay(attempt), attempt + 1);
        }
      }),
    );
  }

  /**
   * A fill filed under an attached algo order holding two legs: the legs are queried (the algo record
   * says which fired, and its fills land under that leg) until one has taken the trade. If every leg
   * ended without it, it is kept as an external fill and reported: never dropped.
   */
  private scheduleAlgoFill(legs: readonly TrackedOrder[], report: FillReport, attempt = 0): void {
    const taken = () => legs.some((leg) => leg.tradeIds.has(report.tradeId));
    this.tasks.later(attempt === 0 ? 0 : backoffDelay(attempt), () =>
      this.tasks.enqueue(legs[0]!.clientOrderId, async () => {
        if (taken()) return;
        const live = legs.filter((leg) => !leg.ended);
        if (live.length === 0) {
          this.log(
            'error',
            { algo: report.clientOrderId, tradeId: report.tradeId },
            'fill of an attached algo order that none of its legs took: kept as external',
          );
          this.options.onExternalFill?.(report);
          return;
        }
        for (const leg of live)
          await this.syncOrder(leg.clientOrderId).catch((error) =>
            this.log('warn', { err: error, clientOrderId: leg.clientOrderId }, 'leg sync failed; retrying'),
          );
        if (!taken() && !this.tasks.closed) this.scheduleAlgoFill(legs, report, attempt + 1);
      }),
    );
  }

  /**
   * The venue does not know a venue-held child. Right after it was recorded that may be the venue's lag
   * (asked again after the grace period); past it, the child is rejected — the kernel then protects the
   * position with an emulated stop — and the gap is reported as an error.
   */
  private heldNotFound(tracked: TrackedOrder): void {
    if (tracked.ended || tracked.cancelRequested) return;
    if (this.now() - tracked.sentAt < this.policy.notFoundGraceMs) {
      this.scheduleSync(tracked, this.policy.notFoundGraceMs);
      return;
    }
    this.log(
      'error',
      { clientOrderId: tracked.clientOrderId },
      'attached stop-loss / take-profit not held by the venue: protecting the position locally',
    );
    this.reject(tracked, 'not-held: the venue holds no attached stop-loss / take-profit for the ended entry');
  }

  private scheduleFillSync(tracked: TrackedOrder): void {
    this.tasks.later(this.policy.fillSyncDelayMs, () =>
      this.tasks.enqueue(tracked.clientOrderId, async () => {
        if (tracked.pendingTerminal === undefined && tracked.ended) return;
        try {
          await this.fetchFills(tracked);
        } catch (error) {
          this.log('warn', { err: error }, 'fill sync failed; retrying');
          this.scheduleFillSync(tracked);
        }
      }),
    );
  }

  private async fetchFills(tracked: TrackedOrder): Promise<void> {
    const since = tracked.order.tsInit - 60_000;
    const fills = await this.options.client.fetchFills(tracked.symbol, since);
    for (const fill of fills) {
      const mine =
        fill.clientOrderId === tracked.clientOrderId ||
        (tracked.venueOrderId !== undefined && fill.venueOrderId === tracked.venueOrderId) ||
        (tracked.venueHeld === true && this.tracked.legs(fill.clientOrderId).includes(tracked));
      if (mine) this.applyFillReport(fill);
    }
  }

  private createRequest(tracked: TrackedOrder): CreateOrderRequest {
    const instrument = this.options.instrument(tracked.symbol);
    if (instrument === undefined) throw new Error(`no instrument ${tracked.symbol}`);
    const { marginMode } = this.options;
    return createRequestFor(tracked, instrument, {
      attachedProtection: this.attachedProtection,
      ...(marginMode === undefined ? {} : { marginMode }),
    });
  }

  private query(tracked: TrackedOrder): OrderQuery {
    return queryFor(tracked);
  }

  /**
   * A report about an attached algo order that the client could not file under one leg: with one leg
   * it is that leg's; with both (an OCO), an order that moved on is settled by querying each leg.
   */
  private applyAttachedReport(legs: readonly TrackedOrder[], report: OrderStatusReport): void {
    if (legs.length === 1) this.applyOrderReport({ ...report, clientOrderId: legs[0]!.clientOrderId });
    // The legs' syncs retry a failed query (scheduleSync); a leg that ended needs none.
    else if (report.status !== 'open') for (const leg of legs) this.scheduleSync(leg, 0);
  }

  private reject(tracked: TrackedOrder, reason: string): void {
    endTracked(tracked, this.now());
    tracked.rejected = true;
    tracked.inFlightSince = undefined;
    this.emit({ type: 'OrderRejected', ...this.stamp(tracked), reason });
  }

  private emit(event: VenueEvent): void {
    this.listener(event);
    this.options.notify();
  }

  private stamp(
    tracked: TrackedOrder,
    tsEvent = this.now(),
  ): { clientOrderId: ClientOrderId; tsEvent: number; tsInit: number } {
    return { clientOrderId: tracked.clientOrderId, tsEvent, tsInit: this.now() };
  }

  private now(): number {
    return this.options.clock.now();
  }

  private log(level: 'warn' | 'error', details: object, message: string): void {
    this.options.logger?.[level](details, message);
  }
}
