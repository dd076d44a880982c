import { describe, expect, it } from 'vitest';
import { ACCOUNT, JAN_1, setup, strategy } from './test-fixtures.js';
import type { MaxDrawdownConfig } from './types.js';

const account = (extra: Partial<MaxDrawdownConfig> = {}): MaxDrawdownConfig => ({
  kind: 'max-drawdown',
  pause: 'account',
  resume: 'manual',
  maxDrawdown: 0.1,
  ...extra,
});

describe('max-drawdown', () => {
  it.each([
    [9_900.01, false],
    [9_900, true],
    [9_899.99, true],
  ])('peak 11,000, equity %d: trips %s (at the limit trips)', (equity, trips) => {
    const { board, step } = setup([account()]);
    step(JAN_1, 10_000);
    step(JAN_1 + 1, 11_000);
    step(JAN_1 + 2, 10_500);
    step(JAN_1 + 3, equity);
    expect(board.pausedBy('s1') !== undefined).toBe(trips);
  });

  it('the trip carries the drawdown, the limit and the peak', () => {
    const { board, step } = setup([account()]);
    step(JAN_1, 10_000);
    step(JAN_1 + 1, 8_500);
    expect(board.pausedBy('s1')).toMatchObject({
      breaker: 'max-drawdown',
      target: ACCOUNT,
      details: { drawdown: 0.15, limit: 0.1, peak: 10_000, current: 8_500 },
    });
    expect(board.pausedBy('s1')?.reason).toBe(
      'the account is 15.00 % below its peak equity 10000.00 (equity 8500.00), reaching the maximum drawdown 10.00 %',
    );
  });

  it('a manual resume restarts the peak at the current equity', () => {
    const { board, step, types } = setup([account()]);
    step(JAN_1, 10_000);
    step(JAN_1 + 1, 9_000);
    expect(board.resume('max-drawdown', ACCOUNT)).toBe(true);
    expect(board.resume('max-drawdown', ACCOUNT)).toBe(false);
    step(JAN_1 + 2, 8_100.01); // 9.9999 % below the new peak 9,000
    expect(board.pausedBy('s1')).toBeUndefined();
    step(JAN_1 + 3, 8_100);
    expect(types()).toEqual(['tripped:max-drawdown', 'resumed:manual', 'tripped:max-drawdown']);
  });

  it('auto resumes after cooldownMs', () => {
    const { board, step, types } = setup([account({ resume: 'auto', cooldownMs: 1_000 })]);
    step(JAN_1, 10_000);
    step(JAN_1 + 1, 9_000);
    expect(board.pausedBy('s1')?.resumeAt).toBe(JAN_1 + 1_001);
    step(JAN_1 + 1_000);
    expect(board.pausedBy('s1')).toBeDefined();
    step(JAN_1 + 1_001);
    expect(board.pausedBy('s1')).toBeUndefined();
    expect(types()).toEqual(['tripped:max-drawdown', 'resumed:auto']);
  });

  it('per strategy: the drop from its PnL peak over the account equity at that peak', () => {
    const { board, step, inputs } = setup([{ ...account({ maxDrawdown: 0.05 }), pause: 'strategy' }]);
    inputs.pnl.set('s1', 1_000);
    step(JAN_1, 20_000); // s1 peak 1,000 at equity 20,000: the limit is a drop of 1,000
    inputs.pnl.set('s1', 0.01);
    step(JAN_1 + 1, 5_000); // the equity now does not move the base
    expect(board.pausedBy('s1')).toBeUndefined();
    inputs.pnl.set('s1', 0);
    step(JAN_1 + 2);
    expect(board.pausedBy('s1')).toMatchObject({
      target: strategy('s1'),
      details: { drawdown: 0.05, peak: 1_000, current: 0, base: 20_000 },
    });
    expect(board.pausedBy('s2')).toBeUndefined();
  });

  describe('a value that is not finite is ignored', () => {
    const perStrategy = account({ pause: 'strategy' });

    it("a strategy's peak waits for a finite account equity (its base)", () => {
      const { board, step, inputs } = setup([perStrategy]);
      inputs.ids = ['s1'];
      inputs.pnl.set('s1', 1_000);
      step(JAN_1, Number.NaN);
      step(JAN_1 + 1, 10_000);
      inputs.pnl.set('s1', 0);
      step(JAN_1 + 2);
      expect(board.pausedBy('s1')?.details).toMatchObject({ peak: 1_000, base: 10_000, drawdown: 0.1 });
    });

    it('a higher PnL while the account equity is NaN keeps the last peak and its base', () => {
      const { board, step, inputs } = setup([perStrategy]);
      inputs.ids = ['s1'];
      inputs.pnl.set('s1', 1_000);
      step(JAN_1, 10_000);
      inputs.pnl.set('s1', 1_100);
      step(JAN_1 + 1, Number.NaN);
      inputs.pnl.set('s1', 0);
      step(JAN_1 + 2, 10_000);
      expect(board.pausedBy('s1')?.details).toMatchObject({ peak: 1_000, base: 10_000 });
    });

    it('a resume while the account equity is NaN takes the peak at the next finite values', () => {
      const { board, step, inputs } = setup([perStrategy]);
      inputs.ids = ['s1'];
      inputs.pnl.set('s1', 1_000);
      step(JAN_1, 10_000);
      inputs.pnl.set('s1', 0);
      step(JAN_1 + 1);
      inputs.equity = Number.NaN;
      expect(board.resume('max-drawdown', strategy('s1'))).toBe(true);
      step(JAN_1 + 2, 9_000);
      inputs.pnl.set('s1', -900);
      step(JAN_1 + 3);
      expect(board.pausedBy('s1')?.details).toMatchObject({ peak: 0, base: 9_000, drawdown: 0.1 });
    });
  });
});
