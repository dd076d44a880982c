/**
 * Multi-leg execution for spread strategies (pairs, cash-and-carry): a group of market orders that must
 * all fill, and what to do when one does not.
 *
 * Leg risk: the legs go out together, but each can be denied, rejected, cancelled or simply not filled.
 * A group that is not complete by its deadline has its missing legs cancelled. A leg that ends unfilled
 * is sent again once when `retry` is on (entries only); otherwise — or when the retry fails too — the
 * group is abandoned: the other legs' working orders are cancelled and every position the strategy holds
 * in the group's symbols is closed at market (`unwind`). If closing fails as well the executor halts and
 * says so, rather than keep trading half a hedge. Each step is recorded as a signal (`leg-retry`,
 * `leg-failed`, `unwind`, `halted`).
 */

import type { ClientOrderId } from '../../core/ids.js';
import type { Order } from '../../core/order.js';
import { isTerminal } from '../../core/order-state.js';
import { roundQty } from '../../core/precision.js';
import type { OrderSide } from '../../core/side.js';
import { nominalTimeframeMs, parseTimeframe } from '../../core/timeframe.js';
import type { EnumParam, StrategyContext } from '../types.js';
import { intParam, signal } from './common.js';

export const LEG_RISKS = ['flatten', 'retry'] as const;
export type LegRisk = (typeof LEG_RISKS)[number];

/** The leg-risk parameters of every spread built-in (pairs, cash-carry). */
export const LEG_PARAMS = {
  legTimeoutBars: intParam(2, 1, 1000, 'Bars a leg may take to fill before the group is abandoned.'),
  legRisk: {
    type: 'enum',
    values: LEG_RISKS,
    default: 'flatten' as LegRisk,
    description: 'When an entry leg fails: flatten the filled leg(s), or retry the missing leg once first.',
  } satisfies EnumParam<LegRisk>,
};

/**
 * The executor of a spread built-in from its {@link LEG_PARAMS}: the timeout is `legTimeoutBars` bars of
 * `timeframe`, and a completed group is recorded as an `entered` or `flat` signal naming `symbol`.
 */
export function spreadLegExecutor(
  name: string,
  params: { readonly legTimeoutBars: number; readonly legRisk: LegRisk },
  timeframe: string,
  symbol: string,
): LegExecutor {
  return new LegExecutor({
    name,
    timeoutMs: params.legTimeoutBars * nominalTimeframeMs(parseTimeframe(timeframe)),
    retry: params.legRisk === 'retry',
    onComplete: (ctx, purpose) => signal(ctx, purpose === 'enter' ? 'entered' : 'flat', { symbol }),
  });
}

/**
 * For spread built-ins, which decide once per time both series have closed a candle: a check, called from
 * `onCandle`, that is true when the latest candles of `a` and `b` share a time not seen before.
 */
export function bothClosedOnce(a: string, b: string): (ctx: StrategyContext) => boolean {
  let lastTs = Number.NaN;
  return (ctx) => {
    const ts = ctx.candles(a).ts();
    if (ts !== ctx.candles(b).ts() || ts === lastTs) return false;
    lastTs = ts;
    return true;
  };
}

export type LegPurpose = 'enter' | 'exit' | 'unwind';

export interface LegOrder {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly reduceOnly?: boolean;
}

interface Leg extends LegOrder {
  id: ClientOrderId;
  filled: number;
  done: boolean;
  retried: boolean;
}

interface Group {
  readonly purpose: LegPurpose;
  deadline: number;
  readonly legs: Leg[];
}

export interface LegExecutorOptions {
  /** How long a group may take, in ms. */
  readonly timeoutMs: number;
  /** Send a failed entry leg once more before giving up. */
  readonly retry: boolean;
  /** Prefix of the order tags. */
  readonly name: string;
  /** Told when a group completes (all legs filled). */
  readonly onComplete?: (ctx: StrategyContext, purpose: LegPurpose) => void;
}

export class LegExecutor {
  private group: Group | undefined;
  private halted = false;

  constructor(private readonly options: LegExecutorOptions) {}

  /** True while a group is working: spread strategies take no new decision then. */
  get busy(): boolean {
    return this.group !== undefined;
  }

  /** True after an unwind failed: the strategy must not trade any more. */
  get isHalted(): boolean {
    return this.halted;
  }

