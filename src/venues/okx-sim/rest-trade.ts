/**
 * Trade endpoints that change orders: place (`order`, `batch-orders`, `order-algo`), cancel
 * (`cancel-order`, `cancel-batch-orders`, `cancel-algos`) and amend (`amend-order`, `amend-algos`). Each item answers
 * with `sCode`/`sMsg`; the envelope's code is "0" when all succeeded, "1" when all failed ("All
 * operations failed") and "2" when some did, always with HTTP 200 — as OKX does.
 */

import { amendAlgo } from './algo-amend.js';
import { amendOrder } from './amend.js';
import { closePosition } from './close-position.js';
import { FaultPlan } from './faults.js';
import type { RawRequest } from './order-intake.js';
import type { RouteContext } from './rest-public.js';
import { ok, type RestReply, type RestRequest, type Route } from './rest-server.js';
import type { ItemResult, SimAlgo, SimOrder } from './types.js';
import { rejected } from './types.js';

type Row = Record<string, unknown>;

/** The request's items: a JSON object, or an array of them (batch endpoints). */
function items(request: RestRequest, batch: boolean): RawRequest[] | undefined {
  const json = request.json;
  const list = Array.isArray(json) ? json : batch ? undefined : [json];
  if (list === undefined || list.length === 0) return undefined;
  return list.every((i) => typeof i === 'object' && i !== null && !Array.isArray(i))
    ? (list as RawRequest[])
    : undefined;
}

const MAX_BATCH = 20;

function badBody(): RestReply {
  return { status: 400, body: { code: '50002', msg: 'JSON syntax error', data: [] } };
}

/** OKX's envelope for per-item results. */
function envelope(rows: Row[], failures: number, inTime: number, outTime: number): RestReply {
  const code = failures === 0 ? '0' : failures === rows.length ? '1' : '2';
  const msg =
    code === '0' ? '' : code === '1' ? 'All operations failed' : 'Bulk operation partially succeeded';
  return {
    status: 200,
    body: { code, msg, data: rows, inTime: String(inTime * 1000), outTime: String(outTime * 1000) },
  };
}

function itemRows<T>(
  ctx: RouteContext,
  list: RawRequest[],
  run: (raw: RawRequest) => ItemResult<T>,
  success: (value: T, raw: RawRequest) => Row,
  failure: (raw: RawRequest) => Row,
): RestReply {
  const inTime = ctx.engine.now();
  let failures = 0;
  const rows = list.map((raw) => {
    const result = run(raw);
    if (result.ok)
      return { ...success(result.value, raw), sCode: '0', sMsg: '', ts: String(ctx.engine.now()) };
    failures += 1;
    return { ...failure(raw), sCode: result.sCode, sMsg: result.sMsg, ts: String(ctx.engine.now()) };
  });
  return envelope(rows, failures, inTime, ctx.engine.now());
}

const str = (raw: RawRequest, key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');

/** The rejectNextOrder fault, then the real placement. */
function withRejectFault<T>(ctx: RouteContext, place: (raw: RawRequest) => ItemResult<T>) {
  return (raw: RawRequest): ItemResult<T> => {
    const fault = ctx.faults.reject;
    if (FaultPlan.take(fault)) return rejected(fault.sCode, fault.sMsg);
    return place(raw);
  };
}

export function tradeRoutes(ctx: RouteContext): Array<[string, Route]> {
  const { engine, algos } = ctx;
  const orderRow = (order: SimOrder): Row => ({ clOrdId: order.clOrdId, ordId: order.ordId, tag: order.tag });
  const orderFail = (raw: RawRequest): Row => ({
    clOrdId: str(raw, 'clOrdId'),
    ordId: str(raw, 'ordId'),
    tag: str(raw, 'tag'),
  });
  const algoRow = (algo: SimAlgo): Row => ({
    algoId: algo.algoId,
    algoClOrdId: algo.algoClOrdId,
    clOrdId: algo.algoClOrdId,
    tag: algo.tag,
  });
  const algoFail = (raw: RawRequest): Row => {
    const id = str(raw, 'algoClOrdId') || str(raw, 'clOrdId');
    return { algoId: str(raw, 'algoId'), algoClOrdId: id, clOrdId: id, tag: str(raw, 'tag') };
  };
  const placeOrder = withRejectFault(ctx, (raw) => engine.placeOrder(raw));
  const placeAlgo = withRejectFault(ctx, (raw) => algos.place(raw));

  const post = (batch: boolean, places: boolean, handle: (list: RawRequest[]) => RestReply): Route => ({
    auth: true,
    places,
    handler: (request) => {
      const list = items(request, batch);
      if (list === undefined) return badBody();
      if (list.length > MAX_BATCH) {
        return {
          status: 200,
          body: { code: '51111', msg: `Maximum ${MAX_BATCH} orders can be placed in bulk.`, data: [] },
        };
      }
      return handle(list);
    },
  });

  return [
    [
      'POST /api/v5/trade/order',
      post(false, true, (list) => itemRows(ctx, list.slice(0, 1), placeOrder, orderRow, orderFail)),
    ],
    [
      'POST /api/v5/trade/batch-orders',
      post(true, true, (list) => itemRows(ctx, list, placeOrder, orderRow, orderFail)),
    ],
    [
      'POST /api/v5/trade/cancel-order',
      post(false, false, (list) =>
        itemRows(ctx, list.slice(0, 1), (raw) => engine.cancelOrder(raw), orderRow, orderFail),
      ),
    ],
    [
      'POST /api/v5/trade/cancel-batch-orders',
      post(true, false, (list) => itemRows(ctx, list, (raw) => engine.cancelOrder(raw), orderRow, orderFail)),
    ],
    [
      'POST /api/v5/trade/amend-order',
      post(false, false, (list) =>
        itemRows(
          ctx,
          list.slice(0, 1),
          (raw) => amendOrder(engine, raw),
          (order, raw) => ({ ...orderRow(order), reqId: str(raw, 'reqId') }),
          (raw) => ({ ...orderFail(raw), reqId: str(raw, 'reqId') }),
        ),
      ),
    ],
    [
      'POST /api/v5/trade/close-position',
      post(false, true, ([raw]) => {
        const result = closePosition(engine, raw!);
        if (!result.ok) return { status: 200, body: { code: result.sCode, msg: result.sMsg, data: [] } };
        const order = result.value;
        return ok([
          { instId: order.inst.instId, posSide: order.posSide, clOrdId: order.clOrdId, tag: order.tag },
        ]);
      }),
    ],
    [
      'POST /api/v5/trade/order-algo',
      post(false, true, (list) => itemRows(ctx, list, placeAlgo, algoRow, algoFail)),
    ],
    [
      'POST /api/v5/trade/cancel-algos',
      post(true, false, (list) => itemRows(ctx, list, (raw) => algos.cancel(raw), algoRow, algoFail)),
    ],
    [
      'POST /api/v5/trade/amend-algos',
      post(false, false, (list) =>
        itemRows(
          ctx,
          list.slice(0, 1),
          (raw) => amendAlgo(engine, raw),
          (algo, raw) => ({ algoId: algo.algoId, algoClOrdId: algo.algoClOrdId, reqId: str(raw, 'reqId') }),
          (raw) => ({
            algoId: str(raw, 'algoId'),
            algoClOrdId: str(raw, 'algoClOrdId'),
            reqId: str(raw, 'reqId'),
          }),
        ),
      ),
    ],
  ];
}
