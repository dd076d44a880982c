import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../core/order-state.js';
import type { FillRecord } from '../repositories/fills.js';
import { type GetDatabase, makeOrder, T0, uid } from './fixtures.js';

function makeFill(exchange: string, tradeId: string, changes: Partial<FillRecord> = {}): FillRecord {
  return {
    exchange,
    tradeId,
    clientOrderId: null,
    venueOrderId: 'v-1',
    strategyId: 'strat-1',
    symbol: 'BTC/USDT:USDT',
    side: 'buy',
    qty: 0.25,
    price: 42_000,
    fee: 0.42,
    feeCurrency: 'USDT',
    liquidity: 'taker',
    ts: T0,
    raw: { tradeId, fillPx: '42000' },
    account: null,
    ...changes,
  };
}

export function defineTradingTests(get: GetDatabase): void {
  describe('account leases', () => {
    it('one owner at a time: renewals keep it, an expired lease passes on, release frees it', async () => {
      const db = get();
      const key = uid('okx:demo');
      expect((await db.accountLeases.acquire(key, 'a', T0, 1000)).owner).toBe('a');
      const held = await db.accountLeases.acquire(key, 'b', T0 + 500, 1000);
      expect(held).toEqual({ accountKey: key, owner: 'a', acquiredAt: T0, expiresAt: T0 + 1000 });
      expect(await db.accountLeases.acquire(key, 'a', T0 + 900, 1000)).toMatchObject({
        owner: 'a',
        acquiredAt: T0,
        expiresAt: T0 + 1900,
      });
      expect((await db.accountLeases.acquire(key, 'b', T0 + 1901, 1000)).owner).toBe('b');
      await db.accountLeases.release(key, 'a'); // not ours any more: no effect
      expect((await db.accountLeases.get(key))?.owner).toBe('b');
      await db.accountLeases.release(key, 'b');
      expect(await db.accountLeases.get(key)).toBeUndefined();
    });

    it('two processes racing for a free account: exactly one wins', async () => {
      const db = get();
      const key = uid('okx:demo');
      const results = await Promise.all(
        ['p1', 'p2', 'p3', 'p4'].map((owner) => db.accountLeases.acquire(key, owner, T0, 10_000)),
      );
      const owners = new Set(results.map((lease) => lease.owner));
      expect(owners.size).toBe(1);
    });
  });

  describe('strategy state', () => {
    it('puts, replaces and reads a strategy state', async () => {
      const db = get();
      const id = uid('strat');
      expect(await db.strategyState.get(id)).toBeUndefined();
      await db.strategyState.put(id, { grid: [1, 2], armed: true }, T0);
      await db.strategyState.put(id, { grid: [3], armed: false }, T0 + 1);
      expect(await db.strategyState.get(id)).toEqual({ grid: [3], armed: false });
    });
  });

  describe('orders and fills per account', () => {
    it('filters open orders and fills by account', async () => {
      const db = get();
      const paper = uid('paper');
      const demo = uid('demo');
      const a = makeOrder(uid('co'), { account: paper });
      const b = makeOrder(uid('co'), { account: demo });
      await db.orders.insert(a);
      await db.orders.insert(b);
      expect((await db.orders.listOpen({ account: paper })).map((o) => o.clientOrderId)).toEqual([
        a.clientOrderId,
      ]);
      expect((await db.orders.get(b.clientOrderId))?.account).toBe(demo);
      await db.fills.insertIfAbsent(makeFill('okx', uid('t'), { account: paper }));
      await db.fills.insertIfAbsent(makeFill('okx', uid('t'), { account: demo }));
      expect((await db.fills.list({ account: demo })).map((f) => f.account)).toEqual([demo]);
    });
  });

  describe('orders', () => {
    it('inserts and reads back every field', async () => {
      const db = get();
      const order = makeOrder(uid('co'), {
        reduceOnly: true,
        external: true,
        raw: { ordType: 'limit', px: '42000.5' },
      });
      await db.orders.insert(order);
      expect(await db.orders.get(order.clientOrderId)).toEqual(order);
      expect(await db.orders.get('no-such-order')).toBeUndefined();
    });

    it('a duplicate client order id is QL_ERR_CONFLICT', async () => {
      const db = get();
      const order = makeOrder(uid('co'));
      await db.orders.insert(order);
      await expect(db.orders.insert({ ...order, qty: 9 })).rejects.toMatchObject({ code: 'QL_ERR_CONFLICT' });
      expect((await db.orders.get(order.clientOrderId))?.qty).toBe(order.qty);
    });

    it('updates status and fill fields; finds by venue order id; unknown id is QL_ERR_NOT_FOUND', async () => {
      const db = get();
      const order = makeOrder(uid('co'));
      await db.orders.insert(order);
      const venueOrderId = uid('venue');
      const updated = await db.orders.update(order.clientOrderId, {
        venueOrderId,
        status: 'PartiallyFilled',
        filledQty: 0.2,
        avgFillPrice: 41_999.5,
        fees: 0.1,
        feeCurrency: 'USDT',
        updatedAt: T0 + 5,
      });
      expect(updated).toEqual({
        ...order,
        venueOrderId,
        status: 'PartiallyFilled',
        filledQty: 0.2,
        avgFillPrice: 41_999.5,
        fees: 0.1,
        feeCurrency: 'USDT',
        updatedAt: T0 + 5,
      });
      expect(await db.orders.getByVenueOrderId('okx', venueOrderId)).toEqual(updated);
      await expect(db.orders.update('missing', { status: 'Filled', updatedAt: T0 })).rejects.toMatchObject({
        code: 'QL_ERR_NOT_FOUND',
      });
    });

    it('lists open orders (non-terminal) and filters', async () => {
      const db = get();
      const strategyId = uid('strat');
      const statuses: OrderStatus[] = [
        'Submitted',
        'Accepted',
        'Filled',
        'Cancelled',
        'Rejected',
        'PartiallyFilled',
        'PendingCancel',
      ];
      for (const [i, status] of statuses.entries()) {
        await db.orders.insert(makeOrder(`${strategyId}-${i}`, { strategyId, status, createdAt: T0 + i }));
      }
      const open = await db.orders.listOpen({ strategyId });
      expect(open.map((o) => o.status)).toEqual([
        'Submitted',
        'Accepted',
        'PartiallyFilled',
        'PendingCancel',
      ]);
      expect(await db.orders.list({ strategyId })).toHaveLength(statuses.length);
      expect((await db.orders.list({ strategyId, status: 'Filled' })).map((o) => o.clientOrderId)).toEqual([
        `${strategyId}-2`,
      ]);
      expect(await db.orders.list({ strategyId, from: T0 + 2, to: T0 + 3, limit: 10 })).toHaveLength(2);
    });
  });

  describe('fills', () => {
    it('insertIfAbsent de-duplicates by (exchange, trade id)', async () => {
      const db = get();
      const exchange = uid('ex');
      const clientOrderId = uid('co');
      const fill = makeFill(exchange, 't-1', { clientOrderId });
      expect(await db.fills.insertIfAbsent(fill)).toBe(true);
      expect(await db.fills.insertIfAbsent({ ...fill, qty: 99 })).toBe(false);
      expect(await db.fills.get(exchange, 't-1')).toEqual(fill);
      // the same trade id on another exchange is another fill
      expect(await db.fills.insertIfAbsent({ ...fill, exchange: `${exchange}-b` })).toBe(true);
      expect(
        await db.fills.insertIfAbsent(makeFill(exchange, 't-2', { clientOrderId, ts: T0 + 10, raw: null })),
      ).toBe(true);
      expect((await db.fills.listByOrder(clientOrderId)).map((f) => [f.exchange, f.tradeId])).toEqual([
        [exchange, 't-1'],
        [`${exchange}-b`, 't-1'],
        [exchange, 't-2'],
      ]);
      expect((await db.fills.list({ exchange, from: T0 + 1 })).map((f) => f.tradeId)).toEqual(['t-2']);
      await expect(
        db.db
          .insertInto('fills')
          .values({
            exchange,
            trade_id: 't-1',
            symbol: 'X',
            side: 'buy',
            qty: 1,
            price: 1,
            fee: 0,
            ts: T0,
          })
          .execute(),
      ).rejects.toThrow();
    });
  });

  describe('positions', () => {
    it('upserts per (exchange, symbol, strategy) and lists open ones', async () => {
      const db = get();
      const exchange = uid('ex');
      const base = {
        exchange,
        symbol: 'ETH/USDT:USDT',
        strategyId: '',
        qty: -2,
        avgPrice: 2_500,
        realisedPnl: 0,
        leverage: 3,
        marginMode: 'cross',
        updatedAt: T0,
      };
      await db.positions.upsert(base);
      await db.positions.upsert({ ...base, strategyId: 's1', qty: 0, leverage: null, marginMode: null });
      await db.positions.upsert({ ...base, qty: -1, realisedPnl: 12.5, updatedAt: T0 + 1 });
      expect(await db.positions.get(exchange, 'ETH/USDT:USDT')).toEqual({
        ...base,
        qty: -1,
        realisedPnl: 12.5,
        updatedAt: T0 + 1,
      });
      expect((await db.positions.get(exchange, 'ETH/USDT:USDT', 's1'))?.leverage).toBeNull();
      expect(await db.positions.list({ exchange })).toHaveLength(2);
      expect((await db.positions.list({ exchange, openOnly: true })).map((p) => p.strategyId)).toEqual(['']);
    });
  });

  describe('equity snapshots', () => {
    it('records, replaces at the same ts, ranges and returns the latest', async () => {
      const db = get();
      const scopeId = uid('acct');
      const snap = {
        scope: 'account' as const,
        scopeId,
        ts: T0,
        equity: 10_000,
        cash: 9_000,
        unrealisedPnl: 1_000,
        risk: null,
      };
      await db.equitySnapshots.record(snap);
      await db.equitySnapshots.record({ ...snap, ts: T0 + 60_000, risk: { var95: 120.5, es95: 180.25 } });
      await db.equitySnapshots.record({ ...snap, equity: 10_001 });
      expect(await db.equitySnapshots.range('account', scopeId)).toEqual([
        { ...snap, equity: 10_001 },
        { ...snap, ts: T0 + 60_000, risk: { var95: 120.5, es95: 180.25 } },
      ]);
      expect((await db.equitySnapshots.latest('account', scopeId))?.risk).toEqual({
        var95: 120.5,
        es95: 180.25,
      });
      expect(await db.equitySnapshots.range('account', scopeId, T0 + 1)).toHaveLength(1);
      expect(await db.equitySnapshots.latest('strategy', scopeId)).toBeUndefined();
    });
  });

  describe('signals', () => {
    it('appends with a sequence id and lists by strategy and time', async () => {
      const db = get();
      const strategyId = uid('strat');
      const a = await db.signals.append({
        strategyId,
        ts: T0,
        symbol: 'BTC/USDT',
        kind: 'enter-long',
        payload: { sma: 1 },
      });
      const b = await db.signals.append({
        strategyId,
        ts: T0 + 1,
        symbol: 'BTC/USDT',
        kind: 'exit',
        payload: 'text',
      });
      expect(b).toBeGreaterThan(a);
      expect(await db.signals.list({ strategyId })).toEqual([
        { id: a, strategyId, ts: T0, symbol: 'BTC/USDT', kind: 'enter-long', payload: { sma: 1 } },
        { id: b, strategyId, ts: T0 + 1, symbol: 'BTC/USDT', kind: 'exit', payload: 'text' },
      ]);
      expect(await db.signals.list({ strategyId, from: T0 + 1 })).toHaveLength(1);
    });
  });

  describe('trade logs', () => {
    it('is append-only and queries by time and subject', async () => {
      const db = get();
      expect(Object.keys(db.tradeLogs).sort()).toEqual(['append', 'query']);
      const subject = uid('order');
      const actor = uid('actor');
      await db.tradeLogs.append({ ts: T0, actor, action: 'order.submitted', subject, details: { qty: 1 } });
      await db.tradeLogs.append({ ts: T0, actor, action: 'order.accepted', subject, details: {} });
      await db.tradeLogs.append({
        ts: T0 + 5,
        actor,
        action: 'risk.kill',
        subject: 'system',
        details: { why: 'test' },
      });
      const forSubject = await db.tradeLogs.query({ subject });
      expect(forSubject.map((e) => e.action)).toEqual(['order.submitted', 'order.accepted']);
      expect(forSubject[0]).toMatchObject({ ts: T0, actor, subject, details: { qty: 1 } });
      expect((await db.tradeLogs.query({ actor, from: T0 + 1, to: T0 + 5 })).map((e) => e.action)).toEqual([
        'risk.kill',
      ]);
      expect(await db.tradeLogs.query({ actor, limit: 1 })).toHaveLength(1);
    });
  });
}
