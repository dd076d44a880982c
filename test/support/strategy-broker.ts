/**
 * A minimal in-memory broker implementing every strategy port, for tests only (the real simulated venue
 * arrives with the backtest kernel). Fill model, at zero fees:
 * - market orders fill at the open of the symbol's next candle;
 * - limit orders fill when a later candle trades through the price (at the open when it gaps through);
 * - stop-market orders trigger when a later candle reaches the trigger (at the open when it gaps through);
 *   stop-limit orders become limit orders from the candle after the trigger;
 * - an order is eligible only on candles that open at or after the time it was submitted;
 * - reduce-only orders never grow or flip a position; IOC/FOK limits expire after their first candle;
 * - attached stop-loss / take-profit become reduce-only OCO children on the entry fill (trailing: rejected).
 * Cash and equity are kept as on a margin account in the quote currency: cash = capital + realised PnL,
 * equity = cash + unrealised PnL marked at each symbol's last close.
 */

import type { Fill } from '../../src/core/fill.js';
import { ClientOrderIdGenerator, type StrategyId, tradeId, venueOrderId } from '../../src/core/ids.js';
import { createInstrument, type Instrument, instrumentIdOf } from '../../src/core/instrument.js';
import type { Candle } from '../../src/core/market.js';
import { applyOrderEvent, createOrder, type Order } from '../../src/core/order.js';
import { isWorking } from '../../src/core/order-state.js';
import { applyFillToPosition, flatPosition, type Position, unrealizedPnl } from '../../src/core/position.js';
import { roundQty } from '../../src/core/precision.js';
import { oppositeSide, sideSign } from '../../src/core/side.js';
import type {
  InstrumentPort,
  OrderPort,
  PersistedState,
  PortfolioPort,
  SignalRecord,
  SignalSinkPort,
  StateStorePort,
  SubmitOrder,
} from '../../src/strategies/ports.js';
import type { AmendRequest, PositionView } from '../../src/strategies/types.js';

/** Where the broker sends order updates and fills (the host). */
export interface BrokerListener {
  orderUpdated(order: Order): void;
  filled(order: Order, fill: Fill): void;
}

interface Working {
  order: Order;
  /** Stop-limit orders become limits once triggered. */
  triggered: boolean;
  /** The other leg of an attached stop-loss / take-profit pair. */
  oco?: string;
  /** Attached SL/TP to create when this order fills. */
  attachments?: Order['attachments'];
}

/** A spot-like instrument with tiny steps, for symbols the test gives no instrument for. */
export function defaultInstrument(exchange: string, symbol: string): Instrument {
  return createInstrument({
    exchange,
    symbol,
    kind: symbol.includes(':') ? 'swap' : 'spot',
    tickSize: 1e-8,
    lotSize: 1e-8,
    minSize: 0,
  });
}

