import { describe, expect, it } from 'vitest';
import { createInstrument } from '../../core/instrument.js';
import { marginAvailable, maxOrderQty, minSizeAndPrecision } from './order-rules.js';
import { BTC, book, INVERSE, order } from './test-fixtures.js';

describe('maxOrderQty', () => {
  const rule = maxOrderQty(10);
  it('passes under and at the limit, denies just over with qty and limit', () => {
    expect(rule.check(order({ side: 'buy', qty: 9.999 }), BTC, book())).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 10 }), BTC, book())).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 10.001 }), BTC, book())).toMatchObject({
      rule: 'max-order-qty',
      details: { qty: 10.001, limit: 10 },
    });
  });
  it('lets reduce-only and position-reducing orders through, not a flip', () => {
    expect(rule.check(order({ side: 'sell', qty: 50, reduceOnly: true }), BTC, book())).toBeUndefined();
    const long20 = book({ account: { [BTC.symbol]: 20 } });
    expect(rule.check(order({ side: 'sell', qty: 20 }), BTC, long20)).toBeUndefined();
    expect(rule.check(order({ side: 'sell', qty: 20.001 }), BTC, long20)?.rule).toBe('max-order-qty');
    expect(rule.check(order({ side: 'buy', qty: 11 }), BTC, long20)?.rule).toBe('max-order-qty');
  });
});

describe('marginAvailable', () => {
  const rule = marginAvailable({ leverage: { [BTC.symbol]: 10, [INVERSE.symbol]: 5 } });
  const v = book({ prices: { [BTC.symbol]: 100 }, free: 1_000 });
  it('linear: margin = qty × price / leverage against the free balance', () => {
    // 100 × 100 / 10 = 1,000 = free balance.
    expect(rule.check(order({ side: 'buy', qty: 99.999 }), BTC, v)).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 100 }), BTC, v)).toBeUndefined();
    const denial = rule.check(order({ side: 'buy', qty: 100.001 }), BTC, v);
    expect(denial).toMatchObject({ rule: 'margin-available', details: { freeBalance: 1_000, leverage: 10 } });
    expect(denial!.details['margin']).toBeCloseTo(1_000.01, 9);
  });
  it('values a limit order at its price; leverage defaults to 1', () => {
    const limit = order({ side: 'buy', type: 'limit', qty: 10, price: 100.01 });
    // 10 × 100.01 / 10 = 100.01 > 100 although 10 × 50 / 10 at the last price would fit.
    const denial = rule.check(limit, BTC, book({ prices: { [BTC.symbol]: 50 }, free: 100 }));
    expect(denial?.details['margin']).toBeCloseTo(100.01, 9);
    expect(marginAvailable().check(limit, BTC, book({ free: 1_000 }))?.details['leverage']).toBe(1);
  });
  it('inverse: margin in coins, qty × 100 / price / leverage', () => {
    // 25 contracts × 100 USD / 50,000 = 0.05 BTC, / 5 = 0.01 BTC = free balance.
    const iv = book({ prices: { [INVERSE.symbol]: 50_000 }, free: 0.01 });
    expect(rule.check(order({ side: 'buy', qty: 24 }, INVERSE), INVERSE, iv)).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 25 }, INVERSE), INVERSE, iv)).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 26 }, INVERSE), INVERSE, iv)?.details).toMatchObject({
      freeBalance: 0.01,
    });
  });
  it('reduce-only and reducing orders need no margin', () => {
    const none = book({ prices: { [BTC.symbol]: 100 }, free: 0, account: { [BTC.symbol]: -5 } });
    expect(rule.check(order({ side: 'sell', qty: 5, reduceOnly: true }), BTC, none)).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 5 }), BTC, none)).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 5.001 }), BTC, none)?.rule).toBe('margin-available');
  });
});

describe('minSizeAndPrecision', () => {
  const inst = createInstrument({
    exchange: 'sim',
    symbol: 'BTC/USDT',
    kind: 'spot',
    tickSize: 0.1,
    lotSize: 0.001,
    minSize: 0.01,
    minNotional: 5,
  });
  const rule = minSizeAndPrecision();
  const v = book({ prices: { [inst.symbol]: 500 } });
  const limit = (qty: number, price: number) => order({ side: 'buy', type: 'limit', qty, price }, inst);
  it('min size: at passes, just under denies', () => {
    expect(rule.check(limit(0.011, 500), inst, v)).toBeUndefined();
    expect(rule.check(limit(0.01, 500), inst, v)).toBeUndefined();
    expect(rule.check(limit(0.009, 600), inst, v)?.details).toEqual({
      check: 'min-size',
      qty: 0.009,
      limit: 0.01,
    });
  });
  it('lot and tick grids, including attached stops', () => {
    expect(rule.check(limit(0.0105, 500), inst, v)?.details).toMatchObject({
      check: 'lot-size',
      limit: 0.001,
    });
    expect(rule.check(limit(0.3, 500.3), inst, v)).toBeUndefined(); // 0.3 / 0.001 and 500.3 / 0.1 are not exact
    expect(rule.check(limit(0.02, 500.05), inst, v)?.details).toMatchObject({
      check: 'tick-size',
      field: 'price',
      price: 500.05,
    });
    const sl = order({ side: 'buy', qty: 0.02, attachments: { stopLoss: { triggerPrice: 450.01 } } }, inst);
    expect(rule.check(sl, inst, v)?.details).toMatchObject({ field: 'stopLoss', limit: 0.1 });
  });
  it('min notional: 0.01 × 500 = 5 passes, 0.01 × 499.9 denies; applies to reduce-only too', () => {
    expect(rule.check(limit(0.01, 500.1), inst, v)).toBeUndefined();
    const under = order({ side: 'sell', type: 'limit', qty: 0.01, price: 499.9, reduceOnly: true }, inst);
    const denial = rule.check(under, inst, v);
    expect(denial).toMatchObject({ details: { check: 'min-notional', limit: 5 } });
    expect(denial!.details['notional']).toBeCloseTo(4.999, 12);
  });
  it('inverse: min size in contracts', () => {
    expect(rule.check(order({ side: 'buy', qty: 1 }, INVERSE), INVERSE, book())).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 1.5 }, INVERSE), INVERSE, book())?.details['check']).toBe(
      'lot-size',
    );
  });
});
