/**
 * An in-memory `ExchangeClient` with the failure modes real venues have, scripted per call, for the
 * exchange venue's unit tests (the OKX-protocol simulator covers the same ground end to end over ccxt).
 * Orders are keyed by client order id; the venue side (fills, cancels, stream pushes) is driven by the test.
 */

import { attachedLegsOfAlgo } from '../../src/core/attached-ids.js';
import type { Instrument } from '../../src/core/instrument.js';
import {
  type AmendReport,
  type AttachedLegAmendRequest,
  type BalanceReport,
  type CreateOrderRequest,
  type ExchangeClient,
  ExchangeError,
  type ExchangeErrorKind,
  type ExchangeStreamEvent,
  type FillReport,
  type OrderQuery,
  type OrderStatusReport,
  type PositionReport,
} from '../../src/venues/exchange/types.js';

/** What the next create does. */
export type CreateFault =
  | { kind: 'fail'; error: ExchangeErrorKind; code?: string; retryAfterMs?: number }
  /** The venue places the order but the reply is lost (timeout). */
  | { kind: 'accept-then-timeout' }
  /** The venue fills it at once and pushes the fill before the REST reply returns. */
  | { kind: 'fill-before-ack'; price: number };

/** What the next amend of an attached leg does. */
export type AttachedAmendFault =
  | { kind: 'fail'; error: ExchangeErrorKind; code?: string; message?: string }
  /** The venue moves the leg but the reply is lost (timeout). */
  | { kind: 'apply-then-timeout' };

export class FakeExchangeClient implements ExchangeClient {
  readonly exchange = 'okx';
  readonly accountKey = 'okx:demo:test';
  readonly orders = new Map<string, OrderStatusReport>();
  readonly fills: FillReport[] = [];
  readonly calls: string[] = [];
  readonly createFaults: CreateFault[] = [];
  /** Queries of an order return "not found" until this time (OKX's lag right after a create). */
  notFoundUntil = 0;
  cancelFault: ExchangeErrorKind | undefined;
  /** Amends of attached legs received (in order) and what the next ones do. */
  readonly attachedAmends: AttachedLegAmendRequest[] = [];
  readonly attachedAmendFaults: AttachedAmendFault[] = [];
  clockOffsetMeasurements = 0;
  /** What `fetchPositions` answers (the venue's view; tests set it). */
  positions: PositionReport[] = [];
  positionsFault = false;
  private listener: ((event: ExchangeStreamEvent) => void) | undefined;
  private sequence = 0;
  private tradeSequence = 0;

  constructor(private readonly instruments: readonly Instrument[]) {}

  async loadInstruments(symbols: readonly string[]): Promise<Instrument[]> {
    return this.instruments.filter((i) => symbols.includes(i.symbol));
  }

  async measureClockOffset(): Promise<number> {
    this.clockOffsetMeasurements += 1;
    return 0;
  }

  async createOrder(request: CreateOrderRequest): Promise<OrderStatusReport> {
    this.calls.push(`create ${request.clientOrderId}`);
    const fault = this.createFaults.shift();
    if (fault?.kind === 'fail') {
      throw new ExchangeError(fault.error, `scripted ${fault.error}`, {
        ...(fault.code === undefined ? {} : { venueCode: fault.code }),
        ...(fault.retryAfterMs === undefined ? {} : { retryAfterMs: fault.retryAfterMs }),
      });
    }
    if (this.orders.has(request.clientOrderId))
      throw new ExchangeError('duplicate-id', 'Duplicated clOrdId', { venueCode: '51016' });
    const report: OrderStatusReport = {
      clientOrderId: request.clientOrderId,
      venueOrderId: `v${++this.sequence}`,
      symbol: request.instrument.symbol,
      side: request.side,
      type: request.type,
      reduceOnly: request.reduceOnly ?? false,
      qty: request.qty,
      ...(request.price === undefined ? {} : { price: request.price }),
      status: 'open',
      filledQty: 0,
      avgFillPrice: 0,
      tsEvent: Date.now(),
    };
    this.orders.set(request.clientOrderId, report);
    if (fault?.kind === 'accept-then-timeout') throw new ExchangeError('unknown', 'request timed out');
    if (fault?.kind === 'fill-before-ack') this.fill(request.clientOrderId, request.qty, fault.price);
    return this.orders.get(request.clientOrderId)!;
  }

  async cancelOrder(query: OrderQuery): Promise<OrderStatusReport | undefined> {
    this.calls.push(`cancel ${query.clientOrderId}`);
    if (this.cancelFault !== undefined)
      throw new ExchangeError(this.cancelFault, `scripted ${this.cancelFault}`);
    const order = this.orders.get(query.clientOrderId);
    if (order === undefined || order.status === 'filled' || order.status === 'cancelled')
      throw new ExchangeError(
        'rejected',
        'Cancellation failed as the order has been filled, canceled or does not exist',
        { venueCode: '51400' },
      );
    const cancelled = { ...order, status: 'cancelled' as const, tsEvent: Date.now() };
    this.orders.set(query.clientOrderId, cancelled);
    this.push({ kind: 'order', report: cancelled });
    return cancelled;
  }

