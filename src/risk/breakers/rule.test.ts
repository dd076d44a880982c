import { describe, expect, it } from 'vitest';
import { strategyId } from '../../core/ids.js';
import { instrumentIdOf } from '../../core/instrument.js';
import type { Order, OrderParams } from '../../core/order.js';
import { RuleRiskGate } from '../../engine/risk-gate.js';
import { BTC, book, ETH, order } from '../rules/test-fixtures.js';
import { breakerRule } from './rule.js';
import { JAN_1, setup } from './test-fixtures.js';
import type { BreakerConfig } from './types.js';

const streak = (pause: 'strategy' | 'account'): BreakerConfig => ({
  kind: 'consecutive-losses',
  pause,
  resume: 'manual',
  maxLosses: 1,
});

/** s1 is long 2 BTC and paused by a losing trade; s2 is flat. */
function pausedS1(pause: 'strategy' | 'account' = 'strategy') {
  const { board } = setup([streak(pause)]);
  board.tradeClosed('s1', -25);
  const view = book({ strategies: { s1: { [BTC.symbol]: 2 } }, now: JAN_1 });
  return { rule: breakerRule(board), board, view };
}

describe('breakerRule', () => {
  it('denies an opening order of a paused strategy with breaker:<kind> and the numbers', () => {
    const { rule, view } = pausedS1();
    expect(rule.name).toBe('breaker');
    const denial = rule.check(order({ side: 'buy', qty: 1 }), BTC, view);
    expect(denial).toMatchObject({
      rule: 'breaker:consecutive-losses',
      details: {
        breaker: 'consecutive-losses',
        target: 'strategy:s1',
        losses: 1,
        limit: 1,
        lastPnl: -25,
        trippedAt: JAN_1,
        resume: 'manual',
      },
    });
    expect(denial?.message).toBe(
      'strategy s1 is paused (consecutive-losses breaker on strategy s1): strategy s1 closed 1 losing trades in a row (total -25.00), reaching the limit 1',
    );
  });

  it('lets a paused strategy reduce its own position, not flip it', () => {
    const { rule, view } = pausedS1();
    expect(rule.check(order({ side: 'sell', qty: 2 }), BTC, view)).toBeUndefined();
    expect(rule.check(order({ side: 'sell', qty: 1, reduceOnly: true }), BTC, view)).toBeUndefined();
    expect(rule.check(order({ side: 'sell', qty: 3 }), BTC, view)?.rule).toBe('breaker:consecutive-losses');
  });

  it("uses the strategy's position, not the account's", () => {
    const { rule } = pausedS1();
    const view = book({ account: { [BTC.symbol]: 2 }, strategies: { s1: { [BTC.symbol]: 0 } } });
    expect(rule.check(order({ side: 'sell', qty: 1 }), BTC, view)?.rule).toBe('breaker:consecutive-losses');
  });

  it('other strategies trade on under a strategy trip, not under an account trip', () => {
    const s2Order = () => order({ side: 'buy', qty: 1, strategyId: strategyId('s2') });
    const { rule, view } = pausedS1('strategy');
    expect(rule.check(s2Order(), BTC, view)).toBeUndefined();
    const account = pausedS1('account');
    expect(account.rule.check(s2Order(), BTC, account.view)?.details).toMatchObject({ target: 'account' });
  });

  it('passes everything once resumed, inside a gate', () => {
    const { rule, board, view } = pausedS1();
    const gate = new RuleRiskGate([rule]);
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)?.rule).toBe('breaker:consecutive-losses');
    board.resume('consecutive-losses', { kind: 'strategy', strategyId: 's1' });
    expect(gate.check(order({ side: 'buy', qty: 1 }), BTC, view)).toBeUndefined();
  });

  describe('a paused strategy closes only its own position, net of its working closing orders', () => {
    const sell = (qty: number, extra: Partial<OrderParams> = {}) => order({ side: 'sell', qty, ...extra });
    const paused = (own: number, open: readonly Order[] = [], account = own) => {
      const { rule } = pausedS1();
      const view = book({
        account: { [BTC.symbol]: account },
        strategies: { s1: { [BTC.symbol]: own } },
        open,
      });
      return (o: Order) => rule.check(o, BTC, view);
    };

    it("reduce-only is no pass: with no position of its own it may not sell against another's long", () => {
      const check = paused(0, [], 5);
      const denial = check(sell(1, { reduceOnly: true }));
      expect(denial).toMatchObject({
        rule: 'breaker:consecutive-losses',
        details: { strategyPosition: 0, workingCloseQty: 0, orderQty: 1 },
      });
      expect(paused(2)(order({ side: 'buy', qty: 1, reduceOnly: true }))?.rule).toBe(
        'breaker:consecutive-losses',
      );
    });

    it('resting sells count against the long: a second sell of 1 against a long of 1 is denied', () => {
      const resting = { ...sell(1, { type: 'limit', price: 50_000 }), status: 'Accepted' as const };
      const check = paused(1, [resting]);
      expect(check(sell(1))?.details).toMatchObject({ strategyPosition: 1, workingCloseQty: 1, orderQty: 1 });
      expect(paused(1)(sell(1))).toBeUndefined();
    });

    it("counts what is left of the strategy's working closing orders on this instrument only", () => {
      const working = [
        { ...sell(2, { type: 'limit', price: 50_000 }), status: 'PartiallyFilled' as const, filledQty: 1.5 },
        { ...sell(3, { type: 'limit', price: 50_000 }), instrumentId: instrumentIdOf(ETH) },
        order({ side: 'buy', qty: 4, type: 'limit', price: 40_000 }), // adds to the long: not closing
        sell(5, { strategyId: strategyId('s2') }),
      ];
      const check = paused(2, working);
      expect(check(sell(1.5))).toBeUndefined(); // 0.5 left + 1.5 = 2
      expect(check(sell(1.6))?.details).toMatchObject({ workingCloseQty: 0.5 });
    });

    it('a short closes with buys; the order itself, if the view lists it, is not counted twice', () => {
      const buy = order({ side: 'buy', qty: 2 });
      expect(paused(-2, [buy])(buy)).toBeUndefined();
      expect(paused(-2)(order({ side: 'buy', qty: 2.5 }))?.rule).toBe('breaker:consecutive-losses');
    });
  });
});
