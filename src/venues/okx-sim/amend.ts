/**
 * `/trade/amend-order`: a new size and/or price for a live order, and changes to its attached TP/SL
 * (`newTpTriggerPx`, `newSlTriggerPx`, … as ccxt's editOrder sends them; "0" removes a leg). Checked as OKX
 * does, then matched again: an amended limit that became marketable fills at once as a taker.
 */

import { S } from './codes.js';
import type { MatchingEngine } from './engine.js';
import { onGrid, parseDecimal } from './numbers.js';
import { isFail, orderPriceField, priceField, type RawRequest, text } from './order-intake.js';
import type { AttachedTpSl, ItemResult, SimOrder } from './types.js';
import { rejected } from './types.js';

type Leg = 'tp' | 'sl';

/** `newTpTriggerPx` & co. → the attached TP/SL after the change; undefined when nothing is asked. */
function attachedChange(
  engine: MatchingEngine,
  order: SimOrder,
  raw: RawRequest,
): AttachedTpSl[] | undefined | { ok: false; sCode: string; sMsg: string } {
  const asked = ['newTpTriggerPx', 'newSlTriggerPx'].some((k) => raw[k] !== undefined && raw[k] !== '');
  if (!asked) return undefined;
  const current: AttachedTpSl = order.attached[0] ?? {
    attachAlgoId: engine.ids.next(),
    attachAlgoClOrdId: '',
    tpTriggerPxType: '',
    slTriggerPxType: '',
  };
  const next: AttachedTpSl = { ...current };
  for (const leg of ['tp', 'sl'] as Leg[]) {
    const key = leg === 'tp' ? 'newTpTriggerPx' : 'newSlTriggerPx';
    if (raw[key] === undefined || raw[key] === '') continue;
    if (parseDecimal(raw[key]) === 0) {
      // OKX: "0" deletes that leg.
      delete next[`${leg}TriggerPx`];
      delete next[`${leg}OrdPx`];
      next[`${leg}TriggerPxType`] = '';
      continue;
    }
    const trigger = priceField(raw, key, order.inst);
    if (isFail(trigger)) return trigger;
    const ordPx = orderPriceField(raw, leg === 'tp' ? 'newTpOrdPx' : 'newSlOrdPx', order.inst);
    if (isFail(ordPx)) return ordPx;
    next[`${leg}TriggerPx`] = trigger;
    next[`${leg}OrdPx`] = ordPx ?? -1;
    next[`${leg}TriggerPxType`] =
      text(raw, leg === 'tp' ? 'newTpTriggerPxType' : 'newSlTriggerPxType') || 'last';
  }
  return next.tpTriggerPx === undefined && next.slTriggerPx === undefined ? [] : [next];
}

export function amendOrder(engine: MatchingEngine, raw: RawRequest): ItemResult<SimOrder> {
  const ordId = text(raw, 'ordId');
  const clOrdId = text(raw, 'clOrdId');
  if (ordId === '' && clOrdId === '') return rejected(...S.eitherId());
  const order = engine.store.findOrder(text(raw, 'instId'), ordId, clOrdId);
  if (order === undefined) return rejected(...S.amendMissing());
  if (order.state === 'canceled') return rejected(...S.amendCanceled());
  if (order.state === 'filled') return rejected(...S.amendFilled());
  const { inst } = order;
  const newSz = parseDecimal(raw.newSz);
  const newPx = parseDecimal(raw.newPx);
  const attached = attachedChange(engine, order, raw);
  if (isFail(attached)) return attached;
  if (newSz === undefined && newPx === undefined && attached === undefined)
    return rejected(...S.amendNothing());
  if (newSz !== undefined) {
    if (Number.isNaN(newSz) || newSz <= 0) return rejected(...S.param('newSz'));
    if (!onGrid(newSz, inst.lot)) return rejected(...S.lotSize());
    if (newSz < inst.min - 1e-12) return rejected(...S.belowMinSize(inst.minSz));
    if (newSz < order.accFillSz) return rejected(...S.amendBelowFilled());
  }
  if (newPx !== undefined) {
    if (order.px === undefined || Number.isNaN(newPx) || newPx <= 0 || !onGrid(newPx, inst.tick)) {
      return rejected(...S.param('newPx'));
    }
    const last = engine.lastPrice(inst);
    const maxBuy = last * (1 + engine.priceBand);
    const minSell = last * (1 - engine.priceBand);
    if ((order.side === 'buy' && newPx > maxBuy) || (order.side === 'sell' && newPx < minSell)) {
      return rejected(...S.priceLimit(String(maxBuy), String(minSell)));
    }
    const takes = order.side === 'buy' ? newPx >= last : newPx <= last;
    if (order.ordType === 'post_only' && takes) return rejected(...S.amendPostOnly());
  }
  const sz = newSz ?? order.sz;
  const px = newPx ?? order.px;
  const funds = engine.funds.extraNeeded(order, sz, px);
  if (funds.needed > funds.available + 1e-9) return rejected(...S.amendFunds());
  if (attached !== undefined) order.attached = attached;
  engine.applyAmend(order, {
    ...(newSz === undefined ? {} : { sz: newSz }),
    ...(newPx === undefined ? {} : { px: newPx }),
  });
  return { ok: true, value: order };
}
