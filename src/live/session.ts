/**
 * A trading session: feeds → kernel → risk gate → venue → portfolio, for one account in one mode
 * (paper, demo or live), with several strategies in slots. The same kernel as backtests (DESIGN.md §1.1);
 * what is added here is the edge: the account lease, the journal, recovery after a restart,
 * reconciliation, the heartbeat and a graceful stop.
 *
 * Start order (each step must succeed before the next):
 *   lease → journal → kernel with every gate halted → restore (orders, positions) → private streams →
 *   reconcile → resume → market feed → strategies.
 * Trading halts (every order denied) whenever the journal cannot write, the lease is lost, the venue
 * refuses our credentials or a reconciliation fails; it resumes when the cause clears.
 */

import { topics } from '../bus/index.js';
import { QuantLabError } from '../core/errors.js';
import { SimulatedClock } from '../engine/clock.js';
import { Kernel } from '../engine/kernel.js';
import type { OrderManagerObserver } from '../engine/order-manager.js';
import { KillSwitch } from '../risk/kill-switch.js';
import type { ExchangeVenue } from '../venues/exchange/exchange-venue.js';
import type { FillReport } from '../venues/exchange/types.js';
import { HaltGate } from './halt-gate.js';
import { Heartbeat } from './heartbeat.js';
import { Journal } from './journal.js';
import { KillSwitchWatch } from './kill-switch-watch.js';
import { LeaseKeeper } from './lease.js';
import { MarketDriver } from './market-driver.js';
import { PaperAccount } from './paper-account.js';
import { EXTERNAL_STRATEGY, type ReconcileResult } from './reconcile.js';
import { restoreFromJournal } from './recovery.js';
import { SessionReconciler } from './session-reconciler.js';
import { SessionRisk } from './session-risk.js';
import {
  isWorkingStatus,
  publishStrategyEvent,
  recordAccountEquity,
  type SessionStatus,
  startFailure,
  type TradingSessionOptions,
  withoutAccount,
} from './session-support.js';
import { createSessionVenue, externalFill, startPrivateStreams } from './session-venue.js';
import { JournalStateStore, type StrategySlotSpec, StrategySlots } from './strategy-slots.js';

export type { SessionStatus, SessionVenue, TradingSessionOptions } from './session-support.js';

export class TradingSession {
  readonly account: string;
  readonly heartbeat: Heartbeat;
  private readonly gate: HaltGate;
  /** Stored rules, breakers and automatic reduction (the same engine as backtests). */
  readonly risk: SessionRisk;
  private readonly lease: LeaseKeeper;
  private readonly journal: Journal;
  private kernel: Kernel | undefined;
  private driver: MarketDriver | undefined;
  private slots: StrategySlots | undefined;
  private exchangeVenue: ExchangeVenue | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly externalTrades = new Set<string>();
  private readonly reconciler: SessionReconciler;
  private readonly killSwitch: KillSwitchWatch;
  private draining = false;
  private stopped = false;

  constructor(private readonly options: TradingSessionOptions) {
    const { venue, exchange, database, logger } = options;
    this.account = venue.kind === 'paper' ? `paper:${exchange}:${venue.name}` : venue.client.accountKey;
    this.heartbeat = new Heartbeat(options.bus, `trade:${this.account}`);
    this.risk = new SessionRisk({
      account: this.account,
      repositories: database,
      bus: options.bus,
      logger,
      ...(options.rules === undefined ? {} : { baseRules: options.rules }),
    });
    this.gate = new HaltGate(this.risk.engine);
    this.killSwitch = new KillSwitchWatch({
      killSwitch: new KillSwitch(database),
      kernel: () => this.kernel,
      instruments: options.instruments,
      bus: options.bus,
      source: `trade:${this.account}`,
      stopped: () => this.stopped,
      halt: (reason) => this.haltFor('kill-switch', reason, 'down', { allowReduceOnly: true }),
      resume: () => this.resumeFor('kill-switch'),
      drain: () => this.drain(),
    });
    this.gate.halt('starting', 'the session is starting (restore and reconciliation pending)');
    this.reconciler = new SessionReconciler({
      session: options,
      venue: () => this.exchangeVenue,
      kernel: () => this.kernel,
      recordExternalFill: (fill) => this.recordExternalFill(fill),
      drain: () => this.drain(),
      stopped: () => this.stopped,
      halt: (message) => this.haltFor('reconciliation', message, 'degraded'),
      resume: () => this.resumeFor('reconciliation'),
    });
    this.lease = new LeaseKeeper({
      leases: database.accountLeases,
      accountKey: this.account,
      logger,
      ...(options.leaseTtlMs === undefined ? {} : { ttlMs: options.leaseTtlMs }),
      onLost: (reason) => this.haltFor('lease', reason, 'down'),
    });
    this.journal = new Journal({
      repositories: database,
      account: this.account,
      exchange,
      logger,
      now: Date.now,
      onHealth: (healthy) =>
        healthy
          ? this.resumeFor('journal')
          : this.haltFor('journal', 'the database cannot be written', 'down'),
    });
  }

