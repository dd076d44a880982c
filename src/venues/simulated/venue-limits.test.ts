import { describe, expect, it } from 'vitest';
import { clientOrderId } from '../../core/ids.js';
import { harness, MINUTE } from './venue-test-kit.js';

describe('limit orders', () => {
  it('fills at its price when the path touches it, at the path time (maker)', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 1, price: 99 });
    // 100 → 100.5 (nearer) → 98 → 99.5: falls to 99 at 1 + 1.5/2.5 = 1.6 → 1.6/3 of the minute.
    h.bar(1, 100, 100.5, 98, 99.5);
    const [filled] = h.of('OrderFilled');
    expect(filled!.fill).toMatchObject({ price: 99, liquidity: 'maker', tsEvent: MINUTE + 32_000 });
  });

  it('fills at the open when the bar opens through it (maker, better price)', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 1, price: 99 });
    h.bar(1, 98, 99.5, 97, 99);
    expect(h.of('OrderFilled')[0]!.fill).toMatchObject({ price: 98, liquidity: 'maker', tsEvent: MINUTE });
  });

  it('a limit marketable at submission is a taker at its first open: min(open + slippage, limit)', () => {
    const h = harness({ slippage: { kind: 'fixed', bps: 10 } });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 1, price: 101 });
    h.order({ side: 'buy', type: 'limit', qty: 1, price: 100.6 });
    h.bar(1, 100.5, 101, 100, 100.8);
    const [a, b] = h.of('OrderFilled');
    expect(a!.fill.price).toBeCloseTo(100.5 * 1.001, 9);
    expect(a!.fill.liquidity).toBe('taker');
    expect(a!.fill.fee).toBeCloseTo(100.5 * 1.001 * 0.0005, 12);
    // Slippage never makes a limit fill worse than its limit.
    expect(b!.fill).toMatchObject({ price: 100.6, liquidity: 'taker' });
  });

  it('rejects a POST_ONLY limit that would take (post-only-would-take); accepts one that rests', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 1, price: 100, timeInForce: 'POST_ONLY' });
    h.order({ side: 'sell', type: 'limit', qty: 1, price: 100.1, timeInForce: 'POST_ONLY' });
    expect(h.of('OrderRejected')[0]!.reason).toMatch(/^post-only-would-take: /);
    expect(h.of('OrderAccepted')).toHaveLength(1);
  });

  it('IOC: only the first open counts; fills up to the volume cap (taker) and expires the rest', () => {
    const h = harness({ maxVolumeShare: 0.1 });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 8, price: 101, timeInForce: 'IOC' });
    h.bar(1, 100, 102, 99, 101, 50);
    expect(h.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled', 'OrderExpired']);
    expect(h.of('OrderFilled')[0]!.fill).toMatchObject({ qty: 5, price: 100, liquidity: 'taker' });
  });

  it('IOC that does not cross at the open expires, even if the path reaches it later', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 1, price: 99, timeInForce: 'IOC' });
    h.bar(1, 100, 100.2, 98, 99);
    expect(h.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderExpired']);
    expect(h.of('OrderExpired')[0]!.tsEvent).toBe(MINUTE);
  });

  it('FOK: expires without any fill when the cap cannot fill it all; fills when it can', () => {
    const h = harness({ maxVolumeShare: 0.1 });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 8, price: 101, timeInForce: 'FOK' });
    h.bar(1, 100, 102, 99, 101, 50);
    expect(h.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderExpired']);
    h.order({ side: 'buy', type: 'limit', qty: 4, price: 102, timeInForce: 'FOK' });
    h.bar(2, 101, 102, 100, 101, 50);
    expect(h.of('OrderFilled')[0]!.fill).toMatchObject({ qty: 4, price: 101 });
  });

  it('a resting limit under the volume cap fills partially over several bars', () => {
    const h = harness({ maxVolumeShare: 0.5 });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 3, price: 99 });
    h.bar(1, 100, 100, 98, 99, 4); // cap 2
    h.bar(2, 100, 100, 98, 99, 4); // cap 2, 1 left
    const fills = h.of('OrderFilled').map((e) => e.fill.qty);
    expect(fills).toEqual([2, 1]);
    expect(h.of('OrderFilled').every((e) => e.fill.liquidity === 'maker')).toBe(true);
  });
});

describe('grid and size rules', () => {
  it('rejects off-tick prices, off-lot sizes, sizes below the minimum (size or notional)', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 1, price: 99.05 });
    h.order({ side: 'buy', type: 'market', qty: 0.25 });
    h.order({ side: 'buy', type: 'market', qty: 0.1 });
    expect(h.of('OrderRejected').map((e) => e.reason.split(':')[0])).toEqual([
      'tick-size',
      'lot-size',
      'min-size',
    ]);
  });
});

describe('cancel and amend', () => {
  it('cancels a working order; refuses unknown and ended orders', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    const order = h.order({ side: 'buy', type: 'limit', qty: 1, price: 90 });
    h.venue.cancel(order.clientOrderId);
    h.venue.cancel(order.clientOrderId);
    h.venue.cancel(clientOrderId('nope'));
    expect(h.of('OrderCancelled')).toMatchObject([{ clientOrderId: 'o1', tsEvent: MINUTE }]);
    expect(h.of('OrderCancelRejected').map((e) => e.reason.split(':')[0])).toEqual([
      'order-closed',
      'unknown-order',
    ]);
    h.bar(1, 90, 91, 80, 85);
    expect(h.of('OrderFilled')).toHaveLength(0);
  });

  it('amends price and qty of a working limit (validated like submit)', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    const order = h.order({ side: 'buy', type: 'limit', qty: 1, price: 90 });
    h.venue.amend(order.clientOrderId, { price: 95.05 });
    h.venue.amend(order.clientOrderId, { triggerPrice: 95 });
    h.venue.amend(order.clientOrderId, { price: 98, qty: 2 });
    expect(h.of('OrderModifyRejected').map((e) => e.reason.split(':')[0])).toEqual([
      'tick-size',
      'invalid-order',
    ]);
    expect(h.of('OrderUpdated')[0]!.changes).toEqual({ price: 98, qty: 2 });
    h.bar(1, 99, 99.5, 97, 98.5);
    expect(h.of('OrderFilled')[0]!.fill).toMatchObject({ qty: 2, price: 98 });
    h.venue.amend(order.clientOrderId, { qty: 3 });
    expect(h.of('OrderModifyRejected')[2]!.reason).toMatch(/^order-closed: /);
  });
});
