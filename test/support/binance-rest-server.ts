/**
 * A local server speaking the Binance USDⓈ-M futures REST endpoints ccxt's binanceusdm class calls for
 * market data: `/fapi/v1/exchangeInfo` (the real sample in shared/data, so tests using this server run under
 * `describeWithSharedData`), `/fapi/v1/time`, `/fapi/v1/klines`, `/fapi/v1/markPriceKlines`,
 * `/fapi/v1/fundingRate`. Answers as Binance does: klines oldest first from `startTime` (the latest ones
 * when only `endTime` or nothing is given), the forming candle included, `limit` capped at 1500 (1000 for
 * funding); unknown symbols get `{"code":-1121,"msg":"Invalid symbol."}` with HTTP 400. Rate limits are
 * injected as HTTP 429 with `{"code":-1003}` and Retry-After (`binanceRateLimited`).
 */

import { alignTs, isTimeframe, nextBucket, type Timeframe } from '../../src/core/timeframe.js';
import {
  FUNDING_TF,
  type HistorySpec,
  intParam,
  lazy,
  type RecordedRequest,
  servedCandle,
  startRestServer,
  syntheticFundingRate,
  type VenueRestServer,
  type VenueRestServerOptions,
} from './rest-server-common.js';
import { readSharedJson } from './shared-data.js';

/** `history` is keyed by exchange symbol id (`BTCUSDT`); a symbol without one starts at its onboardDate. */
export type BinanceRestServerOptions = VenueRestServerOptions;

/** `candleRequests()`: the `/fapi/v1/klines` requests. */
export type BinanceRestServer = VenueRestServer;

interface ExchangeInfo {
  serverTime: number;
  symbols: Array<{ symbol: string; onboardDate: number; contractType: string }>;
}

const binanceError = (code: number, msg: string, status = 400) => ({ status, body: { code, msg } });

export async function startBinanceRestServer(
  options: BinanceRestServerOptions = {},
): Promise<BinanceRestServer> {
  const now = options.now ?? Date.now;
  // Read on first use, so endpoints that need no markets work without shared/data.
  const catalogue = lazy(() => {
    const info = readSharedJson<ExchangeInfo>(
      'exchange-messages',
      'binance',
      'nautilus',
      'py',
      'http_responses',
      'http_futures_market_exchange_info.json',
    );
    return { info, symbols: new Map(info.symbols.map((s) => [s.symbol, s])) };
  });
  const spec = (id: string): HistorySpec => ({
    listedAt: catalogue().symbols.get(id)?.onboardDate,
    ...options.history?.[id],
  });

  /** Open times in [startTime, endTime] (never past the forming bucket), `limit` of them. */
  function openTimes(
    query: Record<string, string>,
    tf: Timeframe,
    limit: number,
    listedAt: number,
  ): number[] {
    const start = intParam(query, 'startTime');
    const end = Math.min(intParam(query, 'endTime') ?? Number.POSITIVE_INFINITY, now());
    const out: number[] = [];
    if (start !== undefined) {
      let ts = alignTs(Math.max(start, listedAt), tf);
      if (ts < start) ts = nextBucket(ts, tf);
      for (; ts <= end && out.length < limit; ts = nextBucket(ts, tf)) out.push(ts);
      return out;
    }
    for (let ts = alignTs(end, tf); ts >= listedAt && out.length < limit; ts = alignTs(ts - 1, tf))
      out.unshift(ts);
    return out;
  }

  function klines(request: RecordedRequest, mark: boolean) {
    const { symbol = '', interval = '' } = request.query;
    if (!catalogue().symbols.has(symbol)) return binanceError(-1121, 'Invalid symbol.');
    if (!isTimeframe(interval)) return binanceError(-1120, 'Invalid interval.');
    const limit = Math.min(intParam(request.query, 'limit') ?? 500, 1500);
    const history = spec(symbol);
    const seed = mark ? `${symbol}#mark` : symbol;
    const rows: unknown[][] = [];
    for (const ts of openTimes(request.query, interval, limit, history.listedAt ?? 0)) {
      const close = nextBucket(ts, interval);
      const c = servedCandle(seed, ts, close - ts, history);
      if (c === undefined) continue;
      const volume = mark ? '0' : String(c.volume);
      const quote = mark ? '0' : String(Math.round(c.volume * c.close * 100) / 100);
      rows.push([
        ts,
        String(c.open),
        String(c.high),
        String(c.low),
        String(c.close),
        volume,
        close - 1,
        quote,
        100,
        '0',
        '0',
        '0',
      ]);
    }
    return { status: 200, body: rows };
  }

  function funding(request: RecordedRequest) {
    const { symbol = '' } = request.query;
    const market = catalogue().symbols.get(symbol);
    if (market === undefined || market.contractType !== 'PERPETUAL')
      return binanceError(-1121, 'Invalid symbol.');
    const limit = Math.min(intParam(request.query, 'limit') ?? 100, 1000);
    const history = spec(symbol);
    const rows = openTimes(request.query, FUNDING_TF, limit, history.listedAt ?? 0)
      .filter((ts) => !history.missing?.some(([from, to]) => ts >= from && ts <= to))
      .map((ts) => ({
        symbol,
        fundingTime: ts,
        fundingRate: syntheticFundingRate(symbol, ts).toFixed(8),
        markPrice: String(servedCandle(`${symbol}#mark`, ts, 3_600_000)?.open ?? 0),
      }));
    return { status: 200, body: rows };
  }

  const server = await startRestServer((request) => {
    if (request.method !== 'GET') return undefined;
    switch (request.path) {
      case '/fapi/v1/time':
        return { status: 200, body: { serverTime: now() } };
      case '/fapi/v1/exchangeInfo':
        return { status: 200, body: { ...catalogue().info, serverTime: now() } };
      case '/fapi/v1/klines':
        return klines(request, false);
      case '/fapi/v1/markPriceKlines':
        return klines(request, true);
      case '/fapi/v1/fundingRate':
        return funding(request);
      default:
        return undefined;
    }
  });
  return { ...server, candleRequests: () => server.requestsTo(/^\/fapi\/v1\/klines$/) };
}

/** The answer Binance gives when the request weight is used up. */
export function binanceRateLimited(retryAfterSeconds: number) {
  return {
    kind: 'status' as const,
    status: 429,
    body: { code: -1003, msg: 'Too many requests; current limit is 2400 request weight per 1 MINUTE.' },
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}
