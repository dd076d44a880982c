/**
 * Positions and balances as OKX's JSON rows, with the key sets of the real samples
 * (`http_get_positions.json`, `http_get_account_balance.json`, `ws_account.json`) and the
 * `balance_and_position` push. Figures come from account.ts.
 */

import type { SimAccount } from './account.js';
import { fmt } from './numbers.js';
import type { SimFill, SimPosition } from './types.js';

type Row = Record<string, unknown>;

export function positionRow(account: SimAccount, p: SimPosition, mark: number): Row {
  const upl = account.upl(p);
  const notional = account.notional(p);
  const imr = account.imr(p);
  const mmr = account.mmr(p);
  const isolated = p.mgnMode === 'isolated';
  const collateral = isolated ? p.margin + upl : imr + upl;
  const liqPx = account.liquidationPrice(p);
  const initial = isolated ? p.margin : imr;
  return {
    adl: '1',
    availPos: fmt(Math.abs(p.pos)),
    avgPx: p.pos === 0 ? '' : fmt(p.avgPx),
    baseBal: '',
    baseBorrowed: '',
    baseInterest: '',
    bePx: p.pos === 0 ? '' : fmt(p.avgPx),
    bizRefId: '',
    bizRefType: '',
    cTime: String(p.cTime),
    ccy: p.inst.settle,
    clSpotInUseAmt: '',
    closeOrderAlgo: [],
    deltaBS: '',
    deltaPA: '',
    fee: fmt(p.fee),
    fundingFee: '0',
    gammaBS: '',
    gammaPA: '',
    idxPx: fmt(mark),
    imr: isolated ? '' : fmt(imr),
    instId: p.inst.instId,
    instType: p.inst.instType,
    interest: '',
    last: fmt(mark),
    lever: String(p.lever),
    liab: '',
    liabCcy: '',
    liqPenalty: '0',
    liqPx: liqPx === undefined ? '' : fmt(Number(liqPx.toFixed(8))),
    margin: isolated ? fmt(p.margin) : '',
    markPx: fmt(mark),
    maxSpotInUseAmt: '',
    mgnMode: p.mgnMode,
    mgnRatio: mmr > 0 ? fmt(Number((collateral / mmr).toFixed(8))) : '',
    mmr: fmt(mmr),
    nonSettleAvgPx: '',
    notionalUsd: fmt(notional),
    optVal: '',
    pendingCloseOrdLiabVal: '',
    pnl: fmt(p.realizedPnl - p.fee),
    pos: fmt(p.pos),
    posCcy: '',
    posId: p.posId,
    posSide: p.posSide,
    quoteBal: '',
    quoteBorrowed: '',
    quoteInterest: '',
    realizedPnl: fmt(p.realizedPnl),
    settledPnl: '',
    spotInUseAmt: '',
    spotInUseCcy: '',
    thetaBS: '',
    thetaPA: '',
    tradeId: p.tradeId,
    uTime: String(p.uTime),
    upl: fmt(upl),
    uplLastPx: fmt(upl),
    uplRatio: initial > 0 ? fmt(Number((upl / initial).toFixed(8))) : '0',
    uplRatioLastPx: initial > 0 ? fmt(Number((upl / initial).toFixed(8))) : '0',
    usdPx: '',
    vegaBS: '',
    vegaPA: '',
  };
}

/** One currency of `/account/balance` (`details[]`). */
function detailRow(account: SimAccount, ccy: string, usdPrice: number): Row {
  const f = account.figures(ccy);
  return {
    accAvgPx: '',
    availBal: fmt(f.availBal),
    availEq: fmt(f.availEq),
    borrowFroz: '',
    cashBal: fmt(f.cashBal),
    ccy,
    clSpotInUseAmt: '',
    coinUsdPrice: fmt(usdPrice),
    colBorrAutoConversion: '0',
    collateralEnabled: false,
    collateralRestrict: false,
    crossLiab: '',
    disEq: fmt(f.eq * usdPrice),
    eq: fmt(f.eq),
    eqUsd: fmt(f.eq * usdPrice),
    fixedBal: '0',
    frozenBal: fmt(f.frozenBal),
    imr: fmt(f.imr),
    interest: '',
    isoEq: fmt(f.isoEq),
    isoLiab: '',
    isoUpl: fmt(f.isoUpl),
    liab: '',
    maxLoan: '',
    maxSpotInUseAmt: '',
    mgnRatio: '',
    mmr: fmt(f.mmr),
    notionalLever: f.eq > 0 ? fmt(Number((f.notional / f.eq).toFixed(8))) : '0',
    openAvgPx: '',
    ordFrozen: fmt(f.ordFrozen),
    rewardBal: '0',
    smtSyncEq: '0',
    spotBal: '',
    spotCopyTradingEq: '0',
    spotInUseAmt: '',
    spotIsoBal: '0',
    spotUpl: '',
    spotUplRatio: '',
    stgyEq: '0',
    totalPnl: '',
    totalPnlRatio: '',
    twap: '0',
    uTime: String(f.uTime),
    upl: fmt(f.upl),
    uplLiab: '',
  };
}

/** The `/account/balance` row (and the `account` channel's): every currency held, or the ones asked for. */
export function balanceRow(
  account: SimAccount,
  currencies: readonly string[],
  usdPrice: (ccy: string) => number,
  now: number,
): Row {
  const details = currencies.map((ccy) => detailRow(account, ccy, usdPrice(ccy)));
  let totalEq = 0;
  let imr = 0;
  let mmr = 0;
  let isoEq = 0;
  let notional = 0;
  for (const ccy of currencies) {
    const f = account.figures(ccy);
    const usd = usdPrice(ccy);
    totalEq += f.eq * usd;
    imr += f.imr * usd;
    mmr += f.mmr * usd;
    isoEq += f.isoEq * usd;
    notional += f.notional * usd;
  }
  return {
    adjEq: fmt(totalEq),
    availEq: fmt(totalEq - imr - isoEq),
    borrowFroz: '',
    details,
    imr: fmt(imr),
    isoEq: fmt(isoEq),
    mgnRatio: mmr > 0 ? fmt(Number((totalEq / mmr).toFixed(8))) : '',
    mmr: fmt(mmr),
    notionalUsd: fmt(notional),
    notionalUsdForBorrow: '0',
    notionalUsdForFutures: '0',
    notionalUsdForOption: '0',
    notionalUsdForSwap: fmt(notional),
    ordFroz: '',
    totalEq: fmt(totalEq),
    uTime: String(now),
    upl: '',
  };
}

/** The `balance_and_position` push after a fill (or a snapshot on subscribe). */
export function balanceAndPositionRow(
  account: SimAccount,
  positions: readonly SimPosition[],
  fill: SimFill | undefined,
  now: number,
): Row {
  return {
    pTime: String(now),
    eventType: fill === undefined ? 'snapshot' : 'filled',
    balData: account
      .currencies()
      .map((ccy) => ({ ccy, cashBal: fmt(account.cash(ccy)), uTime: String(now) })),
    posData: positions.map((p) => ({
      posId: p.posId,
      tradeId: p.tradeId,
      instId: p.inst.instId,
      instType: p.inst.instType,
      mgnMode: p.mgnMode,
      posSide: p.posSide,
      pos: fmt(p.pos),
      ccy: p.inst.settle,
      posCcy: '',
      avgPx: p.pos === 0 ? '' : fmt(p.avgPx),
      nonSettleAvgPx: '',
      settledPnl: '',
      uTime: String(p.uTime),
    })),
    trades: fill === undefined ? [] : [{ instId: fill.inst.instId, tradeId: fill.tradeId }],
  };
}
