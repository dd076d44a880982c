/**
 * `ExchangeClient` over ccxt (REST) and ccxt pro (private streams): OKX, Binance USDⓈ-M, and any other
 * ccxt id on the generic profile. Every REST call runs limiter → ccxt → classification (call-runner.ts);
 * every failure leaves as an `ExchangeError`, never as a raw ccxt or network error.
 */

import { createHash } from 'node:crypto';
import type { Exchange, MarketInterface } from 'ccxt';
import type { Instrument } from '../../core/instrument.js';
import { closeExchange } from '../../marketdata/exchanges.js';
import {
  type AmendReport,
  type AttachedLegAmendRequest,
  type BalanceReport,
  type CreateOrderRequest,
  type ExchangeClient,
  ExchangeError,
  type ExchangeStreamEvent,
  type FillReport,
  type OrderQuery,
  type OrderStatusReport,
  type PositionReport,
} from '../exchange/types.js';
import {
  balanceReportsFromCcxt,
  fillReportFromCcxt,
  positionReportFromCcxt,
  RestFreeBalances,
} from './account-reports.js';
import { amendAttachedAlgo, amendVenueOrder } from './amend-order.js';
import { CallRunner } from './call-runner.js';
import type { ExchangeCapabilities } from './capabilities.js';
import { classifyExchangeError } from './classify-error.js';
import type { ClientCore } from './client-core.js';
import { acknowledgementReport, currentOrderReport, venueQuery } from './client-reports.js';
import { ClockOffset } from './clock-offset.js';
import { captureHttpErrors } from './http-error-capture.js';
import { instrumentFromMarket, isTradableMarket } from './instrument-from-market.js';
import { type CcxtExchangeClientOptions, type ExchangeOperation, REAL_TIMERS } from './options.js';
import { OrderIdBook } from './order-ids.js';
import {
  cancelAllVenueOrders,
  cancelVenueOrder,
  fetchOpenVenueOrders,
  fetchVenueFills,
} from './order-operations.js';
import { orderReportFromCcxt } from './order-report.js';
import { PrivateStreams } from './private-streams.js';
import { RateLimiter } from './rate-limiter.js';
import { venueProfile } from './venue-profile.js';

