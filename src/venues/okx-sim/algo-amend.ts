/**
 * `/trade/amend-algos`: new prices (and size) for a live algo order, by `algoId` or `algoClOrdId` (with
 * `instId`). Conditional and oco orders — attached TP/SL armed as one included — take `newTpTriggerPx` /
 * `newTpOrdPx` and `newSlTriggerPx` / `newSlOrdPx`; a leg left out keeps its prices. Trigger orders take
 * `newTriggerPx` / `newOrdPx`. Checked as a placement is: 51000 for a malformed or off-grid value or a leg
 * the order does not have, 51277–51280 for a trigger on the wrong side of the last price, 51603 for an
 * algo order that does not exist or is no longer live. Trailing orders cannot be amended (51000). The
 * path walker reads the triggers afresh, so the next price move fires at the new one.
 */

import { legSideProblem } from './algo-intake.js';
import { S } from './codes.js';
import type { MatchingEngine } from './engine.js';
import { onGrid, parseDecimal } from './numbers.js';
import { type Fail, isFail, orderPriceField, priceField, type RawRequest, text } from './order-intake.js';
import type { ItemResult, SimAlgo } from './types.js';
import { rejected } from './types.js';

type Patch = Partial<
  Pick<
    SimAlgo,
    | 'sz'
    | 'tpTriggerPx'
    | 'tpOrdPx'
    | 'tpTriggerPxType'
    | 'slTriggerPx'
    | 'slOrdPx'
    | 'slTriggerPxType'
    | 'triggerPx'
    | 'orderPx'
    | 'triggerAbove'
  >
>;

/** The TP / SL legs asked for: only legs the order has can move. */
function legPatch(algo: SimAlgo, raw: RawRequest, last: number): Patch | Fail {
  const patch: Patch = {};
  for (const leg of ['tp', 'sl'] as const) {
    const name = leg === 'tp' ? 'Tp' : 'Sl';
    const trigger = priceField(raw, `new${name}TriggerPx`, algo.inst);
    if (isFail(trigger)) return trigger;
    const ordPx = orderPriceField(raw, `new${name}OrdPx`, algo.inst);
    if (isFail(ordPx)) return ordPx;
    if (trigger === undefined && ordPx === undefined) continue;
    if (algo[`${leg}TriggerPx`] === undefined) return rejected(...S.param(`new${name}TriggerPx`));
    if (trigger !== undefined) patch[`${leg}TriggerPx`] = trigger;
    if (ordPx !== undefined) patch[`${leg}OrdPx`] = ordPx;
    const type = text(raw, `new${name}TriggerPxType`);
    if (type !== '') patch[`${leg}TriggerPxType`] = type;
  }
  const wrongSide = legSideProblem(algo.side, patch.tpTriggerPx, patch.slTriggerPx, last);
  return isFail(wrongSide) ? wrongSide : patch;
}

function triggerPatch(algo: SimAlgo, raw: RawRequest, last: number): Patch | Fail {
  const trigger = priceField(raw, 'newTriggerPx', algo.inst);
  if (isFail(trigger)) return trigger;
  const orderPx = orderPriceField(raw, 'newOrdPx', algo.inst);
  if (isFail(orderPx)) return orderPx;
  return {
    ...(orderPx === undefined ? {} : { orderPx }),
    // It fires when the price reaches the new trigger from where it is now (as a placement).
    ...(trigger === undefined
      ? {}
      : { triggerPx: trigger, triggerAbove: trigger > last || (trigger === last && algo.side === 'buy') }),
  };
}

function sizePatch(algo: SimAlgo, raw: RawRequest): Patch | Fail {
  const sz = parseDecimal(raw.newSz);
  if (sz === undefined) return {};
  if (Number.isNaN(sz) || sz <= 0) return rejected(...S.param('newSz'));
  if (!onGrid(sz, algo.inst.lot)) return rejected(...S.lotSize());
  return { sz };
}

export function amendAlgo(engine: MatchingEngine, raw: RawRequest): ItemResult<SimAlgo> {
  const instId = text(raw, 'instId');
  if (instId === '') return rejected(...S.paramEmpty('instId'));
  const algoId = text(raw, 'algoId');
  const algoClOrdId = text(raw, 'algoClOrdId');
  if (algoId === '' && algoClOrdId === '') return rejected(...S.eitherId());
  const algo = engine.store.findAlgo(instId, algoId, algoClOrdId);
  if (algo === undefined || algo.state !== 'live') return rejected(...S.algoMissing());
  if (algo.ordType === 'move_order_stop') return rejected(...S.param('ordType'));
  const last = engine.lastPrice(algo.inst);
  const prices = algo.ordType === 'trigger' ? triggerPatch(algo, raw, last) : legPatch(algo, raw, last);
  if (isFail(prices)) return prices;
  const size = sizePatch(algo, raw);
  if (isFail(size)) return size;
  const patch = { ...prices, ...size };
  if (Object.keys(patch).length === 0) return rejected(...S.amendNothing());
  Object.assign(algo, patch);
  algo.uTime = engine.now();
  engine.emit({ type: 'algo', algo });
  return { ok: true, value: algo };
}
