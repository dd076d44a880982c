/**
 * Order management: every order of every strategy, moved through the core state table by the venue's
 * events, applied to the portfolio, and reported back to the strategy that owns it.
 *
 * Commands go out at once; events come back through a queue drained by the kernel (`drain`), so a venue
 * that answers synchronously (a fill at the close) never re-enters a strategy callback. Attached
 * stop-loss / take-profit / trailing orders are emulated by `ProtectionBook` (protection.ts).
 */

import { attachedLegOf, venueHoldsAttachments } from '../core/attached-ids.js';
import { QuantLabError } from '../core/errors.js';
import type { Fill } from '../core/fill.js';
import {
  type ClientOrderId,
  ClientOrderIdGenerator,
  type InstrumentId,
  type StrategyId,
  venueOrderId,
} from '../core/ids.js';
import { type Instrument, instrumentIdOf } from '../core/instrument.js';
import {
  applyOrderEvent,
  createOrder,
  type Order,
  type OrderEvent,
  type OrderFilled,
  type OrderParams,
} from '../core/order.js';
import { isTerminal, isWorking } from '../core/order-state.js';
import { roundPrice, roundQty } from '../core/precision.js';
import type { ClockPort, OrderPort, SubmitOrder } from '../strategies/ports.js';
import type { AmendRequest } from '../strategies/types.js';
import { ForgottenOrders } from './forgotten-orders.js';
import type { Portfolio } from './portfolio.js';
import { ProtectionBook, trailingOnGrid } from './protection.js';
import type { RiskDenial, RiskGate, RiskView } from './risk-gate.js';
import type { ExecutionVenue, FundingPaid, PositionLiquidated, VenueEvent } from './venue.js';

/** Where order outcomes for a strategy go (its StrategyHost). */
export interface OrderOwner {
  orderUpdated(order: Order): void;
  filled(order: Order, fill: Fill): void;
}

/** Hooks for the environment (trade book, persistence, metrics). */
export interface OrderManagerObserver {
  /**
   * A fill applied to the portfolio. For an order already forgotten (`retainEndedOrders`) `order` is its
   * tombstone's stand-in (identity, strategy, instrument, side, quantities; no prices or fees) and
   * `reason` is `late fill`.
   */
  onFill?(order: Order, fill: Fill, reason: string): void;
  onFunding?(event: FundingPaid): void;
  onLiquidation?(event: PositionLiquidated): void;
  onRejected?(order: Order, reasonKey: string): void;
  onDenied?(order: Order, denial: RiskDenial): void;
  /** Every new version of an order (created, sent, acknowledged, filled, ended): the journal persists it. */
  onOrderChanged?(order: Order): void;
  /**
   * A venue event the state table refuses. With this hook the event is reported and skipped (live venues
   * send late and out-of-order news); without it, it throws (a simulated venue never should).
   */
  onAnomaly?(message: string, details: Record<string, unknown>): void;
}

export interface OrderManagerOptions {
  readonly venue: ExecutionVenue;
  readonly gate: RiskGate;
  readonly portfolio: Portfolio;
  readonly clock: ClockPort;
  readonly observer?: OrderManagerObserver;
  /**
   * How many ended orders stay in memory (oldest forgotten first; they are in the journal). Default: all
   * — a backtest lists every order in its result; paper and live sessions bound it. A forgotten order
   * leaves a compact tombstone (the last 100,000: `ForgottenOrders`), so a fill that arrives later still
   * reaches the portfolio and `onFill`.
   */
  readonly retainEndedOrders?: number;
}

export class OrderManager implements OrderPort {
  private readonly orders = new Map<string, Order>();
  /** Working orders in submission order (a small list: scanning it is cheaper than indexing). */
  private readonly working: Order[] = [];
  private readonly owners = new Map<StrategyId, OrderOwner>();
  private readonly ids = new Map<StrategyId, ClientOrderIdGenerator>();
  private readonly reasons = new Map<string, string>();
  private readonly protection: ProtectionBook;
  private readonly queue: VenueEvent[] = [];
  private readonly instrumentIds = new Map<Instrument, InstrumentId>();
  private draining = false;
  private readonly view: RiskView;
  /** Ended orders in the order they ended, for `retainEndedOrders`. */
  private readonly endedIds: string[] = [];
  private endedHead = 0;
  /** Tombstones of the orders forgotten after `retainEndedOrders`, so that a late fill still counts. */
  private readonly forgotten = new ForgottenOrders();
  /** Counts of venue rejections and gate denials by reason key. */
  readonly refusals: Record<string, number> = {};

