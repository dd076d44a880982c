import { describe, expect, it } from 'vitest';
import { ACCOUNT, DAY, FakeInputs, JAN_1, setup, strategy } from './test-fixtures.js';
import type { BreakerConfig, BreakerTrip } from './types.js';

const drawdown = (extra: Partial<BreakerConfig> = {}) =>
  ({
    kind: 'max-drawdown',
    pause: 'strategy',
    resume: 'manual',
    maxDrawdown: 0.1,
    ...extra,
  }) as BreakerConfig;
const streak = (extra: Partial<BreakerConfig> = {}) =>
  ({
    kind: 'consecutive-losses',
    pause: 'strategy',
    resume: 'manual',
    maxLosses: 2,
    ...extra,
  }) as BreakerConfig;

describe('BreakerBoard', () => {
  it('an account trip pauses every strategy; a strategy trip only that one', () => {
    const { board } = setup([streak(), streak({ pause: 'account', maxLosses: 3 })]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')?.target).toEqual(strategy('s1'));
    expect(board.pausedBy('s2')).toBeUndefined();
    board.tradeClosed('s2', -1); // the account's third loss in a row
    expect(board.pausedBy('s2')?.target).toEqual(ACCOUNT);
    expect(board.pausedBy('other')?.target).toEqual(ACCOUNT);
    expect(board.trips().map((t) => t.target)).toEqual([strategy('s1'), ACCOUNT]);
  });

  it('emits exactly one tripped event while tripped, however often the condition holds', () => {
    const { step, types } = setup([drawdown({ pause: 'account' })]);
    step(JAN_1, 10_000);
    for (let i = 1; i <= 5; i++) step(JAN_1 + i, 8_000 - i);
    expect(types()).toEqual(['tripped:max-drawdown']);
  });

  it('two breakers of one kind do not trip the same target twice', () => {
    const { board, types } = setup([streak(), streak({ maxLosses: 1, strategies: ['s1'] })]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    expect(types()).toEqual(['tripped:consecutive-losses']);
    expect(board.resume('consecutive-losses', strategy('s1'))).toBe(true);
    expect(board.trips()).toEqual([]);
  });

  it('manual resume: false when nothing matches, the trip and time in the event when it does', () => {
    const { board, events } = setup([streak()]);
    expect(board.resume('consecutive-losses', strategy('s1'))).toBe(false);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    expect(board.resume('consecutive-losses', ACCOUNT)).toBe(false);
    expect(board.resume('max-drawdown', strategy('s1'))).toBe(false);
    expect(board.resume('consecutive-losses', strategy('s1'), JAN_1 + 42)).toBe(true);
    expect(events[1]).toEqual({ type: 'resumed', trip: events[0]!.trip, by: 'manual', at: JAN_1 + 42 });
    expect(board.pausedBy('s1')).toBeUndefined();
  });

  it('creates per-strategy state lazily: a strategy that appears later gets its own baseline', () => {
    const { board, step, inputs } = setup([drawdown()]);
    inputs.ids = ['s1'];
    inputs.pnl.set('s2', 5_000);
    step(JAN_1);
    inputs.pnl.set('s2', 3_000); // s2 was not watched at its 5,000
    inputs.ids = ['s1', 's2'];
    step(JAN_1 + 1);
    inputs.pnl.set('s2', 2_001); // 999 / 10,000 below its first seen 3,000
    step(JAN_1 + 2);
    expect(board.pausedBy('s2')).toBeUndefined();
    inputs.pnl.set('s2', 2_000);
    step(JAN_1 + 3);
    expect(board.pausedBy('s2')?.details).toMatchObject({ peak: 3_000, drawdown: 0.1 });
  });

  it('evaluate with nothing configured reads nothing', () => {
    const inputs = new FakeInputs();
    let reads = 0;
    inputs.now = () => {
      reads += 1;
      return 0;
    };
    const { board } = setup([], inputs);
    board.evaluate();
    expect(reads).toBe(0);
  });

  it('refuses an invalid config in code as it would a stored one', () => {
    expect(() => setup([drawdown({ maxDrawdown: 2 } as Partial<BreakerConfig>)])).toThrow(/maxDrawdown/);
  });
});

describe('BreakerBoard.reconfigure', () => {
  it('keeps the running state and trips of a breaker whose limits change', () => {
    const { board, step, inputs, types } = setup([drawdown({ pause: 'account' }), streak()]);
    step(JAN_1, 12_000); // peak 12,000
    step(JAN_1 + 1, 11_000);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    board.reconfigure([drawdown({ pause: 'account', maxDrawdown: 0.2 }), streak({ maxLosses: 5 })]);
    expect(board.pausedBy('s1')?.breaker).toBe('consecutive-losses');
    step(JAN_1 + 2, 9_600.01);
    expect(board.pausedBy('s2')).toBeUndefined();
    step(JAN_1 + 3, 9_600); // 20 % below the kept peak 12,000
    expect(board.pausedBy('s2')?.details).toMatchObject({ peak: 12_000, limit: 0.2 });
    expect(inputs.equity).toBe(9_600);
    expect(types()).toEqual(['tripped:consecutive-losses', 'tripped:max-drawdown']);
  });

  it('keeps a loss streak and a reject window across an unchanged config', () => {
    const config = streak({ maxLosses: 3 });
    const { board } = setup([config]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    board.reconfigure([{ ...config }]);
    board.tradeClosed('s1', -1);
    expect(board.pausedBy('s1')?.details['losses']).toBe(3);
  });

  it("lifts the trips of breakers whose identity changed by 'reconfigured'; new breakers start fresh", () => {
    const { board, step, events, types } = setup([drawdown({ pause: 'account' })]);
    step(JAN_1, 10_000);
    step(JAN_1 + 1, 8_000);
    step(JAN_1 + 2);
    board.reconfigure([drawdown({ pause: 'strategy' })]);
    expect(types()).toEqual(['tripped:max-drawdown', 'resumed:reconfigured']);
    expect(events[1]).toMatchObject({ at: JAN_1 + 2, trip: { target: ACCOUNT } });
    expect(board.pausedBy('s1')).toBeUndefined();
    board.reconfigure([]);
    step(JAN_1 + 3, 1);
    expect(board.trips()).toEqual([]);
  });
});

describe('BreakerBoard.reconfigure, more', () => {
  it("lifts the trips of a removed breaker, or one whose strategy list changed, by 'reconfigured'", () => {
    const { board, events, types } = setup([
      streak({ strategies: ['s1', 's2'] }),
      streak({ pause: 'account' }),
    ]);
    board.tradeClosed('s1', -1);
    board.tradeClosed('s1', -1);
    board.reconfigure([streak({ strategies: ['s2', 's1'] }), streak({ pause: 'account' })]); // same lists
    expect(types()).toEqual(['tripped:consecutive-losses', 'tripped:consecutive-losses']);
    board.reconfigure([streak({ strategies: ['s1'] })]);
    expect(types().slice(2)).toEqual(['resumed:reconfigured', 'resumed:reconfigured']);
    expect(events.slice(2).map((e) => e.trip.target)).toEqual([strategy('s1'), ACCOUNT]);
    expect(board.trips()).toEqual([]);
  });

  it('a change of resume, cooldownMs or limits only keeps the running state and the trips, silently', () => {
    const daily = { kind: 'daily-loss', pause: 'account', resume: 'manual', maxLoss: 500 } as const;
    const storm = {
      kind: 'reject-storm',
      pause: 'strategy',
      resume: 'auto',
      cooldownMs: 1_000,
      maxRejects: 3,
      windowMs: 60_000,
    } as const;
    const { board, step, events, types } = setup([daily, storm, streak()]);
    step(JAN_1, 10_000); // daily baseline 10,000
    step(JAN_1 + 1, 9_800);
    board.orderRejected('s1');
    board.orderRejected('s1');
    board.tradeClosed('s2', -1);
    board.tradeClosed('s2', -1); // s2 tripped (manual)
    const trip = board.pausedBy('s2');
    board.reconfigure([
      { ...daily, resume: 'auto', cooldownMs: 5_000, maxLoss: 300 },
      { ...storm, resume: 'manual', cooldownMs: undefined, maxRejects: 4, windowMs: 120_000 },
      streak({ resume: 'auto', cooldownMs: 10, maxLosses: 5 }),
    ]);
    expect(events).toHaveLength(1);
    expect(board.pausedBy('s2')).toBe(trip); // its resume terms are those it tripped with
    step(JAN_1 + 100_000, 9_700); // 300 below the kept baseline
    expect(board.pausedBy('s1')?.details).toMatchObject({ baseline: 10_000, limit: 300 });
    board.orderRejected('s1'); // 2 kept (within the new 120 s window) + this one
    board.orderRejected('s1');
    expect(board.trips().find((t) => t.breaker === 'reject-storm')?.details).toMatchObject({ rejects: 4 });
    expect(types()).toEqual(['tripped:consecutive-losses', 'tripped:daily-loss', 'tripped:reject-storm']);
  });
});

describe('BreakerBoard.restore', () => {
  const trip = (extra: Partial<BreakerTrip> = {}): BreakerTrip => ({
    breaker: 'consecutive-losses',
    target: strategy('s1'),
    reason: 'strategy s1 closed 2 losing trades in a row',
    details: { losses: 2, limit: 2 },
    at: JAN_1 - DAY,
    resume: 'manual',
    ...extra,
  });

  it('re-arms matching trips without events and returns those no breaker matches', () => {
    const { board, events } = setup([streak(), drawdown({ pause: 'account' })]);
    const unmatched = board.restore([
      trip(),
      trip({ breaker: 'max-drawdown', target: ACCOUNT }),
      trip({ breaker: 'daily-loss', target: ACCOUNT }),
      trip({ target: ACCOUNT }),
    ]);
    expect(unmatched.map((t) => `${t.breaker}/${t.target.kind}`)).toEqual([
      'daily-loss/account',
      'consecutive-losses/account',
    ]);
    expect(events).toEqual([]);
    expect(board.pausedBy('s1')?.breaker).toBe('consecutive-losses');
    expect(board.pausedBy('s2')?.breaker).toBe('max-drawdown');
    expect(board.resume('consecutive-losses', strategy('s1'))).toBe(true);
  });

  it('an auto trip whose time has passed resumes at the next evaluate', () => {
    const { board, step, types } = setup([streak({ resume: 'auto', cooldownMs: 1_000 })]);
    board.restore([trip({ resume: 'auto', resumeAt: JAN_1 + 500 })]);
    step(JAN_1 + 499);
    expect(board.pausedBy('s1')).toBeDefined();
    step(JAN_1 + 500);
    expect(board.pausedBy('s1')).toBeUndefined();
    expect(types()).toEqual(['resumed:auto']);
  });
});
