/**
 * The matching engine's records, in OKX's vocabulary (ordId, clOrdId, accFillSz, algoId, …). Numbers are
 * doubles here; rows.ts turns them into OKX's strings. Sizes are in contracts for swaps and in base
 * currency for spot (quote currency for a spot market buy with `tgtCcy=quote_ccy`).
 */

import type { SimInstrument } from './instruments.js';

export type Side = 'buy' | 'sell';
export type OrdType = 'market' | 'limit' | 'post_only' | 'ioc' | 'fok' | 'optimal_limit_ioc';
export type OrderState = 'live' | 'partially_filled' | 'filled' | 'canceled';
export type TdMode = 'cash' | 'cross' | 'isolated';
export type PosSide = 'net' | 'long' | 'short';
export type PosMode = 'net_mode' | 'long_short_mode';
export type AlgoOrdType = 'conditional' | 'oco' | 'trigger' | 'move_order_stop';
export type AlgoState = 'live' | 'effective' | 'canceled' | 'order_failed';

/** A TP/SL attached to an order (`attachAlgoOrds`), armed as an algo order when the order fills. */
export interface AttachedTpSl {
  attachAlgoId: string;
  attachAlgoClOrdId: string;
  tpTriggerPx?: number;
  /** -1 = market. */
  tpOrdPx?: number;
  slTriggerPx?: number;
  slOrdPx?: number;
  tpTriggerPxType: string;
  slTriggerPxType: string;
}

export interface SimFill {
  tradeId: string;
  billId: string;
  ordId: string;
  clOrdId: string;
  tag: string;
  inst: SimInstrument;
  side: Side;
  posSide: PosSide;
  px: number;
  sz: number;
  /** OKX's sign: negative is a charge. */
  fee: number;
  feeCcy: string;
  feeRate: number;
  execType: 'T' | 'M';
  /** Realised PnL of this fill (closing part), settle currency. */
  pnl: number;
  ts: number;
}

export interface SimOrder {
  ordId: string;
  clOrdId: string;
  tag: string;
  inst: SimInstrument;
  side: Side;
  ordType: OrdType;
  tdMode: TdMode;
  posSide: PosSide;
  /** Limit price; undefined for market orders. */
  px: number | undefined;
  sz: number;
  /** Spot only: what `sz` counts ('' for swaps). */
  tgtCcy: '' | 'base_ccy' | 'quote_ccy';
  reduceOnly: boolean;
  lever: number;
  state: OrderState;
  accFillSz: number;
  avgPx: number;
  /** Cumulative, OKX's sign (negative = charged). */
  fee: number;
  feeCcy: string;
  pnl: number;
  lastFill: SimFill | undefined;
  cTime: number;
  uTime: number;
  cancelSource: string;
  cancelSourceReason: string;
  attached: AttachedTpSl[];
  /** Set when an algo order placed this order. */
  algoId: string;
  algoClOrdId: string;
  /** What a resting order holds back from the balance: { currency, amount }. */
  frozen: { ccy: string; amount: number } | undefined;
}

export interface SimAlgo {
  algoId: string;
  algoClOrdId: string;
  tag: string;
  inst: SimInstrument;
  side: Side;
  ordType: AlgoOrdType;
  tdMode: TdMode;
  posSide: PosSide;
  sz: number;
  reduceOnly: boolean;
  lever: number;
  state: AlgoState;
  tpTriggerPx?: number;
  tpOrdPx?: number;
  slTriggerPx?: number;
  slOrdPx?: number;
  tpTriggerPxType: string;
  slTriggerPxType: string;
  triggerPx?: number;
  /** -1 = market. */
  orderPx?: number;
  triggerPxType: string;
  /** `trigger` orders: fire on a rise to triggerPx (true) or a fall (false), from where the price was. */
  triggerAbove: boolean;
  callbackRatio?: number;
  callbackSpread?: number;
  activePx?: number;
  activated: boolean;
  /** Trailing: best price since activation (highest for a sell, lowest for a buy). */
  extreme: number;
  cTime: number;
  uTime: number;
  triggerTime: number | undefined;
  /** The order placed when it fired. */
  ordId: string;
  clOrdId: string;
  actualSz: number;
  actualPx: number | undefined;
  actualSide: '' | 'tp' | 'sl';
  /** An attached TP/SL: the order it belongs to. */
  parentOrdId: string;
  failCode: string;
}

export interface SimPosition {
  posId: string;
  inst: SimInstrument;
  mgnMode: 'cross' | 'isolated';
  posSide: PosSide;
  /** Contracts; signed in net mode (short < 0), positive for long/short sides. */
  pos: number;
  avgPx: number;
  lever: number;
  /** Isolated margin held by the position (moved out of the cash balance). */
  margin: number;
  realizedPnl: number;
  /** Cumulative fees, OKX's sign. */
  fee: number;
  cTime: number;
  uTime: number;
  tradeId: string;
}

/** What the engine tells its listener; the protocol layer turns each into pushes. */
export type EngineEvent =
  | { type: 'order'; order: SimOrder; fill?: SimFill; amended?: boolean }
  | { type: 'algo'; algo: SimAlgo }
  | { type: 'position'; position: SimPosition; fill?: SimFill }
  | { type: 'balance'; reason: 'fill' | 'order' | 'leverage' };

/** A trade endpoint's per-item result (`sCode` / `sMsg`). */
export type ItemResult<T> = { ok: true; value: T } | { ok: false; sCode: string; sMsg: string };

export const rejected = (sCode: string, sMsg: string): { ok: false; sCode: string; sMsg: string } => ({
  ok: false,
  sCode,
  sMsg,
});
