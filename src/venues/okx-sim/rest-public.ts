/**
 * Public REST endpoints: server time, instruments, tickers, candles (`candles` up to 300 rows,
 * `history-candles` up to 100, newest first, `after`/`before` exclusive), order book, mark price and
 * funding rate. Parameter errors answer as OKX does (50014 missing, 51000 malformed, 51001 unknown
 * instrument).
 */

import type { AlgoEngine } from './algo-engine.js';
import { OKX } from './codes.js';
import type { MatchingEngine } from './engine.js';
import type { FaultPlan } from './faults.js';
import type { Feeds } from './feeds.js';
import { instrumentRow, type SimInstrument } from './instruments.js';
import { barLength, type MarketData } from './market-data.js';
import { fmt } from './numbers.js';
import { ok, okxError, type RestReply, type RestRequest, type Route } from './rest-server.js';

export interface RouteContext {
  engine: MatchingEngine;
  algos: AlgoEngine;
  market: MarketData;
  feeds: Feeds;
  faults: FaultPlan;
  fundingRate: number;
  /** When the simulated instruments were listed (instrument rows' `listTime`). */
  listTime: number;
}

/** The instrument of `instId`, or the reply to send (50014 empty, 51001 unknown). */
export function instrumentParam(ctx: RouteContext, request: RestRequest): SimInstrument | RestReply {
  const instId = request.query.get('instId') ?? '';
  if (instId === '') return okxError(OKX.paramEmpty('instId'));
  return ctx.engine.instrument(instId) ?? okxError(OKX.instrumentMissing);
}

export const isReply = (value: unknown): value is RestReply =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

const INST_TYPES = new Set(['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION']);

/** instType required and known; the simulated instruments of that type. */
function byInstType(ctx: RouteContext, request: RestRequest): SimInstrument[] | RestReply {
  const instType = request.query.get('instType') ?? '';
  if (instType === '') return okxError(OKX.paramEmpty('instType'));
  if (!INST_TYPES.has(instType)) return okxError(OKX.param('instType'));
  return ctx.engine.instruments().filter((i) => i.instType === instType);
}

function intParam(request: RestRequest, name: string): number | undefined {
  const value = request.query.get(name);
  if (value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : Number.NaN;
}

function candles(ctx: RouteContext, request: RestRequest, cap: number): RestReply {
  const inst = instrumentParam(ctx, request);
  if (isReply(inst)) return inst;
  const bar = request.query.get('bar') ?? '1m';
  if (barLength(bar) === undefined) return okxError(OKX.param('bar'));
  const after = intParam(request, 'after');
  const before = intParam(request, 'before');
  const limit = intParam(request, 'limit') ?? 100;
  if ([after, before, limit].some((v) => Number.isNaN(v))) return okxError(OKX.param('limit'));
  return ok(
    ctx.market.candles(inst, {
      bar,
      ...(after === undefined ? {} : { after }),
      ...(before === undefined ? {} : { before }),
      limit: Math.max(1, Math.min(limit, cap)),
    }),
  );
}

export function publicRoutes(ctx: RouteContext): Array<[string, Route]> {
  const { engine, market } = ctx;
  const route = (handler: Route['handler']): Route => ({ auth: false, handler });
  return [
    ['GET /api/v5/public/time', route(() => ok([{ ts: String(engine.now()) }]))],
    [
      'GET /api/v5/public/instruments',
      route((request) => {
        const list = byInstType(ctx, request);
        if (isReply(list)) return list;
        const instId = request.query.get('instId');
        const family = request.query.get('instFamily') ?? request.query.get('uly');
        const rows = list
          .filter((i) => !instId || i.instId === instId)
          .filter((i) => !family || `${i.base}-${i.quote}` === family)
          .map((i) => instrumentRow(i, ctx.listTime));
        return ok(rows);
      }),
    ],
    [
      'GET /api/v5/market/ticker',
      route((request) => {
        const inst = instrumentParam(ctx, request);
        return isReply(inst) ? inst : ok([market.ticker(inst, engine.lastPrice(inst))]);
      }),
    ],
    [
      'GET /api/v5/market/tickers',
      route((request) => {
        const list = byInstType(ctx, request);
        return isReply(list) ? list : ok(list.map((i) => market.ticker(i, engine.lastPrice(i))));
      }),
    ],
    [
      'GET /api/v5/market/trades',
      route((request) => {
        const inst = instrumentParam(ctx, request);
        if (isReply(inst)) return inst;
        const limit = intParam(request, 'limit') ?? 100;
        if (Number.isNaN(limit)) return okxError(OKX.param('limit'));
        return ok(market.trades(inst, Math.max(1, Math.min(limit, 500))));
      }),
    ],
    ['GET /api/v5/market/candles', route((request) => candles(ctx, request, 300))],
    ['GET /api/v5/market/history-candles', route((request) => candles(ctx, request, 100))],
    [
      'GET /api/v5/market/books',
      route((request) => {
        const inst = instrumentParam(ctx, request);
        if (isReply(inst)) return inst;
        const sz = intParam(request, 'sz') ?? 1;
        if (Number.isNaN(sz) || sz < 1) return okxError(OKX.param('sz'));
        const book = market.book(inst, engine.lastPrice(inst), Math.min(sz, 400));
        return ok([{ ...book, ts: String(engine.now()) }]);
      }),
    ],
    [
      'GET /api/v5/public/mark-price',
      route((request) => {
        // ccxt's fetchMarkPrice sends only instId; OKX answers it without instType.
        const instId = request.query.get('instId');
        const list =
          instId && !request.query.get('instType') ? engine.instruments() : byInstType(ctx, request);
        if (isReply(list)) return list;
        const rows = list
          .filter((i) => i.instType !== 'SPOT' && (!instId || i.instId === instId))
          .map((i) => ({
            instType: i.instType,
            instId: i.instId,
            markPx: fmt(engine.lastPrice(i)),
            ts: String(engine.now()),
          }));
        return ok(rows);
      }),
    ],
    [
      'GET /api/v5/public/funding-rate',
      route((request) => {
        const inst = instrumentParam(ctx, request);
        if (isReply(inst)) return inst;
        if (inst.instType !== 'SWAP') return okxError(OKX.instrumentMissing);
        return ok([market.funding(inst, ctx.fundingRate)]);
      }),
    ],
  ];
}
