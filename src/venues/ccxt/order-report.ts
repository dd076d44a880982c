/**
 * ccxt `Order` → `OrderStatusReport`. ccxt's unified status is too coarse for the kernel: `open` hides a
 * partial fill, and `closed` is also what ccxt says of a triggered algo order (OKX `effective`, Binance
 * `TRIGGERED` / `FINISHED`) whose child may not have filled at all. So the venue's own state is read
 * first (`info.state` on OKX, `status` / `X` / `algoStatus` on Binance) and ccxt's status is the fallback
 * for any other venue.
 */

import type { Order } from 'ccxt';
import { attachedLegsOfAlgo } from '../../core/attached-ids.js';
import type { OrderType, TimeInForce } from '../../core/order.js';
import type { OrderSide } from '../../core/side.js';
import type { OrderStatusReport, VenueOrderStatus } from '../exchange/types.js';
import type { OrderIdBook } from './order-ids.js';
import { finite, type RawRecord, rawNumber, rawOf, rawString, realPrice } from './raw-fields.js';

export interface ReportContext {
  /** Venue time now (local clock plus the measured offset), for reports that carry no time. */
  now(): number;
  readonly ids?: OrderIdBook;
}

const OKX_STATES: Readonly<Record<string, VenueOrderStatus>> = {
  live: 'open',
  partially_filled: 'partially-filled',
  filled: 'filled',
  canceled: 'cancelled',
  mmp_canceled: 'cancelled',
  order_failed: 'rejected',
  // An algo order that triggered: its child order carries on (fetchOrder follows the child).
  effective: 'open',
  partially_effective: 'open',
  pause: 'open',
  order_placed: 'open',
};

const BINANCE_STATES: Readonly<Record<string, VenueOrderStatus>> = {
  NEW: 'open',
  PARTIALLY_FILLED: 'partially-filled',
  FILLED: 'filled',
  CANCELED: 'cancelled',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  EXPIRED_IN_MATCH: 'expired',
  REJECTED: 'rejected',
  NEW_INSURANCE: 'open',
  NEW_ADL: 'open',
  // Algo orders: waiting, triggering, triggered (the child works on).
  TRIGGERING: 'open',
  TRIGGERED: 'open',
};

const CCXT_STATES: Readonly<Record<string, VenueOrderStatus>> = {
  open: 'open',
  closed: 'filled',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  rejected: 'rejected',
  expired: 'expired',
};

function statusOf(order: Order, raw: RawRecord, filled: number, qty: number): VenueOrderStatus {
  const okx = rawString(raw, 'state');
  const binance = rawString(raw, 'algoStatus', 'X', 'status');
  let status: VenueOrderStatus | undefined;
  if (okx !== undefined) status = OKX_STATES[okx];
  else if (binance === 'FINISHED') status = qty > 0 && filled >= qty ? 'filled' : 'cancelled';
  else if (binance !== undefined) status = BINANCE_STATES[binance];
  status ??= order.status === undefined || order.status === null ? 'open' : CCXT_STATES[order.status];
  status ??= 'open';
  if (status === 'open' && filled > 0) return 'partially-filled';
  return status;
}

const OKX_TYPES: Readonly<Record<string, OrderType | 'stop'>> = {
  market: 'market',
  optimal_limit_ioc: 'market',
  limit: 'limit',
  post_only: 'limit',
  fok: 'limit',
  ioc: 'limit',
  mmp: 'limit',
  mmp_and_post_only: 'limit',
  trigger: 'stop',
  conditional: 'stop',
  oco: 'stop',
  move_order_stop: 'trailing-stop',
};

const BINANCE_TYPES: Readonly<Record<string, OrderType>> = {
  MARKET: 'market',
  LIMIT: 'limit',
  LIMIT_MAKER: 'limit',
  STOP_MARKET: 'stop-market',
  TAKE_PROFIT_MARKET: 'stop-market',
  STOP: 'stop-limit',
  TAKE_PROFIT: 'stop-limit',
  STOP_LOSS: 'stop-market',
  STOP_LOSS_LIMIT: 'stop-limit',
  TAKE_PROFIT_LIMIT: 'stop-limit',
  TRAILING_STOP_MARKET: 'trailing-stop',
  LIQUIDATION: 'market',
};