  constructor(private readonly options: OrderManagerOptions) {
    this.protection = new ProtectionBook({
      order: (id) => this.orders.get(id),
      workingOrders: () => this.working,
      nextClientOrderId: (strategyId) => this.nextClientOrderId(strategyId),
      instrument: (symbol) => this.instrument(symbol),
      positionQty: (order) => this.options.portfolio.position(order.strategyId, this.symbolOf(order)).qty,
      send: (order, inst) => this.send(order, inst),
      resize: (id, qty) => this.options.venue.amend(id, { qty }),
      requestCancel: (order) => this.requestCancel(order),
      venueHolds: (parent) => options.venue.attachedProtection === true && venueHoldsAttachments(parent),
      hold: (order) => this.hold(order),
    });
    options.venue.setListener((event) => this.queue.push(event));
    const portfolio = options.portfolio;
    const instruments: Instrument[] = [];
    for (let i = 0; i < portfolio.instrumentCount; i++) instruments.push(portfolio.instrumentAt(i));
    this.view = {
      lastPrice: (inst) => portfolio.markOf(portfolio.symbolIndex(inst.symbol)),
      equity: () => portfolio.equity(),
      positionQty: (order) => portfolio.position(order.strategyId, this.symbolOf(order)).qty,
      now: () => options.clock.now(),
      openOrders: (strategyId) =>
        strategyId === undefined ? this.working : this.working.filter((o) => o.strategyId === strategyId),
      instruments: () => instruments,
      accountPositionQty: (symbol) => {
        const index = portfolio.symbolIndex(symbol);
        return index < 0 ? 0 : portfolio.accountPosition(index).qty;
      },
      strategyPositionQty: (strategyId, symbol) => portfolio.position(strategyId as StrategyId, symbol).qty,
      freeBalance: () => portfolio.balance('' as StrategyId),
    };
  }

  /**
   * Routes a strategy's order outcomes to `owner`. Client order ids continue from `nextSequence` (the
   * live runner passes one past the last sequence it persisted, so a restart never reuses an id).
   */
  register(strategyId: StrategyId, owner: OrderOwner, idSalt?: string, nextSequence = 0): void {
    this.owners.set(strategyId, owner);
    const ids = this.ids.get(strategyId);
    const salt = idSalt ?? ids?.salt;
    if (ids === undefined || ids.salt !== salt || ids.next < nextSequence) {
      const resume = ids !== undefined && ids.salt === salt ? Math.max(ids.next, nextSequence) : nextSequence;
      this.ids.set(strategyId, new ClientOrderIdGenerator(strategyId, salt, resume));
    }
  }

  /** Stops routing outcomes to a strategy (its orders stay tracked; their events still reach the portfolio). */
  unregister(strategyId: StrategyId): void {
    this.owners.delete(strategyId);
  }

  /**
   * Puts back an order known before a restart, or one found at the venue that we never placed (strategy
   * `external`), without events: the venue's reports then move it on as usual.
   */
  restore(order: Order, tag?: string): void {
    if (tag !== undefined) this.reasons.set(order.clientOrderId, tag);
    this.store(order);
    this.protection.restored(order);
  }

  /**
   * An entry that ended with fills before a restart, whose venue-held stop-loss / take-profit were never
   * journaled (the process died in between): they are recorded again, and reconciliation queries them.
   */
  restoreHeldProtection(entry: Order): void {
    this.protection.restoredEntry(entry, this.symbolOf(entry));
  }

  get(clientOrderId: string): Order | undefined {
    return this.orders.get(clientOrderId);
  }

  all(): IterableIterator<Order> {
    return this.orders.values();
  }

  /** Number of orders (every status) so far. */
  get count(): number {
    return this.orders.size;
  }

  // OrderPort ---------------------------------------------------------------------------------------

  nextClientOrderId(strategyId: StrategyId): ClientOrderId {
    let ids = this.ids.get(strategyId);
    if (ids === undefined) {
      ids = new ClientOrderIdGenerator(strategyId);
      this.ids.set(strategyId, ids);
    }
    return ids.generate();
  }

