/**
 * The thin wrapper that connects algorithms to the order manager without changing it: registered as a
 * strategy's order owner (`orders.register(strategyId, router)`) in place of its host, it hands child
 * updates to ExecAlgorithms first, then passes every update on to the host (the children are the
 * strategy's real orders: its position changes with their fills).
 */

import type { Fill } from '../../core/fill.js';
import type { Order } from '../../core/order.js';
import type { OrderOwner } from '../order-manager.js';
import type { ExecAlgorithms } from './exec-algorithms.js';

export interface AlgoOrderRouterOptions {
  /**
   * Pass child updates and fills on to the strategy too (default true). False hides them: the strategy
   * then follows its parents through the algorithm events only.
   */
  readonly forwardChildren?: boolean;
}

export class AlgoOrderRouter implements OrderOwner {
  private readonly forwardChildren: boolean;

  constructor(
    private readonly algos: ExecAlgorithms,
    private readonly owner: OrderOwner,
    options: AlgoOrderRouterOptions = {},
  ) {
    this.forwardChildren = options.forwardChildren ?? true;
  }

  orderUpdated(order: Order): void {
    const child = this.algos.childUpdated(order);
    if (!child || this.forwardChildren) this.owner.orderUpdated(order);
  }

  filled(order: Order, fill: Fill): void {
    const child = this.algos.childFilled(order, fill);
    if (!child || this.forwardChildren) this.owner.filled(order, fill);
  }
}
