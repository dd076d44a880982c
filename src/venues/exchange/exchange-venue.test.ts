import { describe, expect, it, vi } from 'vitest';
import { FakeExchangeClient } from '../../../test/support/fake-exchange-client.js';
import { strategyId } from '../../core/ids.js';
import { createInstrument } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import { SimulatedClock } from '../../engine/clock.js';
import { OrderManager } from '../../engine/order-manager.js';
import { Portfolio } from '../../engine/portfolio.js';
import { RuleRiskGate } from '../../engine/risk-gate.js';
import { ExchangeVenue, type OutboxPort } from './exchange-venue.js';

const SYMBOL = 'BTC/USDT:USDT';
const inst = createInstrument({
  exchange: 'okx',
  symbol: SYMBOL,
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.01,
  minSize: 0.01,
});
const SID = strategyId('s1');

const FAST = {
  queryDelaysMs: [5, 10, 20],
  notFoundGraceMs: 40,
  giveUpMs: 400,
  fillSyncDelayMs: 10,
  maxResends: 1,
};

function rig(options: { outbox?: OutboxPort; policy?: object } = {}) {
  const client = new FakeExchangeClient([inst]);
  const clock = { now: () => Date.now() };
  const portfolio = new Portfolio({ instruments: [inst], currency: 'USDT', capital: 10_000, now: clock.now });
  const intents: string[] = [];
  const halts: string[] = [];
  const external: string[] = [];
  const anomalies: string[] = [];
  let manager: OrderManager | undefined;
  const venue = new ExchangeVenue({
    client,
    instrument: (s) => (s === SYMBOL ? inst : undefined),
    outbox: options.outbox ?? { recordIntent: async (o) => void intents.push(o.clientOrderId) },
    clock,
    notify: () => manager?.drain(),
    policy: { ...FAST, ...options.policy },
    onHalt: (reason) => halts.push(reason),
    onExternalOrder: (r) => external.push(`order ${r.venueOrderId}`),
    onExternalFill: (r) => external.push(`fill ${r.tradeId}`),
  });
  const updates: Order[] = [];
  manager = new OrderManager({
    venue,
    gate: new RuleRiskGate(),
    portfolio,
    clock: new SimulatedClock(0),
    observer: { onAnomaly: (message) => anomalies.push(message) },
  });
  manager.register(SID, { orderUpdated: (o) => updates.push(o), filled: () => {} });
  void client.startStreams([SYMBOL], (event) => venue.onStreamEvent(event));
  const submit = (
    request: { side?: 'buy' | 'sell'; qty?: number; type?: 'market' | 'limit'; price?: number } = {},
  ) => {
    const id = manager!.nextClientOrderId(SID);
    manager!.submit({
      strategyId: SID,
      clientOrderId: id,
      request: {
        symbol: SYMBOL,
        side: request.side ?? 'buy',
        qty: request.qty ?? 1,
        type: request.type ?? 'limit',
        price: request.price ?? 100,
      },
      tsInit: Date.now(),
    });
    return id;
  };
  return { client, venue, manager, portfolio, intents, halts, external, anomalies, updates, submit };
}

const creates = (client: FakeExchangeClient) => client.calls.filter((c) => c.startsWith('create')).length;

