import { describe, expect, it } from 'vitest';
import { harness, MINUTE } from './venue-test-kit.js';

/** A venue holding a long of `qty` at 100 (fees 0), the clock at 2 minutes, last price 100. */
function long(qty = 1, overrides: Parameters<typeof harness>[0] = {}) {
  const h = harness({ fees: { maker: 0, taker: 0 }, ...overrides });
  h.bar(0, 100, 101, 99, 100);
  h.order({ side: 'buy', type: 'market', qty });
  h.bar(1, 100, 100.5, 99.5, 100);
  h.events.length = 0;
  return h;
}

describe('stop orders', () => {
  it('stop-market below the market is a stop-loss: fires when the price falls to it, fills there (taker)', () => {
    const h = long();
    h.order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 95 });
    // 99 → 99.5 (nearer) → 94 → 96: reaches 95 at 1 + 4.5/5.5.
    h.bar(2, 99, 99.5, 94, 96);
    const [filled] = h.of('OrderFilled');
    expect(filled!.fill).toMatchObject({ price: 95, liquidity: 'taker' });
    expect(filled!.fill.tsEvent).toBe(2 * MINUTE + Math.floor(((1 + 4.5 / 5.5) / 3) * MINUTE));
  });

  it('stop-market above the market is a take-profit: fires when the price rises to it', () => {
    const h = long();
    h.order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 105 });
    h.bar(2, 101, 104, 100.5, 103); // never reaches 105
    expect(h.of('OrderFilled')).toHaveLength(0);
    // 101 → 100.5 (nearer) → 106 → 104: reaches 105 at 1 + 4.5/5.5.
    h.bar(3, 101, 106, 100.5, 104);
    expect(h.of('OrderFilled')[0]!.fill).toMatchObject({ price: 105, side: 'sell' });
  });

  it('a bar that opens beyond the trigger fills at the open, with taker slippage', () => {
    const h = long(1, { slippage: { kind: 'fixed', bps: 10 } });
    h.order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 95 });
    h.bar(2, 93, 94, 92, 93.5);
    expect(h.of('OrderFilled')[0]!.fill.price).toBeCloseTo(93 * 0.999, 9);
    expect(h.of('OrderFilled')[0]!.fill.tsEvent).toBe(2 * MINUTE);
  });

  it('stop-limit: triggers, rests as a maker limit, and fills later on the same bar path', () => {
    const h = long();
    h.order({ side: 'buy', type: 'stop-limit', qty: 1, triggerPrice: 102, price: 101 });
    // 100 → 99 (nearer) → 103 → 100.5: triggers at 1.75 (not marketable: 101 < 102), then the fall
    // from 103 reaches 101 at 2 + 2/2.5 = 2.8.
    h.bar(2, 100, 103, 99, 100.5);
    const [filled] = h.of('OrderFilled');
    expect(filled!.fill).toMatchObject({ price: 101, liquidity: 'maker', tsEvent: 2 * MINUTE + 56_000 });
  });

  it('stop-limit marketable at the trigger is a taker at min(trigger + slippage, limit)', () => {
    const h = long(1, { slippage: { kind: 'fixed', bps: 100 } });
    h.order({ side: 'buy', type: 'stop-limit', qty: 1, triggerPrice: 102, price: 102.5 });
    h.order({ side: 'buy', type: 'stop-limit', qty: 1, triggerPrice: 102, price: 103.5 });
    h.bar(2, 100, 103, 99, 100.5);
    const [capped, slipped] = h.of('OrderFilled');
    expect(capped!.fill).toMatchObject({ price: 102.5, liquidity: 'taker' });
    expect(slipped!.fill.price).toBeCloseTo(102 * 1.01, 9);
  });

  it('path order decides between a stop-loss and a take-profit on the same bar', () => {
    // Tie (high and low 4 away): high first, the take-profit wins; the stop-loss is then cancelled.
    const a = long();
    a.order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 97, reduceOnly: true });
    a.order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 103, reduceOnly: true });
    a.bar(2, 100, 104, 96, 100);
    expect(a.of('OrderFilled').map((e) => [e.clientOrderId, e.fill.price])).toEqual([['o3', 103]]);
    expect(a.of('OrderCancelled').map((e) => e.clientOrderId)).toEqual(['o2']);
    // The low is nearer: the stop-loss wins.
    const b = long();
    b.order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 97, reduceOnly: true });
    b.order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 103, reduceOnly: true });
    b.bar(2, 100, 104, 96.5, 100);
    expect(b.of('OrderFilled').map((e) => [e.clientOrderId, e.fill.price])).toEqual([['o2', 97]]);
    expect(b.of('OrderCancelled').map((e) => e.clientOrderId)).toEqual(['o3']);
  });
});

