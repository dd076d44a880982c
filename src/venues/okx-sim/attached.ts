/**
 * Attached TP/SL (`attachAlgoOrds`): they wait with their order and, when it fills completely (or is
 * cancelled after a partial fill), become a live algo order of their own — `conditional` for one leg,
 * `oco` for both — closing what the order opened (reduce-only on swaps), with its filled size, trade mode
 * and position side. A partly filled order still working has no armed TP/SL.
 */

import type { MatchingEngine } from './engine.js';
import type { SimAlgo, SimOrder } from './types.js';

/** An ended order's attached TP/SL → a live conditional (one leg) or oco (both) algo order, sized to its fills. */
export function armAttached(engine: MatchingEngine, order: SimOrder): void {
  for (const attached of order.attached) {
    const now = engine.now();
    const both = attached.tpTriggerPx !== undefined && attached.slTriggerPx !== undefined;
    const algo: SimAlgo = {
      algoId: attached.attachAlgoId,
      algoClOrdId: attached.attachAlgoClOrdId,
      tag: order.tag,
      inst: order.inst,
      side: order.side === 'buy' ? 'sell' : 'buy',
      ordType: both ? 'oco' : 'conditional',
      tdMode: order.tdMode,
      posSide: order.posSide,
      sz: order.accFillSz,
      reduceOnly: order.inst.instType === 'SWAP',
      lever: order.lever,
      state: 'live',
      ...(attached.tpTriggerPx === undefined
        ? {}
        : { tpTriggerPx: attached.tpTriggerPx, tpOrdPx: attached.tpOrdPx ?? -1 }),
      ...(attached.slTriggerPx === undefined
        ? {}
        : { slTriggerPx: attached.slTriggerPx, slOrdPx: attached.slOrdPx ?? -1 }),
      tpTriggerPxType: attached.tpTriggerPxType,
      slTriggerPxType: attached.slTriggerPxType,
      triggerPxType: '',
      triggerAbove: false,
      activated: true,
      extreme: engine.lastPrice(order.inst),
      cTime: now,
      uTime: now,
      triggerTime: undefined,
      ordId: '',
      clOrdId: '',
      actualSz: 0,
      actualPx: undefined,
      actualSide: '',
      parentOrdId: order.ordId,
      failCode: '',
    };
    engine.store.addAlgo(algo);
    engine.emit({ type: 'algo', algo });
  }
}
