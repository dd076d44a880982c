import { describe, expect, it } from 'vitest';
import { type ClientOrderId, instrumentId, strategyId } from '../core/ids.js';
import { createOrder } from '../core/order.js';
import { ForgottenOrders } from './forgotten-orders.js';

const order = (n: number) =>
  createOrder({
    clientOrderId: `order-${n}` as ClientOrderId,
    strategyId: strategyId(n % 2 === 0 ? 'even' : 'odd'),
    instrumentId: instrumentId('sim', 'BTC/USDT:USDT'),
    side: n % 3 === 0 ? 'sell' : 'buy',
    type: 'limit',
    qty: n + 1,
    price: 100,
    tsInit: n,
  });

describe('ForgottenOrders', () => {
  it('remembers the last `capacity` orders, oldest dropped first, through many turns of the ring', () => {
    const forgotten = new ForgottenOrders(37);
    for (let n = 0; n < 1_000; n++) forgotten.remember(order(n));
    expect(forgotten.size).toBe(37);
    for (let n = 0; n < 1_000; n++) {
      const found = forgotten.recall(`order-${n}`);
      if (n < 1_000 - 37) expect(found).toBeUndefined();
      else
        expect(found).toMatchObject({
          strategyId: n % 2 === 0 ? 'even' : 'odd',
          instrumentId: 'sim:BTC/USDT:USDT',
          side: n % 3 === 0 ? 'sell' : 'buy',
          type: 'limit',
          qty: n + 1,
          status: 'New',
          tsInit: n,
        });
    }
  });

  it('an order remembered twice keeps one tombstone, the latest', () => {
    const forgotten = new ForgottenOrders(4);
    forgotten.remember(order(1));
    forgotten.remember({ ...order(1), filledQty: 1 });
    expect(forgotten.size).toBe(1);
    expect(forgotten.recall('order-1')?.filledQty).toBe(1);
    for (let n = 2; n < 5; n++) forgotten.remember(order(n));
    expect(forgotten.recall('order-1')?.filledQty).toBe(1);
  });
});
