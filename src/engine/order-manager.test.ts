/**
 * The order manager with the real simulated venue, driven by hand: bars go to the venue, the manager
 * drains the events into the portfolio. What a strategy asks is rounded, gated, sent, and its protection
 * managed; refusals are counted by their key.
 */

import { describe, expect, it } from 'vitest';
import type { Fill } from '../core/fill.js';
import { type ClientOrderId, strategyId } from '../core/ids.js';
import { createInstrument, type Instrument } from '../core/instrument.js';
import type { Order } from '../core/order.js';
import type { OrderRequest } from '../strategies/types.js';
import { SimulatedVenue } from '../venues/simulated/index.js';
import type { SimulatedVenueOptions } from '../venues/simulated/types.js';
import { SimulatedClock } from './clock.js';
import { OrderManager } from './order-manager.js';
import { Portfolio } from './portfolio.js';
import { maxOrderNotional, type RiskGate, RuleRiskGate } from './risk-gate.js';
import type { ExecutionVenue, OrderChanges, VenueListener } from './venue.js';

const MINUTE = 60_000;
const SID = strategyId('s1');

/** Linear swap: tick 0.01, lot 0.01, minimum 0.1 contracts. */
const SWAP = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USDT:USDT',
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0.1,
});

/** The real venue, with every command it receives recorded. */
class SpyVenue implements ExecutionVenue {
  readonly exchange = 'sim';
  readonly submitted: Order[] = [];
  readonly cancelled: string[] = [];
  readonly amended: Array<{ id: string; changes: OrderChanges }> = [];
  constructor(readonly inner: SimulatedVenue) {}
  setListener(listener: VenueListener): void {
    this.inner.setListener(listener);
  }
  submit(order: Order): void {
    this.submitted.push(order);
    this.inner.submit(order);
  }
  cancel(id: ClientOrderId): void {
    this.cancelled.push(id);
    this.inner.cancel(id);
  }
  amend(id: ClientOrderId, changes: OrderChanges): void {
    this.amended.push({ id, changes });
    this.inner.amend(id, changes);
  }
}

function setup(
  options: {
    instrument?: Instrument;
    gate?: RiskGate;
    venue?: Partial<Omit<SimulatedVenueOptions, 'account' | 'instruments'>>;
    leverage?: number;
  } = {},
) {
  const inst = options.instrument ?? SWAP;
  const clock = new SimulatedClock();
  const venue = new SpyVenue(
    new SimulatedVenue({
      exchange: 'sim',
      fees: { maker: 0, taker: 0.001 },
      ...options.venue,
      instruments: [inst],
      account: { capital: 10_000, currency: inst.settle, leverage: options.leverage ?? 1 },
    }),
  );
  const portfolio = new Portfolio({
    instruments: [inst],
    currency: inst.settle,
    capital: 10_000,
    leverage: () => options.leverage ?? 1,
    now: () => clock.now(),
  });
  const reasons: string[] = [];
  const manager = new OrderManager({
    venue,
    gate: options.gate ?? new RuleRiskGate(),
    portfolio,
    clock,
    observer: {
      onFill: (_order, _fill, reason) => reasons.push(reason),
    },
  });
  const updates: Order[] = [];
  const fills: Fill[] = [];
  manager.register(SID, {
    orderUpdated: (order) => updates.push(order),
    filled: (_order, fill) => fills.push(fill),
  });
  return {
    venue,
    portfolio,
    manager,
    updates,
    fills,
    reasons,
    /** Bar k: ts = k minutes; the clock moves to its close, the venue matches, the portfolio marks. */
    bar(k: number, o: number, h: number, l: number, c: number, v = 1_000) {
      clock.set((k + 1) * MINUTE);
      venue.inner.onBar(0, k * MINUTE, o, h, l, c, v, (k + 1) * MINUTE);
      manager.drain();
      portfolio.mark(0, c);
    },
    submit(request: Omit<OrderRequest, 'symbol'>): ClientOrderId {
      const id = manager.nextClientOrderId(SID);
      manager.submit({
        strategyId: SID,
        clientOrderId: id,
        request: { symbol: inst.symbol, ...request },
        tsInit: clock.now(),
      });
      manager.drain();
      return id;
    },
    order: (id: string) => manager.get(id)!,
    children: () => manager.openOrders(SID).filter((o) => o.reduceOnly),
  };
}

