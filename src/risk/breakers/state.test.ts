import { describe, expect, it } from 'vitest';
import type { BreakerState } from './state.js';
import { ACCOUNT, DAY, FakeInputs, JAN_1, setup, strategy } from './test-fixtures.js';
import type { BreakerConfig } from './types.js';

const CONFIGS: readonly BreakerConfig[] = [
  { kind: 'daily-loss', pause: 'account', resume: 'manual', maxLoss: 500 },
  { kind: 'max-drawdown', pause: 'strategy', resume: 'manual', maxDrawdown: 0.1, strategies: ['s2', 's1'] },
  { kind: 'consecutive-losses', pause: 'strategy', resume: 'manual', maxLosses: 3 },
  { kind: 'reject-storm', pause: 'account', resume: 'manual', maxRejects: 3, windowMs: 60_000 },
  { kind: 'stale-data', pause: 'account', resume: 'auto', maxAgeMs: 60_000 },
];

/** A session that ran on Jan 1 until 10:00: baselines, peaks, a loss streak and rejects. */
function ranUntil10() {
  const s = setup(CONFIGS);
  s.inputs.pnl.set('s1', 1_000);
  s.step(JAN_1 + 3_600_000, 10_000); // 01:00: daily baseline 10,000; s1's peak 1,000 at 10,000
  s.inputs.pnl.set('s1', 950);
  s.step(JAN_1 + 2 * 3_600_000, 9_900);
  s.board.tradeClosed('s2', -5);
  s.board.tradeClosed('s2', -7);
  s.inputs.clock = JAN_1 + 10 * 3_600_000 - 90_000;
  s.board.orderRejected('s1'); // out of the window by 10:00
  s.inputs.clock = JAN_1 + 10 * 3_600_000 - 30_000;
  s.board.orderRejected('s1');
  s.board.orderRejected('s2');
  s.inputs.clock = JAN_1 + 10 * 3_600_000;
  return s;
}

/** A new process: a fresh board on the same configs (in another order), fed the stored JSON. */
function restarted(state: unknown, at: number, configs: readonly BreakerConfig[] = [...CONFIGS].reverse()) {
  const inputs = new FakeInputs();
  inputs.clock = at;
  inputs.pnl.set('s1', 1_000); // at its peak
  const s = setup(configs, inputs);
  s.board.importState(JSON.parse(JSON.stringify(state)) as BreakerState);
  return s;
}

describe('BreakerBoard.exportState', () => {
  it('is plain JSON of every breaker by identity, with the running state of each target', () => {
    const state = ranUntil10().board.exportState();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state).toEqual({
      version: 1,
      breakers: [
        {
          kind: 'daily-loss',
          pause: 'account',
          targets: [{ target: ACCOUNT, day: '2024-01-01', baseline: 10_000, dayStartEquity: 10_000 }],
        },
        {
          kind: 'max-drawdown',
          pause: 'strategy',
          strategies: ['s1', 's2'],
          targets: [
            { target: strategy('s1'), peak: 1_000, equityAtPeak: 10_000 },
            { target: strategy('s2'), peak: 0, equityAtPeak: 10_000 },
          ],
        },
        {
          kind: 'consecutive-losses',
          pause: 'strategy',
          targets: [{ target: strategy('s2'), streak: 2, streakPnl: -12 }],
        },
        {
          kind: 'reject-storm',
          pause: 'account',
          targets: [
            { target: ACCOUNT, rejectTimes: [JAN_1 + 36_000_000 - 30_000, JAN_1 + 36_000_000 - 30_000] },
          ],
        },
        { kind: 'stale-data', pause: 'account', targets: [] },
      ],
    });
  });

  it('leaves out a baseline of an earlier day and a peak not taken yet (NaN values)', () => {
    const { board, step, inputs } = setup(CONFIGS.slice(0, 2));
    inputs.ids = ['s1'];
    step(JAN_1, Number.NaN); // no baseline, no peak for s1 (no base)
    expect(board.exportState().breakers.map((b) => b.targets)).toEqual([[], []]);
    step(JAN_1 + 1, 10_000);
    inputs.clock = JAN_1 + DAY; // Jan 2, not evaluated yet: Jan 1's baseline is spent
    expect(board.exportState().breakers[0]?.targets).toEqual([]);
  });
});

