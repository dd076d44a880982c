import { describe, expect, it } from 'vitest';
import { SMA } from '../../indicators/index.js';
import type { StreamingIndicator } from '../../indicators/types.js';
import type { CandleHistory } from '../types.js';
import { countCrosses, RuleCompiler, type RuleSources } from './evaluate.js';
import { OffsetRecorder } from './offset-recorder.js';
import type { Expr, Rule } from './plan.js';

/** A value the test sets bar by bar, read through the `x` indicator. */
class Manual implements StreamingIndicator {
  readonly input = 'real' as const;
  readonly outputs = ['value'];
  readonly lookback = 0;
  readonly count = 0;
  readonly ready = true;
  value = Number.NaN;
  updateBar(): number {
    return this.value;
  }
  output(): number {
    return this.value;
  }
  reset(): void {}
}

function sources(x: Manual): RuleSources {
  return {
    history: () => ({}) as CandleHistory,
    indicator: () => x,
    recorder: () => {
      throw new Error('no recorder');
    },
  };
}

const X: Expr = { kind: 'indicator', id: 'x', output: 'value', offset: 0 };
const num = (value: number | string): Expr => ({ kind: 'number', value });
const crossUp = (level: number): Rule => ({
  kind: 'compare',
  op: 'crossesAbove',
  left: X,
  right: num(level),
  tolerance: 0,
});

/** Runs `rule` over `values` of x; the bars where it was true. */
function firing(rule: Rule, values: readonly number[], params: Record<string, number> = {}): number[] {
  const x = new Manual();
  const state = new Float64Array(countCrosses(rule)).fill(Number.NaN);
  const evaluate = new RuleCompiler(sources(x), params, state).rule(rule);
  const out: number[] = [];
  values.forEach((value, i) => {
    x.value = value;
    if (evaluate()) out.push(i);
  });
  return out;
}

describe('RuleCompiler', () => {
  it('crossesAbove fires on < then >, never through NaN or a bar exactly at the level', () => {
    expect(firing(crossUp(0), [-1, 1, 2, -1, Number.NaN, 1, -1, 0, 1, -2, 3])).toEqual([1, 10]);
  });

  it('crossesBelow mirrors it', () => {
    const rule: Rule = { kind: 'compare', op: 'crossesBelow', left: X, right: num(5), tolerance: 0 };
    expect(firing(rule, [6, 4, 6, 6, 3])).toEqual([1, 4]);
  });

  it('a cross inside all() sees every bar even when an earlier condition is false', () => {
    // Gate false on bar 1 (x = 1): the cross from bar 0 to bar 1 is consumed; on bar 2 there is no cross.
    const gate: Rule = { kind: 'compare', op: '<', left: X, right: num(0.5), tolerance: 0 };
    const rule: Rule = { kind: 'all', items: [gate, crossUp(0)] };
    expect(firing(rule, [-1, 1, 0.2])).toEqual([]);
    const either: Rule = {
      kind: 'any',
      items: [{ kind: 'compare', op: '>', left: X, right: num(100), tolerance: 0 }, crossUp(0)],
    };
    // Bar 1 is true by its first item; the cross must still move on, so bar 2 (200 → 1) is no cross.
    expect(firing(either, [-1, 200, 1])).toEqual([1]);
  });

  it('== honours the tolerance, which may be a $param; not() negates', () => {
    const equal: Rule = { kind: 'compare', op: '==', left: X, right: num(10), tolerance: '$tol' };
    expect(firing(equal, [9.8, 9.95, 10, 10.1, 10.2], { tol: 0.1 })).toEqual([1, 2, 3]);
    expect(firing({ kind: 'not', item: equal }, [9.8, 10], { tol: 0 })).toEqual([0]);
  });

  it('arithmetic: n-ary add and mul, binary sub and div', () => {
    const expr: Expr = {
      kind: 'arith',
      op: 'div',
      args: [
        { kind: 'arith', op: 'sub', args: [{ kind: 'arith', op: 'add', args: [X, num(1), num(2)] }, num(3)] },
        { kind: 'arith', op: 'mul', args: [num(2), num(2), num(0.5)] },
      ],
    };
    const x = new Manual();
    x.value = 8;
    const value = new RuleCompiler(sources(x), {}, new Float64Array(0)).expr(expr);
    expect(value()).toBe(4);
  });
});

describe('OffsetRecorder', () => {
  it('keeps earlier outputs and is ready once the deepest offset is defined', () => {
    const recorder = new OffsetRecorder(new SMA(2), ['value'], 2);
    expect(recorder.lookback).toBe(3);
    const seen: Array<[boolean, number, number]> = [];
    for (const x of [2, 4, 6, 8, 10]) {
      recorder.updateBar(x, x, x, x, 0);
      seen.push([recorder.ready, recorder.at(0, 0), recorder.at(0, 2)]);
    }
    expect(seen).toEqual([
      [false, Number.NaN, Number.NaN],
      [false, 3, Number.NaN],
      [false, 5, Number.NaN],
      [true, 7, 3],
      [true, 9, 5],
    ]);
    recorder.reset();
    expect([recorder.ready, recorder.at(0, 0)]).toEqual([false, Number.NaN]);
  });

  it('records through update(x) too (a real indicator fed from another source)', () => {
    const recorder = new OffsetRecorder(new SMA(2), ['value'], 1);
    for (const x of [1, 3, 5]) recorder.update(x);
    expect([recorder.output(), recorder.at(0, 1), recorder.ready]).toEqual([4, 2, true]);
  });
});