describe('OrderManager: quantities', () => {
  it('rounds a quantity down to the lot before it reaches the venue: 1.23456 → 1.23', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    const id = k.submit({ side: 'buy', qty: 1.23456 });
    k.submit({ side: 'buy', qty: 0.999 }); // down, never to the nearest lot (1.00)
    expect(k.venue.submitted.map((o) => o.qty)).toEqual([1.23, 0.99]);
    expect(k.order(id).status).toBe('Accepted');
    k.bar(1, 100, 101, 99, 100);
    expect(k.fills.map((f) => f.qty)).toEqual([1.23, 0.99]);
    expect(k.portfolio.position(SID, SWAP.symbol).qty).toBeCloseTo(2.22, 12);
    expect(k.portfolio.invariantProblems()).toEqual([]);
  });

  it('denies a quantity below one lot with the lot named; it never reaches the venue', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    const id = k.submit({ side: 'buy', qty: 0.0099 });
    const order = k.order(id);
    expect(order.status).toBe('Denied');
    expect(order.reason).toMatch(/^lot-size: quantity 0\.0099 rounds to 0 on the lot 0\.01$/);
    expect(k.venue.submitted).toEqual([]);
    expect(k.manager.refusals).toEqual({ 'lot-size': 1 });
    expect(k.updates.map((u) => u.status)).toEqual(['Denied']);
    expect(k.manager.openOrders(SID)).toEqual([]);
  });

  it('rounds limit prices in the safe direction (buys down, sells up) and triggers to the nearest tick', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    k.submit({ side: 'buy', type: 'limit', qty: 1, price: 90.129 });
    k.submit({ side: 'sell', type: 'limit', qty: 0.5, price: 110.121, reduceOnly: false });
    k.submit({ side: 'sell', type: 'stop-market', qty: 0.5, triggerPrice: 80.126 });
    expect(k.venue.submitted.map((o) => [o.price, o.triggerPrice])).toEqual([
      [90.12, undefined],
      [110.13, undefined],
      [undefined, 80.13],
    ]);
  });
});

describe('OrderManager: trailing settings on the grid', () => {
  it('rounds the activation price and the callback offset to the tick, so the venue accepts them', () => {
    const t = setup();
    t.bar(0, 100, 100, 100, 100);
    const id = t.submit({
      side: 'sell',
      type: 'trailing-stop',
      qty: 1,
      reduceOnly: false,
      trailing: { callbackOffset: 0.504, activationPrice: 101.333 },
    });
    expect(t.venue.submitted.at(-1)!.trailing).toEqual({ callbackOffset: 0.5, activationPrice: 101.33 });
    expect(t.order(id).status).toBe('Accepted');
  });
});

