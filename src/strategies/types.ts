/**
 * The Strategy interface, version 1.
 *
 * Every callback receives ONE arguments object (freqtrade's lesson): new fields can be added to it later
 * without breaking a strategy written today. A strategy never learns whether it runs in a backtest, on
 * paper or live: it sees only the context, whose ports the environment implements (DESIGN.md §1).
 *
 * Time is epoch milliseconds. A candle's `ts` is its open time; it is "closed" at `ts + timeframe`, and a
 * strategy only ever sees closed candles whose close time is ≤ `ctx.now` (no look-ahead by construction).
 */

import type { Fill } from '../core/fill.js';
import type { ClientOrderId, StrategyId } from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import type { Candle, Ticker, Trade } from '../core/market.js';
import type {
  Order,
  OrderAttachments,
  OrderType,
  TimeInForce,
  TrailingAttachment,
  TriggerDirection,
} from '../core/order.js';
import type { OrderSide } from '../core/side.js';
import type { AlgoRequest, AlgoStatus } from '../engine/algos/types.js';
import type { StreamingIndicator } from '../indicators/types.js';
import type { Logger } from '../logging/index.js';
import type { SizingContext } from './sizing-types.js';

export const STRATEGY_API_VERSION = 1 as const;

export type * from './sizing-types.js';

// ---------------------------------------------------------------------------------------------------------
// Parameters: documented, typed, with defaults and bounds. They feed validation (zod), `strategy show`,
// the published JSON Schema and the optimizer's search spaces.

interface ParamBase<T> {
  readonly description: string;
  readonly default: T;
}
export interface IntParam extends ParamBase<number> {
  readonly type: 'int';
  readonly min?: number;
  readonly max?: number;
}
export interface FloatParam extends ParamBase<number> {
  readonly type: 'float';
  readonly min?: number;
  readonly max?: number;
}
export interface BoolParam extends ParamBase<boolean> {
  readonly type: 'bool';
}
export interface EnumParam<T extends string = string> extends ParamBase<T> {
  readonly type: 'enum';
  readonly values: readonly T[];
}
export interface StringParam extends ParamBase<string> {
  readonly type: 'string';
}
/** An optional number with no default (for example `size`, where absence means "use fraction"). */
export interface OptionalFloatParam {
  readonly type: 'float?';
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
}
export type ParamSpec = IntParam | FloatParam | BoolParam | EnumParam | StringParam | OptionalFloatParam;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The parameter values a spec table describes. */
export type ParamsOf<S extends ParamSpecs> = {
  -readonly [K in keyof S]: S[K] extends OptionalFloatParam
    ? number | undefined
    : S[K] extends EnumParam<infer T>
      ? T
      : S[K] extends ParamBase<infer T>
        ? T
        : never;
};

// ---------------------------------------------------------------------------------------------------------
// Definition: what a built-in, a plugin or a compiled spec exports.

/** Where a strategy runs: the exchange label and the symbols/timeframe the user asked for. */
export interface StrategySetup {
  readonly exchange: string;
  /** One or more unified symbols; multi-leg strategies (pairs, cash-carry) need two. */
  readonly symbols: readonly string[];
  /** The base timeframe of the run (`--timeframe`). */
  readonly timeframe: string;
}

/** One series a strategy wants closed candles of. */
export interface Subscription {
  readonly symbol: string;
  readonly timeframe: string;
  /**
   * Closed candles of this series the strategy needs before `onCandle` is first called (in addition to
   * every bound indicator being ready). Default 0.
   */
  readonly warmup?: number;
  /**
   * Closed candles of this series to keep in `ctx.candles(...)` (the history window). Defaults to the
   * warm-up, at least 1; never less than the warm-up.
   */
  readonly history?: number;
}

export interface StrategyDefinition<S extends ParamSpecs = ParamSpecs> {
  readonly apiVersion: typeof STRATEGY_API_VERSION;
  /** Lower-case, dash-separated: `sma-cross`. */
  readonly name: string;
  /** Semver of the strategy's own logic; stored with every result. */
  readonly version: string;
  readonly description: string;
  readonly params: S;
  /** How many symbols the strategy trades (1 unless it is multi-leg). Default 1. */
  readonly legs?: number;
  /** Cross-parameter constraints (fast < slow …): returns a message for each violation, none when valid. */
  validate?(params: ParamsOf<S>): string[];
  create(args: { params: ParamsOf<S>; setup: StrategySetup }): Strategy;
}

// ---------------------------------------------------------------------------------------------------------
// The running strategy.

export interface Strategy {
  /** The series this instance needs; fixed at creation. */
  readonly subscriptions: readonly Subscription[];
  onStart?(args: StartArgs): void;
  /** A candle of a subscribed series closed. Not called until every registered indicator is ready. */
  onCandle?(args: CandleArgs): void;
  onTick?(args: TickArgs): void;
  onTrade?(args: TradeArgs): void;
  /** Any change of one of this strategy's orders (accepted, cancelled, rejected, denied, filled …). */
  onOrderUpdate?(args: OrderUpdateArgs): void;
  onFill?(args: FillArgs): void;
  onTimer?(args: TimerArgs): void;
  onStop?(args: StopArgs): void;
}