/** OKX conditional orders keep their limit price in `slOrdPx` / `tpOrdPx` (-1 = market). */
function okxStopPrice(order: Order, raw: RawRecord): number | undefined {
  return realPrice(order.price) ?? realPrice(rawNumber(raw, 'slOrdPx', 'tpOrdPx'));
}

function typeOf(order: Order, raw: RawRecord): OrderType {
  const okx = rawString(raw, 'ordType');
  if (okx !== undefined && OKX_TYPES[okx] !== undefined) {
    const type = OKX_TYPES[okx]!;
    if (type !== 'stop') return type;
    return okxStopPrice(order, raw) === undefined ? 'stop-market' : 'stop-limit';
  }
  const binance = rawString(raw, 'type', 'orderType', 'o')?.toUpperCase();
  if (binance !== undefined && BINANCE_TYPES[binance] !== undefined) return BINANCE_TYPES[binance]!;
  const limit = order.type === 'limit' || (order.type !== 'market' && realPrice(order.price) !== undefined);
  if (realPrice(order.triggerPrice) !== undefined) return limit ? 'stop-limit' : 'stop-market';
  return limit ? 'limit' : 'market';
}

function timeInForceOf(order: Order): TimeInForce | undefined {
  if (order.postOnly === true) return 'POST_ONLY';
  const tif = order.timeInForce?.toUpperCase();
  if (tif === 'PO' || tif === 'GTX') return 'POST_ONLY';
  return tif === 'GTC' || tif === 'IOC' || tif === 'FOK' ? tif : undefined;
}

function triggerOf(order: Order, raw: RawRecord, type: OrderType): number | undefined {
  if (type === 'market' || type === 'limit') return undefined;
  return realPrice(order.triggerPrice) ?? realPrice(rawNumber(raw, 'slTriggerPx', 'tpTriggerPx', 'tp'));
}

/**
 * Filled quantity. ccxt sets `filled = amount` for every order it calls closed, triggered algo orders
 * included; an algo order's fills are its child's: Binance's ALGO_UPDATE counts them (`aq`), its REST
 * algo record and OKX's algo records do not (the client follows the child for those).
 */
function filledOf(order: Order, raw: RawRecord): number {
  const algoFilled = rawNumber(raw, 'aq');
  if (algoFilled !== undefined) return algoFilled;
  const okxAlgo = rawString(raw, 'algoId') !== undefined && rawString(raw, 'accFillSz') === undefined;
  if (okxAlgo || rawString(raw, 'algoStatus') !== undefined) return 0;
  return finite(order.filled) ?? 0;
}

function reasonOf(raw: RawRecord): string | undefined {
  const sCode = rawString(raw, 'sCode');
  if (sCode !== undefined && sCode !== '0') return `${sCode} ${rawString(raw, 'sMsg') ?? ''}`.trim();
  return rawString(raw, 'cancelSourceReason', 'failCode', 'rm');
}

/**
 * The client order id of a report: ours via the id book (algo and child ids), else the venue's field;
 * for an attached stop-loss / take-profit, the kernel's child of the leg that fired once that is known
 * (`attachedLegId`), else the attached algo order's own id.
 */
export function clientOrderIdOf(order: Order, raw: RawRecord, context: ReportContext): string | undefined {
  const id = venueClientOrderIdOf(order, raw, context);
  return id === undefined ? undefined : (attachedLegId(id, order, raw, context) ?? id);
}

/**
 * The kernel's child of an attached algo order (`algoId`) a report is about: the algo record says which
 * leg fired (`actualSide`); an order it placed was learnt from that record (`noteFiredLeg`).
 */
function attachedLegId(algo: string, order: Order, raw: RawRecord, context: ReportContext) {
  const legs = attachedLegsOfAlgo(algo);
  if (legs === undefined) return undefined;
  const side = rawString(raw, 'actualSide');
  if (side === 'sl') return legs.stopLoss;
  if (side === 'tp') return legs.takeProfit;
  // ccxt names an order placed by an algo order by the algo's id: the order's own is `ordId`.
  return context.ids?.legOfOrder(rawString(raw, 'ordId') ?? order.id ?? undefined);
}

