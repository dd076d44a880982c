/**
 * The kernel (DESIGN.md §1): strategies, order management, portfolio and risk gate wired together. The
 * environment brings the clock, the venue and the drive loop — a backtest replays candles through a
 * simulated venue, the live runner feeds it from exchanges — and nothing inside knows which one it is.
 */

import type { StrategyId } from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import type { Logger } from '../logging/index.js';
import { StrategyHost, type StrategyHostEvent } from '../strategies/host.js';
import type { ClockPort, SignalSinkPort, StateStorePort } from '../strategies/ports.js';
import type { StrategyDefinition, StrategySetup } from '../strategies/types.js';
import { type AlgoEvent, AlgoOrderRouter, ExecAlgorithms } from './algos/index.js';
import { OrderManager, type OrderManagerObserver } from './order-manager.js';
import { Portfolio, type PortfolioOptions } from './portfolio.js';
import { type RiskGate, RuleRiskGate } from './risk-gate.js';
import type { ExecutionVenue } from './venue.js';

export interface KernelOptions {
  readonly clock: ClockPort;
  readonly venue: ExecutionVenue;
  readonly instruments: readonly Instrument[];
  readonly account: Pick<PortfolioOptions, 'currency' | 'capital' | 'leverage' | 'funding' | 'marginMode'>;
  readonly gate?: RiskGate;
  readonly state: StateStorePort;
  readonly signals: SignalSinkPort;
  readonly logger: Logger;
  readonly observer?: OrderManagerObserver;
  /** Ended orders kept in memory (default all; see OrderManagerOptions.retainEndedOrders). */
  readonly retainEndedOrders?: number;
  /** Progress of execution algorithms (TWAP, VWAP, iceberg parents). */
  readonly onAlgoEvent?: (event: AlgoEvent) => void;
}

export interface AddStrategyOptions {
  readonly strategyId: string;
  // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
  readonly definition: StrategyDefinition<any>;
  readonly params: unknown;
  readonly setup: StrategySetup;
  readonly onEvent?: (event: StrategyHostEvent) => void;
  readonly maxConsecutiveFailures?: number;
  /** Salt of the strategy's client order ids (the live runner's account) and where their sequence resumes. */
  readonly idSalt?: string;
  readonly nextSequence?: number;
}

export class Kernel {
  readonly portfolio: Portfolio;
  readonly orders: OrderManager;
  /** TWAP / VWAP / iceberg parents; the environment calls `algos.onTime(now)` on every time step. */
  readonly algos: ExecAlgorithms;
  readonly hosts = new Map<StrategyId, StrategyHost>();
  private version = 0;
  private readonly bySymbol = new Map<string, Instrument>();

  constructor(private readonly options: KernelOptions) {
    for (const inst of options.instruments) this.bySymbol.set(inst.symbol, inst);
    this.portfolio = new Portfolio({
      ...options.account,
      instruments: options.instruments,
      now: () => options.clock.now(),
    });
    this.orders = new OrderManager({
      venue: options.venue,
      gate: options.gate ?? new RuleRiskGate(),
      portfolio: this.portfolio,
      clock: options.clock,
      ...(options.observer === undefined ? {} : { observer: options.observer }),
      ...(options.retainEndedOrders === undefined ? {} : { retainEndedOrders: options.retainEndedOrders }),
    });
    this.algos = new ExecAlgorithms({
      orders: this.orders,
      clock: options.clock,
      instrument: (symbol) => this.bySymbol.get(symbol),
      lastPrice: (symbol) => this.portfolio.markOf(this.portfolio.symbolIndex(symbol)),
      ...(options.onAlgoEvent === undefined ? {} : { onEvent: options.onAlgoEvent }),
    });
  }

  /** Bumped whenever a strategy is added (or a new version replaces one): caches of `hosts` key on it. */
  get strategiesVersion(): number {
    return this.version;
  }

  /** The environment's clock (simulated in backtests, the wall clock live). */
  get clock(): ClockPort {
    return this.options.clock;
  }

  addStrategy(options: AddStrategyOptions): StrategyHost {
    const host = new StrategyHost({
      strategyId: options.strategyId,
      definition: options.definition,
      params: options.params,
      setup: options.setup,
      ports: {
        clock: this.options.clock,
        orders: this.orders,
        algos: this.algos,
        portfolio: this.portfolio,
        instruments: { instrument: (symbol) => this.bySymbol.get(symbol) },
        state: this.options.state,
        signals: this.options.signals,
        logger: this.options.logger,
      },
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.maxConsecutiveFailures === undefined
        ? {}
        : { maxConsecutiveFailures: options.maxConsecutiveFailures }),
    });
    this.hosts.set(host.strategyId, host);
    this.version += 1;
    // Child orders of the strategy's algorithms report to the algorithms first, then to the strategy.
    this.orders.register(
      host.strategyId,
      new AlgoOrderRouter(this.algos, host),
      options.idSalt,
      options.nextSequence,
    );
    return host;
  }

  /** Applies every queued venue event: call after each venue step and each strategy callback. */
  drain(): void {
    if (this.orders.hasQueuedEvents()) this.orders.drain();
  }

  /** Moves working execution algorithms on to `now` (due slices go out), then applies what that caused. */
  stepAlgorithms(now: number): void {
    if (this.algos.workingCount === 0) return;
    this.algos.onTime(now);
    this.drain();
  }
}
