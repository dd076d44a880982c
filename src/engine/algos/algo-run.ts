/**
 * One running parent order: what every algorithm shares — its children and their fills, the refusal
 * policy, how it ends, its status and events. Subclasses decide when and how big the next child is
 * (`begin`, `onTime`, `afterChildEnded`).
 *
 * Inputs arrive one at a time (ExecAlgorithms queues re-entrant ones), so a child denied synchronously
 * inside `submit` is handled after the placement that caused it, never in the middle of it.
 */

import type { Fill } from '../../core/fill.js';
import type { ClientOrderId, StrategyId } from '../../core/ids.js';
import type { Instrument } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import { isTerminal } from '../../core/order-state.js';
import type { OrderSide } from '../../core/side.js';
import type { OrderRequest } from '../../strategies/types.js';
import { type LotGrid, lotGrid } from './lot-grid.js';
import type {
  AlgoEvent,
  AlgoEventType,
  AlgoKind,
  AlgoParentId,
  AlgoRequest,
  AlgoState,
  AlgoStatus,
  RefusalPolicy,
} from './types.js';

export const DEFAULT_MAX_CONSECUTIVE_REFUSALS = 5;

/** What a run needs from ExecAlgorithms. */
export interface AlgoServices {
  now(): number;
  /** NaN before the first price. */
  lastPrice(symbol: string): number;
  /** A fresh client order id from the strategy's sequence, recorded as a child of `run`. */
  reserveChild(run: AlgoRun): ClientOrderId;
  submit(run: AlgoRun, clientOrderId: ClientOrderId, request: OrderRequest): void;
  cancel(run: AlgoRun, clientOrderId: ClientOrderId): void;
  emit(event: AlgoEvent): void;
  /** The run stopped working (it keeps receiving its children's updates). */
  ended(run: AlgoRun): void;
}

export interface RunInit {
  readonly parentId: AlgoParentId;
  readonly strategyId: StrategyId;
  readonly request: AlgoRequest;
  readonly instrument: Instrument;
  readonly startTs: number;
  readonly services: AlgoServices;
}

interface LiveChild {
  /** Lots still open at the venue. */
  units: number;
  readonly limit: boolean;
  /** We asked for the cancel (a cancel we did not ask for ends the parent). */
  cancelling: boolean;
}

const END_EVENTS: Record<Exclude<AlgoState, 'working'>, AlgoEventType> = {
  completed: 'AlgoCompleted',
  cancelled: 'AlgoCancelled',
  failed: 'AlgoFailed',
  expired: 'AlgoExpired',
};

export abstract class AlgoRun {
  readonly parentId: AlgoParentId;
  readonly strategyId: StrategyId;
  readonly kind: AlgoKind;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly reduceOnly: boolean;
  readonly startTs: number;
  protected readonly grid: LotGrid;
  protected readonly totalUnits: number;
  protected readonly services: AlgoServices;
  private readonly requestedQty: number;
  private readonly policy: RefusalPolicy;
  private readonly maxRefusals: number;
  private readonly tag: string;

  state: AlgoState = 'working';
  private reason: string | undefined;
  private endedTs: number | undefined;
  private readonly children: ClientOrderId[] = [];
  protected readonly live = new Map<ClientOrderId, LiveChild>();
  private readonly childFills = new Map<string, { qty: number; avg: number }>();
  private filledQty = 0;
  private filledNotional = 0;
  protected filledUnits = 0;
  private refusalsInRow = 0;
  /** After a refusal nothing is placed again at the same time: a synchronous denial must not loop. */
  protected blockedAt = Number.NEGATIVE_INFINITY;

  constructor(init: RunInit) {
    const { request } = init;
    this.parentId = init.parentId;
    this.strategyId = init.strategyId;
    this.kind = request.algo;
    this.symbol = request.symbol;
    this.side = request.side;
    this.reduceOnly = request.reduceOnly === true;
    this.startTs = init.startTs;
    this.services = init.services;
    this.grid = lotGrid(init.instrument);
    this.requestedQty = request.qty;
    this.totalUnits = this.grid.units(request.qty);
    this.policy = request.onChildRefused ?? 'fail';
    this.maxRefusals = request.maxConsecutiveRefusals ?? DEFAULT_MAX_CONSECUTIVE_REFUSALS;
    this.tag = request.tag ?? request.algo;
  }

  /** Places what is due at the start. */
  abstract begin(now: number): void;
  /** A time step: place what has become due. */
  abstract onTime(now: number): void;
  /** Volume traded in the symbol by a bar that just closed (participation caps). */
  observeVolume(_volume: number): void {}
  /** A child ended without ending the parent (filled, cancelled by us, or refused and skipped). */
  protected abstract afterChildEnded(order: Order, now: number): void;
  /** Scheduled algorithms: slices due and in all, and the end of the schedule. */
  protected scheduleStatus(): Pick<AlgoStatus, 'slicesDue' | 'slices' | 'endTs'> | undefined {
    return undefined;
  }

  // Inputs ----------------------------------------------------------------------------------------------

  childFilled(order: Order, fill: Fill): void {
    if (!this.absorbFills(order)) return;
    this.emit('AlgoFilled', { childId: order.clientOrderId, child: order, fill });
    this.completeIfDone();
  }

