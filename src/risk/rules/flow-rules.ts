/**
 * Order-flow rules: how many orders a strategy or the account sends in a sliding window, and how many it
 * keeps working.
 */

import type { PreTradeRule } from '../../engine/risk-gate.js';
import { beyond, deny } from './common.js';

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
  const sent = new Map<string, number[]>();
  const recent = (key: string, now: number, windowMs: number): number[] => {
    const list = sent.get(key) ?? [];
    let drop = 0;
    while (drop < list.length && list[drop]! <= now - windowMs) drop += 1;
    if (drop > 0) list.splice(0, drop);
    sent.set(key, list);
    return list;
  };
  return {
    name,
    check(order, _instrument, view) {
      const now = view.now();
      const scopes: [string, string, RateLimit][] = [];
      if (options.perStrategy) scopes.push(['strategy', `s:${order.strategyId}`, options.perStrategy]);
      if (options.perAccount) scopes.push(['account', 'account', options.perAccount]);
      const lists = scopes.map(([, key, limit]) => recent(key, now, limit.windowMs));
      if (!order.reduceOnly) {
        for (const [i, [scope, , limit]] of scopes.entries()) {
          const count = lists[i]!.length + 1;
          if (!beyond(count, limit.count)) continue;
          return deny(
            name,
            `${scope} would send ${count} orders in ${limit.windowMs} ms (limit ${limit.count})`,
            { scope, count, limit: limit.count, windowMs: limit.windowMs },
          );
        }
      }
      for (const list of lists) list.push(now);
      return undefined;
    },
  };
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
      const scopes: [string, number | undefined, () => number][] = [
        ['strategy', limits.perStrategy, () => view.openOrders(order.strategyId).length],
        ['account', limits.perAccount, () => view.openOrders().length],
      ];
      for (const [scope, limit, open] of scopes) {
        if (limit === undefined) continue;
        const count = open() + 1;
        if (!beyond(count, limit)) continue;
        return deny(name, `${scope} would have ${count} working orders (limit ${limit})`, {
          scope,
          count,
          limit,
        });
      }
      return undefined;
    },
  };
}