  submit(command: SubmitOrder): void {
    const { request } = command;
    const inst = this.instrument(request.symbol);
    const qty = roundQty(inst, request.qty, 'down');
    const buy = request.side === 'buy';
    const params: { -readonly [K in keyof OrderParams]: OrderParams[K] } = {
      clientOrderId: command.clientOrderId,
      strategyId: command.strategyId,
      instrumentId: this.idOf(inst),
      side: request.side,
      type: request.type ?? 'market',
      // A quantity that rounds to nothing is denied below, with the lot named.
      qty: qty > 0 ? qty : request.qty,
      tsInit: command.tsInit,
    };
    // Optional fields assigned, not spread: one object shape per order kind keeps this path fast.
    if (request.price !== undefined) params.price = roundPrice(inst, request.price, buy ? 'down' : 'up');
    if (request.triggerPrice !== undefined) params.triggerPrice = roundPrice(inst, request.triggerPrice);
    if (request.timeInForce !== undefined) params.timeInForce = request.timeInForce;
    if (request.reduceOnly !== undefined) params.reduceOnly = request.reduceOnly;
    if (request.attachments !== undefined) params.attachments = request.attachments;
    if (request.trailing !== undefined) params.trailing = trailingOnGrid(inst, request.trailing);
    if (request.triggerDirection !== undefined) params.triggerDirection = request.triggerDirection;
    if (request.tag !== undefined) this.reasons.set(command.clientOrderId, request.tag);
    const order = createOrder(params);
    if (!(qty > 0)) {
      this.deny(order, {
        rule: 'lot-size',
        message: `quantity ${request.qty} rounds to 0 on the lot ${inst.lotSize}`,
        details: { qty: request.qty, lotSize: inst.lotSize },
      });
      return;
    }
    this.send(order, inst);
  }

  cancel(strategyId: StrategyId, clientOrderId: ClientOrderId): void {
    const order = this.orders.get(clientOrderId);
    if (order === undefined || order.strategyId !== strategyId || !isWorking(order)) return;
    this.requestCancel(order);
  }

  cancelAll(strategyId: StrategyId, symbol?: string): void {
    for (const order of this.openOrders(strategyId, symbol)) this.requestCancel(order);
  }

  amend(strategyId: StrategyId, clientOrderId: ClientOrderId, changes: AmendRequest): void {
    const order = this.orders.get(clientOrderId);
    if (order === undefined || order.strategyId !== strategyId || !isWorking(order)) return;
    const inst = this.instrument(this.symbolOf(order));
    this.options.venue.amend(clientOrderId, {
      ...(changes.qty === undefined ? {} : { qty: roundQty(inst, changes.qty, 'down') }),
      ...(changes.price === undefined
        ? {}
        : { price: roundPrice(inst, changes.price, order.side === 'buy' ? 'down' : 'up') }),
      ...(changes.triggerPrice === undefined ? {} : { triggerPrice: roundPrice(inst, changes.triggerPrice) }),
    });
  }

  openOrders(strategyId: StrategyId, symbol?: string): readonly Order[] {
    if (this.working.length === 0) return [];
    const instrumentId = symbol === undefined ? undefined : this.idOf(this.instrument(symbol));
    return this.working.filter(
      (o) => o.strategyId === strategyId && (instrumentId === undefined || o.instrumentId === instrumentId),
    );
  }

  // Events ------------------------------------------------------------------------------------------