  async cancelAllOrders(): Promise<void> {
    for (const order of this.orders.values())
      if (order.status === 'open' || order.status === 'partially-filled')
        await this.cancelOrder({ clientOrderId: order.clientOrderId!, symbol: order.symbol });
  }

  async amendOrder(query: OrderQuery, changes: AmendReport): Promise<OrderStatusReport | undefined> {
    const order = this.orders.get(query.clientOrderId);
    if (order === undefined)
      throw new ExchangeError('not-found', 'Order does not exist', { venueCode: '51603' });
    const next = { ...order, ...changes, tsEvent: Date.now() };
    this.orders.set(query.clientOrderId, next);
    return next;
  }

  /** Moves the leg's prices on the fake venue's record of it (when the test gave it one). */
  async amendAttachedLeg(request: AttachedLegAmendRequest): Promise<void> {
    this.calls.push(`amend-attached ${request.algoClientOrderId} ${request.role}`);
    this.attachedAmends.push(request);
    const fault = this.attachedAmendFaults.shift();
    if (fault?.kind === 'fail') {
      throw new ExchangeError(fault.error, fault.message ?? `scripted ${fault.error}`, {
        ...(fault.code === undefined ? {} : { venueCode: fault.code }),
      });
    }
    const ids = attachedLegsOfAlgo(request.algoClientOrderId);
    const legId = request.role === 'stop-loss' ? ids?.stopLoss : ids?.takeProfit;
    const leg = legId === undefined ? undefined : this.orders.get(legId);
    if (legId !== undefined && leg !== undefined) {
      const { price: _old, ...rest } = leg;
      this.orders.set(legId, {
        ...rest,
        triggerPrice: request.triggerPrice,
        ...(request.price === undefined ? {} : { price: request.price }),
        tsEvent: Date.now(),
      });
    }
    if (fault?.kind === 'apply-then-timeout') throw new ExchangeError('unknown', 'request timed out');
  }

  async fetchOrder(query: OrderQuery): Promise<OrderStatusReport | undefined> {
    this.calls.push(`query ${query.clientOrderId}`);
    if (Date.now() < this.notFoundUntil) return undefined;
    return this.orders.get(query.clientOrderId);
  }

  async fetchOpenOrders(): Promise<OrderStatusReport[]> {
    return [...this.orders.values()].filter((o) => o.status === 'open' || o.status === 'partially-filled');
  }

  async fetchFills(symbol: string, since: number): Promise<FillReport[]> {
    this.calls.push('fills');
    return this.fills.filter((f) => f.symbol === symbol && f.tsEvent >= since);
  }

  async fetchPositions(): Promise<PositionReport[]> {
    if (this.positionsFault) throw new ExchangeError('unavailable', 'positions endpoint down');
    return this.positions;
  }

  async fetchBalances(): Promise<BalanceReport[]> {
    return [{ currency: 'USDT', total: 10_000, free: 10_000, used: 0, tsEvent: Date.now() }];
  }

  async startStreams(
    _symbols: readonly string[],
    listener: (event: ExchangeStreamEvent) => void,
  ): Promise<void> {
    this.listener = listener;
  }

  async close(): Promise<void> {
    this.listener = undefined;
  }

  /** The venue executes `qty` of an order; `push` false keeps the news off the stream (a silent stream). */
  fill(clientOrderId: string, qty: number, price: number, { push = true } = {}): FillReport {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) throw new Error(`no order ${clientOrderId}`);
    const filledQty = order.filledQty + qty;
    const report: FillReport = {
      tradeId: `t${++this.tradeSequence}`,
      venueOrderId: order.venueOrderId,
      clientOrderId,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      fee: qty * price * 0.0005,
      feeCurrency: 'USDT',
      liquidity: 'taker',
      tsEvent: Date.now(),
    };
    this.fills.push(report);
    const next: OrderStatusReport = {
      ...order,
      filledQty,
      avgFillPrice: (order.avgFillPrice * order.filledQty + price * qty) / filledQty,
      status: filledQty >= order.qty ? 'filled' : 'partially-filled',
      tsEvent: Date.now(),
    };
    this.orders.set(clientOrderId, next);
    if (push) {
      this.push({ kind: 'fill', report });
      this.push({ kind: 'order', report: next });
    }
    return report;
  }

  push(event: ExchangeStreamEvent): void {
    this.listener?.(event);
  }
}
