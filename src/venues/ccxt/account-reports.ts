/**
 * ccxt `Trade`, `Position` and `Balances` → `FillReport`, `PositionReport`, `BalanceReport`.
 *
 * Fees: ccxt reports the fee paid as a positive cost (it negates OKX's negative `fee`), a rebate as a
 * negative one — the sign `FillReport.fee` uses. Positions: ccxt gives unsigned `contracts` plus `side`;
 * the report is signed (short < 0) and says which side of a hedge-mode account it is.
 */

import type { Balances, Position, Trade } from 'ccxt';
import type { BalanceReport, FillReport, PositionReport } from '../exchange/types.js';
import { clientOrderIdOf, type ReportContext } from './order-report.js';
import { finite, type RawRecord, rawNumber, rawOf, rawString, realPrice } from './raw-fields.js';

/**
 * The fee of one fill pushed on OKX's `orders` channel. ccxt's okx `orderToTrade` copies `fillFee` with
 * OKX's sign (negative = charged) where its REST parser negates it, and leaves it out when the push has
 * no `fillFee`; then the order's cumulative `fee` is this fill's fee if the fill is the order's only one.
 */
function okxOrdersChannelFee(raw: RawRecord): { fee: number; currency: string } | undefined {
  if (rawString(raw, 'accFillSz') === undefined || rawString(raw, 'tradeId') === undefined) return undefined;
  const currency = rawString(raw, 'fillFeeCcy', 'feeCcy') ?? '';
  const fillFee = rawNumber(raw, 'fillFee');
  if (fillFee !== undefined) return { fee: -fillFee, currency };
  const onlyFill = rawNumber(raw, 'fillSz') === rawNumber(raw, 'accFillSz');
  const orderFee = rawNumber(raw, 'fee');
  return onlyFill && orderFee !== undefined ? { fee: -orderFee, currency } : undefined;
}

/** One execution; `undefined` for a trade ccxt could not identify (no id, no size). */
export function fillReportFromCcxt(trade: Trade, context: ReportContext): FillReport | undefined {
  const raw = rawOf(trade.info);
  const qty = finite(trade.amount);
  const price = realPrice(trade.price);
  if (trade.id === undefined || trade.id === null || qty === undefined || !(qty > 0) || price === undefined)
    return undefined;
  const orderId = trade.order ?? rawString(raw, 'ordId', 'orderId', 'i') ?? '';
  const pseudoOrder = { id: orderId, clientOrderId: rawString(raw, 'clOrdId', 'clientOrderId', 'c') };
  const clientOrderId = clientOrderIdOf(pseudoOrder as never, raw, context);
  const known = clientOrderId === undefined ? undefined : context.ids?.get(clientOrderId);
  const side = trade.side === 'sell' ? 'sell' : 'buy';
  const okxFee = okxOrdersChannelFee(raw);
  return {
    tradeId: String(trade.id),
    venueOrderId: known?.venueOrderId ?? orderId,
    ...(clientOrderId === undefined ? {} : { clientOrderId }),
    symbol: trade.symbol ?? '',
    side,
    qty,
    price,
    fee: okxFee?.fee ?? finite(trade.fee?.cost) ?? 0,
    feeCurrency: okxFee?.currency ?? trade.fee?.currency ?? '',
    liquidity: trade.takerOrMaker === 'maker' ? 'maker' : 'taker',
    tsEvent: finite(trade.timestamp) ?? context.now(),
  };
}

const POSITION_SIDES: Readonly<Record<string, 'net' | 'long' | 'short'>> = {
  net: 'net',
  long: 'long',
  short: 'short',
  BOTH: 'net',
  LONG: 'long',
  SHORT: 'short',
};

export function positionReportFromCcxt(position: Position, context: ReportContext): PositionReport {
  const raw = rawOf(position.info);
  const contracts = Math.abs(finite(position.contracts) ?? 0);
  const venueSide = rawString(raw, 'posSide', 'positionSide', 'ps');
  const positionSide =
    (venueSide === undefined ? undefined : POSITION_SIDES[venueSide]) ??
    (position.hedged === true && (position.side === 'long' || position.side === 'short')
      ? position.side
      : 'net');
  // The venue's signed amount decides the sign in net mode (ccxt leaves `side` unset on some Binance rows).
  const signed = rawNumber(raw, 'pos', 'positionAmt', 'pa');
  const short =
    positionSide === 'short' ||
    (positionSide === 'net' && (signed !== undefined ? signed < 0 : position.side === 'short'));
  const marginMode =
    position.marginMode === 'cross' || position.marginMode === 'isolated' ? position.marginMode : undefined;
  const leverage = finite(position.leverage);
  const pnl = finite(position.unrealizedPnl);
  const liquidation = realPrice(position.liquidationPrice);
  return {
    symbol: position.symbol ?? '',
    qty: short ? -contracts : contracts,
    avgPrice: finite(position.entryPrice) ?? 0,
    positionSide,
    ...(marginMode === undefined ? {} : { marginMode }),
    ...(leverage === undefined ? {} : { leverage }),
    ...(pnl === undefined ? {} : { unrealisedPnl: pnl }),
    ...(liquidation === undefined ? {} : { liquidationPrice: liquidation }),
    tsEvent: finite(position.timestamp) ?? finite(position.lastUpdateTimestamp) ?? context.now(),
  };
}

