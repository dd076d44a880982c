import { describe, expect, it } from 'vitest';
import { strategyId } from '../../core/ids.js';
import { PRE_TRADE_RULES } from '../config/catalogue.js';
import { BTC, book, order } from '../rules/test-fixtures.js';
import { type ScopedPreTradeRule, ScopedRiskGate } from './scoped-gate.js';

const rule = (
  r: string,
  params: unknown,
  scope: 'global' | 'account' | 'strategy' = 'global',
  scopeId = '',
): ScopedPreTradeRule => ({
  scope,
  scopeId,
  rule: r,
  entry: PRE_TRADE_RULES[r]!,
  params,
});

const view = book({ prices: { 'BTC/USDT:USDT': 100 }, equity: 10_000, free: 10_000, now: 1_000 });

describe('ScopedRiskGate', () => {
  it('applies global and this account’s rules to everyone, a strategy’s rules to that strategy only', () => {
    const gate = new ScopedRiskGate('acct-1');
    gate.update([
      rule('max-order-qty', { limit: 10 }),
      rule('max-order-qty', { limit: 1 }, 'account', 'another-account'),
      rule('max-order-qty', { limit: 2 }, 'strategy', 's2'),
    ]);
    expect(gate.size).toBe(2);
    expect(gate.check(order({ side: 'buy', qty: 5 }), BTC, view)).toBeUndefined();
    expect(gate.check(order({ side: 'buy', qty: 11 }), BTC, view)?.details).toMatchObject({ limit: 10 });
    expect(
      gate.check(order({ side: 'buy', qty: 5, strategyId: strategyId('s2') }), BTC, view)?.details,
    ).toMatchObject({ limit: 2 });
  });

  it('runs stateful rules last, so an order another scope denies is not counted against the rate', () => {
    const gate = new ScopedRiskGate('acct-1');
    gate.update([
      rule('order-rate', { perAccount: { count: 2, windowMs: 10_000 } }),
      rule('max-order-qty', { limit: 1 }, 'strategy', 's1'),
    ]);
    for (let i = 0; i < 5; i++)
      expect(gate.check(order({ side: 'buy', qty: 2 }), BTC, view)?.rule).toBe('max-order-qty');
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)).toBeUndefined();
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)).toBeUndefined();
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)?.rule).toBe('order-rate');
  });

  it('keeps the state of an unchanged rule across an update; a changed rule starts afresh', () => {
    const gate = new ScopedRiskGate('acct-1');
    const rate = rule('order-rate', { perAccount: { count: 1, windowMs: 10_000 } });
    gate.update([rate]);
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)).toBeUndefined();
    gate.update([rate, rule('max-order-qty', { limit: 5 })]);
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)?.rule).toBe('order-rate');
    gate.update([rule('order-rate', { perAccount: { count: 2, windowMs: 10_000 } })]);
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)).toBeUndefined();
  });

  it('runs the environment’s fixed rules between the stored plain and stateful ones', () => {
    const seen: string[] = [];
    const gate = new ScopedRiskGate('acct-1', [
      {
        name: 'fixed',
        check: () => {
          seen.push('fixed');
          return undefined;
        },
      },
    ]);
    gate.update([rule('max-order-qty', { limit: 1 })]);
    expect(gate.check(order({ side: 'buy', qty: 2 }), BTC, view)?.rule).toBe('max-order-qty');
    expect(seen).toEqual([]);
    gate.check(order({ side: 'buy', qty: 1 }), BTC, view);
    expect(seen).toEqual(['fixed']);
  });
});
