/**
 * Algo orders (`/trade/order-algo`): `conditional` (one TP or SL leg), `oco` (both), `trigger`, and
 * `move_order_stop` (trailing, `callbackRatio` or `callbackSpread`, optional `activePx`). Attached TP/SL
 * of a normal order become a conditional/oco algo order when that order fills. An algo order fires where
 * the price path crosses its trigger (path-walk.ts asks `conditions()`), then places its order through
 * the engine: a market order for an order price of -1, else a limit. Every trigger price type (last,
 * mark, index) is compared with the simulator's single price.
 */

import { readAlgoTriggers } from './algo-intake.js';
import { armAttached } from './attached.js';
import { S } from './codes.js';
import type { MatchingEngine } from './engine.js';
import { parseDecimal } from './numbers.js';
import { isFail, parseCommon, type RawRequest, sizeField, text } from './order-intake.js';
import type { AlgoOrdType, ItemResult, SimAlgo } from './types.js';
import { rejected } from './types.js';

const ALGO_TYPES: readonly AlgoOrdType[] = ['conditional', 'oco', 'trigger', 'move_order_stop'];
const CLIENT_ID = /^[A-Za-z0-9]{1,32}$/;

/** A trigger of a live algo: fires when the price is at or above (`ge`) or at or below (`le`) `level`. */
export interface TriggerCondition {
  algo: SimAlgo;
  dir: 'ge' | 'le';
  level: number;
  leg: 'tp' | 'sl' | 'trigger' | 'activate';
}

/** The price a trailing order fires at, from the best price since activation. */
export function trailLevel(algo: SimAlgo): number {
  const sell = algo.side === 'sell';
  if (algo.callbackRatio !== undefined)
    return algo.extreme * (sell ? 1 - algo.callbackRatio : 1 + algo.callbackRatio);
  return algo.extreme + (sell ? -(algo.callbackSpread ?? 0) : (algo.callbackSpread ?? 0));
}

export class AlgoEngine {
  constructor(private readonly engine: MatchingEngine) {
    engine.armAttached = (order) => armAttached(engine, order);
  }

  place(raw: RawRequest): ItemResult<SimAlgo> {
    const engine = this.engine;
    const common = parseCommon(raw, engine);
    if (!common.ok) return common;
    const { inst, side } = common.value;
    const ordType = text(raw, 'ordType') as AlgoOrdType;
    if (!ALGO_TYPES.includes(ordType)) return rejected(...S.param('ordType'));
    const closeAll = parseDecimal(raw.closeFraction) === 1;
    let sz = 0;
    if (!closeAll) {
      const parsed = sizeField(raw, inst);
      if (isFail(parsed)) return parsed;
      sz = parsed;
    }
    // ccxt sends `clOrdId` on algo orders; OKX takes it as the algo's client id.
    const algoClOrdId = text(raw, 'algoClOrdId') || text(raw, 'clOrdId');
    if (algoClOrdId !== '' && !CLIENT_ID.test(algoClOrdId)) return rejected(...S.param('algoClOrdId'));
    if (algoClOrdId !== '' && engine.store.algoClOrdIdTaken(algoClOrdId))
      return rejected(...S.algoClOrdIdTaken());
    const last = engine.lastPrice(inst);
    const now = engine.now();
    const algo: SimAlgo = {
      algoId: engine.ids.next(),
      algoClOrdId,
      tag: common.value.tag,
      inst,
      side,
      ordType,
      tdMode: common.value.tdMode,
      posSide: common.value.posSide,
      sz,
      reduceOnly: common.value.reduceOnly || closeAll,
      lever:
        inst.instType === 'SWAP'
          ? engine.account.leverage(
              inst,
              common.value.tdMode === 'isolated' ? 'isolated' : 'cross',
              common.value.posSide,
            )
          : 1,
      state: 'live',
      tpTriggerPxType: '',
      slTriggerPxType: '',
      triggerPxType: '',
      triggerAbove: false,
      activated: true,
      extreme: last,
      cTime: now,
      uTime: now,
      triggerTime: undefined,
      ordId: '',
      clOrdId: '',
      actualSz: 0,
      actualPx: undefined,
      actualSide: '',
      parentOrdId: '',
      failCode: '',
    };
    const problem = readAlgoTriggers(algo, raw, last);
    if (problem !== undefined) return problem;
    engine.store.addAlgo(algo);
    engine.emit({ type: 'algo', algo });
    return { ok: true, value: algo };
  }

