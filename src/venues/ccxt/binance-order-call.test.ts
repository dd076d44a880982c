import type { Exchange } from 'ccxt';
import { beforeAll, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import type { CreateOrderRequest } from '../exchange/types.js';
import { binanceOrderCall } from './binance-order-call.js';
import { captureRequests, offlineBinance } from './ccxt-test-kit.js';
import { instrumentFromMarket } from './instrument-from-market.js';
import type { OrderMappingContext } from './order-call.js';

type Order = Omit<CreateOrderRequest, 'instrument' | 'clientOrderId'>;

const NET: OrderMappingContext = { positionMode: 'net' };
const HEDGE: OrderMappingContext = { positionMode: 'long-short' };

/**
 * The one Binance USDⓈ-M ccxt request sample (a batch cancel) is not one of our order kinds, so the
 * expected parameters here are written from Binance's New Order / New Algo Order documentation.
 */
describeWithSharedData('binanceOrderCall (Binance USDⓈ-M request parameters)', () => {
  let exchange: Exchange;
  beforeAll(async () => {
    exchange = await offlineBinance();
  });

  async function sent(order: Order, context: OrderMappingContext = NET) {
    const instrument = instrumentFromMarket(
      exchange.market('BTC/USDT:USDT'),
      'binanceusdm',
      exchange.precisionMode,
    );
    const call = binanceOrderCall({ clientOrderId: 'ql1abc', instrument, ...order }, context);
    const captured = captureRequests(exchange, () => ({ orderId: 1, status: 'NEW' }));
    await exchange.createOrder(call.symbol, call.type, call.side, call.amount, call.price, call.params);
    const { url, body } = captured[0]!;
    const query = new URLSearchParams(body ?? new URL(url).search);
    return { path: new URL(url).pathname, query: Object.fromEntries(query), conditional: call.conditional };
  }

  it('market and limit orders go to /fapi/v1/order with newClientOrderId', async () => {
    const market = await sent({ side: 'buy', type: 'market', qty: 0.01 });
    expect(market.path).toBe('/fapi/v1/order');
    expect(market.query).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
    expect(market.query.newClientOrderId).toBe('ql1abc');
    const limit = await sent({ side: 'sell', type: 'limit', qty: 0.01, price: 65000.1 });
    expect(limit.query).toMatchObject({ type: 'LIMIT', price: '65000.1', timeInForce: 'GTC' });
  });

  it('post-only is timeInForce GTX; IOC and FOK pass through', async () => {
    expect(
      (await sent({ side: 'buy', type: 'limit', qty: 0.01, price: 100, timeInForce: 'POST_ONLY' })).query
        .timeInForce,
    ).toBe('GTX');
    expect(
      (await sent({ side: 'buy', type: 'limit', qty: 0.01, price: 100, timeInForce: 'IOC' })).query
        .timeInForce,
    ).toBe('IOC');
    expect(
      (await sent({ side: 'buy', type: 'limit', qty: 0.01, price: 100, timeInForce: 'FOK' })).query
        .timeInForce,
    ).toBe('FOK');
  });

  it('stops go to the algo endpoint, the direction choosing STOP or TAKE_PROFIT', async () => {
    const cases = [
      [{ side: 'sell', type: 'stop-market', triggerDirection: 'fall' }, 'STOP_MARKET'],
      [{ side: 'sell', type: 'stop-market', triggerDirection: 'rise' }, 'TAKE_PROFIT_MARKET'],
      [{ side: 'buy', type: 'stop-market', triggerDirection: 'rise' }, 'STOP_MARKET'],
      [{ side: 'buy', type: 'stop-market', triggerDirection: 'fall' }, 'TAKE_PROFIT_MARKET'],
      [{ side: 'sell', type: 'stop-limit', triggerDirection: 'rise', price: 60000 }, 'TAKE_PROFIT'],
      [{ side: 'sell', type: 'stop-limit', price: 60000 }, 'STOP'],
    ] as const;
    for (const [order, type] of cases) {
      const { path, query, conditional } = await sent({ qty: 0.01, triggerPrice: 61000, ...order });
      expect(path).toBe('/fapi/v1/algoOrder');
      expect(conditional).toBe(true);
      expect(query).toMatchObject({
        type,
        triggerPrice: '61000',
        algoType: 'CONDITIONAL',
        clientAlgoId: 'ql1abc',
      });
    }
  });

  it('trailing stops send callbackRate in percent and the activation price', async () => {
    const { query } = await sent({
      side: 'sell',
      type: 'trailing-stop',
      qty: 0.01,
      reduceOnly: true,
      trailing: { callbackRate: 0.015, activationPrice: 70000 },
    });
    expect(query).toMatchObject({
      type: 'TRAILING_STOP_MARKET',
      callbackRate: '1.5',
      activationPrice: '70000',
      reduceOnly: 'true',
    });
  });

  it('hedge mode sends positionSide and never reduceOnly', async () => {
    const { query } = await sent({ side: 'sell', type: 'market', qty: 0.01, reduceOnly: true }, HEDGE);
    expect(query.positionSide).toBe('LONG');
    expect(query).not.toHaveProperty('reduceOnly');
  });

  it('refuses attached protection, offset trailing and out-of-range callback rates', async () => {
    await expect(
      sent({ side: 'buy', type: 'market', qty: 0.01, stopLoss: { triggerPrice: 1 } }),
    ).rejects.toThrow(/emulate locally/);
    await expect(
      sent({ side: 'sell', type: 'trailing-stop', qty: 0.01, trailing: { callbackOffset: 50 } }),
    ).rejects.toThrow(/percent only/);
    await expect(
      sent({ side: 'sell', type: 'trailing-stop', qty: 0.01, trailing: { callbackRate: 0.2 } }),
    ).rejects.toThrow(/outside/);
  });
});
