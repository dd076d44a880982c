import { describe, expect, it } from 'vitest';
import { ACCOUNT, JAN_1, setup, strategy } from './test-fixtures.js';
import type { RejectStormConfig } from './types.js';

const storm = (extra: Partial<RejectStormConfig> = {}): RejectStormConfig => ({
  kind: 'reject-storm',
  pause: 'strategy',
  resume: 'manual',
  maxRejects: 3,
  windowMs: 1_000,
  ...extra,
});

function rejectAt(times: readonly number[], config = storm(), sid = 's1') {
  const s = setup([config]);
  for (const t of times) {
    s.inputs.clock = JAN_1 + t;
    s.board.orderRejected(sid);
  }
  return s;
}

describe('reject-storm', () => {
  it('2 rejects in the window pass', () => {
    expect(rejectAt([0, 10]).board.pausedBy('s1')).toBeUndefined();
  });

  it('3 rejects within (now − windowMs, now] trip', () => {
    const { board } = rejectAt([0, 500, 999]);
    expect(board.pausedBy('s1')).toMatchObject({
      breaker: 'reject-storm',
      target: strategy('s1'),
      at: JAN_1 + 999,
      details: { rejects: 3, limit: 3, windowMs: 1_000, firstRejectAt: JAN_1 },
    });
  });

  it('a reject exactly windowMs old has left the window', () => {
    expect(rejectAt([0, 500, 1_000]).board.pausedBy('s1')).toBeUndefined();
    expect(rejectAt([0, 500, 1_000, 1_500]).board.pausedBy('s1')).toBeUndefined();
    expect(rejectAt([0, 500, 1_000, 1_499]).board.pausedBy('s1')).toBeDefined();
  });

  it('per strategy: another strategy is neither counted nor paused', () => {
    const { board } = rejectAt([0, 1]);
    board.orderRejected('s2');
    expect(board.pausedBy('s1')).toBeUndefined();
    expect(board.pausedBy('s2')).toBeUndefined();
  });

  it('per account: rejects of all strategies count together and pause all', () => {
    const { board } = rejectAt([0, 1], storm({ pause: 'account' }));
    board.orderRejected('s2');
    expect(board.pausedBy('s1')?.target).toEqual(ACCOUNT);
    expect(board.pausedBy('s2')?.target).toEqual(ACCOUNT);
  });

  it('a resume clears the window', () => {
    const { board } = rejectAt([0, 1, 2]);
    expect(board.resume('reject-storm', strategy('s1'))).toBe(true);
    board.orderRejected('s1');
    board.orderRejected('s1');
    expect(board.pausedBy('s1')).toBeUndefined();
  });
});
