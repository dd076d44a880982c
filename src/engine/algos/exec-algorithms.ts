/**
 * ExecAlgorithms: parent orders (TWAP, VWAP, iceberg) worked as child orders through the same order path
 * as any other order (OrderPort: risk gate, order manager, venue).
 *
 * Synchronous and deterministic like the rest of the kernel: no timers. The environment calls `onTime`
 * at every time step (and `barClosed` for participation caps); the owner of the strategy's orders routes
 * child updates here (`AlgoOrderRouter`). Inputs that arrive while one is being handled — a child denied
 * inside `submit`, a listener cancelling from an event — are queued and handled next, in order.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Fill } from '../../core/fill.js';
import type { ClientOrderId, StrategyId } from '../../core/ids.js';
import type { Instrument } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import { seedOf } from '../../core/random.js';
import type { ClockPort, OrderPort } from '../../strategies/ports.js';
import type { AlgoRun, AlgoServices, RunInit } from './algo-run.js';
import { IcebergRun } from './iceberg-run.js';
import { lotGrid } from './lot-grid.js';
import { checkAlgoRequest, sliceCount } from './request-check.js';
import { ScheduledRun } from './scheduled-run.js';
import { buildSchedule, equalWeights, profileWeights } from './slice-schedule.js';
import type { AlgoEvent, AlgoParentId, AlgoRequest, AlgoStatus } from './types.js';

export interface ExecAlgorithmsOptions {
  readonly orders: OrderPort;
  readonly clock: ClockPort;
  readonly instrument: (symbol: string) => Instrument | undefined;
  /** The symbol's last price (NaN before the first). */
  readonly lastPrice: (symbol: string) => number;
  /** Progress of every parent (route it to the owning strategy by `event.strategyId`). */
  readonly onEvent?: (event: AlgoEvent) => void;
}

export class ExecAlgorithms {
  private readonly runs = new Map<string, AlgoRun>();
  /** Working parents, in start order (onTime visits them in that order: deterministic). */
  private readonly active: AlgoRun[] = [];
  private readonly runOfChild = new Map<string, AlgoRun>();
  private readonly lastVolume = new Map<string, number>();
  private readonly inbox: Array<() => void> = [];
  private busy = false;
  private readonly services: AlgoServices;

  constructor(private readonly options: ExecAlgorithmsOptions) {
    const { orders, clock } = options;
    this.services = {
      now: () => clock.now(),
      lastPrice: (symbol) => options.lastPrice(symbol),
      reserveChild: (run) => {
        const id = orders.nextClientOrderId(run.strategyId);
        this.runOfChild.set(id, run);
        return id;
      },
      submit: (run, clientOrderId, request) =>
        orders.submit({ strategyId: run.strategyId, clientOrderId, request, tsInit: clock.now() }),
      cancel: (run, clientOrderId) => orders.cancel(run.strategyId, clientOrderId),
      emit: (event) => options.onEvent?.(event),
      ended: (run) => {
        const index = this.active.indexOf(run);
        if (index >= 0) this.active.splice(index, 1);
      },
    };
  }

  /**
   * Starts a parent and places what is due at once; returns its id. `parentId` is one the caller reserved
   * with `orders.nextClientOrderId` (a strategy context reserves it while checking, starts after the
   * callback succeeded); by default one is reserved here. Throws QL_ERR_INVALID_INPUT for a bad request.
   */
  start(strategyId: StrategyId, request: AlgoRequest, parentId?: AlgoParentId): AlgoParentId {
    const inst = checkAlgoRequest(request, this.options.instrument(request?.symbol));
    const id = parentId ?? this.options.orders.nextClientOrderId(strategyId);
    if (this.runs.has(id)) {
      throw new QuantLabError('QL_ERR_CONFLICT', `Algorithm parent ${id} already exists.`, {
        details: { parentId: id },
      });
    }
    const run = this.createRun({
      parentId: id,
      strategyId,
      request,
      instrument: inst,
      startTs: this.options.clock.now(),
      services: this.services,
    });
    this.runs.set(id, run);
    this.active.push(run);
    this.handle(() => {
      run.emit('AlgoStarted');
      run.begin(this.options.clock.now());
    });
    return id;
  }

