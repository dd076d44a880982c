/**
 * Orders, fills and algo orders as OKX's JSON rows. The key sets are those of the real samples
 * (nautilus `http_get_orders_pending.json`, `ws_orders.json`, `http_get_orders_algo_*.json`,
 * `ws_orders_algo.json`, `http_transaction_detail.json`) plus the fill fields OKX documents for the
 * `orders` channel (`fillFee`, `fillFeeCcy`, `fillPnl`, …), which ccxt's watchMyTrades reads.
 */

import { trailLevel } from './algo-engine.js';
import { fmt } from './numbers.js';
import type { AttachedTpSl, SimAlgo, SimFill, SimOrder } from './types.js';

type Row = Record<string, unknown>;

const px = (value: number | undefined): string => (value === undefined ? '' : fmt(value));

function attachedRow(a: AttachedTpSl): Row {
  return {
    attachAlgoId: a.attachAlgoId,
    attachAlgoClOrdId: a.attachAlgoClOrdId,
    slTriggerPx: px(a.slTriggerPx),
    slOrdPx: px(a.slOrdPx),
    slTriggerPxType: a.slTriggerPxType,
    tpTriggerPx: px(a.tpTriggerPx),
    tpOrdPx: px(a.tpOrdPx),
    tpTriggerPxType: a.tpTriggerPxType,
    tpOrdKind: a.tpTriggerPx === undefined ? '' : 'condition',
    sz: '',
    amendPxOnTriggerType: '0',
    failCode: '',
    failReason: '',
  };
}

/**
 * The REST row (`/trade/order`, `/orders-pending`, `/orders-history`): the fill fields describe the
 * latest fill, empty before the first.
 */
export function orderRow(order: SimOrder): Row {
  const swap = order.inst.instType === 'SWAP';
  const fill = order.lastFill;
  return {
    accFillSz: fmt(order.accFillSz),
    algoClOrdId: order.algoClOrdId,
    algoId: order.algoId,
    attachAlgoClOrdId: order.attached[0]?.attachAlgoClOrdId ?? '',
    attachAlgoOrds: order.attached.map(attachedRow),
    avgPx: order.accFillSz > 0 ? fmt(order.avgPx) : '',
    cTime: String(order.cTime),
    cancelSource: order.cancelSource,
    cancelSourceReason: order.cancelSourceReason,
    category: 'normal',
    ccy: swap ? order.inst.settle : '',
    clOrdId: order.clOrdId,
    fee: fmt(order.fee),
    feeCcy: order.feeCcy,
    fillPx: fill === undefined ? '' : fmt(fill.px),
    fillSz: fill === undefined ? '0' : fmt(fill.sz),
    fillTime: fill === undefined ? '' : String(fill.ts),
    instId: order.inst.instId,
    instType: order.inst.instType,
    isTpLimit: 'false',
    lever: swap ? String(order.lever) : '',
    linkedAlgoOrd: { algoId: '' },
    ordId: order.ordId,
    ordType: order.ordType,
    pnl: fmt(order.pnl),
    posSide: swap ? order.posSide : '',
    px: px(order.px),
    pxType: '',
    pxUsd: '',
    pxVol: '',
    quickMgnType: '',
    rebate: '0',
    rebateCcy: order.inst.instType === 'SPOT' ? order.inst.quote : order.inst.settle,
    reduceOnly: String(order.reduceOnly),
    side: order.side,
    slOrdPx: '',
    slTriggerPx: '',
    slTriggerPxType: '',
    source: order.algoId === '' ? '' : '34',
    state: order.state,
    stpId: '',
    stpMode: 'cancel_maker',
    sz: fmt(order.sz),
    tag: order.tag,
    tdMode: order.tdMode,
    tgtCcy: order.tgtCcy,
    tpOrdPx: '',
    tpTriggerPx: '',
    tpTriggerPxType: '',
    tradeId: fill === undefined ? '' : fill.tradeId,
    uTime: String(order.uTime),
  };
}

/**
 * The `orders` channel row: with `fill`, the fill this push announces (tradeId, fillSz, fillPx, fillFee,
 * execType, …); without, a state change (the fill fields empty, so ccxt sees no trade in it).
 */