  /**
   * Runs the start sequence with the initial strategies (attached before the feed connects, so their
   * subscriptions are known); throws, with everything it opened closed again, when trading cannot start.
   */
  async start(initial: readonly StrategySlotSpec[] = []): Promise<void> {
    const { options } = this;
    await this.lease.acquire();
    try {
      await this.startKernel();
      this.heartbeat.report('lease', 'ok');
      this.heartbeat.report('journal', 'ok');
      await this.obeyKillSwitch();
      await this.risk.restore();
      this.resumeFor('starting');
      for (const spec of initial) await this.requireSlots().start(spec);
      await options.feed.start();
      const every = options.heartbeatMs ?? 1000;
      this.heartbeat.start(Math.max(every, 5000), () => ({ halted: this.gate.causes() }));
      this.timers.push(setInterval(() => this.tick(), every));
      if (this.exchangeVenue !== undefined)
        this.timers.push(setInterval(() => void this.reconcileNow(), options.reconcileEveryMs ?? 60_000));
      // The kill switch is stored: another process (`quantlab risk kill`) may engage it at any time.
      // So are the limits: `quantlab risk rules set` changes a running session within a second.
      this.timers.push(
        setInterval(() => {
          void this.obeyKillSwitch();
          this.risk.saveBreakerState();
          this.risk.refresh().catch((err) => options.logger.error({ err }, 'risk rules could not be read'));
        }, options.killSwitchPollMs ?? 1_000),
      );
      // Equity over time: drawdown charts and the risk report's percentages read it.
      this.timers.push(setInterval(() => this.recordEquity(), options.equitySnapshotMs ?? 60_000));
      // Ended orders are kept an hour for late news, then forgotten (the journal has them).
      if (this.exchangeVenue !== undefined)
        this.timers.push(setInterval(() => this.exchangeVenue?.prune(3_600_000), 300_000));
      for (const t of this.timers) t.unref();
      options.logger.info({ account: this.account, mode: options.mode }, 'trading session started');
    } catch (error) {
      await this.close();
      throw startFailure(error, options.exchange);
    }
  }

  async startStrategy(spec: StrategySlotSpec): Promise<void> {
    await this.requireSlots().start(spec);
    this.scheduleDrain();
  }

  stopStrategy(id: string, cancelOpenOrders = true): boolean {
    const stopped = this.requireSlots().stop(id, { cancelOpenOrders });
    this.scheduleDrain();
    return stopped;
  }

  async swapStrategy(spec: StrategySlotSpec): Promise<void> {
    await this.requireSlots().swap(spec);
    this.scheduleDrain();
  }

  status(): SessionStatus {
    const kernel = this.kernel;
    let openOrders = 0;
    if (kernel !== undefined)
      for (const o of kernel.orders.all()) if (isWorkingStatus(o.status)) openOrders += 1;
    const last = this.reconciler.last;
    return {
      mode: this.options.mode,
      account: this.account,
      halted: this.gate.causes(),
      strategies: this.slots?.status() ?? [],
      health: this.heartbeat.snapshot(),
      openOrders,
      equity: kernel?.portfolio.equity() ?? 0,
      ...(last === undefined ? {} : { lastReconcile: withoutAccount(last) }),
      ...(this.exchangeVenue === undefined ? {} : { latency: this.exchangeVenue.latency.summary() }),
    };
  }

  get kernelForTests(): Kernel | undefined {
    return this.kernel;
  }

  /** Reconciles with the venue now (exchange accounts; one pass at a time, a failure halts trading). */
  reconcileNow(): Promise<ReconcileResult | undefined> {
    return this.reconciler.now();
  }

