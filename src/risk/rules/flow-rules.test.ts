import { describe, expect, it } from 'vitest';
import { strategyId } from '../../core/ids.js';
import { RuleRiskGate } from '../../engine/risk-gate.js';
import { maxOpenOrders, orderRate } from './flow-rules.js';
import { maxOrderQty } from './order-rules.js';
import { BTC, book, order } from './test-fixtures.js';

const at = (now: number) => book({ now });

describe('orderRate', () => {
  it('allows count orders in any window (now − windowMs, now], denies the next', () => {
    const rule = orderRate({ perStrategy: { count: 2, windowMs: 1_000 } });
    const o = () => order({ side: 'buy', qty: 1 });
    expect(rule.check(o(), BTC, at(0))).toBeUndefined();
    expect(rule.check(o(), BTC, at(500))).toBeUndefined();
    expect(rule.check(o(), BTC, at(999))).toMatchObject({
      rule: 'order-rate',
      details: { scope: 'strategy', count: 3, limit: 2, windowMs: 1_000 },
    });
    // At 1,000 the order at 0 has left the window (the denial at 999 was not recorded).
    expect(rule.check(o(), BTC, at(1_000))).toBeUndefined();
    expect(rule.check(o(), BTC, at(1_001))?.rule).toBe('order-rate');
    // Another strategy has its own window.
    expect(rule.check(order({ side: 'buy', qty: 1, strategyId: strategyId('s2') }), BTC, at(1_001))).toBe(
      undefined,
    );
  });

  it('counts the account across strategies; reduce-only passes but is recorded', () => {
    const rule = orderRate({ perAccount: { count: 2, windowMs: 1_000 } });
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, at(0))).toBeUndefined();
    const other = order({ side: 'sell', qty: 1, reduceOnly: true, strategyId: strategyId('s2') });
    expect(rule.check(other, BTC, at(1))).toBeUndefined();
    expect(rule.check(other, BTC, at(2))).toBeUndefined(); // third, reduce-only: passes
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, at(3))?.details).toMatchObject({
      scope: 'account',
      count: 4,
    });
  });

  it('as the last rule of a gate, orders denied earlier do not count', () => {
    const gate = new RuleRiskGate([maxOrderQty(1), orderRate({ perAccount: { count: 1, windowMs: 1_000 } })]);
    expect(gate.check(order({ side: 'buy', qty: 2 }), BTC, at(0))?.rule).toBe('max-order-qty');
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, at(1))).toBeUndefined();
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, at(2))?.rule).toBe('order-rate');
  });
});

describe('maxOpenOrders', () => {
  const rule = maxOpenOrders({ perStrategy: 2, perAccount: 3 });
  const working = (n: number, sid = 's1') =>
    Array.from({ length: n }, () => order({ side: 'buy', qty: 1, strategyId: strategyId(sid) }));
  it('per strategy: 1 working + new = 2 passes, 2 + new denies', () => {
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, book({ open: working(0) }))).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, book({ open: working(1) }))).toBeUndefined();
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, book({ open: working(2) }))).toMatchObject({
      rule: 'max-open-orders',
      details: { scope: 'strategy', count: 3, limit: 2 },
    });
  });
  it('per account: other strategies count; reduce-only passes', () => {
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, book({ open: working(2, 's2') }))).toBe(undefined);
    const full = book({ open: [...working(1), ...working(2, 's2')] });
    expect(rule.check(order({ side: 'buy', qty: 1 }), BTC, full)?.details).toEqual({
      scope: 'account',
      count: 4,
      limit: 3,
    });
    expect(rule.check(order({ side: 'sell', qty: 1, reduceOnly: true }), BTC, full)).toBeUndefined();
  });
});