  /** Processes every queued venue event (and those they cause) in arrival order. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    let handled = 0;
    try {
      while (handled < this.queue.length) {
        const event = this.queue[handled]!;
        handled += 1;
        this.handle(event);
      }
    } finally {
      // On a throw, the events behind the failing one stay queued for the next drain: none is lost.
      if (handled === this.queue.length) this.queue.length = 0;
      else this.queue.splice(0, handled);
      this.draining = false;
    }
  }

  hasQueuedEvents(): boolean {
    return this.queue.length > 0;
  }

  private handle(event: VenueEvent): void {
    switch (event.type) {
      case 'FundingPaid':
        this.options.portfolio.applyFunding(event);
        this.options.observer?.onFunding?.(event);
        return;
      case 'PositionLiquidated':
        this.options.portfolio.applyLiquidation(event);
        this.options.observer?.onLiquidation?.(event);
        return;
      case 'OrderUpdated': {
        const order = this.orders.get(event.clientOrderId);
        if (order === undefined || !isWorking(order)) return;
        const { qty, price, triggerPrice } = event.changes;
        const next: Order = {
          ...order,
          ...(qty === undefined ? {} : { qty, leavesQty: qty - order.filledQty }),
          ...(price === undefined ? {} : { price }),
          ...(triggerPrice === undefined ? {} : { triggerPrice }),
          tsLastEvent: event.tsEvent,
        };
        this.store(next);
        this.owners.get(next.strategyId)?.orderUpdated(next);
        return;
      }
      case 'OrderModifyRejected': {
        const order = this.orders.get(event.clientOrderId);
        if (order === undefined) return;
        const next = { ...order, reason: event.reason };
        this.store(next);
        this.owners.get(next.strategyId)?.orderUpdated(next);
        return;
      }
      default:
        this.applyOrderEvent(event);
    }
  }

  private applyOrderEvent(event: OrderEvent): void {
    const before = this.orders.get(event.clientOrderId);
    if (before === undefined) {
      if (event.type === 'OrderFilled' && this.applyLateFill(event)) return;
      // Not ours, or forgotten beyond the tombstones: a fill must never pass silently.
      if (event.type === 'OrderFilled')
        this.options.observer?.onAnomaly?.('a fill for an order not in memory', {
          clientOrderId: event.clientOrderId,
          tradeId: event.fill.tradeId,
        });
      return;
    }
    // A cancel refused because the order had already ended (our cancel raced its fill or the venue's own
    // cancel): nothing changed, and the owner was told how it ended.
    if (event.type === 'OrderCancelRejected' && isTerminal(before)) return;
    let order: Order;
    try {
      order = applyOrderEvent(before, event);
    } catch (error) {
      const report = this.options.observer?.onAnomaly;
      if (report === undefined || !(error instanceof QuantLabError)) throw error;
      report(error.message, { ...error.details, event: event.type });
      return;
    }
    if (order === before) return; // a duplicate fill
    this.store(order);
    if (event.type === 'OrderRejected') {
      const key = event.reason.split(':')[0]!.trim();
      this.refusals[key] = (this.refusals[key] ?? 0) + 1;
      this.options.observer?.onRejected?.(order, key);
    }
    const owner = this.owners.get(order.strategyId);
    if (event.type === 'OrderFilled') {
      this.options.portfolio.applyFill(order.strategyId, event.fill);
      const role = this.protection.roleOf(order.clientOrderId);
      this.options.observer?.onFill?.(
        order,
        event.fill,
        role ?? this.reasons.get(order.clientOrderId) ?? 'signal',
      );
      this.protection.filled(order, event.fill, this.symbolOf(order));
      owner?.filled(order, event.fill);
    }
    owner?.orderUpdated(order);
    if (isTerminal(order)) this.protection.ended(order, this.symbolOf(order));
  }

  /**
   * A fill for an order forgotten after `retainEndedOrders` (a venue may report one after the cancel):
   * moved through the state table from its tombstone (duplicates and overfills are caught there), applied
   * to the portfolio under its strategy and reported to `onFill` with the tombstone's stand-in order. Its
   * strategy is not called back: it was told long ago how the order ended. False without a tombstone.
   */
  private applyLateFill(event: OrderFilled): boolean {
    const before = this.forgotten.recall(event.clientOrderId);
    if (before === undefined) return false;
    let order: Order;
    try {
      order = applyOrderEvent(before, event);
    } catch (error) {
      const report = this.options.observer?.onAnomaly;
      if (report === undefined || !(error instanceof QuantLabError)) throw error;
      report(error.message, { ...error.details, event: event.type, forgotten: true });
      return true;
    }
    if (order === before) return true; // a duplicate fill
    this.forgotten.update(order);
    this.options.portfolio.applyFill(order.strategyId, event.fill);
    this.options.observer?.onFill?.(order, event.fill, 'late fill');
    return true;
  }

  /**
   * Marks the order PendingCancel, then asks the venue (once): the state table then accepts either
   * outcome, a cancel or a refusal (which returns the order to its working status).
   */
  private requestCancel(child: Order): void {
    if (child.status === 'PendingCancel') return;
    const now = this.options.clock.now();
    this.store(
      applyOrderEvent(child, {
        type: 'OrderPendingCancel',
        clientOrderId: child.clientOrderId,
        tsEvent: now,
        tsInit: now,
      }),
    );
    this.options.venue.cancel(child.clientOrderId);
  }

  // Internals ---------------------------------------------------------------------------------------

