/**
 * The kernel's pre-trade rules at their boundaries: an order exactly at a limit passes, one an ε beyond
 * it is denied with the rule and the numbers — including limits that are not exact in binary floating
 * point (0.07 × 100 is 7.000000000000001 in doubles; 110 / 100 − 1 is 0.10000000000000009).
 */

import { describe, expect, it } from 'vitest';
import { fixedRiskView } from '../../test/support/risk-view.js';
import { clientOrderId, instrumentId, strategyId } from '../core/ids.js';
import { createInstrument, type Instrument } from '../core/instrument.js';
import { createOrder, type Order, type OrderParams } from '../core/order.js';
import {
  maxLeverage,
  maxOrderNotional,
  type PreTradeRule,
  priceBand,
  type RiskView,
  RuleRiskGate,
} from './risk-gate.js';

const LINEAR = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USDT:USDT',
  kind: 'swap',
  tickSize: 1e-8,
  lotSize: 1e-8,
  minSize: 0,
});

/** Inverse swap: 100 USD a contract, settled in BTC. */
const INVERSE = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USD:BTC',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 1,
  minSize: 1,
  contractValue: 100,
});

let seq = 0;
function order(
  params: Partial<OrderParams> & Pick<OrderParams, 'side' | 'qty'>,
  inst: Instrument = LINEAR,
): Order {
  seq += 1;
  return createOrder({
    clientOrderId: clientOrderId(`o${seq}`),
    strategyId: strategyId('s1'),
    instrumentId: instrumentId(inst.exchange, inst.symbol),
    type: 'market',
    tsInit: 0,
    ...params,
  });
}

function view(last: number, equity = 10_000, position = 0): RiskView {
  return fixedRiskView({ lastPrice: () => last, equity: () => equity, positionQty: () => position });
}

function check(rule: PreTradeRule, o: Order, v: RiskView, inst: Instrument = LINEAR) {
  return rule.check(o, inst, v);
}

describe('maxOrderNotional', () => {
  const rule = maxOrderNotional(1_000);

  it('passes at the limit and denies an ε above it (market orders at the last price)', () => {
    expect(check(rule, order({ side: 'buy', qty: 10 }), view(100))).toBeUndefined();
    const denial = check(rule, order({ side: 'sell', qty: 10.00000001 }), view(100));
    expect(denial).toMatchObject({
      rule: 'max-order-notional',
      details: { limit: 1_000 },
      message: 'order notional 1000.00 exceeds the limit 1000',
    });
    expect(denial!.details['notional']).toBeCloseTo(1_000.000001, 9);
  });

  it('prices a limit order at its price and a stop at its trigger, not at the last price', () => {
    const limit = order({ side: 'buy', type: 'limit', qty: 10, price: 100 });
    expect(check(rule, limit, view(50))).toBeUndefined();
    expect(
      check(rule, order({ side: 'buy', type: 'limit', qty: 10, price: 100.0001 }), view(50)),
    ).toBeDefined();
    const stop = order({ side: 'sell', type: 'stop-market', qty: 10, triggerPrice: 100.0001 });
    expect(check(rule, stop, view(50))?.rule).toBe('max-order-notional');
  });

  it('passes every boundary that is not exact in binary (k/100 contracts at 100 against a limit of k)', () => {
    const wrong: number[] = [];
    for (let k = 1; k < 1_000; k++) {
      const atLimit = order({ side: 'buy', qty: k / 100 });
      if (check(maxOrderNotional(k), atLimit, view(100)) !== undefined) wrong.push(k);
      const above = order({ side: 'buy', qty: k / 100 + 1e-8 });
      if (check(maxOrderNotional(k), above, view(100)) === undefined) wrong.push(-k);
    }
    expect(wrong).toEqual([]);
  });

  it('lets reduce-only orders through whatever their size', () => {
    expect(check(rule, order({ side: 'sell', qty: 1_000, reduceOnly: true }), view(100))).toBeUndefined();
  });

  it('counts an inverse contract at its face value in the quote currency', () => {
    expect(check(rule, order({ side: 'buy', qty: 10 }, INVERSE), view(50_000), INVERSE)).toBeUndefined();
    expect(check(rule, order({ side: 'buy', qty: 11 }, INVERSE), view(50_000), INVERSE)?.details).toEqual({
      notional: 1_100,
      limit: 1_000,
    });
  });
});