/** `exchange:environment:` + the first 16 hex digits of SHA-256 of the API key (never the key). */
export function accountKeyOf(exchange: string, environment: string, apiKey: string): string {
  return `${exchange}:${environment}:${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
}

export class CcxtExchangeClient implements ExchangeClient {
  readonly exchange: string;
  readonly accountKey: string;
  readonly capabilities: ExchangeCapabilities;
  readonly #ccxt: Exchange;
  readonly #core: ClientCore;
  readonly #limiter: RateLimiter;
  readonly #clock: ClockOffset;
  readonly #streams: PrivateStreams;
  readonly #secrets: string[];
  readonly #options: CcxtExchangeClientOptions;
  #markets: Promise<Record<string, MarketInterface>> | undefined;
  #closed = false;

  constructor(ccxt: Exchange, options: CcxtExchangeClientOptions) {
    const timers = options.timers ?? REAL_TIMERS;
    const profile = venueProfile(options.exchange, ccxt);
    this.#ccxt = ccxt;
    this.#options = options;
    this.exchange = options.exchange;
    this.accountKey = accountKeyOf(options.exchange, options.environment, options.credentials.apiKey);
    this.capabilities = profile.capabilities;
    const { apiKey, secret, password } = options.credentials;
    this.#secrets = [apiKey, secret, ...(password === undefined ? [] : [password])];
    // One limiter at a time: ours where the venue's limits are documented here, ccxt's elsewhere.
    ccxt.enableRateLimit = profile.rateLimits === undefined;
    this.#limiter =
      profile.rateLimits === undefined
        ? RateLimiter.unlimited(timers)
        : new RateLimiter(profile.rateLimits, { timers, ...options.rateLimit });
    captureHttpErrors(ccxt);
    ccxt.newUpdates = true; // watch* hand over what is new since the last call
    Object.assign(ccxt.options, { warnOnFetchOpenOrdersWithoutSymbol: false });
    if (options.streams?.listenKeyRefreshMs !== undefined)
      Object.assign(ccxt.options, { listenKeyRefreshRate: options.streams.listenKeyRefreshMs });
    this.#clock = new ClockOffset(ccxt, timers);
    const ids = new OrderIdBook();
    const classify = (error: unknown, operation: ExchangeOperation) => this.#classify(error, operation);
    const runner = new CallRunner({
      limiter: this.#limiter,
      classify,
      remeasureClock: () => this.measureClockOffset(),
      timers,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    // Binance ACCOUNT_UPDATE pushes derive their free balance from the last REST one (account-reports.ts).
    const restFree = new RestFreeBalances();
    const context = { now: () => this.#clock.now(), ids, restFree };
    this.#core = { exchange: ccxt, profile, runner, ids, context };
    this.#streams = new PrivateStreams({
      ...options.streams,
      source: ccxt as never,
      timers,
      ids,
      restFree,
      now: context.now,
      classify,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  }

  #classify(error: unknown, operation: ExchangeOperation): ExchangeError {
    return classifyExchangeError(error, operation, {
      exchange: this.exchange,
      secrets: this.#secrets,
      now: () => this.#clock.now(),
    });
  }

  /** Runs `body`, turning anything that is not yet an `ExchangeError` into one. */
  async #guard<T>(operation: ExchangeOperation, body: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new ExchangeError('unavailable', `${this.exchange} client is closed`);
    try {
      return await body();
    } catch (error) {
      throw this.#classify(error, operation);
    }
  }

  #loadMarkets(): Promise<Record<string, MarketInterface>> {
    this.#markets ??= this.#core.runner
      .run({
        operation: 'query',
        endpoint: 'instruments',
        label: 'loadMarkets',
        run: () => this.#ccxt.loadMarkets() as Promise<Record<string, MarketInterface>>,
      })
      .catch((error: unknown) => {
        this.#markets = undefined; // a failed load is tried again next time
        throw error;
      });
    return this.#markets;
  }

  loadInstruments(symbols: readonly string[]): Promise<Instrument[]> {
    return this.#guard('query', async () => {
      const markets = await this.#loadMarkets();
      const precisionMode = this.#ccxt.precisionMode;
      if (symbols.length === 0) {
        return Object.values(markets)
          .filter(isTradableMarket)
          .flatMap((market) => {
            try {
              return [instrumentFromMarket(market, this.exchange, precisionMode)];
            } catch {
              return []; // a market ccxt cannot size (no tick or lot) is left out of "all"
            }
          });
      }
      return symbols.map((symbol) => {
        const market = Object.hasOwn(markets, symbol) ? markets[symbol] : undefined;
        if (market === undefined)
          throw new ExchangeError('not-found', `${this.exchange} has no market ${symbol}`);
        return instrumentFromMarket(market, this.exchange, precisionMode);
      });
    });
  }

  measureClockOffset(): Promise<number> {
    return this.#guard('query', async () => {
      const sample = await this.#core.runner.run({
        operation: 'query',
        endpoint: 'time',
        label: 'fetchTime',
        run: () => this.#clock.measure(),
      });
      this.#options.logger?.debug({ exchange: this.exchange, ...sample }, 'clock offset measured');
      return sample.offsetMs;
    });
  }

  createOrder(request: CreateOrderRequest): Promise<OrderStatusReport> {
    return this.#guard('create', async () => {
      const { positionMode = 'net', marginMode } = this.#options;
      const call = this.#core.profile.mapOrder(request, {
        positionMode,
        ...(marginMode === undefined ? {} : { marginMode }),
      });
      await this.#loadMarkets();
      this.#core.ids.note(request.clientOrderId, { conditional: call.conditional });
      const order = await this.#core.runner.run({
        operation: 'create',
        endpoint: call.conditional ? 'create-algo' : 'create',
        label: `createOrder ${request.clientOrderId}`,
        run: () =>
          this.#ccxt.createOrder(call.symbol, call.type, call.side, call.amount, call.price, call.params),
      });
      return acknowledgementReport(this.#core, order, request);
    });
  }

  cancelOrder(query: OrderQuery): Promise<OrderStatusReport | undefined> {
    return this.#guard('cancel', async () => {
      await this.#loadMarkets();
      // A kernel child of an attached stop-loss / take-profit: the attached algo order is cancelled.
      const order = await cancelVenueOrder(this.#core, venueQuery(query));
      // OKX acknowledges a cancel without the order's state: the stream (or a query) brings it.
      if (order.status === undefined || order.status === null) return undefined;
      return orderReportFromCcxt(order, this.#core.context);
    });
  }

  cancelAllOrders(symbols: readonly string[]): Promise<void> {
    return this.#guard('cancel', async () => {
      await this.#loadMarkets();
      await cancelAllVenueOrders(this.#core, symbols);
    });
  }

  amendOrder(query: OrderQuery, changes: AmendReport): Promise<OrderStatusReport | undefined> {
    return this.#guard('amend', async () => {
      await this.#loadMarkets();
      const order = await amendVenueOrder(this.#core, query, changes);
      return order === undefined ? undefined : orderReportFromCcxt(order, this.#core.context);
    });
  }

  amendAttachedLeg(request: AttachedLegAmendRequest): Promise<void> {
    return this.#guard('amend', async () => {
      await this.#loadMarkets();
      await amendAttachedAlgo(this.#core, request);
    });
  }

  fetchOrder(query: OrderQuery): Promise<OrderStatusReport | undefined> {
    return this.#guard('query', async () => {
      await this.#loadMarkets();
      return currentOrderReport(this.#core, query);
    });
  }

  fetchOpenOrders(symbols: readonly string[]): Promise<OrderStatusReport[]> {
    return this.#guard('query', async () => {
      await this.#loadMarkets();
      const orders = await fetchOpenVenueOrders(this.#core, symbols);
      return orders.map((order) => orderReportFromCcxt(order, this.#core.context));
    });
  }

  fetchFills(symbol: string, since: number): Promise<FillReport[]> {
    return this.#guard('query', async () => {
      await this.#loadMarkets();
      const trades = await fetchVenueFills(this.#core, symbol, since);
      return trades.flatMap((trade) => fillReportFromCcxt(trade, this.#core.context) ?? []);
    });
  }

  fetchPositions(symbols: readonly string[]): Promise<PositionReport[]> {
    return this.#guard('query', async () => {
      if (this.#ccxt.has.fetchPositions !== true) return [];
      const markets = await this.#loadMarkets();
      const contracts = symbols.filter((s) => markets[s]?.contract === true);
      if (symbols.length > 0 && contracts.length === 0) return [];
      const positions = await this.#core.runner.run({
        operation: 'query',
        endpoint: 'positions',
        label: 'fetchPositions',
        run: () => this.#ccxt.fetchPositions(contracts.length > 0 ? contracts : undefined),
      });
      return positions
        .map((position) => positionReportFromCcxt(position, this.#core.context))
        .filter((report) => report.qty !== 0 && (symbols.length === 0 || symbols.includes(report.symbol)));
    });
  }

  fetchBalances(): Promise<BalanceReport[]> {
    return this.#guard('query', async () => {
      const balances = await this.#core.runner.run({
        operation: 'query',
        endpoint: 'balance',
        label: 'fetchBalance',
        run: () => this.#ccxt.fetchBalance(),
      });
      return balanceReportsFromCcxt(balances, this.#core.context);
    });
  }

  startStreams(symbols: readonly string[], listener: (event: ExchangeStreamEvent) => void): Promise<void> {
    return this.#guard('query', async () => {
      if (!this.capabilities.privateStreams)
        throw new ExchangeError('rejected', `${this.exchange} has no private streams in ccxt pro`);
      await this.#loadMarkets();
      this.#streams.start(symbols, listener);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#streams.stop();
    this.#limiter.close();
    await closeExchange(this.#ccxt);
    // A watch already on its way when the sockets closed can open a fresh one: once the loops have seen
    // the close (or after a second), close again whatever they opened.
    await this.#streams.settled(1_000);
    await closeExchange(this.#ccxt);
  }
}
