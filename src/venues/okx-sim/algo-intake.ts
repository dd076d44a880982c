/**
 * The type-specific fields of an algo order (`/trade/order-algo`), checked as OKX checks them:
 * `conditional`/`oco` take tpTriggerPx/slTriggerPx (and -1 or a price as tpOrdPx/slOrdPx) on the right side
 * of the last price (51277–51280); `trigger` takes triggerPx and orderPx; `move_order_stop` takes exactly one
 * of callbackRatio (0.001–1) or callbackSpread, and an optional activePx (51257 otherwise).
 */

import { S } from './codes.js';
import { parseDecimal } from './numbers.js';
import { isFail, orderPriceField, priceField, type RawRequest, text } from './order-intake.js';
import type { ItemResult, SimAlgo } from './types.js';
import { rejected } from './types.js';

/** A take-profit / stop-loss trigger on the wrong side of the last price for the closing `side` (51277–51280). */
export function legSideProblem(
  side: SimAlgo['side'],
  tp: number | undefined,
  sl: number | undefined,
  last: number,
): ItemResult<never> | undefined {
  if (side === 'sell') {
    if (tp !== undefined && tp <= last) return rejected(...S.tpBelowLast());
    if (sl !== undefined && sl >= last) return rejected(...S.slAboveLast());
  } else {
    if (tp !== undefined && tp >= last) return rejected(...S.tpAboveLast());
    if (sl !== undefined && sl <= last) return rejected(...S.slBelowLast());
  }
  return undefined;
}

/** Reads the type-specific fields into `algo`; a rejection when they are missing or on the wrong side. */
export function readAlgoTriggers(
  algo: SimAlgo,
  raw: RawRequest,
  last: number,
): ItemResult<never> | undefined {
  const { inst } = algo;
  if (algo.ordType === 'conditional' || algo.ordType === 'oco') {
    for (const leg of ['tp', 'sl'] as const) {
      const trigger = priceField(raw, `${leg}TriggerPx`, inst);
      if (isFail(trigger)) return trigger;
      const ordPx = orderPriceField(raw, `${leg}OrdPx`, inst);
      if (isFail(ordPx)) return ordPx;
      if (trigger === undefined) continue;
      algo[`${leg}TriggerPx`] = trigger;
      algo[`${leg}OrdPx`] = ordPx ?? -1;
      algo[`${leg}TriggerPxType`] = text(raw, `${leg}TriggerPxType`) || 'last';
    }
    const { tpTriggerPx: tp, slTriggerPx: sl } = algo;
    if (tp === undefined && sl === undefined) return rejected(...S.paramEmpty('tpTriggerPx'));
    if (algo.ordType === 'oco' && (tp === undefined || sl === undefined))
      return rejected(...S.paramEmpty('slTriggerPx'));
    return legSideProblem(algo.side, tp, sl, last);
  }
  if (algo.ordType === 'trigger') {
    const trigger = priceField(raw, 'triggerPx', inst);
    if (isFail(trigger)) return trigger;
    if (trigger === undefined) return rejected(...S.paramEmpty('triggerPx'));
    const orderPx = orderPriceField(raw, 'orderPx', inst);
    if (isFail(orderPx)) return orderPx;
    if (orderPx === undefined) return rejected(...S.paramEmpty('orderPx'));
    algo.triggerPx = trigger;
    algo.orderPx = orderPx;
    algo.triggerPxType = text(raw, 'triggerPxType') || 'last';
    // It fires when the price reaches the trigger from where it is now.
    algo.triggerAbove = trigger > last || (trigger === last && algo.side === 'buy');
    return undefined;
  }
  const ratio = parseDecimal(raw.callbackRatio);
  const spread = parseDecimal(raw.callbackSpread);
  if ((ratio === undefined) === (spread === undefined)) return rejected(...S.callback());
  if (ratio !== undefined && (Number.isNaN(ratio) || ratio < 0.001 || ratio > 1))
    return rejected(...S.callback());
  if (spread !== undefined && (Number.isNaN(spread) || spread <= 0)) return rejected(...S.callback());
  const activePx = priceField(raw, 'activePx', inst);
  if (isFail(activePx)) return activePx;
  if (ratio !== undefined) algo.callbackRatio = ratio;
  if (spread !== undefined) algo.callbackSpread = spread;
  if (activePx !== undefined) {
    algo.activePx = activePx;
    algo.activated = false;
  }
  return undefined;
}
