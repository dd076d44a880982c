/**
 * The running form of a compiled spec: one `SymbolRuntime` per traded symbol, each with its own
 * indicators, rule closures and cross state, evaluated on every closed candle of the base timeframe.
 *
 * Decision on a bar (position read from the context, so stops hit by the venue are seen):
 * - flat: `entry.long` buys, `entry.short` sells (both at once: nothing, they contradict);
 * - long: `entry.short` reverses (one order for the position plus the new size), else `exit.long` closes;
 * - short: the mirror image.
 * While an order of the strategy for a symbol is in flight, that symbol does not act again. Closing or
 * reversing cancels the symbol's working orders first: the stop-loss / take-profit children of the old
 * position must not survive into the next one.
 */

import type { ClientOrderId } from '../../core/ids.js';
import type { Instrument } from '../../core/instrument.js';
import { isTerminal } from '../../core/order-state.js';
import type { StreamingIndicator } from '../../indicators/types.js';
import type {
  CandleArgs,
  CandleHistory,
  OrderUpdateArgs,
  StartArgs,
  Strategy,
  StrategyContext,
  StrategySetup,
  Subscription,
} from '../types.js';
import { type BooleanFn, countCrosses, RuleCompiler, type RuleSources } from './evaluate.js';
import { buildIndicator } from './indicators.js';
import { OffsetRecorder } from './offset-recorder.js';
import { entryAttachments, entrySize } from './orders.js';
import {
  type Expr,
  type ParamValues,
  type PlannedRule,
  type Rule,
  resolveNumber,
  type SpecPlan,
} from './plan.js';

const NEVER: BooleanFn = () => false;

/** Deepest offsets the rules read: per indicator id (with the outputs read) and per price timeframe. */
interface OffsetNeeds {
  readonly indicators: Map<string, { depth: number; outputs: Set<string> }>;
  /** Timeframe (undefined = base) → deepest price offset read. */
  readonly prices: Map<string | undefined, number>;
}

function collectNeeds(plan: SpecPlan): OffsetNeeds {
  const needs: OffsetNeeds = { indicators: new Map(), prices: new Map() };
  const visitExpr = (expr: Expr): void => {
    if (expr.kind === 'arith') expr.args.forEach(visitExpr);
    else if (expr.kind === 'price') {
      needs.prices.set(expr.timeframe, Math.max(needs.prices.get(expr.timeframe) ?? 0, expr.offset));
    } else if (expr.kind === 'indicator' && expr.offset > 0) {
      const need = needs.indicators.get(expr.id) ?? { depth: 0, outputs: new Set<string>() };
      need.depth = Math.max(need.depth, expr.offset);
      need.outputs.add(expr.output);
      needs.indicators.set(expr.id, need);
    }
  };
  const visitRule = (rule: Rule): void => {
    if (rule.kind === 'compare') {
      visitExpr(rule.left);
      visitExpr(rule.right);
    } else if (rule.kind === 'not') visitRule(rule.item);
    else rule.items.forEach(visitRule);
  };
  for (const planned of [plan.entryLong, plan.exitLong, plan.entryShort, plan.exitShort]) {
    if (planned !== undefined) visitRule(planned.rule);
  }
  return needs;
}

export class SpecStrategy implements Strategy {
  readonly subscriptions: readonly Subscription[];
  private readonly baseTimeframe: string;
  private readonly symbols: readonly string[];
  private readonly needs: OffsetNeeds;
  private readonly runtimes = new Map<string, SymbolRuntime>();

  constructor(
    private readonly plan: SpecPlan,
    private readonly values: ParamValues,
    setup: StrategySetup,
  ) {
    this.baseTimeframe = plan.spec.timeframe ?? setup.timeframe;
    this.symbols = plan.spec.symbols ?? setup.symbols;
    this.needs = collectNeeds(plan);
    const warmups = new Map<string, number>([[this.baseTimeframe, 0]]);
    for (const planned of plan.indicators) {
      const tf = planned.timeframe ?? this.baseTimeframe;
      warmups.set(tf, warmups.get(tf) ?? 0);
    }
    for (const [tf, offset] of this.needs.prices) {
      const key = tf ?? this.baseTimeframe;
      warmups.set(key, Math.max(warmups.get(key) ?? 0, offset + 1));
    }
    if (plan.sizing.kind === 'volatility') {
      // The volatility of `period` returns reads period + 1 closes of the base timeframe.
      const needed = resolveNumber(plan.sizing.period, values) + 1;
      warmups.set(this.baseTimeframe, Math.max(warmups.get(this.baseTimeframe) ?? 0, needed));
    }
    this.subscriptions = this.symbols.flatMap((symbol) =>
      [...warmups].map(([timeframe, warmup]) => ({
        symbol,
        timeframe,
        warmup,
        history: Math.max(warmup, 1),
      })),
    );
  }

  onStart({ ctx }: StartArgs): void {
    for (const symbol of this.symbols) {
      this.runtimes.set(
        symbol,
        new SymbolRuntime(symbol, ctx, this.plan, this.values, this.baseTimeframe, this.needs),
      );
    }
  }

  onCandle({ ctx, symbol, timeframe, candle }: CandleArgs): void {
    if (timeframe !== this.baseTimeframe) return;
    this.runtimes.get(symbol)?.decide(ctx, candle.close);
  }

  onOrderUpdate({ order }: OrderUpdateArgs): void {
    if (!isTerminal(order)) return;
    for (const runtime of this.runtimes.values()) {
      if (runtime.pending === order.clientOrderId) runtime.pending = undefined;
    }
  }
}

