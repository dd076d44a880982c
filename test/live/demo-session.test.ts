/**
 * Execution against the OKX-protocol simulator through the real ccxt client: every fault the Execution
 * issue lists, each ending with the same check — what the simulator holds and what we believe agree, and
 * nothing was lost or doubled (every venue execution of our orders applied exactly once, each order placed
 * at most once).
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeClientOrderId } from '../../src/core/ids.js';
import { applyOrderEvent, createOrder, type Order } from '../../src/core/order.js';
import type { TradingSession } from '../../src/live/session.js';
import { silentLogger } from '../../src/logging/index.js';
import { createExchange } from '../../src/marketdata/exchanges.js';
import { accountKeyOf } from '../../src/venues/ccxt/index.js';
import { CREDS, type DemoRig, MANUAL, SYMBOL, startDemoRig } from '../support/okx-demo-rig.js';

const INST_ID = 'BTC-USDT-SWAP';
const candle = (open: number, high: number, low: number, close: number) => ({
  open,
  high,
  low,
  close,
  volume: 10,
});

let rig: DemoRig;
beforeEach(async () => {
  rig = await startDemoRig();
});
afterEach(async () => {
  await rig.close();
});

/** The simulator's executions of one of our client order ids. */
const simFills = (clOrdId: string) => rig.sim.engine.store.fills().filter((f) => f.clOrdId === clOrdId);

/** Nothing lost, nothing doubled: our fills are exactly the venue's, once each; positions agree. */
async function expectConsistent(session: TradingSession, ids: readonly string[]) {
  const kernel = session.kernelForTests!;
  for (const id of ids) {
    const ours = kernel.orders.get(id);
    const venue = simFills(id);
    expect(ours?.tradeIds.slice().sort(), `fills of ${id}`).toEqual(venue.map((f) => f.tradeId).sort());
    expect(ours?.filledQty ?? 0).toBeCloseTo(
      venue.reduce((sum, f) => sum + f.sz, 0),
      9,
    );
  }
  const venueQty = rig.sim.engine.account
    .positions()
    .reduce((sum, p) => sum + Number((p as { pos?: number }).pos ?? 0), 0);
  expect(kernel.portfolio.accountPosition(0).qty).toBeCloseTo(venueQty, 9);
  expect(kernel.portfolio.invariantProblems()).toEqual([]);
}

async function rawCcxt() {
  const exchange = await createExchange('okx', {
    baseUrl: rig.sim.restUrl,
    sandbox: true,
    credentials: { apiKey: CREDS.apiKey, secret: CREDS.secret, password: CREDS.passphrase },
  });
  await exchange.loadMarkets();
  return exchange;
}