export interface StartArgs {
  readonly ctx: StrategyContext;
}
export interface CandleArgs {
  readonly ctx: StrategyContext;
  readonly symbol: string;
  readonly timeframe: string;
  readonly candle: Candle;
}
export interface TickArgs {
  readonly ctx: StrategyContext;
  readonly symbol: string;
  readonly ticker: Ticker;
}
export interface TradeArgs {
  readonly ctx: StrategyContext;
  readonly symbol: string;
  readonly trade: Trade;
}
export interface OrderUpdateArgs {
  readonly ctx: StrategyContext;
  readonly order: Order;
}
export interface FillArgs {
  readonly ctx: StrategyContext;
  readonly order: Order;
  readonly fill: Fill;
}
export interface TimerArgs {
  readonly ctx: StrategyContext;
  readonly name: string;
}
export interface StopArgs {
  readonly ctx: StrategyContext;
  readonly reason: string;
}

// ---------------------------------------------------------------------------------------------------------
// The context: everything a strategy may see and do.

/** Read-only view of one series' closed candles, oldest first; index -1 is the latest closed candle. */
export interface CandleHistory {
  readonly length: number;
  /** Candle at index i (negative counts from the end); undefined outside the window. */
  at(i: number): Candle | undefined;
  /** The field of the candle at index i (negative from the end); NaN outside the window. */
  close(i?: number): number;
  open(i?: number): number;
  high(i?: number): number;
  low(i?: number): number;
  volume(i?: number): number;
  ts(i?: number): number;
}

/** Which price of a bar feeds a `real` indicator. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4';

export interface PositionView {
  /** Signed contracts: > 0 long, < 0 short, 0 flat. */
  readonly qty: number;
  /** Average entry price; 0 when flat. */
  readonly avgEntryPrice: number;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
}

export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Default `market`. */
  readonly type?: OrderType;
  /** Contracts (see core/instrument.ts); rounded to the lot size by the engine, never up. */
  readonly qty: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly timeInForce?: TimeInForce;
  readonly reduceOnly?: boolean;
  /** Stop-loss, take-profit, trailing stop attached to the resulting position. */
  readonly attachments?: OrderAttachments;
  /** Required for a `trailing-stop` order: callbackRate (fraction) or callbackOffset, optional activation. */
  readonly trailing?: TrailingAttachment;
  /** Stop orders: fire on a rise to the trigger or a fall to it (default: from where the price is). */
  readonly triggerDirection?: TriggerDirection;
  /** Free text stored with the order (why the strategy sent it). */
  readonly tag?: string;
}

export interface AmendRequest {
  readonly qty?: number;
  readonly price?: number;
  readonly triggerPrice?: number;
}

/** Persisted key-value state (JSON values), restored when the strategy restarts. */
export interface StrategyState {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): string[];
}

export interface StrategyContext {
  readonly strategyId: StrategyId;
  readonly setup: StrategySetup;
  /** The environment's clock: simulated in backtests, wall time live. */
  readonly now: number;
  readonly logger: Logger;
  readonly state: StrategyState;

  /** Closed candles of a subscribed series (timeframe defaults to the setup's). Throws if not subscribed. */
  candles(symbol: string, timeframe?: string): CandleHistory;
  /**
   * Binds a streaming indicator to a subscribed series: the context feeds it every closed candle before
   * `onCandle` runs, and the strategy is not called until it is ready. Call in `onStart`.
   */
  indicator<I extends StreamingIndicator>(
    symbol: string,
    timeframe: string | undefined,
    indicator: I,
    source?: PriceSource,
  ): I;

  instrument(symbol: string): Instrument;
  position(symbol: string): PositionView;
  /** Free balance of an asset (quote currency when omitted). */
  balance(asset?: string): number;
  /** Account equity: cash + marked positions, in the account's settle currency (the coin for inverse). */
  equity(): number;
  /** The latest funding rate known for a perpetual swap (per funding interval), if any. */
  fundingRate(symbol: string): { readonly rate: number; readonly ts: number } | undefined;
  /** Working orders of this strategy (optionally of one symbol). */
  openOrders(symbol?: string): readonly Order[];

  /** Sends an order through the risk gate; returns its client order id at once (the outcome comes later). */
  submit(order: OrderRequest): ClientOrderId;
  cancel(clientOrderId: ClientOrderId): void;
  /** Cancels every working order of this strategy (of one symbol when given). */
  cancelAll(symbol?: string): void;
  amend(clientOrderId: ClientOrderId, changes: AmendRequest): void;
  /**
   * Execution algorithms: a TWAP, VWAP or iceberg parent worked as child orders through the same path as
   * `submit`. `start` returns the parent's id at once; children report through `onOrderUpdate`/`onFill`.
   */
  readonly algo: AlgoContext;
  /**
   * Position sizing (src/risk/sizing) with equity, instrument, last price, candle history and this
   * strategy's own closed trades filled in: a query that places nothing. See sizing-types.ts.
   */
  readonly size: SizingContext;

  /** Fires `onTimer` with this name at `at` (epoch ms), then every `everyMs` when given. */
  setTimer(name: string, at: number, everyMs?: number): void;
  clearTimer(name: string): void;
  /** Records a signal (what the strategy decided and why) in the signals log. */
  signal(kind: string, payload?: Record<string, unknown>): void;
}

/** `ctx.algo`: execution algorithms as a strategy reaches them (see src/engine/algos/README.md). */
export interface AlgoContext {
  start(request: AlgoRequest): ClientOrderId;
  cancel(parentId: ClientOrderId): void;
  status(parentId: ClientOrderId): AlgoStatus | undefined;
}