  /** Cancels a parent of the strategy: its working children are cancelled, no further child is placed. */
  cancel(strategyId: StrategyId, parentId: AlgoParentId, reason = 'cancelled by its owner'): void {
    const run = this.runs.get(parentId);
    if (run === undefined || run.strategyId !== strategyId) return;
    this.handle(() => run.finish('cancelled', reason));
  }

  /** Cancels every working parent of the strategy (of one symbol when given). */
  cancelAll(strategyId: StrategyId, symbol?: string): void {
    for (const run of this.active.slice()) {
      if (run.strategyId === strategyId && (symbol === undefined || run.symbol === symbol))
        this.cancel(strategyId, run.parentId);
    }
  }

  /** A time step (default: the clock's time): places every child that has become due. */
  onTime(now: number = this.options.clock.now()): void {
    if (this.active.length === 0) return;
    this.handle(() => {
      for (const run of this.active.slice()) run.onTime(now);
    });
  }

  /** A bar of the symbol closed: its volume feeds participation caps. */
  barClosed(symbol: string, bar: { readonly volume: number }): void {
    this.lastVolume.set(symbol, bar.volume);
    for (const run of this.active) if (run.symbol === symbol) run.observeVolume(bar.volume);
  }

  /** An update of one of a strategy's orders; false (ignored) when it is no algorithm's child. */
  childUpdated(order: Order): boolean {
    const run = this.runOfChild.get(order.clientOrderId);
    if (run === undefined) return false;
    this.handle(() => run.childUpdated(order));
    return true;
  }

  /** A fill of one of a strategy's orders; false (ignored) when it is no algorithm's child. */
  childFilled(order: Order, fill: Fill): boolean {
    const run = this.runOfChild.get(order.clientOrderId);
    if (run === undefined) return false;
    this.handle(() => run.childFilled(order, fill));
    return true;
  }

  status(parentId: AlgoParentId): AlgoStatus | undefined {
    return this.runs.get(parentId)?.status();
  }

  /** Parents of a strategy (every strategy when omitted), in start order; working ones only if asked. */
  list(strategyId?: StrategyId, workingOnly = false): AlgoStatus[] {
    const out: AlgoStatus[] = [];
    for (const run of workingOnly ? this.active : this.runs.values())
      if (strategyId === undefined || run.strategyId === strategyId) out.push(run.status());
    return out;
  }

  /** The parent of a child order, undefined for any other order. */
  parentOf(clientOrderId: ClientOrderId | string): AlgoParentId | undefined {
    return this.runOfChild.get(clientOrderId)?.parentId;
  }

  /** Number of working parents. */
  get workingCount(): number {
    return this.active.length;
  }

  private createRun(init: RunInit): AlgoRun {
    const { request } = init;
    if (request.algo === 'iceberg') return new IcebergRun({ ...init, request });
    const slices = sliceCount(request);
    const grid = lotGrid(init.instrument);
    const schedule = buildSchedule({
      startTs: init.startTs,
      durationMs: request.durationMs,
      weights:
        request.algo === 'twap'
          ? equalWeights(slices)
          : profileWeights(request.profile, init.startTs, request.durationMs, slices),
      totalUnits: grid.units(request.qty),
      minUnits: grid.minUnits,
      ...(request.randomize === undefined ? {} : { randomize: request.randomize }),
      defaultSeed: seedOf(init.parentId),
    });
    return new ScheduledRun({ ...init, request }, schedule, this.lastVolume.get(request.symbol) ?? 0);
  }

  /** Runs one input, then any that arrived meanwhile, one at a time. */
  private handle(task: () => void): void {
    if (this.busy) {
      this.inbox.push(task);
      return;
    }
    this.busy = true;
    try {
      task();
      for (let next = this.inbox.shift(); next !== undefined; next = this.inbox.shift()) next();
    } finally {
      this.busy = false;
    }
  }
}
