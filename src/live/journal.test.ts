import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { clientOrderId, instrumentId, makeClientOrderId, strategyId, tradeId } from '../core/ids.js';
import { applyOrderEvent, createOrder, type Order } from '../core/order.js';
import { silentLogger } from '../logging/index.js';
import { type Database, openDatabase } from '../storage/index.js';
import { Journal } from './journal.js';

const SID = strategyId('s1');
const INST = instrumentId('okx', 'BTC/USDT:USDT');

function submitted(sequence: number): Order {
  const order = createOrder({
    clientOrderId: makeClientOrderId(SID, sequence, 'acct'),
    strategyId: SID,
    instrumentId: INST,
    side: 'buy',
    type: 'limit',
    qty: 1,
    price: 100,
    tsInit: 1_000 + sequence,
  });
  return applyOrderEvent(order, {
    type: 'OrderSubmitted',
    clientOrderId: order.clientOrderId,
    tsEvent: 1,
    tsInit: 1,
  });
}

/** The repositories, with a switch that makes every call fail as if the database had gone away. */
function flaky(db: Database) {
  const state = { down: false };
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, key) {
        const value = Reflect.get(obj, key) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          state.down
            ? Promise.reject(new Error('connection refused'))
            : (value as (...a: unknown[]) => unknown).apply(obj, args);
      },
    });
  return {
    state,
    repositories: { orders: wrap(db.orders), fills: wrap(db.fills), strategyState: wrap(db.strategyState) },
  };
}

describe('Journal', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    testDb = createSqliteTestDatabase();
    db = await openDatabase(testDb.url, { logger: silentLogger() });
    await db.migrate();
  });
  afterEach(async () => {
    await db.close();
    await testDb.dispose();
  });

  it('records the intent durably before the send, then writes updates and fills behind', async () => {
    const journal = new Journal({
      repositories: db,
      account: 'paper:a',
      exchange: 'okx',
      logger: silentLogger(),
      now: () => 5,
    });
    const order = submitted(0);
    await journal.recordIntent(order);
    expect((await db.orders.get(order.clientOrderId))?.status).toBe('Submitted');
    const accepted = applyOrderEvent(order, {
      type: 'OrderAccepted',
      clientOrderId: order.clientOrderId,
      venueOrderId: 'v1' as never,
      tsEvent: 2,
      tsInit: 2,
    });
    journal.orderChanged(accepted);
    journal.fill(SID, {
      tradeId: tradeId('t1'),
      clientOrderId: order.clientOrderId,
      instrumentId: INST,
      side: 'buy',
      qty: 1,
      price: 100,
      fee: 0.05,
      feeCurrency: 'USDT',
      liquidity: 'taker',
      tsEvent: 3,
      tsInit: 3,
    });
    await journal.flush();
    const stored = await db.orders.get(order.clientOrderId);
    expect(stored).toMatchObject({ status: 'Accepted', venueOrderId: 'v1', account: 'paper:a' });
    expect((await journal.openOrders()).map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);
    expect((await journal.fills()).map((f) => f.tradeId)).toEqual(['t1']);
    // A resend of the same intent after a restart is not an error.
    await expect(journal.recordIntent(order)).resolves.toBeUndefined();
  });

  it('continues client order id sequences past what the account used', async () => {
    const journal = new Journal({
      repositories: db,
      account: 'paper:a',
      exchange: 'okx',
      logger: silentLogger(),
      now: () => 5,
    });
    await journal.recordIntent(submitted(0));
    await journal.recordIntent(submitted(7));
    expect(await journal.nextSequence('s1')).toBe(8);
    expect(await journal.nextSequence('other')).toBe(0);
  });

  it('fails closed while the database is down and replays every queued write once it is back', async () => {
    const { state, repositories } = flaky(db);
    const health: boolean[] = [];
    const journal = new Journal({
      repositories,
      account: 'demo:a',
      exchange: 'okx',
      logger: silentLogger(),
      now: () => 5,
      retryDelaysMs: [5, 10],
      onHealth: (healthy) => health.push(healthy),
    });
    const orders = [submitted(0), submitted(1), submitted(2)];
    await journal.recordIntent(orders[0]!);
    state.down = true;
    await expect(journal.recordIntent(orders[1]!)).rejects.toThrow('connection refused');
    journal.orderChanged(orders[2]!);
    for (let k = 0; k < 3; k++)
      journal.fill(SID, {
        tradeId: tradeId(`t${k}`),
        clientOrderId: clientOrderId(orders[0]!.clientOrderId),
        instrumentId: INST,
        side: 'buy',
        qty: 0.1,
        price: 100,
        fee: 0,
        feeCurrency: 'USDT',
        liquidity: 'maker',
        tsEvent: 10 + k,
        tsInit: 10 + k,
      });
    await vi.waitFor(() => expect(health).toEqual([false]));
    await expect(journal.recordIntent(orders[1]!)).rejects.toMatchObject({ code: 'QL_ERR_TRADING_HALTED' });
    state.down = false;
    await vi.waitFor(() => expect(health).toEqual([false, true]));
    expect(journal.backlog).toBe(0);
    expect((await db.fills.list({ account: 'demo:a' })).map((f) => f.tradeId)).toEqual(['t0', 't1', 't2']);
    expect(await db.orders.get(orders[2]!.clientOrderId)).toBeDefined();
    expect(await db.orders.get(orders[1]!.clientOrderId)).toBeUndefined(); // refused: never sent
  });
});

