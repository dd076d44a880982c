/**
 * A risk gate in front of the configured one that denies everything while trading is halted (reconciliation
 * pending or failed, the journal unable to write, the account lease lost, credentials refused). Halts are
 * counted by reason so that several independent causes must all clear before orders flow again.
 */

import type { Instrument } from '../core/instrument.js';
import type { Order } from '../core/order.js';
import type { RiskDenial, RiskGate, RiskView } from '../engine/risk-gate.js';

export class HaltGate implements RiskGate {
  private readonly reasons = new Map<string, string>();
  /** Causes that still let reduce-only orders through (the kill switch flattens with them). */
  private readonly reduceOnlyAllowed = new Set<string>();

  constructor(private readonly inner: RiskGate) {}

  /** Halts for `cause` (a stable key such as `journal`) with a message for the denial. */
  halt(cause: string, message: string, options: { allowReduceOnly?: boolean } = {}): void {
    this.reasons.set(cause, message);
    if (options.allowReduceOnly === true) this.reduceOnlyAllowed.add(cause);
    else this.reduceOnlyAllowed.delete(cause);
  }

  resume(cause: string): void {
    this.reasons.delete(cause);
    this.reduceOnlyAllowed.delete(cause);
  }

  get halted(): boolean {
    return this.reasons.size > 0;
  }

  /** The active halts, by cause. */
  causes(): Record<string, string> {
    return Object.fromEntries(this.reasons);
  }

  check(order: Order, inst: Instrument, view: RiskView): RiskDenial | undefined {
    // Everything is denied, reduce-only included, unless every active cause allows reduce-only orders
    // (the kill switch flattens with them): a halt otherwise means we cannot record, reconcile or own
    // the account, and an order we cannot account for is worse than a position kept a little longer.
    for (const [cause, message] of this.reasons) {
      if (order.reduceOnly && this.reduceOnlyAllowed.has(cause)) continue;
      return { rule: 'trading-halted', message: `${cause}: ${message}`, details: this.causes() };
    }
    return this.inner.check(order, inst, view);
  }
}
