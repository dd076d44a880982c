/** ccxt's batch, history and account calls against the simulator. */

import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExchange } from '../../marketdata/exchanges.js';
import type { OkxSimulator } from './simulator.js';
import { ccxtFor, flat, signedFetch, startSimulator } from './test-kit.js';

const SWAP = 'BTC/USDT:USDT';

describe('ccxt batch, history and account calls', () => {
  let sim: OkxSimulator;
  let okx: Exchange;
  beforeAll(async () => {
    sim = await startSimulator({ symbols: ['BTC-USDT-SWAP', 'ETH-USDT-SWAP', 'BTC-USDT'] });
    okx = await ccxtFor(sim);
    await okx.loadMarkets();
  });
  afterAll(async () => {
    await closeExchange(okx);
    await sim.close();
  });

  it('createOrders and cancelOrders go through the batch endpoints, item by item', async () => {
    const orders = await okx.createOrders([
      { symbol: SWAP, type: 'limit', side: 'buy', amount: 1, price: 58_000 },
      { symbol: SWAP, type: 'limit', side: 'buy', amount: 1, price: 70_000 },
      { symbol: SWAP, type: 'limit', side: 'sell', amount: 2, price: 62_000 },
    ]);
    // The middle one is beyond OKX's price limit: code 2 (partial success), and ccxt marks it rejected.
    expect(orders.map((o) => o.status)).toEqual([undefined, 'rejected', undefined]);
    expect((orders[1]!.info as { sCode: string }).sCode).toBe('51006');
    const ids = [orders[0]!.id!, orders[2]!.id!];
    expect((await okx.fetchOpenOrders(SWAP)).map((o) => o.id).sort()).toEqual([...ids].sort());
    const cancelled = await okx.cancelOrders(ids, SWAP);
    expect(cancelled.map((o) => o.id)).toEqual(ids);
    expect(await okx.fetchOpenOrders(SWAP)).toEqual([]);
    const history = await okx.fetchCanceledOrders(SWAP);
    expect(history.map((o) => o.id).sort()).toEqual([...ids].sort());
  });

  it('fetchClosedOrders lists filled orders, newest first', async () => {
    const first = await okx.createOrder(SWAP, 'market', 'buy', 1);
    const second = await okx.createOrder(SWAP, 'market', 'buy', 2);
    const closed = await okx.fetchClosedOrders(SWAP);
    // ccxt sorts by time; both are filled at 60 000.
    expect(closed.map((o) => o.id)).toEqual([first.id, second.id]);
    expect(closed.every((o) => o.status === 'closed' && o.average === 60_000)).toBe(true);
  });

  it('closePosition closes the whole position with a market order', async () => {
    sim.playCandle('BTC-USDT-SWAP', flat(60_500));
    const order = await okx.closePosition(SWAP);
    expect(order.id).toBeUndefined();
    expect(await okx.fetchPositions([SWAP])).toEqual([]);
    const last = (await okx.fetchMyTrades(SWAP)).at(-1)!;
    expect(last).toMatchObject({ side: 'sell', amount: 3, price: 60_500 });
    const again = await signedFetch(sim, '/api/v5/trade/close-position', {
      body: { instId: 'BTC-USDT-SWAP', mgnMode: 'cross' },
    });
    expect(again.json.code).toBe('51023');
  });

  it('fetchLeverage, fetchTradingFee, fetchPositionMode and setPositionMode', async () => {
    await okx.setLeverage(20, 'ETH/USDT:USDT');
    expect(await okx.fetchLeverage('ETH/USDT:USDT')).toMatchObject({
      longLeverage: 20,
      shortLeverage: 20,
      marginMode: 'cross',
    });
    const fee = await okx.fetchTradingFee('BTC/USDT');
    expect(fee).toMatchObject({ maker: 0.0002, taker: 0.0005 });
    expect((await okx.fetchPositionMode()).hedged).toBe(false);
    await okx.createOrder('ETH/USDT:USDT', 'market', 'buy', 1);
    await expect(okx.setPositionMode(true)).rejects.toThrow(/59000/);
    await okx.closePosition('ETH/USDT:USDT');
    await okx.setPositionMode(true);
    expect((await okx.fetchPositionMode()).hedged).toBe(true);
    const ccxt = await import('ccxt');
    await expect(okx.setLeverage(150, SWAP)).rejects.toBeInstanceOf(ccxt.BadRequest);
  });

  it('a live-environment simulator serves ccxt without sandbox mode, currencies included', async () => {
    const live = await startSimulator({ environment: 'live' });
    const client = await ccxtFor(live);
    try {
      // Outside sandbox mode ccxt's loadMarkets also reads the signed /asset/currencies.
      await client.loadMarkets();
      expect(client.currencies.USDT).toMatchObject({ id: 'USDT', code: 'USDT' });
      expect((await client.fetchBalance()).USDT!.total).toBe(100_000);
    } finally {
      await closeExchange(client);
      await live.close();
    }
  });

  it('fetchTrades lists one public trade per replayed candle', async () => {
    sim.playCandle('ETH-USDT-SWAP', flat(3_010));
    const trades = await okx.fetchTrades('ETH/USDT:USDT');
    expect(trades.at(-1)).toMatchObject({ price: 3_010, symbol: 'ETH/USDT:USDT' });
  });
});
