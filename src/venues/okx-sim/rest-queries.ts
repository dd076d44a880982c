/**
 * Trade endpoints that read: one order (`GET /trade/order`, 51603 when unknown), open orders, order
 * history (`orders-history`, `-archive`: instType required), fills (`fills`, `fills-history`), and algo
 * orders (`order-algo`, `orders-algo-pending`, `orders-algo-history`: ordType required). Lists are newest
 * first, `limit` ≤ 100, paged with `after` (older than this id) and `before` (newer than this id).
 */

import { OKX } from './codes.js';
import { algoRow, fillRow, orderRow } from './order-rows.js';
import type { RouteContext } from './rest-public.js';
import { ok, okxError, type RestReply, type RestRequest, type Route } from './rest-server.js';
import type { SimAlgo, SimFill, SimOrder } from './types.js';

const isLive = (o: SimOrder) => o.state === 'live' || o.state === 'partially_filled';

/** Newest first, then the `after`/`before`/`limit` window on numeric ids. */
function page<T>(list: T[], idOf: (item: T) => string, request: RestRequest): T[] {
  const after = request.query.get('after');
  const before = request.query.get('before');
  const limit = Math.max(1, Math.min(Number(request.query.get('limit') ?? 100) || 100, 100));
  return list
    .reverse()
    .filter((item) => {
      const id = BigInt(idOf(item));
      if (after && /^\d+$/.test(after) && id >= BigInt(after)) return false;
      if (before && /^\d+$/.test(before) && id <= BigInt(before)) return false;
      return true;
    })
    .slice(0, limit);
}

/** instType / instId / ordType / state filters shared by the list endpoints. */
function filters(request: RestRequest) {
  const q = request.query;
  const list = (name: string) => (q.get(name) ? q.get(name)!.split(',') : undefined);
  const instType = q.get('instType') || undefined;
  const instId = q.get('instId') || undefined;
  const ordTypes = list('ordType');
  const state = q.get('state') || undefined;
  return (item: { inst: { instType: string; instId: string }; ordType: string; state: string }) =>
    (instType === undefined || item.inst.instType === instType) &&
    (instId === undefined || item.inst.instId === instId) &&
    (ordTypes === undefined || ordTypes.includes(item.ordType)) &&
    (state === undefined || item.state === state);
}

function required(request: RestRequest, name: string): RestReply | undefined {
  return request.query.get(name) ? undefined : okxError(OKX.paramEmpty(name));
}

export function queryRoutes(ctx: RouteContext): Array<[string, Route]> {
  const { engine } = ctx;
  const get = (handler: Route['handler']): Route => ({ auth: true, handler });

  const orderDetail = (request: RestRequest): RestReply => {
    const missing = required(request, 'instId');
    if (missing) return missing;
    const ordId = request.query.get('ordId') ?? '';
    const clOrdId = request.query.get('clOrdId') ?? '';
    if (ordId === '' && clOrdId === '')
      return okxError({ code: '51003', msg: 'Either client order ID or order ID is required.', status: 200 });
    const order = engine.store.findOrder(request.query.get('instId')!, ordId, clOrdId);
    // The notFoundAfterCreate fault: a fresh order is not visible to queries yet (read-after-write lag).
    const fresh = order !== undefined && engine.now() - order.cTime < ctx.faults.notFoundMs;
    if (order === undefined || fresh) return okxError(OKX.orderMissing);
    return ok([orderRow(order)]);
  };

  const history = (request: RestRequest): RestReply => {
    const missing = required(request, 'instType');
    if (missing) return missing;
    const keep = filters(request);
    return ok(
      page(
        [...engine.store.allOrders()].filter((o) => !isLive(o) && keep(o)),
        (o) => o.ordId,
        request,
      ).map(orderRow),
    );
  };

  const fills = (request: RestRequest, instTypeRequired: boolean): RestReply => {
    const missing = instTypeRequired ? required(request, 'instType') : undefined;
    if (missing) return missing;
    const q = request.query;
    const begin = Number(q.get('begin') ?? Number.NEGATIVE_INFINITY);
    const end = Number(q.get('end') ?? Number.POSITIVE_INFINITY);
    const keep = (f: SimFill) =>
      (!q.get('instType') || f.inst.instType === q.get('instType')) &&
      (!q.get('instId') || f.inst.instId === q.get('instId')) &&
      (!q.get('ordId') || f.ordId === q.get('ordId')) &&
      f.ts >= begin &&
      f.ts <= end;
    return ok(page(engine.store.fills().filter(keep), (f) => f.billId, request).map(fillRow));
  };

  const algoList = (request: RestRequest, live: boolean): RestReply => {
    const missing = required(request, 'ordType');
    if (missing) return missing;
    const algoId = request.query.get('algoId');
    if (!live && !algoId && !request.query.get('state')) return okxError(OKX.paramEmpty('state'));
    const keep = filters(request);
    const rows = [...engine.store.allAlgos()].filter(
      (a: SimAlgo) =>
        (live ? a.state === 'live' : a.state !== 'live') && keep(a) && (!algoId || a.algoId === algoId),
    );
    return ok(page(rows, (a) => a.algoId, request).map(algoRow));
  };

  return [
    ['GET /api/v5/trade/order', get(orderDetail)],
    [
      'GET /api/v5/trade/orders-pending',
      get((request) => {
        const keep = filters(request);
        return ok(page(engine.store.liveOrders().filter(keep), (o) => o.ordId, request).map(orderRow));
      }),
    ],
    ['GET /api/v5/trade/orders-history', get(history)],
    ['GET /api/v5/trade/orders-history-archive', get(history)],
    ['GET /api/v5/trade/fills', get((request) => fills(request, false))],
    ['GET /api/v5/trade/fills-history', get((request) => fills(request, true))],
    [
      'GET /api/v5/trade/order-algo',
      get((request) => {
        const algoId = request.query.get('algoId') ?? '';
        const algoClOrdId = request.query.get('algoClOrdId') ?? '';
        if (algoId === '' && algoClOrdId === '') return okxError(OKX.paramEmpty('algoId'));
        const algo = engine.store.findAlgo(request.query.get('instId') ?? '', algoId, algoClOrdId);
        return algo === undefined ? okxError(OKX.orderMissing) : ok([algoRow(algo)]);
      }),
    ],
    ['GET /api/v5/trade/orders-algo-pending', get((request) => algoList(request, true))],
    ['GET /api/v5/trade/orders-algo-history', get((request) => algoList(request, false))],
  ];
}