class SymbolRuntime implements RuleSources {
  /** The entry or exit order in flight, if any. */
  pending: ClientOrderId | undefined;
  private readonly indicators = new Map<string, StreamingIndicator>();
  private readonly recorders = new Map<string, OffsetRecorder>();
  private readonly entryLong: BooleanFn;
  private readonly exitLong: BooleanFn;
  private readonly entryShort: BooleanFn;
  private readonly exitShort: BooleanFn;
  private instrument: Instrument | undefined;
  private readonly atr = (id: string): number => this.indicators.get(id)?.output() ?? Number.NaN;

  constructor(
    readonly symbol: string,
    private readonly ctx: StrategyContext,
    private readonly plan: SpecPlan,
    private readonly values: ParamValues,
    private readonly baseTimeframe: string,
    needs: OffsetNeeds,
  ) {
    for (const planned of plan.indicators) {
      const built = buildIndicator(planned, values);
      const need = needs.indicators.get(planned.id);
      const bound = need === undefined ? built : new OffsetRecorder(built, [...need.outputs], need.depth);
      if (bound instanceof OffsetRecorder) this.recorders.set(planned.id, bound);
      ctx.indicator(symbol, planned.timeframe ?? baseTimeframe, bound, planned.source);
      this.indicators.set(planned.id, built);
    }
    const crossState = new Float64Array(
      [plan.entryLong, plan.exitLong, plan.entryShort, plan.exitShort].reduce(
        (sum, planned) => sum + countCrosses(planned?.rule),
        0,
      ),
    ).fill(Number.NaN);
    const compiler = new RuleCompiler(this, values, crossState);
    const compile = (planned: PlannedRule | undefined) =>
      planned === undefined ? NEVER : compiler.rule(planned.rule);
    this.entryLong = compile(plan.entryLong);
    this.exitLong = compile(plan.exitLong);
    this.entryShort = compile(plan.entryShort);
    this.exitShort = compile(plan.exitShort);
  }

  history(timeframe: string | undefined): CandleHistory {
    return this.ctx.candles(this.symbol, timeframe ?? this.baseTimeframe);
  }
  indicator(id: string): StreamingIndicator {
    return this.indicators.get(id)!;
  }
  recorder(id: string): OffsetRecorder {
    return this.recorders.get(id)!;
  }

  /** Evaluates every rule (so each cross sees this bar), then acts on what fired. */
  decide(ctx: StrategyContext, price: number): void {
    const entryLong = this.entryLong();
    const exitLong = this.exitLong();
    const entryShort = this.entryShort();
    const exitShort = this.exitShort();
    if (!(entryLong || exitLong || entryShort || exitShort) || this.pending !== undefined) return;
    const held = ctx.position(this.symbol).qty;
    if (held === 0) {
      if (entryLong && !entryShort) this.enter(ctx, 'long', price, 0);
      else if (entryShort && !entryLong) this.enter(ctx, 'short', price, 0);
    } else if (held > 0) {
      if (entryShort && !entryLong) this.enter(ctx, 'short', price, held);
      else if (exitLong) this.exit(ctx, 'long', price, held);
    } else if (entryLong && !entryShort) this.enter(ctx, 'long', price, -held);
    else if (exitShort) this.exit(ctx, 'short', price, -held);
  }

  /** Opens `side`, closing `reverse` contracts of the opposite position in the same order. */
  private enter(ctx: StrategyContext, side: 'long' | 'short', price: number, reverse: number): void {
    const rule = (side === 'long' ? this.plan.entryLong : this.plan.entryShort)!;
    this.instrument ??= ctx.instrument(this.symbol);
    const { qty, reason } = entrySize(
      this.plan,
      { ctx, symbol: this.symbol, instrument: this.instrument, price, timeframe: this.baseTimeframe },
      this.values,
      this.atr,
    );
    if (!(qty > 0 && Number.isFinite(qty))) {
      ctx.signal('skipped', {
        symbol: this.symbol,
        side,
        rule: rule.path,
        condition: rule.text,
        price,
        reason: reason ?? `size ${qty}`,
      });
      if (reverse > 0) this.exit(ctx, side === 'long' ? 'short' : 'long', price, reverse);
      return;
    }
    if (reverse > 0) ctx.cancelAll(this.symbol);
    const attachments = entryAttachments(this.plan, side, price, this.values, this.atr);
    this.pending = ctx.submit({
      symbol: this.symbol,
      side: side === 'long' ? 'buy' : 'sell',
      type: 'market',
      qty: qty + reverse,
      ...(attachments === undefined ? {} : { attachments }),
      tag: rule.path,
    });
    ctx.signal('entry', {
      symbol: this.symbol,
      side,
      rule: rule.path,
      condition: rule.text,
      price,
      qty,
      ...(reverse > 0 ? { reverses: reverse } : {}),
    });
  }

  private exit(ctx: StrategyContext, side: 'long' | 'short', price: number, qty: number): void {
    const rule =
      (side === 'long' ? this.plan.exitLong : this.plan.exitShort) ??
      (side === 'long' ? this.plan.entryShort : this.plan.entryLong)!;
    ctx.cancelAll(this.symbol);
    this.pending = ctx.submit({
      symbol: this.symbol,
      side: side === 'long' ? 'sell' : 'buy',
      type: 'market',
      qty,
      reduceOnly: true,
      tag: rule.path,
    });
    ctx.signal('exit', { symbol: this.symbol, side, rule: rule.path, condition: rule.text, price, qty });
  }
}
