import { describe, expect, it } from 'vitest';
import type { Order } from '../../core/order.js';
import type { OrderManager } from '../../engine/order-manager.js';
import { ReductionOrders } from './reduction-orders.js';

function orders(statuses: Record<string, Order['status']>): OrderManager {
  return {
    get: (id: string) => (id in statuses ? ({ status: statuses[id] } as Order) : undefined),
  } as unknown as OrderManager;
}

describe('ReductionOrders', () => {
  it('one working reduction per strategy and symbol', () => {
    const status: Record<string, Order['status']> = {};
    const sent = new ReductionOrders(orders(status));
    expect(sent.maySend('a', 'BTC', 0)).toBe(true);
    sent.sent('a', 'BTC', 'r1');
    status.r1 = 'Accepted';
    expect(sent.maySend('a', 'BTC', 10)).toBe(false);
    expect(sent.maySend('b', 'BTC', 10)).toBe(true);
    status.r1 = 'Filled';
    expect(sent.maySend('a', 'BTC', 20)).toBe(true);
  });

  it('backs off after a denial or a reject, 1 s doubling to 60 s, and starts afresh after a fill', () => {
    const status: Record<string, Order['status']> = {};
    const sent = new ReductionOrders(orders(status));
    let now = 0;
    const waits: number[] = [];
    for (let k = 1; k <= 8; k++) {
      const id = `r${k}`;
      sent.sent('a', 'BTC', id);
      status[id] = k % 2 === 0 ? 'Rejected' : 'Denied';
      const from = now;
      while (!sent.maySend('a', 'BTC', now)) now += 100;
      waits.push(now - from);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    sent.sent('a', 'BTC', 'ok');
    status.ok = 'Filled';
    expect(sent.maySend('a', 'BTC', now)).toBe(true);
    sent.sent('a', 'BTC', 'again');
    status.again = 'Denied';
    const from = now;
    while (!sent.maySend('a', 'BTC', now)) now += 100;
    expect(now - from).toBe(1_000);
  });
});
