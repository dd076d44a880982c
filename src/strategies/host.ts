/**
 * StrategyHost: owns one strategy instance and runs it over the ports an environment implements. The same
 * host runs in a backtest, on paper and live; it never knows which (DESIGN.md §1).
 *
 * - No look-ahead by construction: only closed candles (close time ≤ clock) enter, in order, once.
 * - Warm-up: `onCandle` waits until every bound indicator is ready and each series holds its warm-up.
 * - Safe wrapper: every callback runs through a guard (host-guard.ts). A throw, a garbage command or a
 *   returned value (strategies are synchronous) fails the callback: nothing it staged (orders, cancels,
 *   signals, timers, state changes) takes effect. N consecutive failures pause the strategy; other hosts
 *   are unaffected.
 * - Re-entrancy: inputs that arrive while a callback's effects are being applied (a port answering
 *   synchronously) are queued and delivered afterwards, in order.
 */

import { QuantLabError, toQuantLabError } from '../core/errors.js';
import type { Fill } from '../core/fill.js';
import { type StrategyId, strategyId as toStrategyId } from '../core/ids.js';
import type { Candle, Ticker, Trade } from '../core/market.js';
import type { Order } from '../core/order.js';
import type { StreamingIndicator } from '../indicators/types.js';
import type { Logger } from '../logging/index.js';
import { CLOSED_TRADES_STATE_KEY, ClosedTradeLog } from './closed-trades.js';
import { createStrategyContext } from './host-context.js';
import { createHostedStrategy } from './host-create.js';
import { type CallbackArgs, CallbackGuard, type CallbackName, SUCCEEDED } from './host-guard.js';
import { type HostSeries, SeriesTable, seriesKey } from './host-series.js';
import {
  DEFAULT_MAX_CONSECUTIVE_FAILURES,
  type HostCounters,
  type HostState,
  type HostStatus,
  type StrategyHostEvent,
  type StrategyHostOptions,
} from './host-types.js';
import { resolveParams } from './params.js';
import type { PersistedState, StrategyPorts } from './ports.js';
import { StagedStrategyState } from './strategy-state.js';
import { TimerQueue } from './timer-queue.js';
import type {
  CandleHistory,
  ParamSpecs,
  PriceSource,
  Strategy,
  StrategyContext,
  StrategyDefinition,
  StrategySetup,
} from './types.js';

export {
  DEFAULT_MAX_CONSECUTIVE_FAILURES,
  type HostCounters,
  type HostState,
  type HostStatus,
  type StrategyHostEvent,
  type StrategyHostOptions,
} from './host-types.js';

/** An input handed to `dispatch`: a function of the host and two values, so that it needs no closure. */
type Input<A, B> = (host: StrategyHost, a: A, b: B) => void;

export class StrategyHost {
  readonly strategyId: StrategyId;
  readonly setup: StrategySetup;
  // biome-ignore lint/suspicious/noExplicitAny: see StrategyHostOptions.definition
  readonly definition: StrategyDefinition<any>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly ports: StrategyPorts;
  readonly logger: Logger;
  readonly state = new StagedStrategyState();
  readonly timers = new TimerQueue();
  readonly context: StrategyContext;
  /** This strategy's closed round trips, for `ctx.size.kelly`; persisted beside its state. */
  private readonly trades = new ClosedTradeLog();
  private readonly strategy: Strategy;
  private readonly series = new SeriesTable();
  private readonly guard = new CallbackGuard();
  private readonly maxFailures: number;
  private readonly onEvent: ((event: StrategyHostEvent) => void) | undefined;

  private hostState: HostState = 'created';
  private reason: string | undefined;
  private error: QuantLabError | undefined;
  private warm = false;
  private consecutiveFailures = 0;
  private readonly counters: HostCounters = {
    callbacks: 0,
    failures: 0,
    refused: 0,
    ordersSubmitted: 0,
    signals: 0,
  };

  private readonly inbox: Array<() => void> = [];
  private dispatching = false;