describe('OrderManager: refusals by key', () => {
  it('counts venue rejections by the key before the colon', () => {
    const k = setup();
    // No bar yet: the venue has no price.
    const early = k.submit({ side: 'buy', qty: 1 });
    expect(k.order(early).status).toBe('Rejected');
    expect(k.order(early).reason).toMatch(/^no-price: /);
    k.bar(0, 100, 100, 100, 100);
    // 0.05 is on the lot grid but below the 0.1 minimum.
    const small = k.submit({ side: 'buy', qty: 0.05 });
    const small2 = k.submit({ side: 'sell', qty: 0.09 });
    // 101 × 100 needs 10,100 of margin at leverage 1; 10,000 is there.
    const big = k.submit({ side: 'buy', qty: 101 });
    const reduce = k.submit({ side: 'sell', qty: 1, reduceOnly: true });
    expect([small, small2, big, reduce].map((id) => k.order(id).status)).toEqual([
      'Rejected',
      'Rejected',
      'Rejected',
      'Rejected',
    ]);
    expect(k.order(small).reason).toMatch(/^min-size: /);
    expect(k.manager.refusals).toEqual({
      'no-price': 1,
      'min-size': 2,
      'insufficient-margin': 1,
      'reduce-only-no-position': 1,
    });
    // They reached the venue (which refused them): five submissions.
    expect(k.venue.submitted).toHaveLength(5);
    expect(k.manager.openOrders(SID)).toEqual([]);
  });

  it('a gate denial is counted by its rule and never sent', () => {
    const k = setup({ gate: new RuleRiskGate([maxOrderNotional(500)]) });
    k.bar(0, 100, 100, 100, 100);
    const ok = k.submit({ side: 'buy', qty: 5 }); // 500: at the limit
    const denied = k.submit({ side: 'buy', qty: 5.01 }); // 501
    expect(k.order(ok).status).toBe('Accepted');
    expect(k.order(denied).status).toBe('Denied');
    expect(k.order(denied).reason).toMatch(
      /^max-order-notional: order notional 501\.00 exceeds the limit 500/,
    );
    expect(k.venue.submitted.map((o) => o.qty)).toEqual([5]);
    expect(k.manager.refusals).toEqual({ 'max-order-notional': 1 });
  });
});