  /** Graceful stop: strategies stop (working orders cancelled or kept as configured), everything is recorded. */
  async stop(reason = 'stopped'): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.bus.publish(topics.system('stopping'), {
      source: `trade:${this.account}`,
      tsEvent: Date.now(),
      tsInit: Date.now(),
      detail: { reason },
    });
    this.slots?.stopAll({ reason, cancelOpenOrders: this.options.cancelOnStop ?? true });
    this.drain();
    this.recordEquity();
    this.risk.saveBreakerState();
    await this.close();
  }

  // Internals -----------------------------------------------------------------------------------------

  private async startKernel(): Promise<void> {
    const { options, journal } = this;
    const { venue: spec, instruments, logger } = options;
    const clock = new SimulatedClock(Date.now());
    const risk = this.risk.engine;
    const observer: OrderManagerObserver = {
      onOrderChanged: (order) => journal.orderChanged(order),
      onFill: (order, fill, reason) => {
        journal.fill(order.strategyId, fill);
        risk.observer.onFill?.(order, fill, reason);
      },
      onRejected: (order, reasonKey) => risk.observer.onRejected?.(order, reasonKey),
      onDenied: (order, denial) => this.risk.denied(order, denial),
      onAnomaly: (message, details) =>
        logger.error({ ...details }, `venue event refused by the order state table: ${message}`),
    };
    const state = new JournalStateStore(journal);
    const signals = {
      recording: true,
      signal: (record: Parameters<Journal['signal']>[0]) => journal.signal(record),
    };
    const { venue, exchangeVenue, account } = await createSessionVenue(options, journal, {
      drainSoon: () => this.scheduleDrain(),
      reconcileSoon: () => this.reconciler.soon(),
      externalFill: (fill) => this.recordExternalFill(fill),
      halt: (reason) => this.haltFor('venue', reason, 'down'),
    });
    this.exchangeVenue = exchangeVenue;
    const kernel = new Kernel({
      clock,
      venue,
      instruments,
      account,
      gate: this.gate,
      // Months of trading must not grow the heap: ended orders live on in the journal.
      retainEndedOrders: 2_000,
      state,
      signals,
      logger,
      observer,
    });
    this.kernel = kernel;
    this.risk.attach(kernel);
    await restoreFromJournal({
      journal,
      kernel,
      venue,
      paper: spec.kind === 'paper',
      externalTrades: this.externalTrades,
    });
    if (spec.kind === 'exchange' && exchangeVenue !== undefined) {
      await startPrivateStreams(spec.client, instruments, exchangeVenue, this.heartbeat, () =>
        this.reconciler.soon(),
      );
      const result = await this.reconcileNow();
      if (result === undefined || !result.ok) {
        throw new QuantLabError(
          'QL_ERR_RECONCILIATION_FAILED',
          `Reconciliation with ${options.exchange} failed (${result?.error ?? 'no result'}); refusing to trade.`,
        );
      }
    }
    this.driver = new MarketDriver({
      kernel,
      clock,
      feed: options.feed,
      ...(venue instanceof PaperAccount ? { venue, venueTrades: options.paperTrades !== false } : {}),
      onMarked: (symbol, ts) => {
        risk.marketData(symbol, ts);
        risk.onTime();
      },
      onStatus: (status) =>
        this.heartbeat.report(
          `feed:${status.exchange}`,
          status.state === 'live' ? 'ok' : status.state === 'stopped' ? 'down' : 'degraded',
          status.reason ?? status.state,
        ),
      onError: (error, context) =>
        logger.error({ err: error, ...context }, 'market event could not be processed'),
    });
    this.slots = new StrategySlots(
      {
        kernel,
        driver: this.driver,
        journal,
        exchange: options.exchange,
        idSalt: this.account,
        onEvent: (e) => publishStrategyEvent(e, `trade:${this.account}`, options.bus, logger),
      },
      state,
      (id) => this.options.database.strategyState.get(id),
    );
  }

  /**
   * Reads the stored kill switch and acts on a change: engaged → every new order denied (reduce-only
   * closes excepted), working orders cancelled, positions flattened when asked; lifted → trading resumes.
   */
  obeyKillSwitch(): Promise<void> {
    return this.killSwitch.obey();
  }

  private recordEquity(): void {
    const kernel = this.kernel;
    if (kernel === undefined) return;
    recordAccountEquity(kernel.portfolio, this.account, this.risk, this.options.database.equitySnapshots);
  }

  private recordExternalFill(fill: FillReport): void {
    if (this.externalTrades.has(fill.tradeId)) return;
    this.externalTrades.add(fill.tradeId);
    this.journal.fill(EXTERNAL_STRATEGY, externalFill(fill, this.options.exchange));
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.options.wallClock !== false) {
      this.driver?.advanceTo(Date.now());
    }
    // Breakers also watch time passing without market events (stale data, a day ending).
    try {
      if (this.kernel !== undefined) this.risk.engine.onTime();
    } catch (error) {
      this.options.logger.error({ err: error }, 'risk step failed');
    }
    this.drain();
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    queueMicrotask(() => {
      this.draining = false;
      this.drain();
    });
  }

  private drain(): void {
    try {
      this.kernel?.drain();
    } catch (error) {
      this.options.logger.error({ err: error }, 'kernel drain failed');
    }
  }

  private haltFor(
    cause: string,
    message: string,
    state: 'degraded' | 'down',
    options: { allowReduceOnly?: boolean } = {},
  ): void {
    this.gate.halt(cause, message, options);
    this.heartbeat.report(cause, state, message);
    this.options.logger.warn({ cause, message }, 'trading halted');
  }

  private resumeFor(cause: string): void {
    this.gate.resume(cause);
    this.heartbeat.report(cause, 'ok');
  }

  private requireSlots(): StrategySlots {
    if (this.slots === undefined) throw new QuantLabError('QL_ERR_INTERNAL', 'The session has not started.');
    return this.slots;
  }

  private async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.reconciler.close();
    this.heartbeat.stop();
    this.driver?.close('session closed');
    await this.exchangeVenue?.close();
    await this.options.feed.stop().catch(() => {});
    if (this.options.venue.kind === 'exchange') await this.options.venue.client.close().catch(() => {});
    this.drain();
    await this.risk.flush();
    const flushed = await Promise.race([
      this.journal.close().then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
    ]);
    if (flushed) await this.lease.release();
    else {
      // Unwritten changes: another process must not take the account over from an incomplete journal
      // before they are written; the lease is left to expire (or to this process, if it carries on).
      this.options.logger.error(
        { backlog: this.journal.backlog },
        'journal not flushed at stop; the account lease is kept until it expires',
      );
    }
  }
}
