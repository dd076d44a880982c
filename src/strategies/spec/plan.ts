/**
 * The checked, resolved form of a spec that the compiler turns into closures: every operand string is
 * parsed, every reference is known to exist, every indicator has its class. Parameter references stay
 * symbolic (`$fast`) until a run supplies values, so one plan serves every point of an optimizer sweep.
 */

import type { ParamSpecs } from '../types.js';
import type { IndicatorClass, IndicatorKind } from './catalogue.js';
import type { SpecIssue } from './issues.js';
import type { ConditionOp, NumberOrParam, PriceField, StrategySpec, VOLATILITY_METHODS } from './schema.js';

export type VolatilityMethod = (typeof VOLATILITY_METHODS)[number];

/** Values of the spec's params for one run, by name (without the `$`). */
export type ParamValues = Readonly<Record<string, number>>;

export type Expr =
  | { readonly kind: 'number'; readonly value: NumberOrParam }
  | {
      readonly kind: 'price';
      readonly field: PriceField;
      readonly offset: number;
      /** undefined: the strategy's base timeframe. */
      readonly timeframe: string | undefined;
    }
  | { readonly kind: 'indicator'; readonly id: string; readonly output: string; readonly offset: number }
  | { readonly kind: 'arith'; readonly op: ArithOp; readonly args: readonly Expr[] };

export type ArithOp = 'add' | 'sub' | 'mul' | 'div';

export type Rule =
  | {
      readonly kind: 'compare';
      readonly op: ConditionOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly tolerance: NumberOrParam;
    }
  | { readonly kind: 'all' | 'any'; readonly items: readonly Rule[] }
  | { readonly kind: 'not'; readonly item: Rule };

export interface PlannedRule {
  /** `entry.long`: recorded with every signal the rule fires. */
  readonly path: string;
  /** The rule as one line of text (`fast crossesAbove slow`), for signals and logs. */
  readonly text: string;
  readonly rule: Rule;
}

export interface PlannedIndicator {
  /** The spec id, or `atr#14` for the ATR a stop distance needs. */
  readonly id: string;
  readonly kind: IndicatorKind;
  readonly cls: IndicatorClass;
  /** Constructor arguments in order; undefined takes the indicator's default; strings pass through. */
  readonly args: readonly (NumberOrParam | undefined)[];
  readonly source: PriceField | undefined;
  /** undefined: the strategy's base timeframe. */
  readonly timeframe: string | undefined;
}

export type PlannedDistance =
  | { readonly kind: 'percent'; readonly percent: NumberOrParam }
  | { readonly kind: 'atr'; readonly multiple: NumberOrParam; readonly atrId: string };

export type PlannedSizing =
  | { readonly kind: 'fixed'; readonly qty: NumberOrParam }
  | { readonly kind: 'fraction'; readonly fraction: NumberOrParam }
  | { readonly kind: 'risk'; readonly risk: NumberOrParam; readonly stop: PlannedDistance }
  | {
      readonly kind: 'kelly';
      readonly cap: NumberOrParam;
      readonly minTrades: NumberOrParam;
      readonly fallbackFraction: NumberOrParam;
    }
  | {
      readonly kind: 'volatility';
      readonly annualVol: NumberOrParam;
      readonly method: VolatilityMethod;
      readonly period: NumberOrParam;
      readonly maxLeverage: NumberOrParam;
    };

/** A check of values that depend on params: run with the defaults at parse time and per run. */
export interface ValueCheck {
  /** The params the checked value depends on (checked again at their min and max). */
  readonly refs: readonly string[];
  /** The problem with these values, at its path; undefined when they are acceptable. */
  check(values: ParamValues): SpecIssue | undefined;
}

export interface SpecPlan {
  readonly spec: StrategySpec;
  readonly params: ParamSpecs;
  readonly defaults: ParamValues;
  readonly indicators: readonly PlannedIndicator[];
  readonly entryLong: PlannedRule | undefined;
  readonly exitLong: PlannedRule | undefined;
  readonly entryShort: PlannedRule | undefined;
  readonly exitShort: PlannedRule | undefined;
  readonly sizing: PlannedSizing;
  readonly stopLoss: PlannedDistance | undefined;
  readonly takeProfit: PlannedDistance | undefined;
  readonly trailingStop: PlannedDistance | undefined;
  readonly checks: readonly ValueCheck[];
}

/** The number a literal or `$param` stands for in one run. */
export function resolveNumber(value: NumberOrParam, values: ParamValues): number {
  return typeof value === 'number' ? value : (values[value.slice(1)] ?? Number.NaN);
}

/** An indicator argument for one run: `$param` resolved, other strings (MA type names) passed through. */
export function resolveArgument(value: NumberOrParam | undefined, values: ParamValues): unknown {
  if (typeof value === 'string' && value.startsWith('$')) return values[value.slice(1)] ?? Number.NaN;
  return value;
}
