/**
 * Reply shapes against the real OKX samples (shared/data/exchange-messages/okx/nautilus): every key a
 * real row has, the simulator's row has too, and values of the same JSON type.
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSharedData, readSharedJson } from '../../../test/support/shared-data.js';
import type { OkxSimulator } from './simulator.js';
import { privateWs, signedFetch, startSimulator } from './test-kit.js';

type Row = Record<string, unknown>;

const sample = <T = { data: Row[] }>(name: string): T =>
  readSharedJson<T>('exchange-messages', 'okx', 'nautilus', name);

const kind = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

/** Every key of `real` is in `ours`, holding the same JSON type (recursing into objects and first rows). */
function expectShape(ours: unknown, real: unknown, path = 'row'): void {
  expect(kind(ours), path).toBe(kind(real));
  if (Array.isArray(real) && Array.isArray(ours) && real.length > 0 && kind(real[0]) === 'object') {
    expect(ours.length, `${path} has rows`).toBeGreaterThan(0);
    expectShape(ours[0], real[0], `${path}[0]`);
  } else if (kind(real) === 'object') {
    const missing = Object.keys(real as Row).filter((k) => !(k in (ours as Row)));
    expect(missing, `${path}: keys missing`).toEqual([]);
    for (const [key, value] of Object.entries(real as Row))
      expectShape((ours as Row)[key], value, `${path}.${key}`);
  }
}