  childUpdated(order: Order): void {
    const id = order.clientOrderId;
    const live = this.live.get(id);
    const ended = isTerminal(order);
    if (live !== undefined) {
      if (ended) this.live.delete(id);
      else {
        live.units = this.grid.units(order.leavesQty, 'nearest');
        // A refused cancel puts the order back to work: a later step may ask again.
        if (order.status !== 'PendingCancel') live.cancelling = false;
        if (order.status === 'Accepted') this.refusalsInRow = 0;
      }
    }
    if (this.absorbFills(order)) this.completeIfDone();
    if (live === undefined || !ended || this.state !== 'working') return;
    const now = this.services.now();
    switch (order.status) {
      case 'Filled':
        this.refusalsInRow = 0;
        break;
      case 'Denied':
      case 'Rejected':
        this.refused(order, now);
        break;
      default: // Cancelled, Expired
        if (!live.cancelling) this.endedOutside(order);
    }
    if (this.state === 'working') this.afterChildEnded(order, now);
  }

  /** Ends the parent (no more children) and cancels its working children. */
  finish(state: Exclude<AlgoState, 'working'>, reason?: string): void {
    if (this.state !== 'working') return;
    this.state = state;
    this.reason = reason;
    this.endedTs = this.services.now();
    for (const id of this.live.keys()) this.cancelChild(id);
    this.services.ended(this);
    this.emit(END_EVENTS[state]);
  }

  status(): AlgoStatus {
    const schedule = this.scheduleStatus();
    return {
      parentId: this.parentId,
      strategyId: this.strategyId,
      algo: this.kind,
      symbol: this.symbol,
      side: this.side,
      reduceOnly: this.reduceOnly,
      requestedQty: this.requestedQty,
      qty: this.grid.qty(this.totalUnits),
      state: this.state,
      // Fills are whole lots: summing them as lots keeps 0.33 + 0.34 + 0.33 exactly 1.
      filledQty: this.grid.qty(this.filledUnits),
      remainingQty: this.grid.qty(Math.max(0, this.totalUnits - this.filledUnits)),
      avgFillPrice: this.filledQty > 0 ? this.filledNotional / this.filledQty : 0,
      children: this.children.slice(),
      workingChildren: this.live.size,
      ...(schedule ?? {}),
      startTs: this.startTs,
      ...(this.endedTs === undefined ? {} : { endedTs: this.endedTs }),
      ...(this.reason === undefined ? {} : { reason: this.reason }),
    };
  }

  emit(type: AlgoEventType, extra: Pick<AlgoEvent, 'childId' | 'child' | 'fill'> = {}): void {
    this.services.emit({
      type,
      parentId: this.parentId,
      strategyId: this.strategyId,
      tsEvent: this.services.now(),
      status: this.status(),
      ...extra,
    });
  }

  // For subclasses --------------------------------------------------------------------------------------

  /** Sends a child of `units` lots: a limit at `price`, or a market order. */
  protected place(units: number, price: number | undefined): void {
    const id = this.services.reserveChild(this);
    this.children.push(id);
    this.live.set(id, { units, limit: price !== undefined, cancelling: false });
    const request: OrderRequest = {
      symbol: this.symbol,
      side: this.side,
      type: price === undefined ? 'market' : 'limit',
      qty: this.grid.qty(units),
      ...(price === undefined ? {} : { price }),
      ...(this.reduceOnly ? { reduceOnly: true } : {}),
      tag: this.tag,
    };
    this.services.submit(this, id, request);
    this.emit('AlgoChildPlaced', { childId: id });
  }

  protected cancelChild(id: ClientOrderId): void {
    const live = this.live.get(id);
    if (live === undefined || live.cancelling) return;
    live.cancelling = true;
    this.services.cancel(this, id);
  }

  /** Lots open at the venue in working children. */
  protected liveUnits(): number {
    let units = 0;
    for (const child of this.live.values()) units += child.units;
    return units;
  }

  // Internals -------------------------------------------------------------------------------------------

  /** Takes the child's cumulative fill (idempotent: a snapshot seen twice counts once). */
  private absorbFills(order: Order): boolean {
    const before = this.childFills.get(order.clientOrderId);
    const qty = before?.qty ?? 0;
    if (!(order.filledQty > qty)) return false;
    this.filledNotional +=
      order.avgFillPrice * order.filledQty - (before === undefined ? 0 : before.avg * qty);
    this.filledQty += order.filledQty - qty;
    this.childFills.set(order.clientOrderId, { qty: order.filledQty, avg: order.avgFillPrice });
    this.filledUnits = this.grid.units(this.filledQty, 'nearest');
    return true;
  }

  private completeIfDone(): void {
    if (this.state === 'working' && this.filledUnits >= this.totalUnits) this.finish('completed');
  }

  private refused(order: Order, now: number): void {
    this.emit('AlgoChildRefused', { childId: order.clientOrderId, child: order });
    const why = order.reason ?? order.status;
    // A reduce-only parent whose position is already gone is done, not broken.
    if (this.reduceOnly && why.startsWith('reduce-only-no-position')) {
      this.finish('completed', 'nothing left to reduce');
      return;
    }
    this.refusalsInRow += 1;
    if (this.policy === 'fail' || this.refusalsInRow >= this.maxRefusals) {
      this.finish('failed', `child ${order.clientOrderId} ${order.status.toLowerCase()}: ${why}`);
      return;
    }
    this.blockedAt = now;
  }

  /** A child cancelled or expired without our asking (the strategy's cancelAll, the venue). */
  private endedOutside(order: Order): void {
    // The venue cancels what a reduce-only order can no longer reduce: the position is closed.
    if (this.reduceOnly) this.finish('completed', 'nothing left to reduce');
    else
      this.finish(
        'cancelled',
        `child ${order.clientOrderId} was ${order.status.toLowerCase()} outside the algorithm`,
      );
  }
}