describe('OrderManager: attached protection', () => {
  it('sizes the children to the filled quantity and resizes them as the entry keeps filling', () => {
    // At most half a bar's volume per order and bar: 1 contract of a 2-contract bar.
    const k = setup({ venue: { maxVolumeShare: 0.5 } });
    k.bar(0, 100, 100, 100, 100, 2);
    const entry = k.submit({
      side: 'buy',
      qty: 2,
      attachments: { stopLoss: { triggerPrice: 95 }, takeProfit: { triggerPrice: 105 } },
    });
    expect(k.children()).toEqual([]);
    k.bar(1, 100, 101, 99, 100, 2);
    expect(k.order(entry).status).toBe('PartiallyFilled');
    expect(k.order(entry).filledQty).toBe(1);
    const first = k.children();
    expect(first.map((o) => [o.type, o.side, o.qty, o.triggerPrice, o.status])).toEqual([
      ['stop-market', 'sell', 1, 95, 'Accepted'],
      ['stop-market', 'sell', 1, 105, 'Accepted'],
    ]);
    k.bar(2, 100, 101, 99, 100, 2);
    expect(k.order(entry).status).toBe('Filled');
    expect(k.children().map((o) => [o.clientOrderId, o.qty, o.leavesQty])).toEqual([
      [first[0]!.clientOrderId, 2, 2],
      [first[1]!.clientOrderId, 2, 2],
    ]);
    expect(k.venue.amended.map((a) => a.changes)).toEqual([{ qty: 2 }, { qty: 2 }]);
    expect(k.portfolio.invariantProblems()).toEqual([]);
  });

  it('one-cancels-the-other: a filled take-profit cancels the stop-loss in the same drain', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    k.submit({
      side: 'buy',
      qty: 1,
      attachments: { stopLoss: { triggerPrice: 95 }, takeProfit: { triggerPrice: 105 } },
    });
    k.bar(1, 100, 101, 99, 100);
    const [stop, take] = k.children();
    k.bar(2, 100, 106, 99, 104); // open 100 → low 99 (nearer) → high 106: 105 is reached
    expect(k.order(take!.clientOrderId).status).toBe('Filled');
    expect(k.order(stop!.clientOrderId).status).toBe('Cancelled');
    expect(k.fills.map((f) => f.price)).toEqual([100, 105]);
    expect(k.reasons).toEqual(['signal', 'take-profit']);
    expect(k.portfolio.position(SID, SWAP.symbol).qty).toBe(0);
    expect(k.manager.openOrders(SID)).toEqual([]);
    expect(k.portfolio.invariantProblems()).toEqual([]);
  });

  it('a strategy exit cancels the children; a cancelled child never fills later', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    k.submit({ side: 'buy', qty: 1, attachments: { stopLoss: { triggerPrice: 95 } } });
    k.bar(1, 100, 101, 99, 100);
    const [stop] = k.children();
    k.submit({ side: 'sell', qty: 1 });
    k.bar(2, 100, 101, 99, 100);
    expect(k.order(stop!.clientOrderId).status).toBe('Cancelled');
    expect(k.venue.cancelled).toContain(stop!.clientOrderId);
    k.bar(3, 100, 100, 90, 91); // through the old stop
    expect(k.fills).toHaveLength(2);
    expect(k.portfolio.position(SID, SWAP.symbol).qty).toBe(0);
    expect(k.manager.openOrders(SID)).toEqual([]);
  });

  it('a flip cancels the children of the long it closed; the next long is not closed by them', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    k.submit({
      side: 'buy',
      qty: 1,
      attachments: { stopLoss: { triggerPrice: 95 }, takeProfit: { triggerPrice: 105 } },
    });
    k.bar(1, 100, 101, 99, 100);
    const children = k.children();
    k.submit({ side: 'sell', qty: 2 });
    k.bar(2, 100, 101, 99, 100);
    expect(k.portfolio.position(SID, SWAP.symbol).qty).toBe(-1);
    expect(children.map((c) => k.order(c.clientOrderId).status)).toEqual(['Cancelled', 'Cancelled']);
    k.submit({ side: 'buy', qty: 2 });
    k.bar(3, 100, 101, 99.5, 100);
    k.bar(4, 100, 106, 99.5, 105.5); // through the old take-profit
    k.bar(5, 105, 106, 90, 92); // through the old stop-loss
    expect(k.portfolio.position(SID, SWAP.symbol).qty).toBe(1);
    expect(k.reasons).toEqual(['signal', 'signal', 'signal']);
  });

  it('asks the venue once per child and tells the owner once: no second cancel after an OCO', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    k.submit({
      side: 'buy',
      qty: 1,
      attachments: { stopLoss: { triggerPrice: 95 }, takeProfit: { triggerPrice: 105 } },
    });
    k.bar(1, 100, 101, 99, 100);
    const [stop] = k.children();
    k.bar(2, 100, 106, 99, 104);
    expect(k.venue.cancelled).toEqual([stop!.clientOrderId]);
    const told = k.updates.filter((u) => u.clientOrderId === stop!.clientOrderId);
    expect(told.map((u) => [u.status, u.reason])).toEqual([
      ['Accepted', undefined],
      ['Cancelled', undefined],
    ]);
  });

  it('ignores commands on orders of another strategy', () => {
    const k = setup();
    k.bar(0, 100, 100, 100, 100);
    const id = k.submit({ side: 'buy', type: 'limit', qty: 1, price: 90 });
    k.manager.cancel(strategyId('other'), id);
    k.manager.amend(strategyId('other'), id, { price: 91 });
    k.manager.cancelAll(strategyId('other'));
    expect(k.venue.cancelled).toEqual([]);
    expect(k.venue.amended).toEqual([]);
    k.manager.cancel(SID, id);
    k.manager.drain();
    expect(k.order(id).status).toBe('Cancelled');
  });
});

/** A venue that only records commands; the test plays the exchange's replies through the listener. */
class ScriptedVenue implements ExecutionVenue {
  readonly exchange = 'sim';
  listener: VenueListener = () => {};
  readonly cancelled: string[] = [];
  setListener(listener: VenueListener): void {
    this.listener = listener;
  }
  submit(): void {}
  cancel(id: ClientOrderId): void {
    this.cancelled.push(id);
  }
  amend(): void {}
}