  /** The triggers of every live algo order of an instrument. */
  conditions(instId: string): TriggerCondition[] {
    const result: TriggerCondition[] = [];
    for (const algo of this.engine.store.liveAlgos(instId)) {
      const sell = algo.side === 'sell';
      if (algo.ordType === 'conditional' || algo.ordType === 'oco') {
        if (algo.tpTriggerPx !== undefined)
          result.push({ algo, dir: sell ? 'ge' : 'le', level: algo.tpTriggerPx, leg: 'tp' });
        if (algo.slTriggerPx !== undefined)
          result.push({ algo, dir: sell ? 'le' : 'ge', level: algo.slTriggerPx, leg: 'sl' });
      } else if (algo.ordType === 'trigger') {
        result.push({ algo, dir: algo.triggerAbove ? 'ge' : 'le', level: algo.triggerPx!, leg: 'trigger' });
      } else if (!algo.activated) {
        result.push({ algo, dir: sell ? 'ge' : 'le', level: algo.activePx!, leg: 'activate' });
      } else {
        result.push({ algo, dir: sell ? 'le' : 'ge', level: trailLevel(algo), leg: 'trigger' });
      }
    }
    return result;
  }

  /** A crossed trigger at `price` (the engine's last price is already there). */
  hit(condition: TriggerCondition, price: number): void {
    const { algo } = condition;
    if (condition.leg === 'activate') {
      algo.activated = true;
      algo.extreme = price;
      return;
    }
    this.#fire(algo, condition.leg, price);
  }

  /** Trailing orders follow the path: the best price since activation. */
  follow(instId: string, price: number): void {
    for (const algo of this.engine.store.liveAlgos(instId)) {
      if (algo.ordType !== 'move_order_stop' || !algo.activated) continue;
      algo.extreme = algo.side === 'sell' ? Math.max(algo.extreme, price) : Math.min(algo.extreme, price);
    }
  }

  #fire(algo: SimAlgo, leg: 'tp' | 'sl' | 'trigger', price: number): void {
    const engine = this.engine;
    const ordPx = leg === 'tp' ? algo.tpOrdPx : leg === 'sl' ? algo.slOrdPx : algo.orderPx;
    algo.state = 'effective';
    algo.triggerTime = engine.now();
    algo.uTime = algo.triggerTime;
    algo.actualSide = leg === 'trigger' ? '' : leg;
    const position = engine.account.position(
      algo.inst,
      algo.tdMode === 'isolated' ? 'isolated' : 'cross',
      algo.posSide,
    );
    const sz = algo.sz > 0 ? algo.sz : Math.abs(position?.pos ?? 0);
    algo.clOrdId = `${algo.algoId}_0`;
    const limit = ordPx !== undefined && ordPx !== -1;
    const result =
      sz > 0
        ? engine.submit(
            {
              inst: algo.inst,
              side: algo.side,
              tdMode: algo.tdMode,
              posSide: algo.posSide,
              sz,
              reduceOnly: algo.reduceOnly,
              tag: algo.tag,
              ordType: limit ? 'limit' : 'market',
              px: limit ? ordPx : undefined,
              tgtCcy: algo.inst.instType === 'SPOT' ? 'base_ccy' : '',
              clOrdId: algo.clOrdId,
              attached: [],
            },
            { algoId: algo.algoId, algoClOrdId: algo.algoClOrdId },
          )
        : rejected(...S.noPosition());
    if (result.ok) {
      algo.ordId = result.value.ordId;
      algo.actualSz = result.value.accFillSz > 0 ? result.value.accFillSz : sz;
      algo.actualPx = result.value.accFillSz > 0 ? result.value.avgPx : ordPx === -1 ? price : ordPx;
    } else {
      algo.state = 'order_failed';
      algo.failCode = result.sCode;
    }
    engine.emit({ type: 'algo', algo });
  }

  cancel(raw: RawRequest): ItemResult<SimAlgo> {
    const algoId = text(raw, 'algoId');
    const algoClOrdId = text(raw, 'algoClOrdId');
    if (algoId === '' && algoClOrdId === '') return rejected(...S.eitherId());
    const algo = this.engine.store.findAlgo(text(raw, 'instId'), algoId, algoClOrdId);
    if (algo === undefined || algo.state !== 'live') return rejected(...S.algoMissing());
    algo.state = 'canceled';
    algo.uTime = this.engine.now();
    this.engine.emit({ type: 'algo', algo });
    return { ok: true, value: algo };
  }
}
