/**
 * What an order needs from the account, as OKX checks it: at placement (balance or margin, reduce-only
 * direction, closing size in long/short mode), while it rests (what it holds back: margin for a swap,
 * quote for a spot buy, base for a spot sell), when it fills (reduce-only and closing orders are cut to
 * the position) and when it is amended (the extra it would need).
 */

import type { SimAccount } from './account.js';
import { S } from './codes.js';
import { exposure, openingSize } from './fills.js';
import type { SimInstrument } from './instruments.js';
import { cleanFloat, floorToGrid } from './numbers.js';
import type { OrderStore } from './order-store.js';
import type { ItemResult, SimOrder } from './types.js';
import { rejected } from './types.js';

/** A sell of a long or a buy of a short in long/short mode: it can only close. */
const closesOnly = (order: SimOrder) =>
  (order.posSide === 'long' && order.side === 'sell') || (order.posSide === 'short' && order.side === 'buy');

const sideSign = (order: SimOrder) => (order.side === 'buy' ? 1 : -1);

export class OrderFunds {
  constructor(
    private readonly account: SimAccount,
    private readonly store: OrderStore,
    private readonly lastPrice: (inst: SimInstrument) => number,
  ) {}

  /** Reduce-only, closing size and funds; undefined when the order may go in. */
  check(order: SimOrder): ItemResult<never> | undefined {
    const { inst } = order;
    const account = this.account;
    if (inst.instType === 'SPOT') {
      if (order.side === 'sell') {
        const held = account.figures(inst.base).availBal;
        return order.sz > held + 1e-12 ? rejected(...S.insufficient(inst.base, 'balance')) : undefined;
      }
      const cost = order.tgtCcy === 'quote_ccy' ? order.sz : order.sz * (order.px ?? this.lastPrice(inst));
      const cash = account.figures(inst.quote).availBal;
      return cost > cash + 1e-9 ? rejected(...S.insufficient(inst.quote, 'balance')) : undefined;
    }
    const e = exposure(account, order);
    if (order.reduceOnly && order.posSide === 'net' && (e === 0 || Math.sign(e) === sideSign(order))) {
      return rejected(...S.noPosition());
    }
    if (closesOnly(order)) {
      return order.sz > Math.abs(e) - this.#pendingClose(order) + 1e-12
        ? rejected(...S.closeExceeds())
        : undefined;
    }
    const required = this.margin(order, order.sz);
    if (required > account.figures(inst.settle).availEq + 1e-9) {
      return rejected(...S.insufficient(inst.settle, 'margin'));
    }
    return undefined;
  }

  /** Contracts live closing orders of the same long/short position already claim. */
  #pendingClose(order: SimOrder): number {
    let total = 0;
    for (const other of this.store.liveOrders()) {
      if (other.inst === order.inst && other.posSide === order.posSide && other.side === order.side) {
        total += other.sz - other.accFillSz;
      }
    }
    return total;
  }

  /** Initial margin the opening part of `sz` needs, at the order's price (or the last price). */
  margin(order: SimOrder, sz: number): number {
    const opening = openingSize(this.account, order, sz);
    const price = order.px ?? this.lastPrice(order.inst);
    return (opening * order.inst.ctVal * price) / order.lever;
  }

  /** Holds back what a resting order needs. */
  freeze(order: SimOrder): void {
    const { inst } = order;
    const remaining = order.sz - order.accFillSz;
    if (inst.instType === 'SWAP') order.frozen = { ccy: inst.settle, amount: this.margin(order, remaining) };
    else if (order.side === 'buy') order.frozen = { ccy: inst.quote, amount: remaining * order.px! };
    else order.frozen = { ccy: inst.base, amount: remaining };
  }

  /** The size this order may fill now: reduce-only and closing orders are cut to the position. */
  fillableSize(order: SimOrder, price: number): number {
    const remaining = cleanFloat(order.sz - order.accFillSz);
    if (order.inst.instType === 'SPOT') {
      return order.tgtCcy === 'quote_ccy' ? floorToGrid(order.sz / price, order.inst.lot) : remaining;
    }
    if (!order.reduceOnly && !closesOnly(order)) return remaining;
    const e = exposure(this.account, order);
    const opposite = e !== 0 && Math.sign(e) !== sideSign(order);
    return opposite ? Math.min(remaining, Math.abs(e)) : 0;
  }

  /** The margin or funds a changed order would need beyond what it holds now (amend checks). */
  extraNeeded(order: SimOrder, sz: number, px: number | undefined): { needed: number; available: number } {
    const held = order.frozen?.amount ?? 0;
    const { inst } = order;
    const remaining = sz - order.accFillSz;
    if (inst.instType === 'SWAP') {
      const needed = this.margin({ ...order, sz, px }, remaining) - held;
      return { needed, available: this.account.figures(inst.settle).availEq };
    }
    const ccy = order.side === 'buy' ? inst.quote : inst.base;
    const needed = (order.side === 'buy' ? remaining * (px ?? 0) : remaining) - held;
    return { needed, available: this.account.figures(ccy).availBal };
  }
}
