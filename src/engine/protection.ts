/**
 * Attached stop-loss / take-profit / trailing orders, emulated by the kernel (as on venues without
 * attached algo orders): when an entry with attachments fills, reduce-only children sized to its filled
 * quantity are sent; they are resized as the entry keeps filling, one filling cancels the others, and
 * all are cancelled once the position they protect is gone or has flipped.
 *
 * Where the venue holds attached stop-loss / take-profit itself (OKX, `venueHoldsAttachments`), the
 * children are recorded, not sent: Accepted orders under ids derived from the parent's (attached-ids.ts),
 * whose reports the venue files under them. OKX arms them only when the entry ends — filled, or cancelled
 * with a filled part, sized to it — so they are recorded then, never on a first partial fill (while a
 * resting entry is partly filled, its filled part is unprotected, at OKX and in our records alike). The
 * venue cancels the sibling when one fires; the kernel keeps its records in step and still cancels what
 * protects nothing any more. A held leg the venue turns out not to hold (rejected) is replaced by an
 * emulated stop child while the position it protected is open.
 */

import { attachedIds, attachedLegOf } from '../core/attached-ids.js';
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
  /** The venue holds this parent's stop-loss / take-profit itself. */
  venueHolds(parent: Order): boolean;
  /** Records a child the venue holds (acknowledged through the state table, never sent). */
  hold(order: Order): void;
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

  /** A working order restored after a restart: a venue-held child is linked to its siblings again. */
  restored(order: Order): void {
    const leg = attachedLegOf(order.clientOrderId);
    if (leg === undefined || !isWorking(order)) return;
    const protection = this.protectionOf(leg.parent);
    protection.children.set(leg.role, order.clientOrderId);
    this.childOf.set(order.clientOrderId, { parent: leg.parent, role: leg.role });
  }

  /**
   * An entry that ended with fills, restored without its venue-held children (the process died between
   * the entry's journal row and theirs): they are recorded again under their derived ids.
   */
  restoredEntry(order: Order, symbol: string): void {
    if (order.attachments === undefined || order.filledQty <= 0 || !isTerminal(order)) return;
    if (this.host.venueHolds(order)) this.holdLegs(order, symbol);
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

  /**
   * An order ended: an entry's venue-held children are recorded (OKX arms them now, for what filled); a
   * held child the venue refused is replaced by an emulated one; a protection whose children have all
   * ended is forgotten.
   */
  ended(order: Order, symbol: string): void {
    if (order.attachments !== undefined && order.filledQty > 0 && this.host.venueHolds(order))
      this.holdLegs(order, symbol);
    const link = this.childOf.get(order.clientOrderId);
    if (link === undefined) return;
    const protection = this.protections.get(link.parent);
    if (protection === undefined) return;
    if (order.status === 'Rejected' && attachedLegOf(order.clientOrderId) !== undefined)
      this.emulate(order, protection, link.role, symbol);
    for (const id of protection.children.values()) {
      const child = this.host.order(id);
      if (child !== undefined && !isTerminal(child)) return;
    }
    this.protections.delete(link.parent);
    for (const id of protection.children.values()) this.childOf.delete(id);
  }

  /**
   * Create the emulated children on the first fill of a parent; resize them on the next ones. Children
   * the venue holds are recorded when the parent ends (`holdLegs`), sized by the venue, never here.
   */
  private protect(order: Order, fill: Fill, symbol: string): void {
    const existing = this.protections.get(order.clientOrderId);
    if (existing !== undefined) {
      for (const id of existing.children.values()) {
        const child = this.host.order(id);
        if (child !== undefined && isWorking(child) && attachedLegOf(id) === undefined)
          this.host.resize(id, order.filledQty);
      }
      return;
    }
    const protection = this.protectionOf(order.clientOrderId);
    const inst = this.host.instrument(symbol);
    const base = childBase(order);
    const { stopLoss, takeProfit, trailing } = order.attachments!;
    if (!this.host.venueHolds(order)) {
      for (const [role, spec] of [
        ['stop-loss', stopLoss],
        ['take-profit', takeProfit],
      ] as const) {
        if (spec === undefined) continue;
        const id = this.register(protection, role, order.strategyId);
        this.host.send(stopChild(id, role, base, spec, inst, fill.tsEvent), inst);
      }
    }
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

  /** Records the venue-held children of an entry that ended with fills, sized to what filled (once). */
  private holdLegs(order: Order, symbol: string): void {
    const protection = this.protectionOf(order.clientOrderId);
    const ids = attachedIds(order.clientOrderId);
    const { stopLoss, takeProfit } = order.attachments!;
    const inst = this.host.instrument(symbol);
    const base = childBase(order);
    for (const [role, spec, id] of [
      ['stop-loss', stopLoss, ids.stopLoss],
      ['take-profit', takeProfit, ids.takeProfit],
    ] as const) {
      if (spec === undefined || protection.children.has(role) || this.host.order(id) !== undefined) continue;
      this.register(protection, role, order.strategyId, id);
      this.host.hold(stopChild(id, role, base, spec, inst, order.tsLastEvent));
    }
  }

  /**
   * A venue-held child the venue does not hold (refused, or unknown to it after its entry ended): while
   * the position it protected is open, an emulated stop child with the same terms takes its place.
   */
  private emulate(leg: Order, protection: Protection, role: ChildRole, symbol: string): void {
    this.childOf.delete(leg.clientOrderId);
    const held = this.host.positionQty(leg);
    const open = leg.side === 'sell' ? held > 0 : held < 0;
    if (!open) return;
    const inst = this.host.instrument(symbol);
    const id = this.register(protection, role, leg.strategyId);
    const child = createOrder({
      clientOrderId: id,
      strategyId: leg.strategyId,
      instrumentId: leg.instrumentId,
      side: leg.side,
      type: leg.type,
      qty: Math.min(leg.qty, Math.abs(held)),
      ...(leg.triggerPrice === undefined ? {} : { triggerPrice: leg.triggerPrice }),
      ...(leg.price === undefined ? {} : { price: leg.price }),
      ...(leg.triggerDirection === undefined ? {} : { triggerDirection: leg.triggerDirection }),
      reduceOnly: true,
      tsInit: leg.tsLastEvent,
    });
    this.host.send(child, inst);
  }

  private protectionOf(parent: ClientOrderId): Protection {
    let protection = this.protections.get(parent);
    if (protection === undefined) {
      protection = { parent, children: new Map() };
      this.protections.set(parent, protection);
    }
    return protection;
  }

  private register(
    protection: Protection,
    role: ChildRole,
    strategyId: StrategyId,
    fixedId?: ClientOrderId,
  ): ClientOrderId {
    const id = fixedId ?? this.host.nextClientOrderId(strategyId);
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

/** What every child of a parent shares: the opposite side, sized to what the parent filled. */
function childBase(order: Order): Pick<OrderParams, 'strategyId' | 'instrumentId' | 'side' | 'qty'> {
  return {
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    side: oppositeSide(order.side),
    qty: order.filledQty,
  };
}

/** A reduce-only stop child for one leg. */
function stopChild(
  id: ClientOrderId,
  role: ChildRole,
  base: Pick<OrderParams, 'strategyId' | 'instrumentId' | 'side' | 'qty'>,
  spec: { readonly triggerPrice: number; readonly price?: number },
  inst: Instrument,
  ts: number,
): Order {
  return createOrder({
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
}