describe('trailing stops', () => {
  it('sell, 2 %: tracks the high along the path and fires on the fall to best × 0.98', () => {
    const h = long();
    h.order({ side: 'sell', type: 'trailing-stop', qty: 1, trailing: { callbackRate: 0.02 } });
    // 101 → 100 (nearer) → 105 → 100.5: best 105 after the rise; the fall reaches 102.9 at 2 + 2.1/4.5.
    h.bar(2, 101, 105, 100, 100.5);
    const [filled] = h.of('OrderFilled');
    expect(filled!.fill.price).toBeCloseTo(102.9, 9);
    expect(filled!.fill.liquidity).toBe('taker');
    expect(filled!.fill.tsEvent).toBe(2 * MINUTE + Math.floor(((2 + 2.1 / 4.5) / 3) * MINUTE));
  });

  it('keeps its best price across bars', () => {
    const h = long();
    h.order({ side: 'sell', type: 'trailing-stop', qty: 1, trailing: { callbackRate: 0.02 } });
    h.bar(2, 100, 103, 99.5, 102.5); // best 103, level 100.94; never below
    expect(h.of('OrderFilled')).toHaveLength(0);
    // 102 → 102.2 → 100 → 100.2: the fall from 102.2 reaches 100.94 at 1 + 1.26/2.2.
    h.bar(3, 102, 102.2, 100, 100.2);
    expect(h.of('OrderFilled')[0]!.fill.price).toBeCloseTo(103 * 0.98, 9);
  });

  it('with an activation price: inactive until the path reaches it', () => {
    const h = long();
    h.order({
      side: 'sell',
      type: 'trailing-stop',
      qty: 1,
      trailing: { callbackRate: 0.02, activationPrice: 104 },
    });
    h.bar(2, 101, 103, 98, 99); // never reaches 104: a 2 % fall from 103 does nothing
    expect(h.of('OrderFilled')).toHaveLength(0);
    h.bar(3, 101, 105, 100, 100.5); // activates on the rise at 104, best 105, fires at 102.9
    expect(h.of('OrderFilled')[0]!.fill.price).toBeCloseTo(102.9, 9);
  });

  it('buy, offset 2: tracks the low and fires on the rise to best + 2', () => {
    const h = harness({ fees: { maker: 0, taker: 0 } });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'sell', type: 'market', qty: 1 });
    h.bar(1, 100, 100.5, 99.5, 100);
    h.order({ side: 'buy', type: 'trailing-stop', qty: 1, trailing: { callbackOffset: 2 } });
    // 99 → 99.5 (nearer) → 96 → 98.5: best 96, the rise reaches 98 at 2 + 2/2.5.
    h.bar(2, 99, 99.5, 96, 98.5);
    const [, filled] = h.of('OrderFilled');
    expect(filled!.fill).toMatchObject({ side: 'buy', price: 98 });
    expect(filled!.fill.tsEvent).toBe(2 * MINUTE + 56_000);
    expect(h.venue.snapshot().positions).toEqual([]);
  });
});

describe('reduce-only', () => {
  it('rejects a reduce-only order without a position to reduce', () => {
    const h = long();
    h.order({ side: 'buy', type: 'market', qty: 1, reduceOnly: true });
    expect(h.of('OrderRejected')[0]!.reason).toMatch(/^reduce-only-no-position: /);
  });

  it('cuts the fill to the position and cancels the rest; never flips', () => {
    const h = long(3);
    h.order({ side: 'sell', type: 'market', qty: 5, reduceOnly: true });
    h.bar(2, 100, 101, 99, 100);
    expect(h.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled', 'OrderCancelled']);
    expect(h.of('OrderFilled')[0]!.fill.qty).toBe(3);
    expect(h.venue.snapshot().positions).toEqual([]);
  });

  it('is cancelled without a fill when the position is gone by fill time', () => {
    const h = long(1);
    h.order({ side: 'sell', type: 'limit', qty: 1, price: 102, reduceOnly: true });
    h.order({ side: 'sell', type: 'market', qty: 1 });
    h.bar(2, 100, 103, 99, 101);
    expect(h.of('OrderFilled').map((e) => e.clientOrderId)).toEqual(['o3']);
    expect(h.of('OrderCancelled').map((e) => e.clientOrderId)).toEqual(['o2']);
  });
});
