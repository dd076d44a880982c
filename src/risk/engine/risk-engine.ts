/**
 * The risk engine of one account, the same object in backtests, paper and live (DESIGN.md §1.1): the
 * stored pre-trade rules as a gate, the breakers that pause a strategy or the account, and automatic
 * position reduction. It knows nothing of the environment: the environment hands it the kernel, calls
 * `onTime` on every time step and `marketData` on every market event, and records what it reports.
 */

import type { Fill } from '../../core/fill.js';
import type { StrategyId } from '../../core/ids.js';
import type { Instrument } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import { isWorking } from '../../core/order-state.js';
import type { Kernel } from '../../engine/kernel.js';
import type { OrderManagerObserver } from '../../engine/order-manager.js';
import type { PreTradeRule, RiskDenial, RiskGate, RiskView } from '../../engine/risk-gate.js';
import type { RiskRuleRecord } from '../../storage/index.js';
import {
  BreakerBoard,
  type BreakerConfig,
  type BreakerEvent,
  type BreakerKind,
  type BreakerState,
  type BreakerTrip,
  breakerRule,
  type PauseTarget,
} from '../breakers/index.js';
import type { AutoReduceConfig } from '../config/auto-reduce-config.js';
import { isControlRule, parseRiskRecord } from '../config/parse.js';
import { reduces } from '../rules/common.js';
import { planReductions } from './position-reducer.js';
import { ReductionOrders } from './reduction-orders.js';
import { type ScopedPreTradeRule, ScopedRiskGate } from './scoped-gate.js';
import { TradeTracker } from './trade-tracker.js';

/** Positions and orders adopted from the venue (see src/live/reconcile.ts): nobody's strategy. */
const EXTERNAL = 'external';

export type RiskEngineEvent =
  | BreakerEvent
  | {
      readonly type: 'reduced';
      readonly strategyId: string;
      readonly symbol: string;
      readonly side: 'buy' | 'sell';
      readonly qty: number;
      readonly clientOrderId: string;
      readonly limit: string;
      readonly details: Readonly<Record<string, number | string>>;
      readonly at: number;
    }
  | { readonly type: 'rule-invalid'; readonly record: RiskRuleRecord; readonly message: string };

export interface RiskEngineOptions {
  /** The account key: rules stored for this account apply, other accounts' do not. */
  readonly account: string;
  /** Rules the environment always applies, before the stored ones (its own fixed limits). */
  readonly baseRules?: readonly PreTradeRule[];
  readonly onEvent?: (event: RiskEngineEvent) => void;
  /**
   * Least kernel-clock time between two steps (default 1 s): a session steps on every market event, and
   * a breaker or a reduction within a second is soon enough (the kill switch is polled as often) — at
   * twenty prints a second, stepping on each cost more than the rest of the tick-to-order path. Backtest
   * bars are at least that far apart, so backtests, paper and live step at the same moments.
   */
  readonly minStepMs?: number;
}

export interface LoadResult {
  readonly applied: number;
  readonly invalid: readonly { readonly record: RiskRuleRecord; readonly message: string }[];
}

