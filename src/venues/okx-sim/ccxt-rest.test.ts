/**
 * ccxt's okx class, pointed at the simulator with Quant Lab's exchange factory (demo mode), trading
 * through the REST API: each step asserts the ccxt objects it gets back.
 */

import type { Exchange, Order } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExchange } from '../../marketdata/exchanges.js';
import type { OkxSimulator } from './simulator.js';
import { candle, ccxtFor, startSimulator } from './test-kit.js';

const SWAP = 'BTC/USDT:USDT';
const SPOT = 'BTC/USDT';

describe('ccxt okx (REST) against the simulator', () => {
  let sim: OkxSimulator;
  let okx: Exchange;

  beforeAll(async () => {
    sim = await startSimulator();
    okx = await ccxtFor(sim);
    await okx.loadMarkets();
  });
  afterAll(async () => {
    await closeExchange(okx);
    await sim.close();
  });

  it('loads the simulated markets with OKX grids', () => {
    const swap = okx.market(SWAP);
    expect(swap.id).toBe('BTC-USDT-SWAP');
    expect(swap.contractSize).toBe(0.01);
    expect(swap.precision).toMatchObject({ amount: 0.01, price: 0.1 });
    expect(swap.linear).toBe(true);
    expect(okx.market(SPOT).id).toBe('BTC-USDT');
  });

  it('fetches the demo balance', async () => {
    const balance = await okx.fetchBalance();
    expect(balance.USDT).toMatchObject({ total: 100_000, free: 100_000 });
  });

  it('creates, finds, edits and cancels a resting limit order by client order id', async () => {
    const created = await okx.createOrder(SWAP, 'limit', 'buy', 1, 59_000, { clientOrderId: 'rest1' });
    expect(created.id).toMatch(/^\d{19,}$/);
    expect(created.clientOrderId).toBe('rest1');

    const found = await okx.fetchOrder(undefined as unknown as string, SWAP, { clOrdId: 'rest1' });
    expect(found).toMatchObject({
      id: created.id,
      status: 'open',
      price: 59_000,
      amount: 1,
      filled: 0,
      side: 'buy',
      type: 'limit',
    });

    const open = await okx.fetchOpenOrders(SWAP);
    expect(open.map((o: Order) => o.id)).toContain(created.id);

    const edited = await okx.editOrder(created.id!, SWAP, 'limit', 'buy', 2, 59_500);
    expect(edited.id).toBe(created.id);
    expect(await okx.fetchOrder(created.id!, SWAP)).toMatchObject({
      amount: 2,
      price: 59_500,
      status: 'open',
    });

    const cancelled = await okx.cancelOrder(created.id!, SWAP);
    expect(cancelled.id).toBe(created.id);
    expect(await okx.fetchOrder(created.id!, SWAP)).toMatchObject({ status: 'canceled', filled: 0 });
    expect((await okx.fetchOpenOrders(SWAP)).map((o: Order) => o.id)).not.toContain(created.id);
  });

  it('fills a market order and reports the fill, the position and the fee', async () => {
    const created = await okx.createOrder(SWAP, 'market', 'buy', 1, undefined, { clientOrderId: 'mkt1' });
    const order = await okx.fetchOrder(created.id!, SWAP);
    expect(order).toMatchObject({ status: 'closed', filled: 1, average: 60_000, clientOrderId: 'mkt1' });
    // 1 contract × 0.01 BTC × 60 000 × 0.0005 taker fee
    expect(order.fee).toEqual({ cost: 0.3, currency: 'USDT' });

    const trades = await okx.fetchMyTrades(SWAP);
    const trade = trades.find((t) => t.order === created.id)!;
    expect(trade).toMatchObject({ price: 60_000, amount: 1, side: 'buy', takerOrMaker: 'taker' });
    expect(trade.fee).toMatchObject({ cost: 0.3, currency: 'USDT' });

    const [position] = await okx.fetchPositions([SWAP]);
    expect(position).toMatchObject({
      symbol: SWAP,
      contracts: 1,
      side: 'long',
      entryPrice: 60_000,
      contractSize: 0.01,
      leverage: 10,
      marginMode: 'cross',
    });
    // Cross margin backed by 100 000 USDT: no price liquidates 1 contract (OKX then sends liqPx "").
    expect(position!.liquidationPrice).toBeUndefined();

    const balance = await okx.fetchBalance();
    expect(balance.USDT!.total).toBeCloseTo(100_000 - 0.3, 6);
    expect(balance.USDT!.free).toBeCloseTo(100_000 - 0.3 - 60, 6);
  });

  it('gives an isolated position its margin and liquidation price', async () => {
    const created = await okx.createOrder('BTC/USDT:USDT', 'market', 'sell', 1, undefined, {
      marginMode: 'isolated',
    });
    expect((await okx.fetchOrder(created.id!, SWAP)).status).toBe('closed');
    const isolated = (await okx.fetchPositions([SWAP])).find((p) => p.marginMode === 'isolated')!;
    expect(isolated).toMatchObject({ side: 'short', contracts: 1, collateral: 60, initialMargin: 60 });
    // margin + 0.01 × (60 000 − L) = 0.004 × 0.01 × L  →  L = 660 / 0.01004
    expect(isolated.liquidationPrice).toBeCloseTo(660 / 0.01004, 4);
    await okx.createOrder(SWAP, 'market', 'buy', 1, undefined, { marginMode: 'isolated', reduceOnly: true });
    expect((await okx.fetchPositions([SWAP])).map((p) => p.marginMode)).toEqual(['cross']);
  });

  it('sets the leverage of the position', async () => {
    const reply = await okx.setLeverage(5, SWAP);
    expect(reply).toMatchObject({
      code: '0',
      data: [{ lever: '5', mgnMode: 'cross', instId: 'BTC-USDT-SWAP' }],
    });
    const [position] = await okx.fetchPositions([SWAP]);
    expect(position!.leverage).toBe(5);
  });

  it('fills a resting limit as a maker when the replay crosses it', async () => {
    const created = await okx.createOrder(SWAP, 'limit', 'sell', 1, 60_500, { clientOrderId: 'maker1' });
    sim.playCandle('BTC-USDT-SWAP', candle(60_000, 60_600, 59_950, 60_300));
    const order = await okx.fetchOrder(created.id!, SWAP);
    expect(order).toMatchObject({ status: 'closed', filled: 1, average: 60_500 });
    expect(order.fee!.cost).toBeCloseTo(0.01 * 60_500 * 0.0002, 10);
    const trade = (await okx.fetchMyTrades(SWAP)).find((t) => t.order === created.id)!;
    expect(trade.takerOrMaker).toBe('maker');
    // The long position from the market order is closed with +500 × 0.01.
    expect(await okx.fetchPositions([SWAP])).toEqual([]);
  });

  it('fires an attached stop-loss after its parent fills', async () => {
    const created = await okx.createOrder(SWAP, 'limit', 'buy', 2, 59_800, {
      clientOrderId: 'parent1',
      stopLoss: { triggerPrice: 59_000 },
      takeProfit: { triggerPrice: 62_000 },
    });
    expect(await okx.fetchOpenOrders(SWAP, undefined, undefined, { ordType: 'oco' })).toEqual([]);

    sim.playCandle('BTC-USDT-SWAP', candle(60_300, 60_300, 59_700, 59_900));
    expect(await okx.fetchOrder(created.id!, SWAP)).toMatchObject({ status: 'closed', average: 59_800 });
    const [armed] = await okx.fetchOpenOrders(SWAP, undefined, undefined, { ordType: 'oco' });
    expect(armed).toMatchObject({
      side: 'sell',
      amount: 2,
      stopLossPrice: 59_000,
      takeProfitPrice: 62_000,
      status: 'open',
    });

    sim.playCandle('BTC-USDT-SWAP', candle(59_900, 59_950, 58_900, 59_100));
    expect(await okx.fetchOpenOrders(SWAP, undefined, undefined, { ordType: 'oco' })).toEqual([]);
    const closed = await okx.fetchClosedOrders(SWAP, undefined, undefined, { stop: true, ordType: 'oco' });
    expect(closed.find((o) => o.id === armed!.id)).toMatchObject({ status: 'closed' });
    const exit = (await okx.fetchMyTrades(SWAP)).find((t) => t.side === 'sell' && t.price === 59_000);
    expect(exit).toMatchObject({ amount: 2, takerOrMaker: 'taker' });
    expect(await okx.fetchPositions([SWAP])).toEqual([]);
  });

  it('trades spot with the buy fee taken in the base currency', async () => {
    sim.playCandle('BTC-USDT', candle(60_000, 60_000, 60_000, 60_000));
    const created = await okx.createOrder(SPOT, 'market', 'buy', 0.01, undefined, { clientOrderId: 'spot1' });
    const order = await okx.fetchOrder(created.id!, SPOT);
    expect(order).toMatchObject({ status: 'closed', filled: 0.01, average: 60_000 });
    expect(order.fee).toEqual({ cost: 0.000005, currency: 'BTC' });
    const balance = await okx.fetchBalance();
    expect(balance.BTC!.total).toBeCloseTo(0.01 - 0.000005, 12);
  });

  it('refuses what OKX refuses, as ccxt exceptions', async () => {
    const ccxt = await import('ccxt');
    await expect(okx.createOrder(SWAP, 'market', 'buy', 1_000_000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
    await okx.createOrder(SWAP, 'limit', 'buy', 1, 50_000, { clientOrderId: 'dupe1' });
    await expect(
      okx.createOrder(SWAP, 'limit', 'buy', 1, 50_000, { clientOrderId: 'dupe1' }),
    ).rejects.toBeInstanceOf(ccxt.InvalidOrder);
    await expect(okx.fetchOrder('1234567890123456789', SWAP)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
    await expect(okx.cancelOrder('1234567890123456789', SWAP)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });
});