describe('priceBand', () => {
  const rule = priceBand(0.1);

  it('passes at ±10 % of the last price and denies an ε beyond, on both sides', () => {
    const at = (side: 'buy' | 'sell', price: number) =>
      check(rule, order({ side, type: 'limit', qty: 1, price }), view(100));
    expect(at('sell', 110)).toBeUndefined();
    expect(at('buy', 90)).toBeUndefined();
    expect(at('sell', 110.000001)).toMatchObject({ rule: 'price-band', details: { last: 100, band: 0.1 } });
    expect(at('buy', 89.999999)).toMatchObject({ rule: 'price-band', details: { price: 89.999999 } });
    expect(at('sell', 110.000001)!.message).toBe(
      'price 110.000001 is 10.00 % from the last price 100 (band 10.00 %)',
    );
  });

  it('passes every boundary that is not exact in binary (100 + k against a band of k %)', () => {
    const wrong: number[] = [];
    for (let k = 1; k < 100; k++) {
      const band = priceBand(k / 100);
      for (const price of [100 + k, 100 - k]) {
        if (check(band, order({ side: 'buy', type: 'limit', qty: 1, price }), view(100)) !== undefined)
          wrong.push(price);
      }
      const beyond = order({ side: 'buy', type: 'limit', qty: 1, price: 100 + k + 1e-6 });
      if (check(band, beyond, view(100)) === undefined) wrong.push(-k);
    }
    expect(wrong).toEqual([]);
  });

  it('checks the trigger of a stop; market orders and a missing last price pass', () => {
    const stop = order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 80 });
    expect(check(rule, stop, view(100))?.rule).toBe('price-band');
    expect(check(rule, order({ side: 'buy', qty: 1 }), view(100))).toBeUndefined();
    const far = order({ side: 'buy', type: 'limit', qty: 1, price: 1 });
    expect(check(rule, far, view(Number.NaN))).toBeUndefined();
  });
});

describe('maxLeverage', () => {
  const rule = maxLeverage(2);

  it('passes a position of exactly 2× equity and denies an ε more', () => {
    expect(check(rule, order({ side: 'buy', qty: 200 }), view(100, 10_000))).toBeUndefined();
    const denial = check(rule, order({ side: 'buy', qty: 200.000001 }), view(100, 10_000));
    expect(denial).toMatchObject({ rule: 'max-leverage', details: { equity: 10_000, limit: 2 } });
    expect(denial!.message).toBe('position worth 20000.00 would exceed 2× equity 10000.00');
  });

  it('counts the position after the order, gross of its sign', () => {
    // Long 100: buying 100 more reaches 2×; selling 300 leaves −200, also 2×.
    expect(check(rule, order({ side: 'buy', qty: 100 }), view(100, 10_000, 100))).toBeUndefined();
    expect(check(rule, order({ side: 'buy', qty: 100.0001 }), view(100, 10_000, 100))).toBeDefined();
    expect(check(rule, order({ side: 'sell', qty: 300 }), view(100, 10_000, 100))).toBeUndefined();
    expect(check(rule, order({ side: 'sell', qty: 300.0001 }), view(100, 10_000, 100))).toBeDefined();
    // Reduce-only orders pass; a limit order is valued at its price.
    expect(
      check(rule, order({ side: 'sell', qty: 900, reduceOnly: true }), view(100, 1, 1_000)),
    ).toBeUndefined();
    const limit = order({ side: 'buy', type: 'limit', qty: 200, price: 100.001 });
    expect(check(rule, limit, view(50, 10_000))).toBeDefined();
  });

  it('passes every boundary that is not exact in binary (k/100 contracts at 100, equity k, 1×)', () => {
    const wrong: number[] = [];
    for (let k = 1; k < 1_000; k++) {
      if (check(maxLeverage(1), order({ side: 'buy', qty: k / 100 }), view(100, k)) !== undefined)
        wrong.push(k);
    }
    expect(wrong).toEqual([]);
  });

  it('compares an inverse position with equity in the settle coin', () => {
    // Equity 1 BTC at 50,000: 2× is 2 BTC = 100,000 USD = 1,000 contracts of 100 USD.
    const at = (qty: number) => check(rule, order({ side: 'buy', qty }, INVERSE), view(50_000, 1), INVERSE);
    expect(at(1_000)).toBeUndefined();
    expect(at(1_001)).toMatchObject({
      rule: 'max-leverage',
      details: { exposure: 2.002, equity: 1, limit: 2 },
    });
  });
});

describe('RuleRiskGate', () => {
  it('runs the rules in order and returns the first denial; no rules pass everything', () => {
    const gate = new RuleRiskGate([maxOrderNotional(1_000), maxLeverage(0.05)]);
    expect(gate.check(order({ side: 'buy', qty: 20 }), LINEAR, view(100))?.rule).toBe('max-order-notional');
    expect(gate.check(order({ side: 'buy', qty: 6 }), LINEAR, view(100))?.rule).toBe('max-leverage');
    expect(gate.check(order({ side: 'buy', qty: 5 }), LINEAR, view(100))).toBeUndefined();
    expect(new RuleRiskGate().check(order({ side: 'buy', qty: 1e6 }), LINEAR, view(100))).toBeUndefined();
  });
});