export class RiskEngine implements RiskGate {
  readonly breakers: BreakerBoard;
  private readonly gate: ScopedRiskGate;
  private kernel: Kernel | undefined;
  private tracker: TradeTracker | undefined;
  private autoReduce: readonly AutoReduceConfig[] = [];
  private readonly lastData = new Map<string, number>();
  private watched: string[] = [];
  private watchedVersion = -1;
  private ids: string[] = [];
  private idsVersion = -1;
  private reductions: ReductionOrders | undefined;
  private pendingBreakers: readonly BreakerConfig[] | undefined;
  private readonly minStepMs: number;
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RiskEngineOptions) {
    this.minStepMs = options.minStepMs ?? 1_000;
    this.breakers = new BreakerBoard(
      [],
      {
        now: () => this.requireKernel().clock.now(),
        accountEquity: () => this.requireKernel().portfolio.equity(),
        strategyPnl: (id) => this.requireKernel().portfolio.strategyPnl(id as StrategyId),
        strategyIds: () => this.strategyIds(),
        watchedSymbols: () => this.watchedSymbols(),
        lastMarketDataTs: (symbol) => this.lastData.get(symbol),
      },
      (event) => this.onBreaker(event),
    );
    this.gate = new ScopedRiskGate(options.account, [
      ...(options.baseRules ?? []),
      breakerRule(this.breakers),
    ]);
  }

  /** Binds the engine to its kernel (once, right after the kernel is built). */
  attach(kernel: Kernel): void {
    this.kernel = kernel;
    this.tracker = new TradeTracker(kernel.portfolio, (id, pnl) => this.breakers.tradeClosed(id, pnl));
    // Breakers read the kernel (clock, equity) as soon as they are configured.
    this.applyPendingBreakers();
  }

  /**
   * Loads the stored rules (global, this account's, every strategy's): valid ones replace the current
   * set, invalid ones are skipped and reported (a bad row must not disable the good ones).
   */
  load(records: readonly RiskRuleRecord[]): LoadResult {
    const preTrade: ScopedPreTradeRule[] = [];
    const breakers: BreakerConfig[] = [];
    const autoReduce: AutoReduceConfig[] = [];
    const invalid: { record: RiskRuleRecord; message: string }[] = [];
    let applied = 0;
    for (const record of records) {
      if (!record.enabled || isControlRule(record.rule)) continue;
      if (record.scope === 'account' && record.scopeId !== this.options.account) continue;
      try {
        const parsed = parseRiskRecord(record);
        applied += 1;
        if (parsed.kind === 'pre-trade')
          preTrade.push({ ...record, entry: parsed.entry, params: parsed.params });
        else if (parsed.kind === 'breaker') breakers.push(parsed.config);
        // Several auto-reduce rows (global, the account's) all hold: each is planned in turn.
        else autoReduce.push(parsed.config);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        invalid.push({ record, message });
        this.options.onEvent?.({ type: 'rule-invalid', record, message });
      }
    }
    this.gate.update(preTrade);
    if (this.kernel === undefined) this.pendingBreakers = breakers;
    else this.breakers.reconfigure(breakers);
    this.autoReduce = autoReduce;
    return { applied, invalid };
  }

  check(order: Order, instrument: Instrument, view: RiskView): RiskDenial | undefined {
    return this.gate.check(order, instrument, view);
  }

  /** What the engine needs to see of the order flow: closed trades and venue rejects. */
  readonly observer: OrderManagerObserver = {
    onFill: (order: Order, fill: Fill) => {
      const symbol = order.instrumentId.slice(order.instrumentId.indexOf(':') + 1);
      this.tracker?.filled(order.strategyId, symbol, fill);
    },
    onRejected: (order: Order) => this.breakers.orderRejected(order.strategyId),
  };

  /** A market event for `symbol` at `ts` (stale-data breaker). */
  marketData(symbol: string, ts: number): void {
    this.lastData.set(symbol, ts);
  }

  /** Every time step: breakers, then automatic reduction (at most once per `minStepMs` of kernel time). */
  onTime(): void {
    const now = this.requireKernel().clock.now();
    if (now - this.lastStep < this.minStepMs) return;
    this.lastStep = now;
    this.breakers.evaluate();
    for (let i = 0; i < this.autoReduce.length; i++) this.reduce(this.autoReduce[i]!);
  }

  resumeBreaker(kind: BreakerKind, target: PauseTarget, at?: number): boolean {
    return this.breakers.resume(kind, target, at);
  }

  /** The breakers' running state (baselines, peaks, streaks, reject windows): what a restart must keep. */
  exportBreakerState(): BreakerState {
    return this.breakers.exportState();
  }

  /** Puts back a state exported before a restart (after `load` and `attach`; unknown parts are ignored). */
  importBreakerState(state: BreakerState): void {
    this.applyPendingBreakers();
    this.breakers.importState(state);
  }

  /** Re-arms trips stored before a restart; returns those no configured breaker matches. */
  restoreTrips(trips: readonly BreakerTrip[]): readonly BreakerTrip[] {
    this.applyPendingBreakers();
    return this.breakers.restore(trips);
  }

  private applyPendingBreakers(): void {
    if (this.pendingBreakers === undefined) return;
    this.breakers.reconfigure(this.pendingBreakers);
    this.pendingBreakers = undefined;
  }

  // Internals -----------------------------------------------------------------------------------------

  private onBreaker(event: BreakerEvent): void {
    if (event.type === 'tripped') this.cancelOpening(event.trip.target);
    this.options.onEvent?.(event);
  }

  /**
   * A pause cancels the paused strategies' working orders that open or add. Orders that reduce the
   * strategy's own position stay (its stops and exits), and so do adopted `external` orders: a person
   * placed those at the venue, and a breaker pauses strategies, not people.
   */
  private cancelOpening(target: PauseTarget): void {
    const kernel = this.kernel;
    if (kernel === undefined) return;
    for (const order of [...kernel.orders.all()]) {
      if (!isWorking(order) || order.strategyId === EXTERNAL) continue;
      if (target.kind === 'strategy' && order.strategyId !== target.strategyId) continue;
      const symbol = order.instrumentId.slice(order.instrumentId.indexOf(':') + 1);
      const held = kernel.portfolio.position(order.strategyId, symbol).qty;
      if (reduces(order, held)) continue;
      kernel.orders.cancel(order.strategyId, order.clientOrderId);
    }
  }

  private reduce(config: AutoReduceConfig): void {
    const kernel = this.requireKernel();
    const plan = planReductions(config, kernel.portfolio);
    if (plan.length === 0) return;
    this.reductions ??= new ReductionOrders(kernel.orders);
    const sent = this.reductions;
    const at = kernel.clock.now();
    for (const step of plan) {
      if (!sent.maySend(step.strategyId, step.symbol, at)) continue;
      const clientOrderId = kernel.orders.nextClientOrderId(step.strategyId as StrategyId);
      sent.sent(step.strategyId, step.symbol, clientOrderId);
      this.options.onEvent?.({
        type: 'reduced',
        strategyId: step.strategyId,
        symbol: step.symbol,
        side: step.side,
        qty: step.qty,
        clientOrderId,
        limit: step.limit,
        details: step.details,
        at,
      });
      kernel.orders.submit({
        strategyId: step.strategyId as StrategyId,
        clientOrderId,
        request: {
          symbol: step.symbol,
          side: step.side,
          qty: step.qty,
          type: 'market',
          reduceOnly: true,
          tag: 'auto-reduce',
        },
        tsInit: at,
      });
    }
    kernel.drain();
  }

  /** Strategies of the kernel (recomputed only when one is added or replaced). */
  private strategyIds(): readonly string[] {
    const kernel = this.requireKernel();
    if (kernel.strategiesVersion !== this.idsVersion) {
      this.ids = [...kernel.hosts.keys()];
      this.idsVersion = kernel.strategiesVersion;
    }
    return this.ids;
  }

  /** Symbols the strategies subscribe to (recomputed only when a strategy is added or replaced). */
  private watchedSymbols(): readonly string[] {
    const kernel = this.requireKernel();
    if (kernel.strategiesVersion === this.watchedVersion) return this.watched;
    const symbols = new Set<string>();
    for (const host of kernel.hosts.values()) for (const s of host.subscriptions) symbols.add(s.symbol);
    this.watched = [...symbols];
    this.watchedVersion = kernel.strategiesVersion;
    return this.watched;
  }

  private requireKernel(): Kernel {
    if (this.kernel === undefined) throw new Error('RiskEngine.attach(kernel) must run before it is used');
    return this.kernel;
  }
}