describe('Journal write-behind', () => {
  it('writes the newest version of an order even when it changes while its write is running', async () => {
    const testDb = createSqliteTestDatabase();
    const db = await openDatabase(testDb.url, { logger: silentLogger() });
    await db.migrate();
    let release: (() => void) | undefined;
    const slowOrders = new Proxy(db.orders, {
      get(obj, key) {
        const value = Reflect.get(obj, key) as (...a: unknown[]) => Promise<unknown>;
        if (key !== 'update') return typeof value === 'function' ? value.bind(obj) : value;
        return async (...args: unknown[]) => {
          if (release === undefined) await new Promise<void>((resolve) => (release = resolve));
          return value.apply(obj, args);
        };
      },
    });
    const journal = new Journal({
      repositories: { orders: slowOrders, fills: db.fills, strategyState: db.strategyState },
      account: 'a',
      exchange: 'okx',
      logger: silentLogger(),
      now: () => 1,
    });
    const order = submitted(0);
    await journal.recordIntent(order);
    const accepted = applyOrderEvent(order, {
      type: 'OrderAccepted',
      clientOrderId: order.clientOrderId,
      venueOrderId: 'v1' as never,
      tsEvent: 2,
      tsInit: 2,
    });
    journal.orderChanged(accepted);
    await vi.waitFor(() => expect(release).toBeDefined()); // the first write is under way
    const cancelled = applyOrderEvent(accepted, {
      type: 'OrderCancelled',
      clientOrderId: order.clientOrderId,
      tsEvent: 3,
      tsInit: 3,
    });
    journal.orderChanged(cancelled);
    release!();
    await journal.flush();
    expect((await db.orders.get(order.clientOrderId))?.status).toBe('Cancelled');
    await db.close();
    await testDb.dispose();
  });
});

describe('Journal after close', () => {
  it('refuses writes after close loudly instead of queueing them where nothing will write them', async () => {
    const testDb = createSqliteTestDatabase();
    const db = await openDatabase(testDb.url, { logger: silentLogger() });
    await db.migrate();
    const errors: string[] = [];
    const logger = {
      ...silentLogger(),
      error: (_details: unknown, message: string) => void errors.push(message),
    } as never;
    const journal = new Journal({ repositories: db, account: 'a', exchange: 'okx', logger, now: () => 1 });
    await journal.close();
    journal.orderChanged(submitted(0));
    expect(journal.backlog).toBe(0);
    expect(errors).toEqual(['journal write after close: not recorded']);
    await db.close();
    await testDb.dispose();
  });
});