describe('ExchangeVenue', () => {
  it('writes the intent before sending, then applies the acknowledgement', async () => {
    const r = rig();
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    expect(r.intents).toEqual([id]);
    expect(r.manager.get(id)?.venueOrderId).toBe('v1');
  });

  it('keeps an accepted-but-timed-out order in flight and settles it by query, never creating twice', async () => {
    const r = rig();
    r.client.createFaults.push({ kind: 'accept-then-timeout' });
    const id = r.submit();
    expect(r.manager.get(id)?.status).toBe('Submitted');
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    expect(creates(r.client)).toBe(1);
    expect(r.client.calls).toContain(`query ${id}`);
  });

  it('waits out "not found right after create", then resends with the same id only past the grace period', async () => {
    const r = rig();
    r.client.createFaults.push({ kind: 'fail', error: 'unknown' }); // never reached the venue
    r.client.notFoundUntil = Date.now() + 20;
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    expect(r.client.calls.filter((c) => c === `create ${id}`)).toHaveLength(2);
    expect(r.client.orders.size).toBe(1);
  });

  it('treats a duplicate client order id as "it exists" and queries it', async () => {
    const r = rig();
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    // A restart resends the same intent: the venue says duplicate, we query and keep one order.
    r.client.createFaults.push({ kind: 'fail', error: 'duplicate-id', code: '51016' });
    const tracked = r.manager.get(id)!;
    r.venue.submit(tracked);
    await vi.waitFor(() =>
      expect(r.client.calls.filter((c) => c === `query ${id}`).length).toBeGreaterThan(0),
    );
    expect(r.client.orders.size).toBe(1);
    expect(r.anomalies).toEqual([]);
  });

  it('rejects definitively without retrying', async () => {
    const r = rig();
    r.client.createFaults.push({ kind: 'fail', error: 'rejected', code: '51008' });
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Rejected'));
    expect(r.manager.get(id)?.reason).toContain('51008');
    expect(creates(r.client)).toBe(1);
  });

  it('retries creates refused by a rate-limit storm or clock skew (not placed), placing the order once', async () => {
    const r = rig();
    r.client.createFaults.push(
      { kind: 'fail', error: 'rate-limited', code: '50011', retryAfterMs: 5 },
      { kind: 'fail', error: 'rate-limited', code: '50011', retryAfterMs: 5 },
      { kind: 'fail', error: 'clock-skew', code: '50102', retryAfterMs: 5 },
    );
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    expect(creates(r.client)).toBe(4);
    expect(r.client.orders.size).toBe(1);
    expect(r.client.clockOffsetMeasurements).toBe(1);
  });

  it('applies a fill that arrives before the acknowledgement exactly once', async () => {
    const r = rig();
    r.client.createFaults.push({ kind: 'fill-before-ack', price: 100 });
    const id = r.submit({ qty: 2 });
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Filled'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(r.portfolio.position(SID, SYMBOL).qty).toBe(2);
    expect(r.manager.get(id)?.filledQty).toBe(2);
    expect(r.anomalies).toEqual([]);
  });

  it('de-duplicates replayed fills by trade id', async () => {
    const r = rig();
    const id = r.submit({ qty: 3 });
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    const fill = r.client.fill(id, 1, 100);
    r.client.push({ kind: 'fill', report: fill });
    r.client.push({ kind: 'fill', report: fill });
    await r.venue.syncOrder(id);
    expect(r.manager.get(id)?.filledQty).toBe(1);
    expect(r.portfolio.position(SID, SYMBOL).qty).toBe(1);
  });

  it('ends a cancel that raced a fill with the filled quantity, even when the stream missed the fill', async () => {
    const r = rig();
    const id = r.submit({ qty: 2 });
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    r.client.fill(id, 2, 101, { push: false }); // filled at the venue; the stream is silent
    r.manager.cancel(SID, id);
    expect(r.manager.get(id)?.status).toBe('PendingCancel');
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Filled'));
    expect(r.manager.get(id)?.filledQty).toBe(2);
    expect(r.portfolio.position(SID, SYMBOL).qty).toBe(2);
    expect(r.anomalies).toEqual([]);
  });

  it('waits for missing fills before a terminal cancel (partial fill, then cancelled)', async () => {
    const r = rig();
    const id = r.submit({ qty: 2 });
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    r.client.fill(id, 0.5, 100, { push: false });
    r.manager.cancel(SID, id);
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Cancelled'));
    expect(r.manager.get(id)?.filledQty).toBe(0.5);
    expect(r.portfolio.position(SID, SYMBOL).qty).toBe(0.5);
  });

  it('fails closed when the outbox cannot record the intent: nothing is sent (the journal halts trading)', async () => {
    const r = rig({ outbox: { recordIntent: async () => Promise.reject(new Error('database is locked')) } });
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Rejected'));
    expect(r.manager.get(id)?.reason).toMatch(/^storage-unavailable/);
    expect(creates(r.client)).toBe(0);
    expect(r.halts).toEqual([]); // halting is the journal's call (it knows when writes work again)
  });

  it('gives up on an order the venue never knew, and keeps a late fill of it as external', async () => {
    const r = rig({ policy: { maxResends: 0, giveUpMs: 60 } });
    r.client.createFaults.push({ kind: 'fail', error: 'unknown' });
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Rejected'));
    expect(r.manager.get(id)?.reason).toMatch(/^not-placed/);
    r.client.push({
      kind: 'fill',
      report: {
        tradeId: 'late',
        venueOrderId: 'vx',
        clientOrderId: id,
        symbol: SYMBOL,
        side: 'buy',
        qty: 1,
        price: 100,
        fee: 0,
        feeCurrency: 'USDT',
        liquidity: 'taker',
        tsEvent: Date.now(),
      },
    });
    expect(r.external).toEqual(['fill late']);
    expect(r.anomalies).toEqual([]);
  });

  it('reports orders it never placed as external', async () => {
    const r = rig();
    r.client.push({
      kind: 'order',
      report: {
        venueOrderId: 'manual1',
        symbol: SYMBOL,
        side: 'sell',
        type: 'limit',
        reduceOnly: false,
        qty: 1,
        price: 120,
        status: 'open',
        filledQty: 0,
        avgFillPrice: 0,
        tsEvent: Date.now(),
      },
    });
    expect(r.external).toEqual(['order manual1']);
  });

  it('halts on refused credentials', async () => {
    const r = rig();
    r.client.createFaults.push({ kind: 'fail', error: 'auth', code: '50101' });
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Rejected'));
    expect(r.halts[0]).toContain('credentials');
  });

  it('records latency from decision to send, acknowledgement and fill', async () => {
    const r = rig();
    const id = r.submit({ qty: 1 });
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    r.client.fill(id, 1, 100);
    const summary = r.venue.latency.summary();
    expect(summary.decisionToSend.count).toBe(1);
    expect(summary.sendToAck.count).toBe(1);
    expect(summary.sendToFill.count).toBe(1);
  });
});

