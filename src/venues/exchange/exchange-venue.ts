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
import type { ExecutionVenue, OrderChanges, VenueListener } from '../../engine/venue.js';
import type { Logger } from '../../logging/index.js';
import { Amends } from './amends.js';
import { Cancels } from './cancels.js';
import { InFlightSettlement } from './in-flight.js';
import { LatencyRecorder } from './latency.js';
import { OrderSync } from './order-sync.js';
import { OrderTasks } from './order-tasks.js';
import { ReportApplier } from './report-applier.js';
import { REAL_TIMERS, type Timers } from './timers.js';
import { type TrackedOrder, trackOrder } from './tracked-order.js';
import { TrackedOrders } from './tracked-orders.js';
import type {
  CreateOrderRequest,
  ExchangeClient,
  ExchangeStreamEvent,
  FillReport,
  OrderStatusReport,
} from './types.js';
import { VenueOutput } from './venue-output.js';
import { DEFAULT_POLICY, type ExchangeVenuePolicy, type OutboxPort, symbolOf } from './venue-policy.js';
import { createRequestFor } from './venue-requests.js';

export { DEFAULT_POLICY, type ExchangeVenuePolicy, type OutboxPort } from './venue-policy.js';

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

/**
 * The coordinator: it tracks the orders, writes the outbox before a create, keeps one operation per order
 * at a time, and hands the work to its parts — reports applied (report-applier.ts), creates sent and
 * unknown outcomes settled (in-flight.ts), cancels (cancels.ts), amends (amends.ts) and follow-up queries
 * (order-sync.ts).
 */
export class ExchangeVenue implements ExecutionVenue {
  readonly exchange: string;
  readonly latency = new LatencyRecorder();
  private readonly tracked = new TrackedOrders();
  private readonly out: VenueOutput;
  private readonly tasks: OrderTasks;
  private readonly reports: ReportApplier;
  private readonly sync: OrderSync;
  private readonly settlement: InFlightSettlement;
  private readonly cancels: Cancels;
  private readonly amends: Amends;

  constructor(private readonly options: ExchangeVenueOptions) {
    this.exchange = options.client.exchange;
    const { client, onExternalFill } = options;
    const policy: ExchangeVenuePolicy = { ...DEFAULT_POLICY, ...options.policy };
    const out = new VenueOutput(options.clock, options.notify, options.logger);
    const tasks = new OrderTasks(options.timers ?? REAL_TIMERS, (error, clientOrderId) =>
      out.log('error', { err: error, clientOrderId }, 'order operation failed'),
    );
    const { tracked, latency } = this;
    // Applying a report may set queries and cancels going: called only once every part exists.
    const reports = new ReportApplier({
      tracked,
      out,
      latency,
      onExternalOrder: options.onExternalOrder,
      onExternalFill,
      followUps: {
        sync: (order, delayMs) => this.sync.schedule(order, delayMs),
        cancel: (order) => this.cancels.enqueue(order),
        fetchMissingFills: (order) => this.sync.scheduleFillSync(order),
        settleAlgoFill: (legs, report) => this.sync.scheduleAlgoFill(legs, report),
      },
    });
    const sync = new OrderSync({ client, policy, tracked, tasks, out, reports, onExternalFill });
    const inFlight = new InFlightSettlement({
      client,
      policy,
      tasks,
      out,
      latency,
      request: (order) => this.createRequest(order),
      reports,
      sync,
      onHalt: options.onHalt,
    });
    this.out = out;
    this.tasks = tasks;
    this.reports = reports;
    this.sync = sync;
    this.settlement = inFlight;
    this.cancels = new Cancels({ client, policy, tracked, tasks, out, reports, sync, inFlight });
    this.amends = new Amends({ client, tasks, out, reports, sync });
  }

  setListener(listener: VenueListener): void {
    this.out.setListener(listener);
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
    const tracked = trackOrder(order, symbolOf(order), this.out.now());
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
        this.out.log(
          'error',
          { err: error, clientOrderId: order.clientOrderId },
          'outbox write failed: order not sent',
        );
        // The journal reports itself unhealthy and halts trading until it can write again.
        this.out.reject(tracked, 'storage-unavailable: intent could not be recorded');
        return;
      }
      await this.settlement.create(tracked);
    });
  }

  cancel(clientOrderId: ClientOrderId): void {
    const tracked = this.tracked.get(clientOrderId);
    if (tracked === undefined || tracked.ended) return;
    tracked.cancelRequested = true;
    this.cancels.enqueue(tracked);
  }

  amend(clientOrderId: ClientOrderId, changes: OrderChanges): void {
    const tracked = this.tracked.get(clientOrderId);
    if (tracked === undefined || tracked.ended) return;
    this.amends.enqueue(tracked, changes);
  }

  // Reports (stream, REST replies, reconciliation) ----------------------------------------------------

  /** Feeds a private-stream event in. */
  onStreamEvent(event: ExchangeStreamEvent): void {
    if (event.kind === 'order') this.reports.applyOrderReport(event.report);
    else if (event.kind === 'fill') this.reports.applyFillReport(event.report);
  }

  applyOrderReport(report: OrderStatusReport): void {
    this.reports.applyOrderReport(report);
  }

  applyFillReport(report: FillReport): void {
    this.reports.applyFillReport(report);
  }

  /** Queries one of our orders and its fills now, applying what is new (reconciliation and recovery). */
  syncOrder(clientOrderId: string): Promise<'known' | 'not-found'> {
    return this.sync.syncOrder(clientOrderId);
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
    if (!acknowledged) this.settlement.markInFlight(tracked, 0);
    else if (tracked.cancelRequested) this.cancels.enqueue(tracked);
  }

  /**
   * Forgets orders that ended more than `olderThanMs` ago (a long session must not grow without bound).
   * Late news about them is then treated as external and shows up as drift — never silently dropped.
   */
  prune(olderThanMs: number): number {
    return this.tracked.prune(this.out.now() - olderThanMs, (id) => this.tasks.busy(id));
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

  private createRequest(tracked: TrackedOrder): CreateOrderRequest {
    const instrument = this.options.instrument(tracked.symbol);
    if (instrument === undefined) throw new Error(`no instrument ${tracked.symbol}`);
    const { marginMode } = this.options;
    return createRequestFor(tracked, instrument, {
      attachedProtection: this.attachedProtection,
      ...(marginMode === undefined ? {} : { marginMode }),
    });
  }
}
