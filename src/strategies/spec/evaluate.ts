/**
 * Turns a symbol's planned rules into closures, once, at start: evaluating a rule on a candle is then a few
 * calls and comparisons, O(size of the rule), with no allocation and no lookups by name.
 *
 * Crosses compare the current bar with the previous one: each cross keeps the previous `left − right` in
 * a preallocated slot. A cross up is that difference going from < 0 to > 0 between two consecutive bars
 * where both are defined (NaN never crosses). Combinators evaluate every child, without short-circuit, so
 * that every cross sees every bar and its "previous" is always the bar before.
 */

import type { StreamingIndicator } from '../../indicators/types.js';
import type { CandleHistory } from '../types.js';
import type { OffsetRecorder } from './offset-recorder.js';
import { type Expr, type ParamValues, type Rule, resolveNumber } from './plan.js';
import type { PriceField } from './schema.js';

export type NumberFn = () => number;
export type BooleanFn = () => boolean;

/** What one symbol's rules read. */
export interface RuleSources {
  /** The closed candles of a timeframe (undefined: the base timeframe); a live view. */
  history(timeframe: string | undefined): CandleHistory;
  /** The indicator bound for a spec id. */
  indicator(id: string): StreamingIndicator;
  /** The recorder of earlier values of an indicator read with an offset. */
  recorder(id: string): OffsetRecorder;
}

/** How many crosses a rule contains (one state slot each). */
export function countCrosses(rule: Rule | undefined): number {
  if (rule === undefined) return 0;
  switch (rule.kind) {
    case 'compare':
      return rule.op === 'crossesAbove' || rule.op === 'crossesBelow' ? 1 : 0;
    case 'all':
    case 'any':
      return rule.items.reduce((sum, item) => sum + countCrosses(item), 0);
    case 'not':
      return countCrosses(rule.item);
  }
}

export class RuleCompiler {
  private nextCross = 0;

  constructor(
    private readonly sources: RuleSources,
    private readonly values: ParamValues,
    /** Previous `left − right` of every cross, NaN at first. */
    private readonly crossState: Float64Array,
  ) {}

  rule(rule: Rule): BooleanFn {
    switch (rule.kind) {
      case 'compare':
        return this.compare(rule);
      case 'not': {
        const item = this.rule(rule.item);
        return () => !item();
      }
      case 'all': {
        const items = rule.items.map((item) => this.rule(item));
        return () => {
          let result = true;
          for (let i = 0; i < items.length; i += 1) result = items[i]!() && result;
          return result;
        };
      }
      case 'any': {
        const items = rule.items.map((item) => this.rule(item));
        return () => {
          let result = false;
          for (let i = 0; i < items.length; i += 1) result = items[i]!() || result;
          return result;
        };
      }
    }
  }

  expr(expr: Expr): NumberFn {
    switch (expr.kind) {
      case 'number': {
        const value = resolveNumber(expr.value, this.values);
        return () => value;
      }
      case 'price':
        return priceReader(this.sources.history(expr.timeframe), expr.field, -1 - expr.offset);
      case 'indicator': {
        if (expr.offset === 0) {
          const indicator = this.sources.indicator(expr.id);
          const name = expr.output;
          return () => indicator.output(name);
        }
        const recorder = this.sources.recorder(expr.id);
        const slot = recorder.slotOf(expr.output);
        const offset = expr.offset;
        return () => recorder.at(slot, offset);
      }
      case 'arith':
        return arithmetic(
          expr.op,
          expr.args.map((arg) => this.expr(arg)),
        );
    }
  }

  private compare(rule: Extract<Rule, { kind: 'compare' }>): BooleanFn {
    const left = this.expr(rule.left);
    const right = this.expr(rule.right);
    switch (rule.op) {
      case '>':
        return () => left() > right();
      case '>=':
        return () => left() >= right();
      case '<':
        return () => left() < right();
      case '<=':
        return () => left() <= right();
      case '==': {
        const tolerance = resolveNumber(rule.tolerance, this.values);
        return () => Math.abs(left() - right()) <= tolerance;
      }
      case 'crossesAbove':
      case 'crossesBelow': {
        const state = this.crossState;
        const slot = this.nextCross++;
        const sign = rule.op === 'crossesAbove' ? 1 : -1;
        return () => {
          const current = (left() - right()) * sign;
          const previous = state[slot]!;
          state[slot] = current;
          return previous < 0 && current > 0;
        };
      }
    }
  }
}

function priceReader(history: CandleHistory, field: PriceField, index: number): NumberFn {
  switch (field) {
    case 'open':
      return () => history.open(index);
    case 'high':
      return () => history.high(index);
    case 'low':
      return () => history.low(index);
    case 'close':
      return () => history.close(index);
    case 'volume':
      return () => history.volume(index);
    case 'hl2':
      return () => (history.high(index) + history.low(index)) / 2;
    case 'hlc3':
      return () => (history.high(index) + history.low(index) + history.close(index)) / 3;
    case 'ohlc4':
      return () =>
        (history.open(index) + history.high(index) + history.low(index) + history.close(index)) / 4;
  }
}

function arithmetic(op: 'add' | 'sub' | 'mul' | 'div', args: readonly NumberFn[]): NumberFn {
  const [a, b] = args as [NumberFn, NumberFn];
  if (op === 'sub') return () => a() - b();
  if (op === 'div') return () => a() / b();
  if (args.length === 2) return op === 'add' ? () => a() + b() : () => a() * b();
  return op === 'add'
    ? () => {
        let sum = 0;
        for (let i = 0; i < args.length; i += 1) sum += args[i]!();
        return sum;
      }
    : () => {
        let product = 1;
        for (let i = 0; i < args.length; i += 1) product *= args[i]!();
        return product;
      };
}