describeWithSharedData('reply shapes match the real OKX samples', () => {
  let sim: OkxSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('the shape check itself fails on a missing key or a different type', () => {
    expect(() => expectShape({ a: '1' }, { a: '1', b: '2' })).toThrow();
    expect(() => expectShape({ a: 1 }, { a: '1' })).toThrow();
    expect(() => expectShape({ a: [{}] }, { a: [{ c: '' }] })).toThrow();
  });

  it('instruments, tickers, candles and books', async () => {
    const get = async (path: string) =>
      ((await (await fetch(sim.restUrl + path)).json()) as { data: unknown[] }).data;
    expectShape(
      await get('/api/v5/public/instruments?instType=SWAP'),
      sample('http_get_instruments_swap.json').data,
    );
    expectShape(
      await get('/api/v5/public/instruments?instType=SPOT'),
      sample('http_get_instruments_spot.json').data,
    );
    const ticker = sample<{ data: Row[] }>('ws_tickers.json').data;
    expectShape(await get('/api/v5/market/ticker?instId=BTC-USDT'), ticker);
    expectShape(
      await get('/api/v5/public/mark-price?instId=BTC-USDT-SWAP'),
      sample('http_get_mark_price.json').data,
    );
    const book = (await get('/api/v5/market/books?instId=BTC-USDT-SWAP&sz=3')) as Row[];
    expectShape(book, sample('http_get_order_book.json').data);
    sim.advance(2);
    const candles = (await get('/api/v5/market/candles?instId=BTC-USDT-SWAP')) as string[][];
    const real = sample<{ data: string[][] }>('http_get_candlesticks.json').data;
    expect(candles[0]!.length).toBe(real[0]!.length);
    expect(candles.every((c) => c.every((v) => typeof v === 'string'))).toBe(true);
  });

  it('place order: the data row of POST /trade/order', async () => {
    const { json } = await signedFetch(sim, '/api/v5/trade/order', {
      body: {
        instId: 'BTC-USDT-SWAP',
        tdMode: 'cross',
        side: 'buy',
        ordType: 'limit',
        px: '59000',
        sz: '1',
        clOrdId: 'shape1',
      },
    });
    expect(json.code).toBe('0');
    expectShape(json.data[0], sample<Row>('http_place_order_response.json'));
  });

  it('pending orders, with and without attached TP/SL', async () => {
    await signedFetch(sim, '/api/v5/trade/order', {
      body: {
        instId: 'BTC-USDT-SWAP',
        tdMode: 'cross',
        side: 'buy',
        ordType: 'limit',
        px: '58000',
        sz: '1',
        attachAlgoOrds: [{ attachAlgoClOrdId: 'sl1', slTriggerPx: '57000', slOrdPx: '-1' }],
      },
    });
    const { json } = await signedFetch(sim, '/api/v5/trade/orders-pending?instType=SWAP');
    expect(json.data).toHaveLength(2);
    expectShape(json.data, sample('http_get_orders_pending.json').data);
    expectShape(json.data[0], sample('http_get_orders_pending_with_attached_tp_sl.json').data[0]);
  });

  it('balance, positions and fills', async () => {
    await signedFetch(sim, '/api/v5/trade/order', {
      body: { instId: 'BTC-USDT-SWAP', tdMode: 'isolated', side: 'buy', ordType: 'market', sz: '2' },
    });
    const balance = await signedFetch(sim, '/api/v5/account/balance');
    expectShape(balance.json.data, sample('http_get_account_balance.json').data);
    const positions = await signedFetch(sim, '/api/v5/account/positions');
    expectShape(positions.json.data, sample('http_get_positions.json').data);
    const fills = await signedFetch(sim, '/api/v5/trade/fills-history?instType=SWAP');
    expectShape(fills.json.data[0], sample<Row>('http_transaction_detail.json'));
    const history = await signedFetch(sim, '/api/v5/trade/orders-history?instType=SWAP');
    expectShape(history.json.data, sample('http_get_orders_history.json').data);
  });

  it('algo orders: place, pending and history', async () => {
    const placed = await signedFetch(sim, '/api/v5/trade/order-algo', {
      body: {
        instId: 'BTC-USDT-SWAP',
        tdMode: 'cross',
        side: 'buy',
        ordType: 'trigger',
        sz: '1',
        triggerPx: '65000',
        orderPx: '-1',
        algoClOrdId: 'algo1',
      },
    });
    expectShape(placed.json.data, sample('http_place_algo_order_response.json').data);
    const pending = await signedFetch(sim, '/api/v5/trade/orders-algo-pending?ordType=trigger');
    expectShape(pending.json.data, sample('http_get_orders_algo_pending.json').data);
    const cancelled = await signedFetch(sim, '/api/v5/trade/cancel-algos', {
      body: [{ instId: 'BTC-USDT-SWAP', algoId: placed.json.data[0]!.algoId }],
    });
    expectShape(cancelled.json.data, sample('http_cancel_algo_order_response.json').data);
    const history = await signedFetch(
      sim,
      '/api/v5/trade/orders-algo-history?ordType=trigger&state=canceled',
    );
    expectShape(history.json.data, sample('http_get_orders_algo_history.json').data);
  });

  it('WebSocket pushes: orders (with the fill fields), account and orders-algo', async () => {
    const orders = await privateWs(sim, [{ channel: 'orders', instType: 'SWAP' }, { channel: 'account' }]);
    const algo = await privateWs(sim, [{ channel: 'orders-algo', instType: 'ANY' }], 'business');
    try {
      const account = await orders.next(
        (f) => typeof f === 'object' && (f.arg as Row)?.channel === 'account',
      );
      expectShape(account, sample('ws_account.json'));
      await signedFetch(sim, '/api/v5/trade/order', {
        body: {
          instId: 'BTC-USDT-SWAP',
          tdMode: 'isolated',
          side: 'sell',
          ordType: 'market',
          sz: '1',
          clOrdId: 'wsshape1',
        },
      });
      const filled = (await orders.next(
        (f) => typeof f === 'object' && (f.data as Row[] | undefined)?.[0]?.state === 'filled',
      )) as Row;
      expectShape(filled, sample('ws_orders.json'));
      const row = (filled.data as Row[])[0]!;
      expect(row).toMatchObject({ clOrdId: 'wsshape1', fillSz: '1', execType: 'T', fillFeeCcy: 'USDT' });
      expect(row.tradeId).toMatch(/^\d+$/);
      expect(Number(row.fillFee)).toBeLessThan(0);
      await signedFetch(sim, '/api/v5/trade/order-algo', {
        body: {
          instId: 'BTC-USDT-SWAP',
          tdMode: 'isolated',
          side: 'sell',
          ordType: 'trigger',
          sz: '1',
          triggerPx: '55000',
          orderPx: '-1',
        },
      });
      const algoPush = await algo.next(
        (f) => typeof f === 'object' && (f.arg as Row)?.channel === 'orders-algo',
      );
      const real = sample<{ arg: Row; data: Row[] }>('ws_orders_algo.json');
      expectShape(algoPush, { arg: real.arg, data: real.data.slice(0, 1) });
    } finally {
      orders.close();
      algo.close();
    }
  });
});