  /** Sends the legs as one group. Legs that round to nothing are left out; an empty group completes at once. */
  send(ctx: StrategyContext, purpose: LegPurpose, orders: readonly LegOrder[]): void {
    const legs: Leg[] = [];
    for (const order of orders) {
      const qty = roundQty(ctx.instrument(order.symbol), order.qty, 'down');
      if (!(qty > 0)) continue;
      legs.push({
        ...order,
        qty,
        id: this.submit(ctx, { ...order, qty }, purpose),
        filled: 0,
        done: false,
        retried: false,
      });
    }
    this.group = { purpose, deadline: ctx.now + this.options.timeoutMs, legs };
    this.completeIfDone(ctx);
  }

  /** Closes every position the strategy holds in `symbols` at market, as one group (an `unwind` by default). */
  flatten(ctx: StrategyContext, symbols: readonly string[], purpose: 'exit' | 'unwind' = 'unwind'): void {
    const orders: LegOrder[] = [];
    for (const symbol of symbols) {
      const held = ctx.position(symbol).qty;
      if (held !== 0)
        orders.push({ symbol, side: held > 0 ? 'sell' : 'buy', qty: Math.abs(held), reduceOnly: true });
    }
    if (purpose === 'unwind') signal(ctx, 'unwind', { symbols: [...symbols], orders: orders.length });
    this.send(ctx, purpose, orders);
  }

  /** Call on every candle: cancels the missing legs of a group past its deadline. */
  checkTimeout(ctx: StrategyContext): void {
    const group = this.group;
    if (group === undefined || ctx.now < group.deadline) return;
    for (const leg of group.legs) {
      if (!leg.done) {
        signal(ctx, 'leg-timeout', {
          symbol: leg.symbol,
          purpose: group.purpose,
          filled: leg.filled,
          qty: leg.qty,
        });
        ctx.cancel(leg.id);
      }
    }
    // The cancels' confirmations drive the failure handling; push the deadline so they are not repeated.
    group.deadline = ctx.now + this.options.timeoutMs;
  }

  /** Call from `onOrderUpdate`. Returns true when the order was one of the group's legs. */
  onOrderUpdate(ctx: StrategyContext, order: Order): boolean {
    const group = this.group;
    const leg = group?.legs.find((l) => l.id === order.clientOrderId);
    if (group === undefined || leg === undefined) return false;
    leg.filled = order.filledQty;
    if (order.status === 'Filled') {
      leg.done = true;
      this.completeIfDone(ctx);
      return true;
    }
    if (!isTerminal(order)) return true;
    const missing = roundQty(ctx.instrument(leg.symbol), leg.qty - leg.filled, 'down');
    if (missing <= 0) {
      leg.done = true;
      this.completeIfDone(ctx);
      return true;
    }
    const reason = order.reason ?? order.status;
    if (!leg.retried && (this.options.retry || group.purpose !== 'enter')) {
      leg.retried = true;
      signal(ctx, 'leg-retry', { symbol: leg.symbol, purpose: group.purpose, reason, qty: missing });
      leg.id = this.submit(ctx, { ...leg, qty: missing }, group.purpose);
      group.deadline = ctx.now + this.options.timeoutMs;
      return true;
    }
    signal(ctx, 'leg-failed', {
      symbol: leg.symbol,
      purpose: group.purpose,
      reason,
      filled: leg.filled,
      qty: leg.qty,
    });
    for (const other of group.legs) if (!other.done && other !== leg) ctx.cancel(other.id);
    const symbols = [...new Set(group.legs.map((l) => l.symbol))];
    this.group = undefined;
    if (group.purpose === 'unwind') {
      this.halted = true;
      signal(ctx, 'halted', { reason: `could not close ${leg.symbol}: ${reason}` });
      return true;
    }
    this.flatten(ctx, symbols);
    return true;
  }

  private submit(ctx: StrategyContext, order: LegOrder, purpose: LegPurpose): ClientOrderId {
    return ctx.submit({
      symbol: order.symbol,
      side: order.side,
      qty: order.qty,
      tag: `${this.options.name}: ${purpose} ${order.symbol}`,
      ...(order.reduceOnly ? { reduceOnly: true } : {}),
    });
  }

  private completeIfDone(ctx: StrategyContext): void {
    const group = this.group;
    if (group === undefined || !group.legs.every((l) => l.done)) return;
    this.group = undefined;
    this.options.onComplete?.(ctx, group.purpose);
  }
}