describe('demo session against the OKX simulator', () => {
  it('an order accepted but whose reply timed out is settled by query, placed once', async () => {
    const session = await rig.session();
    rig.sim.inject({ kind: 'timeoutAfterAccept', mode: 'withhold', delayMs: 3_000, count: 1 });
    const id = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Filled'), { timeout: 8_000 });
    expect(simFills(id)).toHaveLength(1);
    await expectConsistent(session, [id]);
    // Latency per stage is kept for the venue (decision → send, → acknowledgement, → first fill).
    expect(session.status().latency?.decisionToSend.count).toBe(1);
  });

  it('a crash between the outbox write and the send: the fresh intent is sent once, a stale one never', async () => {
    const account = accountKeyOf('okx', 'demo', CREDS.apiKey);
    const intent = (sequence: number, tsInit: number): Order => {
      const order = createOrder({
        clientOrderId: makeClientOrderId(MANUAL, sequence, account),
        strategyId: MANUAL,
        instrumentId: `okx:${SYMBOL}` as never,
        side: 'buy',
        type: 'market',
        qty: 1,
        tsInit,
      });
      return applyOrderEvent(order, {
        type: 'OrderSubmitted',
        clientOrderId: order.clientOrderId,
        tsEvent: tsInit,
        tsInit,
      });
    };
    const fresh = intent(900, Date.now());
    const stale = intent(901, Date.now() - 120_000);
    for (const order of [fresh, stale]) {
      await rig.database.orders.insert({
        clientOrderId: order.clientOrderId,
        venueOrderId: null,
        strategyId: MANUAL,
        exchange: 'okx',
        symbol: SYMBOL,
        side: 'buy',
        type: 'market',
        timeInForce: 'GTC',
        qty: 1,
        price: null,
        stopPrice: null,
        reduceOnly: false,
        status: 'Submitted',
        filledQty: 0,
        avgFillPrice: null,
        fees: 0,
        feeCurrency: null,
        external: false,
        createdAt: order.tsInit,
        updatedAt: order.tsInit,
        raw: order,
        account,
      });
    }
    const session = await rig.session();
    await vi.waitFor(() => expect(rig.order(session, fresh.clientOrderId)?.status).toBe('Filled'), {
      timeout: 8_000,
    });
    await vi.waitFor(() => expect(rig.order(session, stale.clientOrderId)?.status).toBe('Rejected'), {
      timeout: 8_000,
    });
    expect(simFills(fresh.clientOrderId)).toHaveLength(1);
    expect(simFills(stale.clientOrderId)).toHaveLength(0);
    await expectConsistent(session, [fresh.clientOrderId, stale.clientOrderId]);
  });

  it('fills and cancels that happened while we were down are applied at the next start', async () => {
    const first = await rig.session({ cancelOnStop: false });
    const a = rig.submit(first, { side: 'buy', qty: 1, type: 'limit', price: 55_000 });
    const b = rig.submit(first, { side: 'buy', qty: 2, type: 'limit', price: 54_000 });
    await vi.waitFor(() =>
      expect([rig.order(first, a)?.status, rig.order(first, b)?.status]).toEqual(['Accepted', 'Accepted']),
    );
    await first.stop('going down');
    const exchange = await rawCcxt();
    await exchange.cancelOrder(undefined as never, SYMBOL, { clOrdId: b });
    rig.sim.playCandle(INST_ID, candle(60_000, 60_000, 54_500, 56_000));
    expect(simFills(a)).toHaveLength(1);
    await exchange.close();

    const second = await rig.session();
    expect(rig.order(second, a)?.status).toBe('Filled');
    expect(rig.order(second, b)?.status).toBe('Cancelled');
    await expectConsistent(second, [a, b]);
  });

  it('a crash after the order row was written but before its fill row: the restart fetches the fill once', async () => {
    const first = await rig.session({ cancelOnStop: false });
    const id = rig.submit(first, { side: 'buy', qty: 2 });
    await vi.waitFor(() => expect(rig.order(first, id)?.status).toBe('Filled'));
    // A second order that is still working, so the filled one is not the only thing restored.
    const resting = rig.submit(first, { side: 'buy', qty: 1, type: 'limit', price: 50_000 });
    await vi.waitFor(() => expect(rig.order(first, resting)?.status).toBe('Accepted'));
    await first.stop('crash');
    // Lose the fill row, and make the order row look as if it was mid-fill when the process died.
    const stored = (await rig.database.orders.get(id))!;
    await rig.database.db.deleteFrom('fills').where('client_order_id', '=', id).execute();
    await rig.database.orders.update(id, {
      status: 'PartiallyFilled',
      raw: { ...(stored.raw as object), status: 'PartiallyFilled', leavesQty: 0.5 },
      updatedAt: Date.now(),
    });
    const second = await rig.session();
    await vi.waitFor(() => expect(rig.order(second, id)?.status).toBe('Filled'));
    await vi.waitFor(async () =>
      expect(
        (await rig.database.fills.list({ account: second.account })).map((f) => f.clientOrderId),
      ).toEqual([id]),
    );
    await expectConsistent(second, [id, resting]);
  });

  it('replayed, duplicated and out-of-order pushes are applied once', async () => {
    const session = await rig.session();
    rig.sim.inject({ kind: 'duplicateOrderPushes', count: 20 });
    rig.sim.inject({ kind: 'reorderOrderPushes', count: 4 });
    const ids = [
      rig.submit(session, { side: 'buy', qty: 1 }),
      rig.submit(session, { side: 'sell', qty: 2 }),
      rig.submit(session, { side: 'buy', qty: 3 }),
    ];
    await vi.waitFor(
      () => expect(ids.map((id) => rig.order(session, id)?.status)).toEqual(['Filled', 'Filled', 'Filled']),
      { timeout: 8_000 },
    );
    await session.reconcileNow();
    await expectConsistent(session, ids);
  });

  it('adopts an order and a position opened outside Quant Lab as external, and reports the drift', async () => {
    const exchange = await rawCcxt();
    await exchange.createOrder(SYMBOL, 'limit', 'sell', 2, 70_000, { clientOrderId: 'byhand1' });
    await exchange.createOrder(SYMBOL, 'market', 'buy', 3, undefined, { clientOrderId: 'byhand2' });
    await exchange.close();
    const session = await rig.session();
    const external = session.kernelForTests!.orders.openOrders('external' as never);
    expect(external.map((o) => [o.side, o.qty, o.price])).toEqual([['sell', 2, 70_000]]);
    expect(session.status().lastReconcile?.drift).toEqual([{ symbol: SYMBOL, ours: 0, venue: 3 }]);
    expect(session.kernelForTests!.portfolio.position('external' as never, SYMBOL).qty).toBe(3);
    await expectConsistent(session, []);
  });

  it('a fill pushed before the acknowledgement is applied once', async () => {
    const session = await rig.session();
    rig.sim.inject({ kind: 'fillBeforeAck', count: 1, delayMs: 200 });
    const id = rig.submit(session, { side: 'sell', qty: 2 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Filled'), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expectConsistent(session, [id]);
  });

  it('a cancel racing a fill ends with the venue’s filled quantity', async () => {
    const session = await rig.session();
    const id = rig.submit(session, { side: 'buy', qty: 1, type: 'limit', price: 59_900 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Accepted'));
    session.kernelForTests!.orders.cancel(MANUAL, id);
    rig.sim.playCandle(INST_ID, candle(60_000, 60_000, 59_800, 59_850)); // fills while the cancel is on its way
    await vi.waitFor(() => expect(['Filled', 'Cancelled']).toContain(rig.order(session, id)?.status), {
      timeout: 5_000,
    });
    await vi.waitFor(async () => {
      await session.reconcileNow();
      await expectConsistent(session, [id]);
    });
  });

  it('"not found" right after a create whose reply was lost, then found: one order, no blind resend', async () => {
    const session = await rig.session();
    rig.sim.inject({ kind: 'notFoundAfterCreate', ms: 1_000 });
    rig.sim.inject({ kind: 'timeoutAfterAccept', mode: 'destroy', count: 1 });
    const id = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Filled'), { timeout: 8_000 });
    expect(simFills(id)).toHaveLength(1);
    await expectConsistent(session, [id]);
  });

  it('a resend answered "duplicated clOrdId" (51016) is queried, never placed twice', async () => {
    const session = await rig.session();
    // The reply is lost and the venue keeps saying "not found" past our grace period, so we send again
    // with the same id: the venue has it and says so; we query until it shows.
    rig.sim.inject({ kind: 'notFoundAfterCreate', ms: 1_500 });
    rig.sim.inject({ kind: 'timeoutAfterAccept', mode: 'destroy', count: 1 });
    const id = rig.submit(session, { side: 'buy', qty: 1, type: 'limit', price: 55_000 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Accepted'), { timeout: 8_000 });
    const atVenue = rig.sim.engine.store.liveOrders().filter((o) => o.clOrdId === id);
    expect(atVenue).toHaveLength(1);
    await expectConsistent(session, [id]);
  });

  it('a definitive reject is not retried', async () => {
    const session = await rig.session();
    rig.sim.inject({
      kind: 'rejectNextOrder',
      sCode: '51008',
      sMsg: 'Order failed. Insufficient USDT margin in account',
      count: 1,
    });
    const id = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Rejected'));
    expect(rig.order(session, id)?.reason).toContain('51008');
    expect(simFills(id)).toHaveLength(0);
    const next = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() =>
      expect(rig.order(session, next)?.status, rig.order(session, next)?.reason).toBe('Filled'),
    );
  });

  it('a rate-limit storm (429 / 50011) delays orders, places each once', async () => {
    const session = await rig.session();
    rig.sim.inject({ kind: 'rateLimit', count: 4 });
    const ids = [rig.submit(session, { side: 'buy', qty: 1 }), rig.submit(session, { side: 'buy', qty: 1 })];
    await vi.waitFor(
      () => expect(ids.map((id) => rig.order(session, id)?.status)).toEqual(['Filled', 'Filled']),
      { timeout: 10_000 },
    );
    await expectConsistent(session, ids);
  });

  it('clock skew (50102) is measured and the order goes through', async () => {
    const session = await rig.session();
    rig.sim.inject({ kind: 'clockSkew', ms: 45_000 });
    const id = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Filled'), { timeout: 8_000 });
    await expectConsistent(session, [id]);
  });

  it('a silent private stream, then a dropped one: the reconnect reconciles what was missed', async () => {
    const session = await rig.session();
    // Let the stream come up and the reconciliation that follows it pass.
    await vi.waitFor(() => expect(session.status().health['private-stream']?.state).toBe('ok'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const id = rig.submit(session, { side: 'buy', qty: 1, type: 'limit', price: 59_000 });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Accepted'));
    rig.sim.inject({ kind: 'silence', on: true });
    rig.sim.playCandle(INST_ID, candle(60_000, 60_000, 58_500, 59_500));
    expect(simFills(id)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rig.order(session, id)?.status).toBe('Accepted'); // the stream said nothing
    rig.sim.inject({ kind: 'silence', on: false });
    rig.sim.inject({ kind: 'dropWebSockets', privateOnly: true });
    await vi.waitFor(() => expect(rig.order(session, id)?.status).toBe('Filled'), { timeout: 8_000 });
    await expectConsistent(session, [id]);
  });

  it('the database failing mid-run: orders are refused (fail closed), then flow again once it is back', async () => {
    let down = false;
    const failing = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(obj, key) {
          const value = Reflect.get(obj, key) as unknown;
          return typeof value === 'function'
            ? (...args: unknown[]) =>
                down
                  ? Promise.reject(new Error('database unavailable'))
                  : (value as (...a: unknown[]) => unknown).apply(obj, args)
            : value;
        },
      });
    const database = new Proxy(rig.database, {
      get(obj, key) {
        const value = Reflect.get(obj, key) as object;
        return key === 'orders' || key === 'fills' ? failing(value) : value;
      },
    });
    const session = await rig.session({ database });
    const before = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(session, before)?.status).toBe('Filled'));
    down = true;
    // The write-behind of the first order's fill fails first and halts trading (Denied); an order that
    // got past the gate meets the outbox, which cannot record it (Rejected). Either way: never sent.
    const refused = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(['Rejected', 'Denied']).toContain(rig.order(session, refused)?.status));
    expect(rig.order(session, refused)?.reason).toMatch(/^(storage-unavailable|trading-halted)/);
    const halted = rig.submit(session, { side: 'buy', qty: 1 });
    expect(rig.order(session, halted)?.status).toBe('Denied');
    expect(simFills(refused)).toHaveLength(0);
    down = false;
    await vi.waitFor(() => expect(session.status().halted).toEqual({}), { timeout: 8_000 });
    const after = rig.submit(session, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(session, after)?.status).toBe('Filled'));
    await vi.waitFor(async () =>
      expect((await rig.database.fills.list({ account: session.account })).length).toBe(2),
    );
  });

  it('two processes on one account: the second refuses to trade', async () => {
    await rig.session();
    await expect(rig.session()).rejects.toMatchObject({ code: 'QL_ERR_ACCOUNT_LEASE_HELD' });
  });

  it('demo keys against live URLs are refused with OKX 50101 and nothing is traded', async () => {
    await rig.close();
    rig = await startDemoRig({ environment: 'live' });
    await expect(rig.session()).rejects.toMatchObject({ code: 'QL_ERR_VENUE_AUTH' });
    expect(rig.sim.engine.store.fills()).toHaveLength(0);
  });
});

void silentLogger;

describe('reconciliation passes', () => {
  it('run one at a time: concurrent requests share a pass and adopt a drift once', async () => {
    const exchange = await rawCcxt();
    const session = await rig.session();
    await exchange.createOrder(SYMBOL, 'market', 'buy', 2, undefined, { clientOrderId: 'byhand3' });
    await exchange.close();
    const [a, b] = await Promise.all([session.reconcileNow(), session.reconcileNow()]);
    expect(a).toBe(b);
    expect(session.kernelForTests!.portfolio.position('external' as never, SYMBOL).qty).toBe(2);
    expect((await session.reconcileNow())?.drift).toEqual([]);
  });
});

describe('kill switch', () => {
  it('blocks new orders at once, cancels every working order, flattens, survives a restart, and lifts only explicitly', async () => {
    const { KillSwitch } = await import('../../src/risk/kill-switch.js');
    const session = await rig.session({ killSwitchPollMs: 60_000 });
    const filled = rig.submit(session, { side: 'buy', qty: 3 });
    const resting = [50_000, 51_000, 52_000].map((price) =>
      rig.submit(session, { side: 'buy', qty: 1, type: 'limit', price }),
    );
    await vi.waitFor(() => expect(rig.order(session, filled)?.status).toBe('Filled'));
    await vi.waitFor(() =>
      expect(resting.map((id) => rig.order(session, id)?.status)).toEqual([
        'Accepted',
        'Accepted',
        'Accepted',
      ]),
    );
    // A position of the strategy itself, so that flattening has something to close.
    session.kernelForTests!.orders.register(
      MANUAL,
      { orderUpdated() {}, filled() {} },
      session.account,
      5_000,
    );
    const kill = new KillSwitch(rig.database);
    await kill.engage('test', 'drill', { flatten: true });
    await session.obeyKillSwitch();
    // Orders arriving while it trips are all denied.
    const late = [
      rig.submit(session, { side: 'buy', qty: 1 }),
      rig.submit(session, { side: 'sell', qty: 1, type: 'limit', price: 70_000 }),
    ];
    expect(late.map((id) => rig.order(session, id)?.status)).toEqual(['Denied', 'Denied']);
    expect(rig.order(session, late[0]!)?.reason).toMatch(/^trading-halted: kill-switch/);
    // Nothing is left open at the venue.
    await vi.waitFor(() => expect(rig.sim.engine.store.liveOrders()).toEqual([]));
    expect(resting.map((id) => rig.order(session, id)?.status)).toEqual([
      'Cancelled',
      'Cancelled',
      'Cancelled',
    ]);
    await session.stop('restart');

    // Stored: the next session starts halted.
    const next = await rig.session({ killSwitchPollMs: 60_000 });
    expect(next.status().halted).toHaveProperty('kill-switch');
    const refused = rig.submit(next, { side: 'buy', qty: 1 });
    expect(rig.order(next, refused)?.status).toBe('Denied');
    await kill.lift('test', 'drill over');
    await next.obeyKillSwitch();
    expect(next.status().halted).toEqual({});
    const after = rig.submit(next, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(next, after)?.status).toBe('Filled'));
    const audit = await rig.database.tradeLogs.query({});
    expect(audit.map((e) => e.action).filter((a) => a !== 'risk.denied')).toEqual([
      'risk.kill',
      'risk.resume',
    ]);
  });
});