describe('ExchangeVenue after a restart', () => {
  it('a crash between the outbox write and the send: a fresh intent is sent with its id, a stale one is dropped', async () => {
    const r = rig({ policy: { notFoundGraceMs: 0, maxResendAgeMs: 10_000 } });
    const template = r.manager.get(r.submit())!;
    await vi.waitFor(() => expect(r.client.orders.size).toBe(1));
    // Two intents the previous process recorded but never sent (status Submitted, no venue id).
    const fresh = r.manager.nextClientOrderId(SID);
    const stale = r.manager.nextClientOrderId(SID);
    const freshOrder = { ...template, clientOrderId: fresh, tsInit: Date.now() };
    const staleOrder = { ...template, clientOrderId: stale, tsInit: Date.now() - 60_000 };
    for (const order of [freshOrder, staleOrder]) {
      r.manager.restore({ ...order, status: 'Submitted', venueOrderId: undefined } as never);
      r.venue.restore({ ...order, status: 'Submitted', venueOrderId: undefined } as never, [], false);
    }
    await vi.waitFor(() => expect(r.manager.get(fresh)?.status).toBe('Accepted'));
    await vi.waitFor(() => expect(r.manager.get(stale)?.status).toBe('Rejected'));
    expect(r.manager.get(stale)?.reason).toMatch(/too old/);
    expect(r.client.calls.filter((c) => c === `create ${stale}`)).toEqual([]);
    expect(r.client.calls.filter((c) => c === `create ${fresh}`)).toHaveLength(1);
  });
});

describe('ExchangeVenue: cancels, amends and shutdown', () => {
  it('a cancel asked while the create is unanswered is sent once the order turns out to exist', async () => {
    const r = rig();
    r.client.createFaults.push({ kind: 'accept-then-timeout' });
    const id = r.submit();
    r.manager.cancel(SID, id);
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Cancelled'));
    expect(r.client.calls).toContain(`cancel ${id}`);
    expect(r.client.orders.get(id)?.status).toBe('cancelled');
  });

  it('fills up to an amended (larger) quantity are the order’s own, not external', async () => {
    const r = rig();
    const id = r.submit({ qty: 1 });
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    r.manager.amend(SID, id, { qty: 2 });
    await vi.waitFor(() => expect(r.manager.get(id)?.qty).toBe(2));
    r.client.fill(id, 1, 100);
    r.client.fill(id, 1, 100);
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Filled'));
    expect(r.external).toEqual([]);
    expect(r.portfolio.position(SID, SYMBOL).qty).toBe(2);
  });

  it('a cancel that keeps failing for transient reasons gives the order back as working', async () => {
    const r = rig();
    const id = r.submit();
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'));
    r.client.cancelFault = 'unavailable';
    r.manager.cancel(SID, id);
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('Accepted'), { timeout: 8_000 });
    expect(r.client.calls.filter((c) => c === `cancel ${id}`).length).toBe(5);
  });

  it('close() does not wait out a rate-limit pause', async () => {
    const r = rig();
    r.client.createFaults.push({ kind: 'fail', error: 'rate-limited', retryAfterMs: 60_000 });
    r.submit();
    await vi.waitFor(() => expect(r.client.calls).toHaveLength(1));
    const started = Date.now();
    await r.venue.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('ExchangeVenue: memory', () => {
  it('forgets orders that ended long enough ago, keeps working ones', async () => {
    const r = rig();
    const done = r.submit({ qty: 1 });
    const working = r.submit({ qty: 1, price: 90 });
    await vi.waitFor(() => expect(r.manager.get(working)?.status).toBe('Accepted'));
    r.client.fill(done, 1, 100);
    await vi.waitFor(() => expect(r.manager.get(done)?.status).toBe('Filled'));
    expect(r.venue.prune(60_000)).toBe(0); // too recent
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.venue.prune(10)).toBe(1);
    expect(r.venue.isTracked(done)).toBe(false);
    expect(r.venue.isTracked(working)).toBe(true);
  });
});
