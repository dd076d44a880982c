import { describe, expect, it } from 'vitest';
import { strategyId } from '../../core/ids.js';
import { portfolioHeat, positionHeat, riskBudget } from './heat.js';
import { BTC, book, ETH, INVERSE, order, stop } from './test-fixtures.js';

const prices = { [BTC.symbol]: 100, [ETH.symbol]: 10, [INVERSE.symbol]: 50_000 };
const withStop = (qty: number, triggerPrice: number, inst = BTC) =>
  order({ side: 'buy', qty, attachments: { stopLoss: { triggerPrice } } }, inst);

describe('positionHeat', () => {
  it('stops cover their qty, farthest first; the rest counts its whole notional or the default distance', () => {
    // Long 10 @ 100: stop 4 @ 95 → 20, 6 unprotected → 600 (or 6 × 10 = 60 at a 10 % default).
    expect(positionHeat(BTC, 10, 100, [stop(BTC, 'sell', 4, 95)])).toBeCloseTo(620, 9);
    expect(positionHeat(BTC, 10, 100, [stop(BTC, 'sell', 4, 95)], { defaultStopDistance: 0.1 })).toBeCloseTo(
      80,
      9,
    );
    // Two stops for 10 + 10 on a position of 10: the farther one (90) counts.
    expect(positionHeat(BTC, 10, 100, [stop(BTC, 'sell', 10, 95), stop(BTC, 'sell', 10, 90)])).toBe(100);
    // A sell stop above the price is a take-profit, not a stop; a buy stop protects a short.
    expect(positionHeat(BTC, 10, 100, [stop(BTC, 'sell', 10, 105)])).toBe(1_000);
    expect(positionHeat(BTC, -10, 100, [stop(BTC, 'buy', 10, 105)])).toBe(50);
  });
});

describe('portfolioHeat', () => {
  // Equity 10,000 at 2 %: 200. Long 10 BTC @ 100 stopped at 95 (50); long 5 ETH @ 10 unprotected (50).
  const v = book({
    prices,
    equity: 10_000,
    account: { [BTC.symbol]: 10, [ETH.symbol]: 5 },
    open: [stop(BTC, 'sell', 10, 95)],
  });
  const rule = portfolioHeat(0.02);
  it('adds the loss to the new order’s stop-loss: 100 + 10 × 10 = 200 passes, 10 × 10.01 denies', () => {
    expect(rule.check(withStop(10, 90.01), BTC, v)).toBeUndefined();
    expect(rule.check(withStop(10, 90), BTC, v)).toBeUndefined();
    const denial = rule.check(withStop(10, 89.99), BTC, v);
    expect(denial).toMatchObject({ rule: 'portfolio-heat', details: { equity: 10_000, limit: 0.02 } });
    expect(denial!.details['heat']).toBeCloseTo(200.1, 9);
    expect(denial!.details['maxHeat']).toBe(200);
  });
  it('an order without a stop-loss counts its whole notional (or the default distance)', () => {
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, v)).toBeUndefined(); // 100 + 100
    expect(rule.check(order({ side: 'buy', qty: 1.001 }), BTC, v)?.details['heat']).toBeCloseTo(200.1, 9);
    const wide = portfolioHeat(0.02, { defaultStopDistance: 0.1 }); // ETH 5 → 5; BTC 50; order 20 × 10
    expect(wide.check(order({ side: 'buy', qty: 14.5 }), BTC, v)).toBeUndefined();
    expect(wide.check(order({ side: 'buy', qty: 14.501 }), BTC, v)?.rule).toBe('portfolio-heat');
  });
  it('reduce-only and position-reducing orders pass', () => {
    const hot = book({ prices, equity: 100, account: { [BTC.symbol]: 10 } });
    expect(rule.check(order({ side: 'sell', qty: 5 }), BTC, hot)).toBeUndefined();
    expect(rule.check(stop(BTC, 'sell', 10, 95), BTC, hot)).toBeUndefined();
    expect(rule.check(order({ side: 'sell', qty: 10.001 }), BTC, hot)?.rule).toBe('portfolio-heat');
  });
  it('inverse: 1,000 contracts stopped from 50,000 at 40,000 lose 100,000 × (1/40,000 − 1/50,000) = 0.5 BTC', () => {
    const iv = book({ prices, equity: 1 });
    const half = portfolioHeat(0.5);
    expect(half.check(withStop(1_000, 40_000, INVERSE), INVERSE, iv)).toBeUndefined();
    expect(half.check(withStop(1_000, 39_990, INVERSE), INVERSE, iv)?.details['heat']).toBeCloseTo(
      100_000 * (1 / 39_990 - 1 / 50_000),
      12,
    );
  });
});

describe('riskBudget', () => {
  // s1: long 10 BTC stopped at 95 (50) with its own stop; s2 holds 100 BTC unprotected (not s1's).
  const v = book({
    prices,
    equity: 10_000,
    account: { [BTC.symbol]: 110 },
    strategies: { s1: { [BTC.symbol]: 10 }, s2: { [BTC.symbol]: 100 } },
    open: [stop(BTC, 'sell', 10, 95, 's1')],
  });
  const rule = riskBudget({ perStrategy: { s1: 0.01 } });
  it('s1 budget 1 % = 100: 50 + 10 × 5 passes, 10 × 5.01 denies', () => {
    expect(rule.check(withStop(10, 95.01), BTC, v)).toBeUndefined();
    expect(rule.check(withStop(10, 95), BTC, v)).toBeUndefined();
    const denial = rule.check(withStop(10, 94.99), BTC, v);
    expect(denial).toMatchObject({
      rule: 'risk-budget',
      details: { strategy: 's1', limit: 0.01, maxHeat: 100 },
    });
    expect(denial!.details['heat']).toBeCloseTo(100.1, 9);
  });
  it('strategies without a budget pass unless a default is set; reducing orders pass', () => {
    const s2 = order({ side: 'buy', qty: 1_000, strategyId: strategyId('s2') });
    expect(rule.check(s2, BTC, v)).toBeUndefined();
    expect(riskBudget({ perStrategy: {}, default: 0.01 }).check(s2, BTC, v)?.details['strategy']).toBe('s2');
    expect(rule.check(order({ side: 'sell', qty: 10 }), BTC, v)).toBeUndefined();
  });
});
