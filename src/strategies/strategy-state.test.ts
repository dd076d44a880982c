import { describe, expect, it } from 'vitest';
import { jsonProblem, StagedStrategyState } from './strategy-state.js';

describe('StagedStrategyState', () => {
  it('stages changes until commit, and rollback forgets them', () => {
    const state = new StagedStrategyState();
    state.restore({ a: 1, b: { c: [1, 2] } });
    state.set('a', 2);
    state.delete('b');
    expect(state.get('a')).toBe(2);
    expect(state.keys()).toEqual(['a']);
    state.rollback();
    expect(state.snapshot()).toEqual({ a: 1, b: { c: [1, 2] } });
    state.set('z', 'x');
    expect(state.commit()).toBe(true);
    expect(state.commit()).toBe(false);
    expect(state.snapshot()).toEqual({ a: 1, b: { c: [1, 2] }, z: 'x' });
  });

  it('copies values in and out, so holders cannot change the stored state', () => {
    const state = new StagedStrategyState();
    const value = { list: [1] };
    state.set('v', value);
    value.list.push(2);
    state.get<{ list: number[] }>('v')!.list.push(3);
    state.commit();
    expect(state.snapshot()).toEqual({ v: { list: [1] } });
  });

  it('accepts only JSON', () => {
    const state = new StagedStrategyState();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1, new Date(0), cyclic, 1n]) {
      expect(() => state.set('k', bad)).toThrow(/values must be JSON/);
    }
    expect(() => state.set('', 1)).toThrow();
    expect(jsonProblem({ a: [1, { b: Number.NaN }] })).toBe('value.a[1].b is NaN');
    expect(jsonProblem({ a: [1, 'x', null, true, { b: 2 }] })).toBeUndefined();
    expect(() => state.restore({ bad: Number.NaN })).toThrow(/not JSON/);
  });
});
