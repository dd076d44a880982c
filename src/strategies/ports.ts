/**
 * Ports: what an environment (backtest kernel, paper or live runner, the test harness) implements so that a
 * `StrategyHost` can run a strategy without knowing which environment it is in (DESIGN.md §1).
 *
 * Every port is synchronous: the kernel is synchronous and deterministic, and I/O lives behind these
 * interfaces at the edges (a live runner answers from memory and persists in the background). Outcomes of
 * commands (an order accepted, filled, denied …) come back later through the host's inputs
 * (`orderUpdated`, `filled`), never as return values.
 */

import type { ClientOrderId, StrategyId } from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import type { Order } from '../core/order.js';
import type { AlgoRequest, AlgoStatus } from '../engine/algos/types.js';
import type { Logger } from '../logging/index.js';
import type { AmendRequest, OrderRequest, PositionView } from './types.js';

/** The environment's time: simulated in backtests, wall time live. Epoch ms, never decreasing. */
export interface ClockPort {
  now(): number;
}

/** A strategy's request to place an order, with the client order id it was promised (imperative: a command). */
export interface SubmitOrder {
  readonly strategyId: StrategyId;
  readonly clientOrderId: ClientOrderId;
  /** Validated by the host: known symbol, finite positive qty and prices, a well-formed order. */
  readonly request: OrderRequest;
  /** When the strategy decided it, epoch ms. */
  readonly tsInit: number;
}

/**
 * Order management as a strategy sees it. The host reserves the id first (`nextClientOrderId`), hands it
 * to the strategy at once, and submits only when the strategy's callback has returned without failing (a
 * failed callback's orders are never sent). Ids must be unique per strategy; deterministic ids
 * (`ClientOrderIdGenerator`) make restarts safe.
 */
export interface OrderPort {
  nextClientOrderId(strategyId: StrategyId): ClientOrderId;
  submit(command: SubmitOrder): void;
  cancel(strategyId: StrategyId, clientOrderId: ClientOrderId): void;
  /** Cancels every working order of the strategy (of one symbol when given). */
  cancelAll(strategyId: StrategyId, symbol?: string): void;
  amend(strategyId: StrategyId, clientOrderId: ClientOrderId, changes: AmendRequest): void;
  /** Working orders of the strategy (of one symbol when given). */
  openOrders(strategyId: StrategyId, symbol?: string): readonly Order[];
}

/** Positions, cash and equity attributed to a strategy. */
export interface PortfolioPort {
  /** The strategy's net position in `symbol` (flat when it has none). */
  position(strategyId: StrategyId, symbol: string): PositionView;
  /** Free balance of an asset (the quote currency when omitted). */
  balance(strategyId: StrategyId, asset?: string): number;
  /** Cash plus marked positions, in the account's settle currency (the coin for inverse contracts). */
  equity(strategyId: StrategyId): number;
  /** Latest funding rate known at the current time for a perpetual swap. */
  fundingRate(symbol: string): { readonly rate: number; readonly ts: number } | undefined;
}

export interface InstrumentPort {
  /** The instrument for a unified symbol on the setup's exchange; undefined when unknown. */
  instrument(symbol: string): Instrument | undefined;
}

/** JSON object persisted per strategy (its `ctx.state`). */
export type PersistedState = Readonly<Record<string, unknown>>;

/** Loads and saves a strategy's persisted state; `save` receives a fresh copy the store may keep. */
export interface StateStorePort {
  load(strategyId: StrategyId): PersistedState | undefined;
  save(strategyId: StrategyId, state: PersistedState): void;
}

/** What a strategy decided and why, as recorded in the signals log. */
export interface SignalRecord {
  readonly strategyId: StrategyId;
  readonly ts: number;
  /** `payload.symbol` when the strategy gave one, else the setup's first symbol. */
  readonly symbol: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface SignalSinkPort {
  /**
   * False when signals are not kept (an optimizer sweep): the host still validates each payload, so a
   * strategy behaves the same, but skips copying it and calling `signal`.
   */
  readonly recording?: boolean;
  signal(record: SignalRecord): void;
}

/** Execution algorithms (TWAP, VWAP, iceberg) as a strategy reaches them. */
export interface AlgoPort {
  start(strategyId: StrategyId, request: AlgoRequest, parentId?: ClientOrderId): ClientOrderId;
  cancel(strategyId: StrategyId, parentId: ClientOrderId, reason?: string): void;
  status(parentId: ClientOrderId): AlgoStatus | undefined;
}

/** Everything a host needs from its environment. */
export interface StrategyPorts {
  readonly clock: ClockPort;
  readonly orders: OrderPort;
  /** Absent where no algorithm engine runs (then `ctx.algo` refuses). */
  readonly algos?: AlgoPort;
  readonly portfolio: PortfolioPort;
  readonly instruments: InstrumentPort;
  readonly state: StateStorePort;
  readonly signals: SignalSinkPort;
  /** The host logs through a child of it (`{ strategyId }`); strategies get the same child as `ctx.logger`. */
  readonly logger: Logger;
}