function venueClientOrderIdOf(order: Order, raw: RawRecord, context: ReportContext): string | undefined {
  const parentAlgo = rawString(rawOf(raw.linkedAlgoOrd), 'algoId');
  const known = context.ids?.byVenueId(parentAlgo) ?? context.ids?.byVenueId(order.id ?? undefined);
  return (
    known?.clientOrderId ??
    rawString(raw, 'algoClOrdId', 'clientAlgoId', 'caid') ??
    (order.clientOrderId === undefined || order.clientOrderId === null || order.clientOrderId === ''
      ? undefined
      : order.clientOrderId)
  );
}

export function orderReportFromCcxt(
  order: Order,
  context: ReportContext,
  fallback: { side?: OrderSide; type?: OrderType; qty?: number; price?: number } = {},
): OrderStatusReport {
  const raw = rawOf(order.info);
  const clientOrderId = clientOrderIdOf(order, raw, context);
  const known = clientOrderId === undefined ? undefined : context.ids?.get(clientOrderId);
  const venueOrderId = known?.venueOrderId ?? order.id ?? '';
  const qty = finite(order.amount) ?? fallback.qty ?? 0;
  const filled = filledOf(order, raw);
  const average = realPrice(rawNumber(raw, 'ap')) ?? realPrice(order.average) ?? 0;
  const type =
    rawString(raw, 'ordType', 'type', 'orderType', 'o') === undefined && fallback.type !== undefined
      ? fallback.type
      : typeOf(order, raw);
  const price =
    type === 'limit' || type === 'stop-limit' ? (okxStopPrice(order, raw) ?? fallback.price) : undefined;
  const trigger = triggerOf(order, raw, type);
  const tif = type === 'limit' ? timeInForceOf(order) : undefined;
  const reason = reasonOf(raw);
  const side: OrderSide =
    order.side === 'sell' || order.side === 'buy' ? order.side : (fallback.side ?? 'buy');
  return {
    ...(clientOrderId === undefined ? {} : { clientOrderId }),
    venueOrderId,
    symbol: order.symbol ?? '',
    side,
    type,
    ...(tif === undefined ? {} : { timeInForce: tif }),
    reduceOnly: order.reduceOnly === true,
    qty,
    ...(price === undefined ? {} : { price }),
    ...(trigger === undefined ? {} : { triggerPrice: trigger }),
    status: statusOf(order, raw, filled, qty),
    filledQty: filled,
    avgFillPrice: filled > 0 ? average : 0,
    tsEvent: finite(order.lastUpdateTimestamp) ?? finite(order.timestamp) ?? context.now(),
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * Learns venue ids from an order message: an algo order of ours (its algo id) and the child order it
 * placed when it triggered (OKX `ordId` / `ordIdList`, Binance `actualOrderId` / `ai`), or a child order
 * naming its algo (OKX `linkedAlgoOrd.algoId`). Later child reports and fills then find our order.
 */
export function learnOrderIds(order: Order, ids: OrderIdBook): void {
  const raw = rawOf(order.info);
  const parent = rawString(rawOf(raw.linkedAlgoOrd), 'algoId');
  if (parent !== undefined && order.id !== undefined && order.id !== null) ids.noteChild(parent, order.id);
  const algoId = rawString(raw, 'algoId', 'aid');
  if (algoId === undefined) return;
  const ours = venueClientOrderIdOf(order, raw, { now: () => 0, ids });
  const attached = ours === undefined ? undefined : attachedLegsOfAlgo(ours);
  // An attached algo order is never created by us: it is learnt from the first report naming it.
  if (ours !== undefined && (ids.get(ours) !== undefined || attached !== undefined))
    ids.note(ours, { venueOrderId: algoId, conditional: true });
  const children = [
    rawString(raw, 'ordId', 'actualOrderId', 'ai'),
    ...(Array.isArray(raw.ordIdList) ? raw.ordIdList.map(String) : []),
  ];
  for (const child of children) if (child !== undefined) ids.noteChild(algoId, child);
  const side = rawString(raw, 'actualSide');
  if (attached === undefined || (side !== 'sl' && side !== 'tp')) return;
  const leg = side === 'sl' ? attached.stopLoss : attached.takeProfit;
  for (const child of children) if (child !== undefined && child !== algoId) ids.noteFiredLeg(child, leg);
}
