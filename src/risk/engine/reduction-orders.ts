/**
 * The reduction orders the risk engine has sent, one per strategy and symbol at a time. A reduction the
 * gate denied (trading halted) or the venue rejected is not sent again on the next tick: it backs off,
 * 1 s doubling to 60 s, so a halted session or a venue that refuses does not get an order per tick.
 */

import { isWorking } from '../../core/order-state.js';
import type { OrderManager } from '../../engine/order-manager.js';

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

interface Attempt {
  clientOrderId: string;
  failures: number;
  notBefore: number;
}

export class ReductionOrders {
  private readonly attempts = new Map<string, Attempt>();

  constructor(private readonly orders: OrderManager) {}

  /** May a new reduction for this strategy and symbol be sent at `now`? */
  maySend(strategyId: string, symbol: string, now: number): boolean {
    const attempt = this.attempts.get(keyOf(strategyId, symbol));
    if (attempt === undefined) return true;
    const order = this.orders.get(attempt.clientOrderId);
    if (order !== undefined && (isWorking(order) || order.status === 'New')) return false;
    if (
      order !== undefined &&
      (order.status === 'Denied' || order.status === 'Rejected') &&
      attempt.notBefore === 0
    ) {
      attempt.failures += 1;
      attempt.notBefore = now + Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt.failures - 1));
    }
    return now >= attempt.notBefore;
  }

  /** Records a reduction just sent (after `maySend`). */
  sent(strategyId: string, symbol: string, clientOrderId: string): void {
    const key = keyOf(strategyId, symbol);
    const before = this.attempts.get(key);
    const failed = before !== undefined && before.notBefore > 0;
    this.attempts.set(key, { clientOrderId, failures: failed ? before.failures : 0, notBefore: 0 });
  }
}

function keyOf(strategyId: string, symbol: string): string {
  return `${strategyId}\u0000${symbol}`;
}