describe('BreakerBoard.importState', () => {
  it('a restart keeps the day baseline, the peaks, the loss streaks and the reject window', () => {
    const before = ranUntil10();
    const { board, step, inputs, events, types } = restarted(before.board.exportState(), JAN_1 + 36_000_000);
    expect(events).toEqual([]);
    inputs.pnl.set('s1', 0); // 1,000 / 10,000 below the kept peak 1,000
    step(JAN_1 + 36_000_001, 9_500); // 500 below the kept baseline
    expect(board.pausedBy('s2')?.breaker).toBe('daily-loss');
    expect(board.trips().map((t) => [t.breaker, t.details['peak'] ?? t.details['baseline']])).toEqual([
      ['max-drawdown', 1_000],
      ['daily-loss', 10_000],
    ]);
    board.tradeClosed('s2', -1); // the third loss in a row
    board.orderRejected('s1'); // the third reject in the window
    expect(types()).toEqual([
      'tripped:max-drawdown',
      'tripped:daily-loss',
      'tripped:consecutive-losses',
      'tripped:reject-storm',
    ]);
    expect(board.trips().find((t) => t.breaker === 'consecutive-losses')?.details).toMatchObject({
      losses: 3,
      streakPnl: -13,
    });
  });

  it('drops a daily baseline of another UTC day and reject times that left the window', () => {
    const state = ranUntil10().board.exportState();
    const { board, step } = restarted(state, JAN_1 + DAY);
    step(JAN_1 + DAY, 9_500); // Jan 2's baseline
    step(JAN_1 + DAY + 1, 9_001);
    expect(board.pausedBy('s1')).toBeUndefined();
    const late = restarted(state, JAN_1 + 36_000_000 + 30_000); // both rejects exactly 60 s old
    late.board.orderRejected('s1');
    late.board.orderRejected('s1');
    expect(late.board.trips()).toEqual([]);
  });

  it('ignores what it does not recognise, applies the rest, emits nothing', () => {
    const good = ranUntil10().board.exportState();
    const daily = good.breakers[0]!;
    const state = {
      version: 1,
      breakers: [
        'junk',
        { kind: 'max-drawdown', pause: 'strategy', targets: [{ target: strategy('s1'), peak: 1 }] }, // no list
        { kind: 'no-such-kind', pause: 'account', targets: [] },
        {
          kind: 'consecutive-losses',
          pause: 'strategy',
          targets: [
            { target: ACCOUNT, streak: 2, streakPnl: -2 }, // not a target of a strategy breaker
            { target: strategy('s1'), streak: 'two', streakPnl: -2 },
            { target: strategy('s3'), streak: 2, streakPnl: -2 }, // applied: s3 is watched lazily
          ],
        },
        { ...daily, targets: [{ ...daily.targets[0], baseline: null }] }, // NaN came back as null
      ],
    } as unknown as BreakerState;
    const { board, step, events } = restarted(state, JAN_1 + 36_000_000);
    step(JAN_1 + 36_000_001, 9_500); // daily-loss baseline taken here, not the stored one
    board.tradeClosed('s1', -1);
    board.tradeClosed('s3', -1);
    expect(events.map((e) => `${e.trip.breaker}/${JSON.stringify(e.trip.target)}`)).toEqual([
      'consecutive-losses/{"kind":"strategy","strategyId":"s3"}',
    ]);
    expect(() => board.importState({ version: 2 } as unknown as BreakerState)).not.toThrow();
    expect(() => board.importState(null as unknown as BreakerState)).not.toThrow();
  });

  it('matches two breakers of one identity in order, and only under the current configs', () => {
    const configs: BreakerConfig[] = [
      { kind: 'consecutive-losses', pause: 'account', resume: 'manual', maxLosses: 3 },
      { kind: 'consecutive-losses', pause: 'account', resume: 'manual', maxLosses: 4 },
    ];
    const before = setup(configs.slice(0, 1));
    before.board.tradeClosed('s1', -1);
    before.board.tradeClosed('s1', -1);
    const { board } = restarted(before.board.exportState(), JAN_1, configs);
    board.tradeClosed('s1', -1);
    expect(board.trips().map((t) => t.details['losses'])).toEqual([3]); // the first has 2 + 1, the second 1
  });
});