export class HarnessBroker
  implements OrderPort, PortfolioPort, InstrumentPort, SignalSinkPort, StateStorePort
{
  readonly orders = new Map<string, Order>();
  readonly fills: Fill[] = [];
  readonly signals: SignalRecord[] = [];
  readonly savedStates = new Map<string, PersistedState>();
  listener: BrokerListener | undefined;
  cash: number;
  private readonly working: Working[] = [];
  private readonly positions = new Map<string, Position>();
  private readonly marks = new Map<string, number>();
  private readonly instruments = new Map<string, Instrument>();
  private readonly ids = new Map<string, ClientOrderIdGenerator>();
  private sequence = 0;

  constructor(
    private readonly options: {
      exchange: string;
      capital: number;
      now: () => number;
      instruments?: readonly Instrument[];
      funding?: Readonly<Record<string, ReadonlyArray<{ ts: number; rate: number }>>>;
      initialState?: PersistedState;
    },
  ) {
    this.cash = options.capital;
    for (const inst of options.instruments ?? []) this.instruments.set(inst.symbol, inst);
  }

  // ----- InstrumentPort
  instrument(symbol: string): Instrument | undefined {
    if (typeof symbol !== 'string') return undefined;
    let inst = this.instruments.get(symbol);
    if (
      inst === undefined &&
      (this.options.instruments === undefined || this.options.instruments.length === 0)
    ) {
      try {
        inst = defaultInstrument(this.options.exchange, symbol);
      } catch {
        return undefined;
      }
      this.instruments.set(symbol, inst);
    }
    return inst;
  }

  private mustInstrument(symbol: string): Instrument {
    const inst = this.instrument(symbol);
    if (inst === undefined) throw new Error(`harness broker: unknown symbol ${symbol}`);
    return inst;
  }

  // ----- StateStorePort / SignalSinkPort
  load(strategyId: StrategyId): PersistedState | undefined {
    return this.savedStates.get(strategyId) ?? this.options.initialState;
  }
  save(strategyId: StrategyId, state: PersistedState): void {
    this.savedStates.set(strategyId, state);
  }
  signal(record: SignalRecord): void {
    this.signals.push(record);
  }

  // ----- OrderPort
  nextClientOrderId(strategyId: StrategyId) {
    let generator = this.ids.get(strategyId);
    if (generator === undefined) {
      generator = new ClientOrderIdGenerator(strategyId);
      this.ids.set(strategyId, generator);
    }
    return generator.generate();
  }

  submit({ strategyId, clientOrderId, request, tsInit }: SubmitOrder): void {
    const inst = this.mustInstrument(request.symbol);
    const qty = roundQty(inst, request.qty, 'down');
    const tooSmall = !(qty > 0) || qty < inst.minSize;
    let order = createOrder({
      clientOrderId,
      strategyId,
      instrumentId: instrumentIdOf(inst),
      side: request.side,
      type: request.type ?? 'market',
      qty: tooSmall ? request.qty : qty,
      ...(request.price === undefined ? {} : { price: request.price }),
      ...(request.triggerPrice === undefined ? {} : { triggerPrice: request.triggerPrice }),
      ...(request.timeInForce === undefined ? {} : { timeInForce: request.timeInForce }),
      ...(request.reduceOnly === undefined ? {} : { reduceOnly: request.reduceOnly }),
      ...(request.attachments === undefined ? {} : { attachments: request.attachments }),
      tsInit,
    });
    const event = { clientOrderId, tsEvent: tsInit, tsInit };
    if (tooSmall || request.attachments?.trailing !== undefined) {
      const reason = tooSmall
        ? `qty ${request.qty} rounds below the minimum size`
        : 'trailing stops unsupported';
      order = applyOrderEvent(order, { ...event, type: 'OrderDenied', reason });
      this.orders.set(clientOrderId, order);
      this.listener?.orderUpdated(order);
      return;
    }
    order = applyOrderEvent(order, { ...event, type: 'OrderSubmitted' });
    order = applyOrderEvent(order, {
      ...event,
      type: 'OrderAccepted',
      venueOrderId: venueOrderId(`v${++this.sequence}`),
    });
    this.orders.set(clientOrderId, order);
    this.working.push({
      order,
      triggered: false,
      ...(order.attachments ? { attachments: order.attachments } : {}),
    });
    this.listener?.orderUpdated(order);
  }

  cancel(_strategyId: StrategyId, clientOrderId: string): void {
    const at = this.working.findIndex((w) => w.order.clientOrderId === clientOrderId);
    if (at >= 0) this.end(at, 'OrderCancelled');
  }

  cancelAll(_strategyId: StrategyId, symbol?: string): void {
    for (let i = this.working.length - 1; i >= 0; i--) {
      if (symbol === undefined || this.symbolOf(this.working[i]!.order) === symbol)
        this.end(i, 'OrderCancelled');
    }
  }

  amend(_strategyId: StrategyId, clientOrderId: string, changes: AmendRequest): void {
    const w = this.working.find((x) => x.order.clientOrderId === clientOrderId);
    if (w === undefined) return;
    const qty = changes.qty ?? w.order.qty;
    if (qty < w.order.filledQty) return;
    w.order = {
      ...w.order,
      qty,
      leavesQty: qty - w.order.filledQty,
      ...(changes.price === undefined ? {} : { price: changes.price }),
      ...(changes.triggerPrice === undefined ? {} : { triggerPrice: changes.triggerPrice }),
    };
    this.orders.set(clientOrderId, w.order);
    this.listener?.orderUpdated(w.order);
  }

  openOrders(_strategyId: StrategyId, symbol?: string): readonly Order[] {
    return this.working
      .map((w) => w.order)
      .filter((o) => symbol === undefined || this.symbolOf(o) === symbol);
  }

  // ----- PortfolioPort
  position(_strategyId: StrategyId, symbol: string): PositionView {
    const inst = this.instrument(symbol);
    const position = this.positions.get(symbol);
    if (inst === undefined || position === undefined)
      return { qty: 0, avgEntryPrice: 0, unrealizedPnl: 0, realizedPnl: 0 };
    const mark = this.marks.get(symbol);
    return {
      qty: position.qty,
      avgEntryPrice: position.avgEntryPrice,
      unrealizedPnl: mark === undefined ? 0 : unrealizedPnl(position, inst, mark),
      realizedPnl: position.realizedPnl,
    };
  }

  balance(_strategyId: StrategyId, asset?: string): number {
    if (asset === undefined) return this.cash;
    for (const [symbol, position] of this.positions) {
      const inst = this.instrument(symbol);
      if (inst?.base === asset && inst.kind === 'spot') return position.qty;
    }
    return [...this.instruments.values()].some((i) => i.quote === asset) ? this.cash : 0;
  }

  equity(): number {
    let equity = this.cash;
    for (const [symbol, position] of this.positions) {
      const mark = this.marks.get(symbol);
      if (mark !== undefined) equity += unrealizedPnl(position, this.mustInstrument(symbol), mark);
    }
    return equity;
  }

  fundingRate(symbol: string): { rate: number; ts: number } | undefined {
    const rates = this.options.funding?.[symbol];
    if (rates === undefined) return undefined;
    const now = this.options.now();
    let found: { rate: number; ts: number } | undefined;
    for (const r of rates)
      if (r.ts <= now && (found === undefined || r.ts >= found.ts)) found = { rate: r.rate, ts: r.ts };
    return found;
  }

  // ----- Matching

  private symbolOf(order: Order): string {
    return order.instrumentId.slice(order.instrumentId.indexOf(':') + 1);
  }

  /** Matches the working orders of `symbol` against its next candle, then marks the symbol at the close. */
  onCandle(symbol: string, candle: Candle, closeTs: number): void {
    const snapshot = this.working.filter((w) => this.symbolOf(w.order) === symbol);
    for (const w of snapshot) {
      if (!this.working.includes(w) || w.order.tsInit > candle.ts) continue;
      const price = this.matchPrice(w, candle);
      if (price !== undefined) {
        this.execute(w, price, w.order.type === 'market' ? candle.ts : closeTs);
      } else if (
        w.order.type === 'limit' &&
        (w.order.timeInForce === 'IOC' || w.order.timeInForce === 'FOK')
      ) {
        this.end(this.working.indexOf(w), 'OrderExpired');
      }
    }
    this.marks.set(symbol, candle.close);
  }

  private matchPrice(w: Working, c: Candle): number | undefined {
    const { order } = w;
    const buy = order.side === 'buy';
    const limitFill = (limit: number) =>
      buy
        ? c.open <= limit
          ? c.open
          : c.low <= limit
            ? limit
            : undefined
        : c.open >= limit
          ? c.open
          : c.high >= limit
            ? limit
            : undefined;
    switch (order.type) {
      case 'market':
        return c.open;
      case 'limit':
        return limitFill(order.price!);
      case 'stop-market': {
        const t = order.triggerPrice!;
        if (buy) return c.open >= t ? c.open : c.high >= t ? t : undefined;
        return c.open <= t ? c.open : c.low <= t ? t : undefined;
      }
      case 'stop-limit': {
        if (w.triggered) return limitFill(order.price!);
        const t = order.triggerPrice!;
        if (buy ? c.high >= t : c.low <= t) w.triggered = true;
        return undefined;
      }
      case 'trailing-stop':
        // Not modelled by this test broker; the simulated venue (src/venues/simulated) implements it.
        return undefined;
    }
  }

  private execute(w: Working, price: number, tsEvent: number): void {
    const symbol = this.symbolOf(w.order);
    const inst = this.mustInstrument(symbol);
    const position = this.positions.get(symbol) ?? flatPosition(instrumentIdOf(inst));
    let qty = w.order.leavesQty;
    if (w.order.reduceOnly) {
      const reducible = Math.sign(position.qty) === -sideSign(w.order.side) ? Math.abs(position.qty) : 0;
      qty = Math.min(qty, reducible);
      if (!(qty > 0)) {
        this.end(this.working.indexOf(w), 'OrderExpired');
        return;
      }
    }
    const fill: Fill = {
      tradeId: tradeId(`t${++this.sequence}`),
      clientOrderId: w.order.clientOrderId,
      ...(w.order.venueOrderId === undefined ? {} : { venueOrderId: w.order.venueOrderId }),
      instrumentId: w.order.instrumentId,
      side: w.order.side,
      qty,
      price,
      fee: 0,
      feeCurrency: inst.settle,
      liquidity: w.order.type === 'limit' ? 'maker' : 'taker',
      tsEvent,
      tsInit: this.options.now(),
    };
    w.order = applyOrderEvent(w.order, {
      type: 'OrderFilled',
      clientOrderId: fill.clientOrderId,
      fill,
      tsEvent,
      tsInit: fill.tsInit,
    });
    const next = applyFillToPosition(position, inst, fill);
    this.cash += next.realizedPnl - position.realizedPnl;
    this.positions.set(symbol, next);
    this.marks.set(symbol, price);
    this.fills.push(fill);
    this.orders.set(w.order.clientOrderId, w.order);
    if (!isWorking(w.order)) this.working.splice(this.working.indexOf(w), 1);
    this.listener?.filled(w.order, fill);
    this.listener?.orderUpdated(w.order);
    // A reduce-only order clipped to the position: the rest can never fill.
    if (isWorking(w.order) && w.order.reduceOnly) this.end(this.working.indexOf(w), 'OrderExpired');
    if (w.oco !== undefined) {
      const other = this.working.findIndex((x) => x.order.clientOrderId === w.oco);
      if (other >= 0) this.end(other, 'OrderCancelled');
    }
    if (w.attachments !== undefined) this.attach(w.order, qty, w.attachments);
  }

  /** Creates the reduce-only stop-loss / take-profit children of a filled entry, as an OCO pair. */
  private attach(parent: Order, qty: number, attachments: NonNullable<Order['attachments']>): void {
    const side = oppositeSide(parent.side);
    const children: Working[] = [];
    const make = (type: Order['type'], prices: { price?: number; triggerPrice?: number }) => {
      const id = this.nextClientOrderId(parent.strategyId);
      const now = this.options.now();
      let order = createOrder({
        clientOrderId: id,
        strategyId: parent.strategyId,
        instrumentId: parent.instrumentId,
        side,
        type,
        qty,
        reduceOnly: true,
        ...prices,
        tsInit: now,
      });
      const event = { clientOrderId: id, tsEvent: now, tsInit: now };
      order = applyOrderEvent(order, { ...event, type: 'OrderSubmitted' });
      order = applyOrderEvent(order, {
        ...event,
        type: 'OrderAccepted',
        venueOrderId: venueOrderId(`v${++this.sequence}`),
      });
      const w: Working = { order, triggered: false };
      children.push(w);
    };
    const { stopLoss, takeProfit } = attachments;
    if (stopLoss !== undefined) {
      if (stopLoss.price === undefined) make('stop-market', { triggerPrice: stopLoss.triggerPrice });
      else make('stop-limit', { triggerPrice: stopLoss.triggerPrice, price: stopLoss.price });
    }
    if (takeProfit !== undefined) make('limit', { price: takeProfit.price ?? takeProfit.triggerPrice });
    if (children.length === 2) {
      children[0]!.oco = children[1]!.order.clientOrderId;
      children[1]!.oco = children[0]!.order.clientOrderId;
    }
    for (const w of children) {
      this.working.push(w);
      this.orders.set(w.order.clientOrderId, w.order);
      this.listener?.orderUpdated(w.order);
    }
  }

  private end(at: number, type: 'OrderCancelled' | 'OrderExpired'): void {
    const w = this.working[at];
    if (w === undefined) return;
    this.working.splice(at, 1);
    const now = this.options.now();
    w.order = applyOrderEvent(w.order, {
      type,
      clientOrderId: w.order.clientOrderId,
      tsEvent: now,
      tsInit: now,
    });
    this.orders.set(w.order.clientOrderId, w.order);
    this.listener?.orderUpdated(w.order);
  }
}
