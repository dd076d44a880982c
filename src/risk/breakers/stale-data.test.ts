import { describe, expect, it } from 'vitest';
import { ACCOUNT, JAN_1, setup, strategy } from './test-fixtures.js';
import type { StaleDataConfig } from './types.js';

const stale = (extra: Partial<StaleDataConfig> = {}): StaleDataConfig => ({
  kind: 'stale-data',
  pause: 'account',
  resume: 'auto',
  maxAgeMs: 5_000,
  ...extra,
});

function watching(config = stale()) {
  const s = setup([config]);
  s.inputs.symbols = ['BTC/USDT:USDT', 'ETH/USDT:USDT'];
  s.inputs.lastTs.set('BTC/USDT:USDT', JAN_1);
  s.inputs.lastTs.set('ETH/USDT:USDT', JAN_1 + 1_000);
  return s;
}

describe('stale-data', () => {
  it('data exactly maxAgeMs old is fresh; 1 ms older trips, naming the stalest symbol', () => {
    const { board, step } = watching();
    step(JAN_1 + 5_000);
    expect(board.pausedBy('s1')).toBeUndefined();
    step(JAN_1 + 5_001);
    expect(board.pausedBy('s1')).toMatchObject({
      breaker: 'stale-data',
      target: ACCOUNT,
      details: { symbol: 'BTC/USDT:USDT', ageMs: 5_001, limit: 5_000, lastDataTs: JAN_1 },
    });
  });

  it('a symbol with no data counts from the start of the board', () => {
    const s = setup([stale()]);
    s.inputs.symbols = ['SOL/USDT:USDT'];
    s.step(JAN_1 + 5_000);
    expect(s.board.pausedBy('s1')).toBeUndefined();
    s.step(JAN_1 + 5_001);
    expect(s.board.pausedBy('s1')?.details).toMatchObject({ symbol: 'SOL/USDT:USDT', lastDataTs: 'none' });
    expect(s.board.pausedBy('s1')?.reason).toContain('has had no market data');
  });

  it('auto resumes once every watched symbol is fresh again, without a cooldown', () => {
    const { board, step, inputs, types } = watching();
    step(JAN_1 + 7_000);
    expect(board.pausedBy('s1')?.resumeAt).toBeUndefined();
    inputs.lastTs.set('BTC/USDT:USDT', JAN_1 + 7_500);
    step(JAN_1 + 8_000); // ETH is 7,000 ms old: still stale
    expect(board.pausedBy('s1')).toBeDefined();
    inputs.lastTs.set('ETH/USDT:USDT', JAN_1 + 8_000);
    step(JAN_1 + 8_001);
    expect(board.pausedBy('s1')).toBeUndefined();
    expect(types()).toEqual(['tripped:stale-data', 'resumed:auto']);
  });

  it('with cooldownMs, data must stay fresh that long after it is first seen fresh', () => {
    const { board, step, inputs } = watching(stale({ cooldownMs: 2_000 }));
    step(JAN_1 + 7_000);
    inputs.symbols = ['ETH/USDT:USDT'];
    inputs.lastTs.set('ETH/USDT:USDT', JAN_1 + 7_000);
    step(JAN_1 + 7_100); // fresh from here
    step(JAN_1 + 9_099);
    expect(board.pausedBy('s1')).toBeDefined();
    step(JAN_1 + 9_100);
    expect(board.pausedBy('s1')).toBeUndefined();
  });

  it('data going stale again during the cooldown restarts it', () => {
    const { board, step, inputs } = watching(stale({ cooldownMs: 2_000 }));
    inputs.symbols = ['ETH/USDT:USDT'];
    step(JAN_1 + 7_000);
    inputs.lastTs.set('ETH/USDT:USDT', JAN_1 + 7_000);
    step(JAN_1 + 7_000); // fresh from 7,000
    step(JAN_1 + 12_001); // stale again (5,001 ms)
    inputs.lastTs.set('ETH/USDT:USDT', JAN_1 + 12_001);
    step(JAN_1 + 12_002); // fresh from 12,002
    step(JAN_1 + 14_001);
    expect(board.pausedBy('s1')).toBeDefined();
    step(JAN_1 + 14_002);
    expect(board.pausedBy('s1')).toBeUndefined();
  });

  it('manual: a resume while data is still stale trips again at the next evaluate', () => {
    const { board, step, types } = watching(stale({ resume: 'manual' }));
    step(JAN_1 + 6_000);
    step(JAN_1 + 60_000);
    expect(types()).toEqual(['tripped:stale-data']);
    expect(board.resume('stale-data', ACCOUNT)).toBe(true);
    step(JAN_1 + 60_001);
    expect(types()).toEqual(['tripped:stale-data', 'resumed:manual', 'tripped:stale-data']);
  });

  it('pause strategy: each watched strategy is paused on its own', () => {
    const { board, step } = watching(stale({ pause: 'strategy', strategies: ['s2'] }));
    step(JAN_1 + 6_000);
    expect(board.pausedBy('s1')).toBeUndefined();
    expect(board.pausedBy('s2')?.target).toEqual(strategy('s2'));
  });

  it('a last-data time that is not finite counts as no data (aged from the start), not as fresh', () => {
    const { board, step, inputs } = watching();
    inputs.lastTs.set('BTC/USDT:USDT', Number.NaN);
    step(JAN_1 + 5_001);
    expect(board.pausedBy('s1')?.details).toMatchObject({ symbol: 'BTC/USDT:USDT', lastDataTs: 'none' });
  });
});