describe('OrderManager: cancels and the event queue', () => {
  function scripted() {
    const clock = new SimulatedClock(MINUTE);
    const venue = new ScriptedVenue();
    const portfolio = new Portfolio({
      instruments: [SWAP],
      currency: 'USDT',
      capital: 10_000,
      now: () => clock.now(),
    });
    const manager = new OrderManager({ venue, gate: new RuleRiskGate(), portfolio, clock });
    const updates: Order[] = [];
    manager.register(SID, { orderUpdated: (o) => updates.push(o), filled: () => {} });
    const id = manager.nextClientOrderId(SID);
    manager.submit({
      strategyId: SID,
      clientOrderId: id,
      request: { symbol: SWAP.symbol, side: 'buy', type: 'limit', qty: 1, price: 100 },
      tsInit: MINUTE,
    });
    venue.listener({
      type: 'OrderAccepted',
      clientOrderId: id,
      venueOrderId: 'v1' as never,
      tsEvent: MINUTE,
      tsInit: MINUTE,
    });
    manager.drain();
    return { clock, venue, portfolio, manager, updates, id };
  }

  it('a cancel marks the order PendingCancel first, so a refused cancel returns it to work', () => {
    const { venue, manager, id } = scripted();
    manager.cancel(SID, id);
    expect(venue.cancelled).toEqual([id]);
    expect(manager.get(id)!.status).toBe('PendingCancel');
    manager.cancel(SID, id); // asked once only
    expect(venue.cancelled).toEqual([id]);
    venue.listener({
      type: 'OrderCancelRejected',
      clientOrderId: id,
      reason: 'too-late: filling',
      tsEvent: MINUTE,
      tsInit: MINUTE,
    });
    manager.drain();
    expect(manager.get(id)!.status).toBe('Accepted');
  });

  it('an event that throws leaves the events behind it queued: a later drain still applies the fill', () => {
    const { venue, portfolio, manager, id } = scripted();
    // An acknowledgement that contradicts the venue order id is illegal and throws …
    venue.listener({
      type: 'OrderAccepted',
      clientOrderId: id,
      venueOrderId: 'other' as never,
      tsEvent: MINUTE,
      tsInit: MINUTE,
    });
    const fill: Fill = {
      tradeId: 't1' as never,
      clientOrderId: id,
      instrumentId: manager.get(id)!.instrumentId,
      side: 'buy',
      qty: 1,
      price: 100,
      fee: 0,
      feeCurrency: 'USDT',
      liquidity: 'maker',
      tsEvent: MINUTE,
      tsInit: MINUTE,
    };
    venue.listener({ type: 'OrderFilled', clientOrderId: id, fill, tsEvent: MINUTE, tsInit: MINUTE });
    expect(() => manager.drain()).toThrow(/contradicts/);
    // … but the fill queued behind it is not lost.
    expect(manager.hasQueuedEvents()).toBe(true);
    manager.drain();
    expect(portfolio.accountPosition(0).qty).toBe(1);
    expect(manager.get(id)!.status).toBe('Filled');
  });
});