  /**
   * A child the venue holds (attached stop-loss / take-profit), never sent: submitted and acknowledged
   * through the state table like any order, under the attached algo order's client id (the id the venue
   * files it under; its own id comes with its first report).
   */
  private hold(order: Order): void {
    const now = this.options.clock.now();
    const submitted = applyOrderEvent(order, {
      type: 'OrderSubmitted',
      clientOrderId: order.clientOrderId,
      tsEvent: now,
      tsInit: now,
    });
    this.store(submitted);
    this.options.venue.hold?.(submitted);
    const algo = attachedLegOf(order.clientOrderId)?.algo ?? order.clientOrderId;
    this.applyOrderEvent({
      type: 'OrderAccepted',
      clientOrderId: order.clientOrderId,
      venueOrderId: venueOrderId(algo),
      tsEvent: now,
      tsInit: now,
    });
  }

  private send(order: Order, inst: Instrument): void {
    const denial = this.options.gate.check(order, inst, this.view);
    if (denial !== undefined) {
      this.deny(order, denial);
      return;
    }
    const submitted = applyOrderEvent(order, {
      type: 'OrderSubmitted',
      clientOrderId: order.clientOrderId,
      tsEvent: this.options.clock.now(),
      tsInit: this.options.clock.now(),
    });
    this.store(submitted);
    this.options.venue.submit(submitted);
  }

  private deny(order: Order, denial: RiskDenial): void {
    const now = this.options.clock.now();
    const denied = applyOrderEvent(order, {
      type: 'OrderDenied',
      clientOrderId: order.clientOrderId,
      reason: `${denial.rule}: ${denial.message}`,
      tsEvent: now,
      tsInit: now,
    });
    this.store(denied);
    this.refusals[denial.rule] = (this.refusals[denial.rule] ?? 0) + 1;
    this.options.observer?.onDenied?.(denied, denial);
    this.owners.get(denied.strategyId)?.orderUpdated(denied);
  }

  private store(order: Order): void {
    const previous = this.orders.get(order.clientOrderId);
    this.orders.set(order.clientOrderId, order);
    this.options.observer?.onOrderChanged?.(order);
    const index = previous === undefined ? -1 : this.working.indexOf(previous);
    if (isWorking(order)) {
      if (index >= 0) this.working[index] = order;
      else this.working.push(order);
    } else if (index >= 0) removeAt(this.working, index);
    const retain = this.options.retainEndedOrders;
    if (retain !== undefined && isTerminal(order) && (previous === undefined || !isTerminal(previous)))
      this.forgetBeyond(order.clientOrderId, retain);
  }

  private forgetBeyond(endedId: string, retain: number): void {
    this.endedIds.push(endedId);
    while (this.endedIds.length - this.endedHead > retain) {
      const id = this.endedIds[this.endedHead]!;
      this.endedHead += 1;
      const order = this.orders.get(id);
      if (order !== undefined && isTerminal(order)) {
        this.orders.delete(id);
        this.reasons.delete(id);
        this.forgotten.remember(order);
      }
    }
    // Compact now and then instead of shifting on every order.
    if (this.endedHead > 1024 && this.endedHead * 2 > this.endedIds.length) {
      this.endedIds.splice(0, this.endedHead);
      this.endedHead = 0;
    }
  }

  /** The validated `exchange:symbol` id, built once per instrument (validation runs regular expressions). */
  private idOf(inst: Instrument): InstrumentId {
    let id = this.instrumentIds.get(inst);
    if (id === undefined) {
      id = instrumentIdOf(inst);
      this.instrumentIds.set(inst, id);
    }
    return id;
  }

  private instrument(symbol: string): Instrument {
    const index = this.options.portfolio.symbolIndex(symbol);
    if (index < 0) {
      throw new QuantLabError('QL_ERR_INSTRUMENT_UNKNOWN', `No instrument ${symbol} in this run.`, {
        details: { symbol },
      });
    }
    return this.options.portfolio.instrumentAt(index);
  }

  private symbolOf(order: Order): string {
    return order.instrumentId.slice(order.instrumentId.indexOf(':') + 1);
  }
}

/** Removes `list[index]`, keeping the order of the rest (unlike splice, allocates no array of removed items). */
function removeAt<T>(list: T[], index: number): void {
  for (let i = index + 1; i < list.length; i++) list[i - 1] = list[i]!;
  list.pop();
}
