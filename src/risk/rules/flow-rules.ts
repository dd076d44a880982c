/**
 * Order-flow rules: how many orders a strategy or the account sends in a sliding window, and how many it
 * keeps working.
 */

import type { PreTradeRule } from '../../engine/risk-gate.js';
import { beyond, deny, openOrderCount } from './common.js';

export interface RateLimit {
  /** Orders allowed in any window of `windowMs`. */
  readonly count: number;
  readonly windowMs: number;
}

export interface OrderRateOptions {
  readonly perStrategy?: RateLimit;
  readonly perAccount?: RateLimit;
}

/**
 * Refuses an order when `count` orders were already let through in the last `windowMs` of `view.now()`
 * (the window is (now − windowMs, now]), per strategy and/or for the account.
 *
 * **Stateful**: it records an order when it lets it through, so it must be the **last** rule of a
 * `RuleRiskGate` — then an order another rule denies never reaches it and does not count. (Placed earlier,
 * an order it passes and a later rule denies would still count.) Reduce-only orders always pass, so a
 * position can be closed in a flood, and are recorded: they use up the window for opening orders.
 * Timestamps older than the window are dropped on each check.
 */
export function orderRate(options: OrderRateOptions): PreTradeRule {
  const name = 'order-rate';
  // One window per strategy (created on its first order) and one for the account: no key strings or
  // per-check arrays, so an order that passes allocates nothing once its window has grown.
  const strategies = new Map<string, SendWindow>();
  const account = new SendWindow();
  const { perStrategy, perAccount } = options;
  return {
    name,
    check(order, _instrument, view) {
      const now = view.now();
      let own: SendWindow | undefined;
      if (perStrategy) {
        own = strategies.get(order.strategyId);
        if (own === undefined) {
          own = new SendWindow();
          strategies.set(order.strategyId, own);
        }
        own.drop(now, perStrategy.windowMs);
      }
      if (perAccount) account.drop(now, perAccount.windowMs);
      if (!order.reduceOnly) {
        if (own !== undefined && perStrategy) {
          const denial = rateDenial(name, 'strategy', own.size + 1, perStrategy);
          if (denial !== undefined) return denial;
        }
        if (perAccount) {
          const denial = rateDenial(name, 'account', account.size + 1, perAccount);
          if (denial !== undefined) return denial;
        }
      }
      own?.push(now);
      if (perAccount) account.push(now);
      return undefined;
    },
  };
}

function rateDenial(name: string, scope: string, count: number, limit: RateLimit) {
  if (!beyond(count, limit.count)) return undefined;
  return deny(name, `${scope} would send ${count} orders in ${limit.windowMs} ms (limit ${limit.count})`, {
    scope,
    count,
    limit: limit.count,
    windowMs: limit.windowMs,
  });
}

/**
 * The send times still in a window, oldest first: a ring buffer, so dropping the oldest is a moved index
 * rather than a splice. It grows (doubling) only when full.
 */
class SendWindow {
  private times = new Float64Array(16);
  private head = 0;
  size = 0;

  /** Drops the times at or before `now − windowMs`, oldest first (as the window moves). */
  drop(now: number, windowMs: number): void {
    while (this.size > 0 && this.times[this.head]! <= now - windowMs) {
      this.head = (this.head + 1) % this.times.length;
      this.size -= 1;
    }
  }

  push(time: number): void {
    if (this.size === this.times.length) this.grow();
    this.times[(this.head + this.size) % this.times.length] = time;
    this.size += 1;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    for (let i = 0; i < this.size; i++) times[i] = this.times[(this.head + i) % this.times.length]!;
    this.times = times;
    this.head = 0;
  }
}

export interface OpenOrderLimits {
  /** Working orders one strategy may have, the new one included. */
  readonly perStrategy?: number;
  /** Working orders the account may have, the new one included. */
  readonly perAccount?: number;
}

/**
 * Refuses an order that would make more than the limit of working orders (`view.openOrders()`), per
 * strategy and/or for the account. Reduce-only orders pass, so stops and exits can always be placed.
 */
export function maxOpenOrders(limits: OpenOrderLimits): PreTradeRule {
  const name = 'max-open-orders';
  return {
    name,
    check(order, _instrument, view) {
      if (order.reduceOnly) return undefined;
      const { perStrategy, perAccount } = limits;
      if (perStrategy !== undefined) {
        const count = openOrderCount(view, order.strategyId) + 1;
        if (beyond(count, perStrategy)) return openDenial(name, 'strategy', count, perStrategy);
      }
      if (perAccount !== undefined) {
        const count = openOrderCount(view) + 1;
        if (beyond(count, perAccount)) return openDenial(name, 'account', count, perAccount);
      }
      return undefined;
    },
  };
}

function openDenial(name: string, scope: string, count: number, limit: number) {
  return deny(name, `${scope} would have ${count} working orders (limit ${limit})`, { scope, count, limit });
}