  /**
   * Validates the parameters and creates the strategy. Throws QL_ERR_STRATEGY_PARAMS_INVALID for bad
   * parameters, QL_ERR_STRATEGY_FAILED when `create` throws or declares unusable subscriptions.
   */
  constructor(options: StrategyHostOptions) {
    this.strategyId = toStrategyId(options.strategyId);
    this.definition = options.definition;
    this.setup = Object.freeze({ ...options.setup, symbols: Object.freeze([...options.setup.symbols]) });
    this.ports = options.ports;
    this.maxFailures = options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES;
    if (!Number.isSafeInteger(this.maxFailures) || this.maxFailures < 1) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `maxConsecutiveFailures must be an integer >= 1.`, {
        details: { maxConsecutiveFailures: this.maxFailures },
      });
    }
    this.onEvent = options.onEvent;
    this.logger = options.ports.logger.child({ strategyId: this.strategyId, strategy: this.definition.name });
    const legs = this.definition.legs ?? 1;
    if (this.setup.symbols.length < legs) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `${this.definition.name} trades ${legs} symbols; the setup names ${this.setup.symbols.length}.`,
        { details: { strategy: this.definition.name, legs, symbols: this.setup.symbols } },
      );
    }
    this.params = Object.freeze(
      resolveParams(this.definition as StrategyDefinition<ParamSpecs>, options.params),
    );
    this.strategy = createHostedStrategy(
      this.definition,
      this.params,
      this.setup,
      this.strategyId,
      this.series,
    );
    this.context = createStrategyContext(this);
  }

  /** The series the environment must feed, as declared by the strategy. */
  get subscriptions(): Strategy['subscriptions'] {
    return this.strategy.subscriptions;
  }

  status(): HostStatus {
    return {
      strategyId: this.strategyId,
      name: this.definition.name,
      version: this.definition.version,
      state: this.hostState,
      warm: this.warm,
      consecutiveFailures: this.consecutiveFailures,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      ...(this.error === undefined ? {} : { error: this.error }),
      counters: { ...this.counters },
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // Inputs (called by the environment)

  /** Loads the persisted state and calls `onStart`. */
  start(): void {
    if (this.hostState !== 'created') throw this.misuse(`start() called in state ${this.hostState}`);
    this.restoreState(this.ports.state.load(this.strategyId));
    this.hostState = 'running';
    this.emit({ type: 'started', strategyId: this.strategyId });
    this.dispatch(StrategyHost.startInput, undefined, undefined);
  }

  /**
   * A candle of a subscribed series closed. Refuses (QL_ERR_INVALID_INPUT, counted) a candle that is not
   * closed at the clock's time, not after the series' last one, malformed, or of a series not subscribed.
   */
  candleClosed(symbol: string, timeframe: string, candle: Candle): void {
    if (this.hostState === 'stopped') return;
    if (this.hostState === 'created') throw this.misuse('candleClosed() before start()');
    this.dispatch(StrategyHost.candleInput, this.accept(symbol, timeframe, candle), candle);
  }

  /**
   * Fills a series' history (and its indicators) with closed candles without calling the strategy: the
   * live runner's warm-up from stored candles. Call it after `start()`, so that the indicators bound in
   * `onStart` see every candle (before it, only the history window is kept). Same checks as `candleClosed`.
   */
  preload(symbol: string, timeframe: string, candles: readonly Candle[]): void {
    if (this.hostState === 'stopped') return;
    for (const candle of candles) {
      this.dispatch(StrategyHost.preloadInput, this.accept(symbol, timeframe, candle), candle);
    }
  }

  tick(ticker: Ticker): void {
    if (!this.acceptLive('ticker', ticker.tsEvent)) return;
    this.dispatch(StrategyHost.tickInput, ticker, undefined);
  }

  trade(trade: Trade): void {
    if (!this.acceptLive('trade', trade.tsEvent)) return;
    this.dispatch(StrategyHost.tradeInput, trade, undefined);
  }

  /** A change of one of this strategy's orders. */
  orderUpdated(order: Order): void {
    if (!this.acceptOrder(order)) return;
    this.dispatch(StrategyHost.orderInput, order, undefined);
  }

  /** A fill of one of this strategy's orders (`order` already includes it). */
  filled(order: Order, fill: Fill): void {
    if (!this.acceptOrder(order)) return;
    this.recordTrade(fill);
    this.dispatch(StrategyHost.fillInput, order, fill);
  }

  /** Fires every timer due at or before `now` (default: the clock's time), in time order. */
  advanceTo(now: number = this.ports.clock.now()): void {
    if (this.hostState === 'stopped') return;
    if (this.hostState === 'created') throw this.misuse('advanceTo() before start()');
    if (now > this.ports.clock.now()) {
      throw this.misuse(`advanceTo(${now}) is ahead of the clock (${this.ports.clock.now()})`);
    }
    if (this.timers.size === 0) return;
    this.dispatch(StrategyHost.timersInput, now, undefined);
  }

  /** Pauses the strategy by hand (callbacks stop; data keeps flowing into its history). */
  pause(reason: string): void {
    if (this.hostState !== 'running') return;
    this.enterPaused(reason);
  }

  /** Resumes a paused strategy; the consecutive failure count starts again from zero. */
  resume(): void {
    if (this.hostState !== 'paused') return;
    this.hostState = 'running';
    this.consecutiveFailures = 0;
    this.reason = undefined;
    this.error = undefined;
    this.emit({ type: 'resumed', strategyId: this.strategyId });
  }

  /** Calls `onStop` (unless paused), saves the state, and ignores every later input. */
  stop(reason: string): void {
    if (this.hostState === 'stopped') return;
    if (this.hostState === 'running') this.dispatch(StrategyHost.stopInput, reason, undefined);
    this.saveState();
    this.hostState = 'stopped';
    this.reason = reason;
    this.emit({ type: 'stopped', strategyId: this.strategyId, reason });
  }

  // -------------------------------------------------------------------------------------------------------
  // What the context calls (see host-context.ts)

  history(symbol: string, timeframe: string | undefined): CandleHistory {
    return this.seriesOf(symbol, timeframe).view;
  }

  bindIndicator<I extends StreamingIndicator>(
    symbol: string,
    timeframe: string | undefined,
    indicator: I,
    source: PriceSource,
  ): I {
    this.seriesOf(symbol, timeframe).bind(indicator, source);
    return indicator;
  }

  historyCapacity(symbol: string, timeframe: string | undefined): number {
    return this.seriesOf(symbol, timeframe).capacity;
  }

  lastPrice(symbol: string): number {
    return this.series.latestClose(symbol);
  }

  closedTrades(): readonly number[] {
    return this.trades.list;
  }

  command(name: string, check: () => void, effect?: () => void): void {
    if (!this.guard.active) {
      throw this.misuse(`ctx.${name} called outside a callback (strategies are synchronous)`);
    }
    if (name === 'submit' && effect !== undefined) {
      this.guard.stage(check, () => {
        effect();
        this.counters.ordersSubmitted += 1;
      });
    } else if (name === 'signal' && effect !== undefined) {
      this.guard.stage(check, () => {
        effect();
        this.counters.signals += 1;
      });
    } else this.guard.stage(check, effect);
  }

  // -------------------------------------------------------------------------------------------------------
  // Internals

  private seriesOf(symbol: string, timeframe: string | undefined): HostSeries {
    const series = this.series.get(symbol, timeframe ?? this.setup.timeframe);
    if (series === undefined) {
      const key = seriesKey(symbol, timeframe ?? this.setup.timeframe);
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `${this.definition.name} is not subscribed to ${key}.`,
        {
          details: { series: key, subscribed: this.series.keys() },
        },
      );
    }
    return series;
  }

  private accept(symbol: string, timeframe: string, candle: Candle): HostSeries {
    const series = this.series.get(symbol, timeframe);
    const problem =
      series === undefined
        ? `not subscribed (subscribed: ${this.series.keys().join(', ')})`
        : series.problemWith(candle, this.ports.clock.now());
    if (problem !== undefined || series === undefined) {
      this.counters.refused += 1;
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `Candle ${seriesKey(symbol, timeframe)}@${candle?.ts} refused: ${problem}.`,
        {
          details: { strategyId: this.strategyId, symbol, timeframe, ts: candle?.ts, problem },
        },
      );
    }
    series.lastAcceptedTs = candle.ts;
    return series;
  }

  private acceptLive(kind: string, tsEvent: number): boolean {
    if (this.hostState === 'stopped') return false;
    if (this.hostState === 'created') throw this.misuse(`${kind} before start()`);
    if (!(tsEvent <= this.ports.clock.now())) {
      this.counters.refused += 1;
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `A ${kind} at ${tsEvent} is ahead of the clock.`, {
        details: { strategyId: this.strategyId, tsEvent, now: this.ports.clock.now() },
      });
    }
    return true;
  }

  private acceptOrder(order: Order): boolean {
    if (this.hostState === 'stopped') return false;
    if (this.hostState === 'created') throw this.misuse('order update before start()');
    if (order.strategyId !== this.strategyId) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `Order ${order.clientOrderId} belongs to ${order.strategyId}, not ${this.strategyId}.`,
        {
          details: { clientOrderId: order.clientOrderId, strategyId: this.strategyId },
        },
      );
    }
    return true;
  }

  /** The stored state without the trade log's key (which `ctx.state` must not see), and the trade log. */
  private restoreState(saved: PersistedState | undefined): void {
    if (saved === undefined || !Object.hasOwn(saved, CLOSED_TRADES_STATE_KEY)) {
      this.state.restore(saved);
      return;
    }
    const { [CLOSED_TRADES_STATE_KEY]: trades, ...rest } = saved;
    this.trades.restore(trades);
    this.state.restore(rest);
  }

  private saveState(): void {
    const snapshot = this.state.snapshot();
    if (this.trades.list.length > 0 || this.trades.hasOpenTrips) {
      snapshot[CLOSED_TRADES_STATE_KEY] = this.trades.toJSON();
    }
    this.ports.state.save(this.strategyId, snapshot);
  }

  /** Feeds the trade log; saves when a round trip closed. A fill it cannot read never stops delivery. */
  private recordTrade(fill: Fill): void {
    const symbol = fill.instrumentId.slice(fill.instrumentId.indexOf(':') + 1);
    const inst = this.ports.instruments.instrument(symbol);
    if (inst === undefined) return;
    try {
      if (this.trades.record(inst, fill)) this.saveState();
    } catch (error) {
      this.logger.warn({ err: error, tradeId: fill.tradeId }, 'fill not recorded in the closed-trade log');
    }
  }

  // The inputs, as functions of (host, a, b): dispatching one allocates no closure unless it must wait.
  private static readonly startInput: Input<undefined, undefined> = (host) =>
    host.invoke('onStart', { ctx: host.context });
  private static readonly candleInput: Input<HostSeries, Candle> = (host, series, candle) =>
    host.applyCandle(series, candle, true);
  private static readonly preloadInput: Input<HostSeries, Candle> = (host, series, candle) =>
    host.applyCandle(series, candle, false);
  private static readonly tickInput: Input<Ticker, undefined> = (host, ticker) =>
    host.invoke('onTick', { ctx: host.context, symbol: ticker.symbol, ticker });
  private static readonly tradeInput: Input<Trade, undefined> = (host, trade) =>
    host.invoke('onTrade', { ctx: host.context, symbol: trade.symbol, trade });
  private static readonly orderInput: Input<Order, undefined> = (host, order) =>
    host.invoke('onOrderUpdate', { ctx: host.context, order });
  private static readonly fillInput: Input<Order, Fill> = (host, order, fill) =>
    host.invoke('onFill', { ctx: host.context, order, fill });
  private static readonly stopInput: Input<string, undefined> = (host, reason) =>
    host.invoke('onStop', { ctx: host.context, reason });
  private static readonly timersInput: Input<number, undefined> = (host, now) => {
    for (let due = host.timers.popDue(now); due !== undefined; due = host.timers.popDue(now)) {
      if (host.hostState !== 'running') break;
      host.invoke('onTimer', { ctx: host.context, name: due.name });
    }
  };

  private applyCandle(series: HostSeries, candle: Candle, callStrategy: boolean): void {
    series.append(candle);
    if (!callStrategy || this.hostState !== 'running' || !this.isWarm()) return;
    // A copy (of one shape, whatever the environment's candle carries): a strategy scribbling on it
    // changes neither the environment's candle, which other strategies may share, nor the history.
    const { ts, open, high, low, close, volume } = candle;
    const copy: Candle = { ts, open, high, low, close, volume };
    this.invoke('onCandle', {
      ctx: this.context,
      symbol: series.symbol,
      timeframe: series.timeframe,
      candle: copy,
    });
  }

  private isWarm(): boolean {
    if (this.warm) return true;
    for (const series of this.series.list) if (!series.warm) return false;
    this.warm = true;
    return true;
  }

  /** Runs inputs one at a time; an input arriving while one is being handled waits its turn. */
  private dispatch<A, B>(input: Input<A, B>, a: A, b: B): void {
    if (this.dispatching) {
      this.inbox.push(() => input(this, a, b));
      return;
    }
    this.dispatching = true;
    try {
      input(this, a, b);
      for (let next = this.inbox.shift(); next !== undefined; next = this.inbox.shift()) next();
    } finally {
      this.dispatching = false;
    }
  }

  /** Runs one callback through the guard: commits what it staged on success, counts and contains failure. */
  private invoke<K extends CallbackName>(callback: K, args: CallbackArgs<K>): void {
    if (this.hostState !== 'running') return;
    if (typeof this.strategy[callback] !== 'function') return;
    this.counters.callbacks += 1;
    const failure = this.guard.run(this.strategy, callback, args);
    if (failure !== SUCCEEDED) {
      this.state.rollback();
      this.recordFailure(callback, failure);
      return;
    }
    this.consecutiveFailures = 0;
    this.guard.apply();
    if (this.state.commit()) this.saveState();
  }

  private recordFailure(callback: string, failure: unknown): void {
    this.counters.failures += 1;
    this.consecutiveFailures += 1;
    const cause = toQuantLabError(failure);
    const error = new QuantLabError(
      'QL_ERR_STRATEGY_FAILED',
      `${this.definition.name} (${this.strategyId}) ${callback} failed: ${cause.message}`,
      { details: { strategyId: this.strategyId, callback, cause: cause.code }, cause: failure },
    );
    this.logger.warn(
      { err: failure, callback, consecutiveFailures: this.consecutiveFailures },
      'strategy callback failed; no action taken',
    );
    this.emit({
      type: 'callback-failed',
      strategyId: this.strategyId,
      callback,
      error,
      consecutiveFailures: this.consecutiveFailures,
    });
    if (this.consecutiveFailures >= this.maxFailures) {
      const reason = `${this.consecutiveFailures} consecutive callback failures; last: ${cause.message}`;
      const paused = new QuantLabError(
        'QL_ERR_STRATEGY_FAILED',
        `${this.definition.name} (${this.strategyId}) paused: ${reason}`,
        {
          details: { strategyId: this.strategyId, callback, consecutiveFailures: this.consecutiveFailures },
          cause: failure,
        },
      );
      this.enterPaused(reason, paused);
    }
  }

  private enterPaused(reason: string, error?: QuantLabError): void {
    this.hostState = 'paused';
    this.reason = reason;
    this.error = error;
    this.logger.error({ reason, code: error?.code }, 'strategy paused');
    this.emit({
      type: 'paused',
      strategyId: this.strategyId,
      reason,
      ...(error === undefined ? {} : { error }),
    });
  }

  private emit(event: StrategyHostEvent): void {
    this.onEvent?.(event);
  }

  private misuse(message: string): QuantLabError {
    return new QuantLabError('QL_ERR_INVALID_INPUT', `Strategy host ${this.strategyId}: ${message}.`, {
      details: { strategyId: this.strategyId, state: this.hostState },
    });
  }
}
