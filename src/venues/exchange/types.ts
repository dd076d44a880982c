/**
 * The asynchronous edge of an exchange account (OKX, Binance USDⓈ-M, any ccxt id): what the exchange
 * venue (`exchange-venue.ts`) asks of it and the reports it returns. Vocabulary as DESIGN.md §2: what a
 * venue tells us are *reports* (`OrderStatusReport`, `FillReport`, `PositionReport`, `BalanceReport`); the
 * venue turns them into kernel events.
 *
 * Quantities are in contracts (the instrument's unit, as `src/core/instrument.ts`); prices in quote.
 * Every call either resolves with a report or throws an `ExchangeError` whose `kind` says what the caller
 * must do (see `ExchangeErrorKind`): an implementation never lets a raw ccxt or network error escape.
 */

import type { Instrument } from '../../core/instrument.js';
import type { OrderType, TimeInForce } from '../../core/order.js';
import type { OrderSide } from '../../core/side.js';

/** Where an order stands at the venue. */
export type VenueOrderStatus = 'open' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export interface OrderStatusReport {
  /** Our client order id (OKX `clOrdId`, Binance `clientOrderId`); absent for orders placed without one. */
  readonly clientOrderId?: string;
  readonly venueOrderId: string;
  /** ccxt unified symbol. */
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce?: TimeInForce;
  readonly reduceOnly: boolean;
  /** Contracts. */
  readonly qty: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly status: VenueOrderStatus;
  readonly filledQty: number;
  /** 0 until the first fill. */
  readonly avgFillPrice: number;
  /** When the venue last changed the order, epoch ms. */
  readonly tsEvent: number;
  /** The venue's reason for a rejection or a cancel it made itself, when it gives one. */
  readonly reason?: string;
}

export interface FillReport {
  /** The venue's id of this execution: fills are de-duplicated by it. */
  readonly tradeId: string;
  readonly venueOrderId: string;
  readonly clientOrderId?: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Contracts in this execution, > 0. */
  readonly qty: number;
  readonly price: number;
  /** Fee paid (negative = rebate), in `feeCurrency`. */
  readonly fee: number;
  readonly feeCurrency: string;
  readonly liquidity: 'maker' | 'taker';
  readonly tsEvent: number;
}

export interface PositionReport {
  readonly symbol: string;
  /** Signed contracts: > 0 long, < 0 short. In long/short position mode one report per side. */
  readonly qty: number;
  readonly avgPrice: number;
  /** `net` in one-way mode; `long` / `short` in hedge (long/short) mode. */
  readonly positionSide: 'net' | 'long' | 'short';
  readonly marginMode?: 'cross' | 'isolated';
  readonly leverage?: number;
  readonly unrealisedPnl?: number;
  readonly liquidationPrice?: number;
  readonly tsEvent: number;
}

export interface BalanceReport {
  readonly currency: string;
  readonly total: number;
  readonly free: number;
  readonly used: number;
  readonly tsEvent: number;
}

/** New values for a working order (as `OrderChanges` in the kernel). */
export interface AmendReport {
  readonly qty?: number;
  readonly price?: number;
  readonly triggerPrice?: number;
}

/** New prices for one leg of an attached stop-loss / take-profit held by the venue. */
export interface AttachedLegAmendRequest {
  /** The attached algo order's client id (`<entry>a`, src/core/attached-ids.ts). */
  readonly algoClientOrderId: string;
  /** ccxt unified symbol. */
  readonly symbol: string;
  readonly role: 'stop-loss' | 'take-profit';
  readonly triggerPrice: number;
  /** The limit price once triggered; absent: a market order. */
  readonly price?: number;
}

/** A connection of the client (private stream, REST) changed state: the heartbeat watches these. */
export interface ConnectionStatus {
  readonly connection: 'private-stream' | 'rest';
  readonly state: 'connecting' | 'live' | 'reconnecting' | 'stale' | 'stopped';
  readonly reason?: string;
  readonly tsEvent: number;
}

/** What the private streams push: orders, fills, positions, balances, connection news. */
export type ExchangeStreamEvent =
  | { readonly kind: 'order'; readonly report: OrderStatusReport }
  | { readonly kind: 'fill'; readonly report: FillReport }
  | { readonly kind: 'position'; readonly report: PositionReport }
  | { readonly kind: 'balance'; readonly report: BalanceReport }
  | { readonly kind: 'status'; readonly status: ConnectionStatus };

/**
 * What the caller must do about a failed call:
 * - `rejected`     definitive: the venue refused the request (bad size, insufficient margin …). Never retry.
 * - `unknown`      the request may or may not have taken effect (timeout, 5xx, disconnect, OKX 50004,
 *                  Binance 503 / -1006 / -1007). A create stays in flight; query it by client order id.
 * - `rate-limited` refused for now (HTTP 429, OKX 50011, Binance -1003): back off, then retry. A create
 *                  refused this way was not placed.
 * - `clock-skew`   the signed timestamp was outside the venue's window (OKX 50102, Binance -1021):
 *                  re-measure the clock offset, then retry.
 * - `duplicate-id` the client order id exists at the venue (OKX 51016): the order exists, query it.
 * - `not-found`    the order (or resource) does not exist at the venue.
 * - `auth`         credentials or signature refused (OKX 50111–50114, 50101 demo/live key mismatch).
 * - `unavailable`  the venue is down or in maintenance and the request did not reach the matching engine
 *                  (network error before sending, 503 on a query): retry later.
 */
export type ExchangeErrorKind =
  | 'rejected'
  | 'unknown'
  | 'rate-limited'
  | 'clock-skew'
  | 'duplicate-id'
  | 'not-found'
  | 'auth'
  | 'unavailable';

