import { describe, expect, it } from 'vitest';
import { ACCOUNT, JAN_1, setup, strategy } from './test-fixtures.js';
import type { ConsecutiveLossesConfig } from './types.js';

const perStrategy = (extra: Partial<ConsecutiveLossesConfig> = {}): ConsecutiveLossesConfig => ({
  kind: 'consecutive-losses',
  pause: 'strategy',
  resume: 'manual',
  maxLosses: 3,
  ...extra,
});

describe('consecutive-losses', () => {
  it('2 losses in a row pass, the 3rd trips, a 4th does not trip again', () => {
    const { board, events } = setup([perStrategy()]);
    board.tradeClosed('s1', -10);
    board.tradeClosed('s1', -20);
    expect(board.pausedBy('s1')).toBeUndefined();
    board.tradeClosed('s1', -30);
    expect(board.pausedBy('s1')).toMatchObject({
      target: strategy('s1'),
      at: JAN_1,
      details: { losses: 3, limit: 3, streakPnl: -60, lastPnl: -30 },
    });
    board.tradeClosed('s1', -40);
    expect(events).toHaveLength(1);
  });

  it('a win resets the streak; a break-even trade neither counts nor resets', () => {
    const { board } = setup([perStrategy()]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', 0.01);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')).toBeUndefined();
    board.tradeClosed('s1', 0);
    expect(board.pausedBy('s1')).toBeUndefined();
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')?.details['losses']).toBe(3);
  });

  it('per strategy: streaks are separate and only the losing strategy is paused', () => {
    const { board } = setup([perStrategy({ maxLosses: 2 })]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s2', -1);
    expect(board.pausedBy('s1')).toBeUndefined();
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')).toBeDefined();
    expect(board.pausedBy('s2')).toBeUndefined();
  });

  it('per account: one streak across strategies pauses every strategy', () => {
    const { board } = setup([perStrategy({ maxLosses: 2, pause: 'account' })]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s2', -1);
    expect(board.pausedBy('s1')?.target).toEqual(ACCOUNT);
    expect(board.pausedBy('s2')?.target).toEqual(ACCOUNT);
    expect(board.pausedBy('s3')?.target).toEqual(ACCOUNT);
  });

  it('only the listed strategies are watched', () => {
    const { board } = setup([perStrategy({ maxLosses: 1, strategies: ['s2'] })]);
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')).toBeUndefined();
    board.tradeClosed('s2', -1);
    expect(board.pausedBy('s2')).toBeDefined();
  });

  it('auto resumes on evaluate after cooldownMs with a fresh streak', () => {
    const { board, step, types } = setup([perStrategy({ maxLosses: 2, resume: 'auto', cooldownMs: 5_000 })]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    step(JAN_1 + 4_999);
    expect(board.pausedBy('s1')).toBeDefined();
    step(JAN_1 + 5_000);
    expect(board.pausedBy('s1')).toBeUndefined();
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')).toBeUndefined();
    expect(types()).toEqual(['tripped:consecutive-losses', 'resumed:auto']);
  });

  it('a pnl that is not finite neither counts nor resets', () => {
    const { board } = setup([perStrategy()]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', Number.NaN);
    board.tradeClosed('s1', Number.POSITIVE_INFINITY);
    expect(board.pausedBy('s1')).toBeUndefined();
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')?.details).toMatchObject({ losses: 3, streakPnl: -3 });
  });
});
