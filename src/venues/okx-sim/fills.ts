/**
 * Booking one execution into the account: spot (cash in, base out, or back) and USDT-margined swaps
 * (position average price, realised PnL, isolated margin moves). Every fill is taken in full: the
 * simulator's book is infinitely deep at the price the path gives.
 *
 * Fees follow OKX: a spot buy pays its fee in the base currency it receives, a spot sell in the quote
 * currency; swaps pay in the settle currency. Fee values carry OKX's sign (negative = charged).
 */

import { direction, type SimAccount } from './account.js';
import { cleanFloat } from './numbers.js';
import type { SimFill, SimOrder } from './types.js';

export interface FillIds {
  tradeId(): string;
  billId(): string;
}

export interface FillTerms {
  px: number;
  sz: number;
  rate: number;
  execType: 'T' | 'M';
  ts: number;
}

/** The signed exposure of the position an order trades (long > 0, short < 0). */
export function exposure(account: SimAccount, order: SimOrder): number {
  if (order.inst.instType !== 'SWAP') return 0;
  const mgnMode = order.tdMode === 'isolated' ? 'isolated' : 'cross';
  const position = account.position(order.inst, mgnMode, order.posSide);
  return position === undefined ? 0 : direction(position) * Math.abs(position.pos);
}

/** Contracts of `sz` that would open (rather than close) exposure. */
export function openingSize(account: SimAccount, order: SimOrder, sz: number): number {
  if (order.reduceOnly) return 0;
  const e = exposure(account, order);
  const t = order.side === 'buy' ? sz : -sz;
  if (e === 0 || Math.sign(e) === Math.sign(t)) return sz;
  return Math.max(0, sz - Math.abs(e));
}

function baseFill(order: SimOrder, terms: FillTerms, ids: FillIds, fee: number, feeCcy: string): SimFill {
  return {
    tradeId: ids.tradeId(),
    billId: ids.billId(),
    ordId: order.ordId,
    clOrdId: order.clOrdId,
    tag: order.tag,
    inst: order.inst,
    side: order.side,
    posSide: order.posSide,
    px: terms.px,
    sz: terms.sz,
    fee: cleanFloat(fee),
    feeCcy,
    feeRate: terms.rate,
    execType: terms.execType,
    pnl: 0,
    ts: terms.ts,
  };
}

export function bookSpotFill(account: SimAccount, order: SimOrder, terms: FillTerms, ids: FillIds): SimFill {
  const { base, quote } = order.inst;
  const { px, sz, rate } = terms;
  if (order.side === 'buy') {
    const feeAbs = sz * rate;
    account.credit(quote, -sz * px);
    account.credit(base, sz - feeAbs);
    return baseFill(order, terms, ids, -feeAbs, base);
  }
  const proceeds = sz * px;
  const feeAbs = proceeds * rate;
  account.credit(base, -sz);
  account.credit(quote, proceeds - feeAbs);
  return baseFill(order, terms, ids, -feeAbs, quote);
}

export function bookSwapFill(account: SimAccount, order: SimOrder, terms: FillTerms, ids: FillIds): SimFill {
  const { inst } = order;
  const { px, sz, rate } = terms;
  const mgnMode = order.tdMode === 'isolated' ? 'isolated' : 'cross';
  const position = account.positionFor(inst, mgnMode, order.posSide);
  const e = direction(position) * Math.abs(position.pos);
  const t = order.side === 'buy' ? sz : -sz;
  const closing = e !== 0 && Math.sign(e) !== Math.sign(t) ? Math.min(Math.abs(e), sz) : 0;
  const opening = sz - closing;
  const pnl = closing * inst.ctVal * (px - position.avgPx) * Math.sign(e);
  const feeAbs = sz * inst.ctVal * px * rate;

  let released = 0;
  if (closing > 0 && mgnMode === 'isolated') released = position.margin * (closing / Math.abs(e));
  const remaining = Math.abs(e) - closing;
  let added = 0;
  if (opening > 0) {
    position.avgPx =
      remaining === 0 ? px : cleanFloat((remaining * position.avgPx + opening * px) / (remaining + opening));
    if (mgnMode === 'isolated') added = (opening * inst.ctVal * px) / position.lever;
  }
  position.margin = cleanFloat(position.margin - released + added);
  account.credit(inst.settle, pnl - feeAbs + released - added);

  const after = cleanFloat(e + t);
  position.pos = position.posSide === 'short' ? -after : after;
  if (position.pos === 0) {
    position.avgPx = 0;
    position.margin = 0;
  }
  position.realizedPnl = cleanFloat(position.realizedPnl + pnl - feeAbs);
  position.fee = cleanFloat(position.fee - feeAbs);
  position.uTime = terms.ts;
  const fill = baseFill(order, terms, ids, -feeAbs, inst.settle);
  fill.pnl = cleanFloat(pnl);
  position.tradeId = fill.tradeId;
  return fill;
}