describe('OrderManager: memory in long sessions', () => {
  it('keeps only the last `retainEndedOrders` ended orders; working ones always stay', () => {
    const inst = SWAP;
    const clock = new SimulatedClock();
    const venue = new SimulatedVenue({
      exchange: 'sim',
      fees: { maker: 0, taker: 0 },
      instruments: [inst],
      account: { capital: 10_000, currency: inst.settle },
      fill: 'close',
    });
    const portfolio = new Portfolio({
      instruments: [inst],
      currency: inst.settle,
      capital: 10_000,
      now: () => clock.now(),
    });
    const manager = new OrderManager({
      venue,
      gate: new RuleRiskGate(),
      portfolio,
      clock,
      retainEndedOrders: 3,
    });
    manager.register(SID, { orderUpdated: () => {}, filled: () => {} });
    venue.onBar(0, 0, 100, 100, 100, 100, 1_000, MINUTE);
    const send = (request: Omit<OrderRequest, 'symbol'>) => {
      const id = manager.nextClientOrderId(SID);
      manager.submit({
        strategyId: SID,
        clientOrderId: id,
        request: { symbol: inst.symbol, ...request },
        tsInit: 0,
      });
      manager.drain();
      return id;
    };
    const resting = send({ side: 'buy', qty: 1, type: 'limit', price: 50 });
    const filled = Array.from({ length: 6 }, (_, k) => send({ side: k % 2 === 0 ? 'buy' : 'sell', qty: 1 }));
    expect(filled.map((id) => manager.get(id)?.status)).toEqual([
      undefined,
      undefined,
      undefined,
      'Filled',
      'Filled',
      'Filled',
    ]);
    expect(manager.get(resting)?.status).toBe('Accepted');
    expect(manager.count).toBe(4);
    expect(portfolio.invariantProblems()).toEqual([]);
  });

  it('a late fill for a forgotten order still reaches the portfolio under its strategy, once', () => {
    const clock = new SimulatedClock(MINUTE);
    const venue = new ScriptedVenue();
    const portfolio = new Portfolio({
      instruments: [SWAP],
      currency: 'USDT',
      capital: 10_000,
      now: () => clock.now(),
    });
    const fills: Array<{ strategyId: string; reason: string }> = [];
    const anomalies: string[] = [];
    const manager = new OrderManager({
      venue,
      gate: new RuleRiskGate(),
      portfolio,
      clock,
      retainEndedOrders: 1,
      observer: {
        onFill: (order, _fill, reason) => fills.push({ strategyId: order.strategyId, reason }),
        onAnomaly: (message) => anomalies.push(message),
      },
    });
    const other = strategyId('s2');
    for (const sid of [SID, other]) manager.register(sid, { orderUpdated: () => {}, filled: () => {} });
    const event = { tsEvent: MINUTE, tsInit: MINUTE } as const;
    /** A resting buy of `sid`, acknowledged, then cancelled by the venue: it ends at once. */
    const cancelledOrder = (sid: typeof SID) => {
      const id = manager.nextClientOrderId(sid);
      manager.submit({
        strategyId: sid,
        clientOrderId: id,
        request: { symbol: SWAP.symbol, side: 'buy', type: 'limit', qty: 1, price: 100 },
        tsInit: MINUTE,
      });
      venue.listener({
        type: 'OrderAccepted',
        clientOrderId: id,
        venueOrderId: `v-${id}` as never,
        ...event,
      });
      venue.listener({ type: 'OrderCancelled', clientOrderId: id, ...event });
      manager.drain();
      return id;
    };
    const late = cancelledOrder(other);
    cancelledOrder(SID); // ends after `late`, which is forgotten
    expect(manager.get(late)).toBeUndefined();
    // The venue filled it before it cancelled, and says so only now (twice: REST reply and stream).
    const fill: Fill = {
      tradeId: 'late-1' as never,
      clientOrderId: late,
      instrumentId: 'sim:BTC/USDT:USDT' as never,
      side: 'buy',
      qty: 1,
      price: 100,
      fee: 0,
      feeCurrency: 'USDT',
      liquidity: 'maker',
      ...event,
    };
    venue.listener({ type: 'OrderFilled', clientOrderId: late, fill, ...event });
    venue.listener({ type: 'OrderFilled', clientOrderId: late, fill, ...event });
    manager.drain();
    expect(portfolio.position(other, SWAP.symbol).qty).toBe(1);
    expect(portfolio.position(SID, SWAP.symbol).qty).toBe(0);
    expect(fills).toEqual([{ strategyId: other, reason: 'late fill' }]);
    expect(anomalies).toEqual([]);
  });
});
