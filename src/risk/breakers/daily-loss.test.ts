import { describe, expect, it } from 'vitest';
import { ACCOUNT, DAY, JAN_1, setup, strategy } from './test-fixtures.js';
import type { DailyLossConfig } from './types.js';

const account = (extra: Partial<DailyLossConfig> = {}): DailyLossConfig => ({
  kind: 'daily-loss',
  pause: 'account',
  resume: 'manual',
  maxLoss: 500,
  ...extra,
});

describe('daily-loss', () => {
  it.each([
    [9_500.01, false],
    [9_500, true],
    [9_499.99, true],
  ])('equity 10,000 at the day start, %d later: trips %s (at the limit trips)', (equity, trips) => {
    const { board, step, events } = setup([account()]);
    step(JAN_1 + 1_000);
    step(JAN_1 + 2_000, equity);
    expect(board.pausedBy('s1') !== undefined).toBe(trips);
    expect(events).toHaveLength(trips ? 1 : 0);
  });

  it('reports the loss, the limit and the day in the trip', () => {
    const { board, step } = setup([account()]);
    step(JAN_1 + 1_000);
    step(JAN_1 + 2_000, 9_400);
    const trip = board.pausedBy('s1')!;
    expect(trip).toMatchObject({
      breaker: 'daily-loss',
      target: ACCOUNT,
      at: JAN_1 + 2_000,
      resume: 'manual',
      details: { loss: 600, limit: 500, baseline: 10_000, current: 9_400, day: '2024-01-01', maxLoss: 500 },
    });
    expect(trip.reason).toBe('the account lost 600.00 on 2024-01-01, reaching the daily loss limit 500.00');
    expect(trip.resumeAt).toBeUndefined();
  });

  it('a fraction of the day-start equity reaches its limit despite float rounding (0.07 × 100)', () => {
    const { board, step } = setup([account({ maxLoss: undefined, maxLossFraction: 0.07 })], undefined);
    step(JAN_1, 100);
    step(JAN_1 + 1, 93.000001);
    expect(board.pausedBy('s1')).toBeUndefined();
    step(JAN_1 + 2, 93);
    expect(board.pausedBy('s1')?.details).toMatchObject({ maxLossFraction: 0.07, dayStartEquity: 100 });
  });

  it('the tighter of maxLoss and maxLossFraction applies', () => {
    const { board, step } = setup([account({ maxLoss: 500, maxLossFraction: 0.02 })]);
    step(JAN_1);
    step(JAN_1 + 1, 9_800.01);
    expect(board.pausedBy('s1')).toBeUndefined();
    step(JAN_1 + 2, 9_800);
    expect(board.pausedBy('s1')?.details['limit']).toBe(200);
  });

  it('the baseline is taken at the first evaluation of each UTC day', () => {
    const { board, step } = setup([account()]);
    step(JAN_1 + 20 * 3_600_000); // 20:00Z
    step(JAN_1 + DAY - 1, 9_600); // −400 on Jan 1
    step(JAN_1 + DAY, 9_600); // 00:00Z Jan 2: new baseline 9,600
    step(JAN_1 + DAY + 1_000, 9_101); // −499 on Jan 2
    expect(board.pausedBy('s1')).toBeUndefined();
    step(JAN_1 + DAY + 2_000, 9_100);
    expect(board.pausedBy('s1')?.details).toMatchObject({ baseline: 9_600, day: '2024-01-02' });
  });

  it('auto resumes at the next UTC day start by default, with a fresh baseline', () => {
    const { board, step, events, types } = setup([account({ resume: 'auto' })]);
    step(JAN_1 + 15 * 3_600_000);
    step(JAN_1 + 16 * 3_600_000, 9_000);
    expect(board.pausedBy('s1')?.resumeAt).toBe(JAN_1 + DAY);
    step(JAN_1 + DAY - 1, 8_000);
    expect(board.pausedBy('s1')).toBeDefined();
    step(JAN_1 + DAY, 8_000);
    expect(board.pausedBy('s1')).toBeUndefined();
    expect(types()).toEqual(['tripped:daily-loss', 'resumed:auto']);
    expect(events[1]).toMatchObject({ type: 'resumed', by: 'auto', at: JAN_1 + DAY });
    step(JAN_1 + DAY + 1, 7_501); // −499 from the new baseline 8,000
    expect(board.pausedBy('s1')).toBeUndefined();
  });

  it('auto resumes after cooldownMs when given, the allowance starting afresh', () => {
    const { board, step, types } = setup([account({ resume: 'auto', cooldownMs: 60_000 })]);
    step(JAN_1);
    step(JAN_1 + 1_000, 9_500);
    expect(board.pausedBy('s1')?.resumeAt).toBe(JAN_1 + 61_000);
    step(JAN_1 + 60_999);
    expect(board.pausedBy('s1')).toBeDefined();
    step(JAN_1 + 61_000);
    expect(board.pausedBy('s1')).toBeUndefined();
    step(JAN_1 + 62_000, 9_001);
    expect(types()).toEqual(['tripped:daily-loss', 'resumed:auto']);
  });

  it('per strategy: the PnL since the day start, the fraction of the account equity then', () => {
    const { board, step, inputs } = setup([
      { kind: 'daily-loss', pause: 'strategy', resume: 'manual', maxLossFraction: 0.01 },
    ]);
    inputs.pnl.set('s1', 300);
    inputs.pnl.set('s2', -50);
    step(JAN_1); // baselines 300 and −50; equity 10,000 → limit 100
    inputs.pnl.set('s1', 200.01);
    inputs.pnl.set('s2', -149);
    step(JAN_1 + 1, 5_000);
    expect(board.pausedBy('s1')).toBeUndefined();
    inputs.pnl.set('s1', 200);
    step(JAN_1 + 2);
    expect(board.pausedBy('s1')).toMatchObject({
      target: strategy('s1'),
      details: { loss: 100, limit: 100, dayStartEquity: 10_000 },
    });
    expect(board.pausedBy('s2')).toBeUndefined();
  });

  describe('a value that is not finite (marks missing after a restart) is ignored', () => {
    it('the day starts at the first finite equity, not at NaN', () => {
      const { board, step } = setup([account()]);
      step(JAN_1, Number.NaN);
      step(JAN_1 + 1, 10_000);
      step(JAN_1 + 2, Number.NaN); // the baseline stays
      step(JAN_1 + 3, 9_500);
      expect(board.pausedBy('s1')?.details).toMatchObject({ baseline: 10_000, loss: 500 });
    });

    it('per strategy: the day starts at the first finite PnL, and with a fraction once the equity is finite', () => {
      const { board, step, inputs } = setup([
        { kind: 'daily-loss', pause: 'strategy', resume: 'manual', maxLossFraction: 0.01 },
      ]);
      inputs.pnl.set('s1', Number.NaN);
      inputs.pnl.set('s2', 0);
      step(JAN_1, Number.NaN); // s1 has no PnL, s2 no fraction base
      inputs.pnl.set('s1', 0);
      step(JAN_1 + 1, 10_000); // both start: limit 100 each
      inputs.pnl.set('s1', -100);
      inputs.pnl.set('s2', -100);
      step(JAN_1 + 2);
      expect(board.pausedBy('s1')?.details).toMatchObject({
        baseline: 0,
        limit: 100,
        dayStartEquity: 10_000,
      });
      expect(board.pausedBy('s2')?.details).toMatchObject({
        baseline: 0,
        limit: 100,
        dayStartEquity: 10_000,
      });
    });

    it('a new day whose first evaluations are NaN does not keep the old baseline', () => {
      const { board, step } = setup([account()]);
      step(JAN_1, 10_000);
      step(JAN_1 + DAY, Number.NaN);
      step(JAN_1 + DAY + 1, 9_000); // Jan 2's baseline, not a 1,000 loss from Jan 1's
      expect(board.pausedBy('s1')).toBeUndefined();
      step(JAN_1 + DAY + 2, 8_500);
      expect(board.pausedBy('s1')?.details).toMatchObject({ baseline: 9_000, day: '2024-01-02' });
    });

    it('a resume while the equity is NaN re-arms at the next finite equity', () => {
      const { board, step, types } = setup([account({ resume: 'auto' })]);
      step(JAN_1, 10_000);
      step(JAN_1 + 1, 9_000);
      step(JAN_1 + DAY, Number.NaN); // auto resume at the day start, no mark yet
      step(JAN_1 + DAY + 1, 8_000);
      step(JAN_1 + DAY + 2, 7_500);
      expect(types()).toEqual(['tripped:daily-loss', 'resumed:auto', 'tripped:daily-loss']);
      expect(board.pausedBy('s1')?.details).toMatchObject({ baseline: 8_000, loss: 500 });
    });
  });
});