export class ExchangeError extends Error {
  override readonly name = 'ExchangeError';
  constructor(
    readonly kind: ExchangeErrorKind,
    message: string,
    readonly details: {
      /** The venue's own code (OKX `sCode`/`code`, Binance `code`), when there was one. */
      readonly venueCode?: string;
      readonly httpStatus?: number;
      /** How long the venue asked us to wait, when it said. */
      readonly retryAfterMs?: number;
    } = {},
  ) {
    super(message);
  }
}

/** The orders a venue account is asked about at reconciliation and by queries. */
export interface OrderQuery {
  readonly clientOrderId: string;
  readonly symbol: string;
  /**
   * A stop, take-profit or trailing order: on OKX these are algo orders, queried and cancelled through
   * the algo endpoints (`algoClOrdId`).
   */
  readonly conditional?: boolean;
}

/** What a venue does natively, so the kernel knows what it must emulate locally. */
export interface ExchangeCapabilities {
  readonly orderTypes: readonly OrderType[];
  readonly timeInForce: readonly TimeInForce[];
  /** Stop orders fire in the requested direction (`triggerDirection` rise/fall), not only the venue's default. */
  readonly triggerDirection: boolean;
  readonly trailingStop: boolean;
  /** Trailing by a fixed price distance (OKX `callbackSpread`); Binance trails by percent only. */
  readonly trailingOffset: boolean;
  /** Stop-loss / take-profit attached to an order at the venue (OKX `attachAlgoOrds`). */
  readonly attachedProtection: boolean;
  /** Changes price / quantity of a working order in place (keeps its id and queue position rules). */
  readonly amend: boolean;
  /** Amends stop and trailing orders too (OKX `amend-algos`); Binance algo orders cannot be amended. */
  readonly amendConditional: boolean;
  readonly reduceOnly: boolean;
  /** Hedge (long/short) position mode. */
  readonly hedgeMode: boolean;
  /** Swaps and futures (quantities in contracts). */
  readonly derivatives: boolean;
  /** Orders, fills, positions and balances pushed over ccxt pro. */
  readonly privateStreams: boolean;
}

/**
 * One venue account. Implementations: `CcxtExchangeClient` (okx, binanceusdm, any ccxt id), and fakes in
 * tests. Every method may throw `ExchangeError` (only).
 */
export interface ExchangeClient {
  /** ccxt exchange id (`okx`, `binanceusdm`, …). */
  readonly exchange: string;
  /**
   * Identifies the account for the single-writer lease: exchange, environment (demo/live) and a hash of
   * the API key — never the key itself.
   */
  readonly accountKey: string;
  /** What the venue does natively (absent: assume plain market and limit orders only). */
  readonly capabilities?: ExchangeCapabilities;

  /** Markets for the given unified symbols, with tick, lot and minimum sizes (ccxt `loadMarkets`). */
  loadInstruments(symbols: readonly string[]): Promise<Instrument[]>;
  /** Venue time minus local time, measured now (ms); also updates the offset used for signing. */
  measureClockOffset(): Promise<number>;

  /** Places an order; the client order id is the kernel's. Resolves with the venue's acknowledgement. */
  createOrder(request: CreateOrderRequest): Promise<OrderStatusReport>;
  /** Cancels by client order id. Resolves with the order as the venue reports it after the cancel. */
  cancelOrder(query: OrderQuery): Promise<OrderStatusReport | undefined>;
  /** Cancels every open order of the symbols (all when empty). */
  cancelAllOrders(symbols: readonly string[]): Promise<void>;
  amendOrder(query: OrderQuery, changes: AmendReport): Promise<OrderStatusReport | undefined>;
  /**
   * Moves one leg of an attached stop-loss / take-profit the venue holds (OKX `amend-algos` on the
   * attached algo order). Resolves once the venue accepted it; a venue without attached protection
   * refuses (`rejected`).
   */
  amendAttachedLeg(request: AttachedLegAmendRequest): Promise<void>;
  /** The order by client order id; `undefined` when the venue does not know it. */
  fetchOrder(query: OrderQuery): Promise<OrderStatusReport | undefined>;
  fetchOpenOrders(symbols: readonly string[]): Promise<OrderStatusReport[]>;
  /** Executions since `since` (epoch ms) for the symbol, oldest first. */
  fetchFills(symbol: string, since: number): Promise<FillReport[]>;
  fetchPositions(symbols: readonly string[]): Promise<PositionReport[]>;
  fetchBalances(): Promise<BalanceReport[]>;

  /** Starts the private streams (orders, fills, positions, balances); events go to `listener`. */
  startStreams(symbols: readonly string[], listener: (event: ExchangeStreamEvent) => void): Promise<void>;
  /** Stops streams and closes connections; idempotent. */
  close(): Promise<void>;
}

/** An order to place, already rounded to the instrument's tick and lot by the order manager. */
export interface CreateOrderRequest {
  readonly clientOrderId: string;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly qty: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly triggerDirection?: 'rise' | 'fall';
  readonly timeInForce?: TimeInForce;
  readonly reduceOnly?: boolean;
  readonly trailing?: {
    readonly callbackRate?: number;
    readonly callbackOffset?: number;
    readonly activationPrice?: number;
  };
  /** Venue-native attached stop-loss / take-profit (OKX attachAlgoOrds); absent where emulated locally. */
  readonly stopLoss?: { readonly triggerPrice: number; readonly price?: number };
  readonly takeProfit?: { readonly triggerPrice: number; readonly price?: number };
  /** Margin mode for derivatives (OKX `tdMode`); spot orders trade cash. */
  readonly marginMode?: 'cross' | 'isolated';
  /** Hedge (long/short) position mode: the side of the position the order opens or closes. */
  readonly positionSide?: 'long' | 'short';
}