export function orderPushRow(order: SimOrder, fill: SimFill | undefined, amended = false): Row {
  const row = orderRow(order);
  const notional = fill === undefined ? 0 : fill.sz * order.inst.ctVal * fill.px;
  return {
    ...row,
    amendResult: amended ? '0' : '',
    amendSource: amended ? '1' : '',
    code: '0',
    msg: '',
    reqId: '',
    execType: fill?.execType ?? '',
    fillFee: fill === undefined ? '0' : fmt(fill.fee),
    fillFeeCcy: fill?.feeCcy ?? '',
    fillIdxPx: '',
    fillMarkPx: '',
    fillMarkVol: '',
    fillFwdPx: '',
    fillNotionalUsd: fill === undefined ? '' : fmt(notional),
    fillPnl: fill === undefined ? '0' : fmt(fill.pnl),
    fillPx: fill === undefined ? '' : fmt(fill.px),
    fillPxUsd: '',
    fillPxVol: '',
    fillSz: fill === undefined ? '0' : fmt(fill.sz),
    fillTime: fill === undefined ? '' : String(fill.ts),
    lastPx: fill === undefined ? '' : fmt(fill.px),
    notionalUsd: fmt(order.sz * order.inst.ctVal * (order.px ?? order.avgPx)),
    tradeId: fill?.tradeId ?? '',
  };
}

/** `/trade/fills` and `/trade/fills-history` rows. */
export function fillRow(fill: SimFill): Row {
  const swap = fill.inst.instType === 'SWAP';
  return {
    instType: fill.inst.instType,
    instId: fill.inst.instId,
    tradeId: fill.tradeId,
    ordId: fill.ordId,
    clOrdId: fill.clOrdId,
    billId: fill.billId,
    subType: fill.side === 'buy' ? '1' : '2',
    tag: fill.tag,
    fillPx: fmt(fill.px),
    fillSz: fmt(fill.sz),
    fillIdxPx: '',
    fillPnl: fmt(fill.pnl),
    fillPxVol: '',
    fillPxUsd: '',
    fillMarkVol: '',
    fillFwdPx: '',
    fillMarkPx: '',
    side: fill.side,
    posSide: swap ? fill.posSide : '',
    execType: fill.execType,
    feeCcy: fill.feeCcy,
    fee: fmt(fill.fee),
    feeRate: fmt(-fill.feeRate),
    ts: String(fill.ts),
    fillTime: String(fill.ts),
  };
}

/** Algo order rows (`/orders-algo-pending`, `/orders-algo-history`, `/order-algo`, `orders-algo`). */
export function algoRow(algo: SimAlgo): Row {
  const swap = algo.inst.instType === 'SWAP';
  const moveTrigger = algo.ordType === 'move_order_stop' && algo.activated;
  return {
    activePx: px(algo.activePx),
    actualPx: px(algo.actualPx),
    actualSide: algo.actualSide,
    actualSz: fmt(algo.actualSz),
    algoClOrdId: algo.algoClOrdId,
    algoId: algo.algoId,
    amendPxOnTriggerType: '0',
    attachAlgoOrds: [],
    cTime: String(algo.cTime),
    callbackRatio: algo.callbackRatio === undefined ? '' : fmt(algo.callbackRatio),
    callbackSpread: algo.callbackSpread === undefined ? '' : fmt(algo.callbackSpread),
    ccy: swap ? algo.inst.settle : '',
    clOrdId: algo.clOrdId,
    closeFraction: algo.sz === 0 ? '1' : '',
    failCode: algo.failCode,
    instId: algo.inst.instId,
    instType: algo.inst.instType,
    last: '',
    lever: swap ? String(algo.lever) : '',
    linkedOrd: { ordId: algo.parentOrdId },
    moveTriggerPx: moveTrigger ? fmt(trailLevel(algo)) : '',
    notionalUsd: '',
    ordId: algo.ordId,
    ordIdList: algo.ordId === '' ? [] : [algo.ordId],
    ordPx: px(algo.orderPx),
    ordType: algo.ordType,
    posSide: swap ? algo.posSide : '',
    pxLimit: '',
    pxSpread: '',
    pxVar: '',
    quickMgnType: '',
    reduceOnly: String(algo.reduceOnly),
    side: algo.side,
    slOrdPx: px(algo.slOrdPx),
    slTriggerPx: px(algo.slTriggerPx),
    slTriggerPxType: algo.slTriggerPxType,
    state: algo.state,
    sz: algo.sz === 0 ? '' : fmt(algo.sz),
    szLimit: '',
    tag: algo.tag,
    tdMode: algo.tdMode,
    tgtCcy: algo.inst.instType === 'SPOT' ? 'base_ccy' : '',
    timeInterval: '',
    tpOrdPx: px(algo.tpOrdPx),
    tpTriggerPx: px(algo.tpTriggerPx),
    tpTriggerPxType: algo.tpTriggerPxType,
    triggerPx: px(algo.triggerPx),
    triggerPxType: algo.triggerPxType,
    triggerTime: algo.triggerTime === undefined ? '' : String(algo.triggerTime),
    uTime: String(algo.uTime),
  };
}
