/**
 * Attached stop-loss / take-profit / trailing orders, emulated by the kernel (as on venues without
 * attached algo orders): when an entry with attachments fills, reduce-only children sized to its filled
 * quantity are sent; they are resized as the entry keeps filling, one filling cancels the others, and
 * all are cancelled once the position they protect is gone or has flipped.
 */

import type { Fill } from '../core/fill.js';
import type { ClientOrderId, StrategyId } from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import { createOrder, type Order, type OrderParams, type TrailingAttachment } from '../core/order.js';
import { isTerminal, isWorking } from '../core/order-state.js';
import { roundPrice } from '../core/precision.js';
import { oppositeSide } from '../core/side.js';

export type ChildRole = 'stop-loss' | 'take-profit' | 'trailing-stop';

/** What the emulation needs from the order manager. */
export interface ProtectionHost {
  order(clientOrderId: string): Order | undefined;
  workingOrders(): readonly Order[];
  nextClientOrderId(strategyId: StrategyId): ClientOrderId;
  instrument(symbol: string): Instrument;
  /** The strategy's position in the order's instrument after this fill. */
  positionQty(order: Order): number;
  send(order: Order, inst: Instrument): void;
  resize(clientOrderId: ClientOrderId, qty: number): void;
  requestCancel(order: Order): void;
}

interface Protection {
  readonly parent: ClientOrderId;
  readonly children: Map<ChildRole, ClientOrderId>;
}

/** Trailing settings on the instrument's price grid (a venue refuses an off-grid activation price). */
export function trailingOnGrid(inst: Instrument, trailing: TrailingAttachment): TrailingAttachment {
  return {
    ...(trailing.callbackRate === undefined ? {} : { callbackRate: trailing.callbackRate }),
    ...(trailing.callbackOffset === undefined
      ? {}
      : { callbackOffset: Math.max(inst.tickSize, roundPrice(inst, trailing.callbackOffset)) }),
    ...(trailing.activationPrice === undefined
      ? {}
      : { activationPrice: roundPrice(inst, trailing.activationPrice) }),
  };
}

export class ProtectionBook {
  private readonly protections = new Map<string, Protection>();
  private readonly childOf = new Map<string, { parent: string; role: ChildRole }>();

  constructor(private readonly host: ProtectionHost) {}

  /** The role of a protective child (its fills' reason), undefined for any other order. */
  roleOf(clientOrderId: string): ChildRole | undefined {
    return this.childOf.get(clientOrderId)?.role;
  }

  /** An order filled (partly): protect a parent's position, or settle a child's siblings. */
  filled(order: Order, fill: Fill, symbol: string): void {
    if (order.attachments !== undefined) this.protect(order, fill, symbol);
    // One-cancels-the-others: a protective child that filled cancels its siblings.
    const link = this.childOf.get(order.clientOrderId);
    if (link !== undefined && order.status === 'Filled') this.cancelChildren(link.parent);
    if (this.protections.size > 0)
      this.cancelStale(order.strategyId, order.instrumentId, this.host.positionQty(order));
  }

  /** An order ended: forget a protection whose children have all ended. */
  ended(order: Order): void {
    const link = this.childOf.get(order.clientOrderId);
    if (link === undefined) return;
    const protection = this.protections.get(link.parent);
    if (protection === undefined) return;
    for (const id of protection.children.values()) {
      const child = this.host.order(id);
      if (child !== undefined && !isTerminal(child)) return;
    }
    this.protections.delete(link.parent);
    for (const id of protection.children.values()) this.childOf.delete(id);
  }

  /** Create the children on the first fill of a parent; resize them on the next ones. */
  private protect(order: Order, fill: Fill, symbol: string): void {
    const existing = this.protections.get(order.clientOrderId);
    if (existing !== undefined) {
      for (const id of existing.children.values()) {
        const child = this.host.order(id);
        if (child !== undefined && isWorking(child)) this.host.resize(id, order.filledQty);
      }
      return;
    }
    const protection: Protection = { parent: order.clientOrderId, children: new Map() };
    this.protections.set(order.clientOrderId, protection);
    const inst = this.host.instrument(symbol);
    const base = {
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      side: oppositeSide(order.side),
      qty: order.filledQty,
    };
    const { stopLoss, takeProfit, trailing } = order.attachments!;
    if (stopLoss !== undefined) this.stop(protection, 'stop-loss', base, stopLoss, inst, fill.tsEvent);
    if (takeProfit !== undefined) this.stop(protection, 'take-profit', base, takeProfit, inst, fill.tsEvent);
    if (trailing !== undefined) {
      const id = this.register(protection, 'trailing-stop', order.strategyId);
      this.host.send(
        createOrder({
          ...base,
          clientOrderId: id,
          type: 'trailing-stop',
          trailing: trailingOnGrid(inst, trailing),
          reduceOnly: true,
          tsInit: fill.tsEvent,
        }),
        inst,
      );
    }
  }

  private stop(
    protection: Protection,
    role: ChildRole,
    base: Pick<OrderParams, 'strategyId' | 'instrumentId' | 'side' | 'qty'>,
    spec: { readonly triggerPrice: number; readonly price?: number },
    inst: Instrument,
    ts: number,
  ): void {
    const id = this.register(protection, role, base.strategyId);
    const order = createOrder({
      ...base,
      clientOrderId: id,
      type: spec.price === undefined ? 'stop-market' : 'stop-limit',
      triggerPrice: roundPrice(inst, spec.triggerPrice),
      ...(spec.price === undefined ? {} : { price: roundPrice(inst, spec.price) }),
      // A stop-loss guards against the move away from the position, a take-profit waits for the move in
      // its favour, wherever the price is when the child is placed (it may already be past the stop).
      triggerDirection: (role === 'stop-loss') === (base.side === 'sell') ? 'fall' : 'rise',
      reduceOnly: true,
      tsInit: ts,
    });
    this.host.send(order, inst);
  }

  private register(protection: Protection, role: ChildRole, strategyId: StrategyId): ClientOrderId {
    const id = this.host.nextClientOrderId(strategyId);
    protection.children.set(role, id);
    this.childOf.set(id, { parent: protection.parent, role });
    return id;
  }

  private cancelChildren(parent: string): void {
    const protection = this.protections.get(parent);
    if (protection === undefined) return;
    for (const id of protection.children.values()) {
      const child = this.host.order(id);
      if (child !== undefined && isWorking(child)) this.host.requestCancel(child);
    }
  }

  /**
   * Cancels the protective children of a strategy's instrument that protect nothing any more: the
   * position is flat, or it flipped to the children's own side (a long's sell stops on a short), where a
   * later flip back would let them close a position they were never attached to.
   */
  private cancelStale(strategyId: StrategyId, instrumentId: string, held: number): void {
    for (const order of this.host.workingOrders()) {
      if (order.strategyId !== strategyId || order.instrumentId !== instrumentId) continue;
      if (!this.childOf.has(order.clientOrderId)) continue;
      const reduces = held > 0 ? order.side === 'sell' : held < 0 && order.side === 'buy';
      if (!reduces) this.host.requestCancel(order);
    }
  }
}