/**
 * Binance USDⓈ-M: per asset, the last REST `availableBalance` and the wallet balance it went with. An
 * `ACCOUNT_UPDATE` push carries no available balance; this lets it be derived from the REST one.
 */
export class RestFreeBalances {
  readonly #byAsset = new Map<string, { readonly wallet: number; readonly free: number }>();

  /** Learns from a REST balance response (`/fapi/v2|v3/balance` rows, or `/account`'s `assets`). */
  noteRest(info: unknown): void {
    const rows = Array.isArray(info) ? info : rawOf(info).assets;
    if (!Array.isArray(rows)) return;
    for (const value of rows) {
      const row = rawOf(value);
      const asset = rawString(row, 'asset');
      const free = rawNumber(row, 'availableBalance');
      const wallet = rawNumber(row, 'walletBalance', 'balance');
      if (asset !== undefined && free !== undefined && wallet !== undefined)
        this.#byAsset.set(asset, { wallet, free });
    }
  }

  /**
   * The free balance after a push with wallet balance `wallet` and cross wallet `cross`: the REST figure
   * moved by the change of the wallet since (a realised PnL, a fee, a transfer), never above the cross
   * wallet (nor below 0); undefined when REST has not told us yet.
   */
  freeAfter(asset: string, wallet: number, cross: number): number | undefined {
    const rest = this.#byAsset.get(asset);
    if (rest === undefined) return undefined;
    return Math.max(0, Math.min(cross, rest.free + (wallet - rest.wallet)));
  }
}

/** What balance conversion needs on top of the report context: Binance's last REST free balances. */
export interface BalanceContext extends ReportContext {
  readonly restFree?: RestFreeBalances;
}

/** One report per currency ccxt lists; all-zero currencies (Binance lists every asset) are left out. */
export function balanceReportsFromCcxt(balances: Balances, context: BalanceContext): BalanceReport[] {
  const tsEvent = finite(balances.timestamp as number | undefined) ?? context.now();
  const pushed = binanceAccountUpdateBalances(balances.info, tsEvent, context.restFree);
  if (pushed !== undefined) return pushed;
  context.restFree?.noteRest(balances.info);
  const totals = rawOf((balances as unknown as { total?: unknown }).total);
  const reports: BalanceReport[] = [];
  for (const currency of Object.keys(totals)) {
    const entry = balances[currency];
    if (entry === undefined) continue;
    const total = finite(entry.total) ?? 0;
    const free = finite(entry.free) ?? 0;
    const used = finite(entry.used) ?? Math.max(0, total - free);
    if (total === 0 && free === 0 && used === 0) continue;
    reports.push({ currency, total, free, used, tsEvent });
  }
  return reports.sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * The balances of a Binance futures `ACCOUNT_UPDATE` push, from its `B` entries (ccxt keeps the raw push
 * as `info`). ccxt fills in only the total (`wb`), so a free amount of 0 made the whole wallet look used.
 * The push has no available balance, and the cross wallet `cw` (the wallet less isolated positions'
 * margin) still counts the margin of cross positions and open orders: free is the last REST
 * `availableBalance` moved by the change of `wb` since, capped at `cw` (`RestFreeBalances`). Before any
 * REST figure, `cw` is the best there is (an upper bound: `BalanceReport` has no field to say so); the
 * next reconciliation's REST balance corrects it. Used is `wb − free`.
 * Only the assets of this push are reported: ccxt's other entries come from older messages.
 */
function binanceAccountUpdateBalances(
  info: unknown,
  tsEvent: number,
  restFree: RestFreeBalances | undefined,
): BalanceReport[] | undefined {
  const message = rawOf(info);
  if (message.e !== 'ACCOUNT_UPDATE') return undefined;
  const entries = rawOf(message.a).B;
  if (!Array.isArray(entries)) return undefined;
  const reports: BalanceReport[] = [];
  for (const value of entries) {
    const entry = rawOf(value);
    const currency = rawString(entry, 'a');
    const total = rawNumber(entry, 'wb');
    if (currency === undefined || total === undefined) continue;
    const cross = Math.min(total, rawNumber(entry, 'cw') ?? total);
    const free = restFree?.freeAfter(currency, total, cross) ?? cross;
    reports.push({ currency, total, free, used: total - free, tsEvent });
  }
  return reports.sort((a, b) => a.currency.localeCompare(b.currency));
}
