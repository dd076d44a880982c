/**
 * A local server speaking the OKX v5 REST endpoints ccxt's okx class calls for market data:
 * `/api/v5/public/instruments` (the real samples in shared/data, see below), `/api/v5/public/time`,
 * `/api/v5/market/candles` and `/history-candles`, `/mark-price-candles` and `/history-mark-price-candles`,
 * `/api/v5/public/funding-rate-history`. Candles are generated deterministically for any range
 * (rest-server-common.ts) and answered as OKX does: string arrays, newest first, `confirm` "0" for the
 * candle still forming, at most 100 rows (300 for `candles`), the window `before < ts < after`; with
 * `before` alone OKX returns the latest rows. Errors use OKX's body codes (51001 unknown instrument, 51000
 * bad parameter, 50011 rate limit via `inject`).
 *
 * Instruments: SPOT answers the spot sample plus the margin sample's USDT pairs relabelled as SPOT (the
 * sample has no BTC-USDT spot row; OKX lists the same pairs for both), SWAP/FUTURES/OPTION the samples as
 * they are. The samples are read from shared/data: tests using this server run under
 * `describeWithSharedData`.
 */

import { alignTs, nextBucket, type Timeframe } from '../../src/core/timeframe.js';
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

/** `history` is keyed by instId; markets without one are listed from 2017-01-01. */
export type OkxRestServerOptions = VenueRestServerOptions;

/** `candleRequests()`: both trade-candle endpoints (`candles`, `history-candles`). */
export type OkxRestServer = VenueRestServer;

type Instrument = Record<string, unknown> & { instId: string; instType: string };

const SAMPLE_DIR = ['exchange-messages', 'okx', 'nautilus'] as const;
const DEFAULT_LISTED_AT = Date.UTC(2017, 0, 1);

function sample(name: string): Instrument[] {
  return readSharedJson<{ data: Instrument[] }>(...SAMPLE_DIR, `http_get_instruments_${name}.json`).data;
}

function loadInstruments(): Map<string, Instrument[]> {
  const spot = [...sample('spot'), ...sample('margin').map((m) => ({ ...m, instType: 'SPOT', lever: '' }))];
  return new Map([
    ['SPOT', spot],
    ['SWAP', sample('swap')],
    ['FUTURES', sample('futures')],
    ['OPTION', sample('option')],
  ]);
}

/** OKX bar → timeframe; only UTC bars for 6h and longer (ccxt asks for those), as OKX spells them. */
const BARS: Readonly<Record<string, Timeframe>> = {
  '1s': '1s',
  '1m': '1m',
  '3m': '3m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1H': '1h',
  '2H': '2h',
  '4H': '4h',
  '6Hutc': '6h',
  '12Hutc': '12h',
  '1Dutc': '1d',
  '3Dutc': '3d',
  '1Wutc': '1w',
  '1Mutc': '1M',
};

const ok = (data: unknown) => ({ status: 200, body: { code: '0', msg: '', data } });
const okxError = (code: string, msg: string, status = 200) => ({ status, body: { code, msg, data: [] } });
const str = (x: number) => String(x);

export async function startOkxRestServer(options: OkxRestServerOptions = {}): Promise<OkxRestServer> {
  const now = options.now ?? Date.now;
  // Read on first use, so endpoints that need no instruments work without shared/data.
  const catalogue = lazy(() => {
    const byType = loadInstruments();
    const byId = new Map<string, Instrument>();
    for (const list of byType.values()) for (const i of list) byId.set(i.instId, i);
    return { byType, byId };
  });
  const spec = (instId: string): HistorySpec => ({
    listedAt: DEFAULT_LISTED_AT,
    ...options.history?.[instId],
  });

  /** Open times newest first within before < ts < after, never later than the forming bucket. */
  function* newestFirst(query: Record<string, string>, tf: Timeframe, listedAt: number): Generator<number> {
    const after = intParam(query, 'after');
    const before = intParam(query, 'before');
    const upper = Math.min(after === undefined ? Number.POSITIVE_INFINITY : after - 1, now());
    for (let ts = alignTs(upper, tf); ts >= listedAt && (before === undefined || ts > before); ) {
      yield ts;
      ts = alignTs(ts - 1, tf);
    }
  }

  function candles(request: RecordedRequest, cap: number, mark: boolean) {
    const { instId = '', bar = '1m' } = request.query;
    const instrument = catalogue().byId.get(instId);
    if (instrument === undefined) return okxError('51001', `Instrument ID ${instId} does not exist`);
    const tf = BARS[bar];
    if (tf === undefined) return okxError('51000', 'Parameter bar error');
    const limit = Math.min(intParam(request.query, 'limit') ?? 100, cap);
    const history = spec(instId);
    const seed = mark ? `${instId}#mark` : instId;
    const rows: string[][] = [];
    const spot = instrument.instType === 'SPOT';
    for (const ts of newestFirst(request.query, tf, history.listedAt ?? DEFAULT_LISTED_AT)) {
      if (rows.length >= limit) break;
      const c = servedCandle(seed, ts, nextBucket(ts, tf) - ts, history);
      if (c === undefined) continue;
      const confirm = nextBucket(ts, tf) <= now() ? '1' : '0';
      const quote = str(Math.round(c.volume * c.close * 100) / 100);
      if (mark) rows.push([str(ts), str(c.open), str(c.high), str(c.low), str(c.close), confirm]);
      else if (spot)
        rows.push([
          str(ts),
          str(c.open),
          str(c.high),
          str(c.low),
          str(c.close),
          str(c.volume),
          quote,
          quote,
          confirm,
        ]);
      // Contracts: vol is in contracts, volCcy in the base currency (what ccxt reads for swaps).
      else
        rows.push([
          str(ts),
          str(c.open),
          str(c.high),
          str(c.low),
          str(c.close),
          str(c.volume * 100),
          str(c.volume),
          quote,
          confirm,
        ]);
    }
    return ok(rows);
  }

  function funding(request: RecordedRequest) {
    const { instId = '' } = request.query;
    const instrument = catalogue().byId.get(instId);
    if (instrument === undefined || instrument.instType !== 'SWAP') {
      return okxError('51001', `Instrument ID ${instId} does not exist`);
    }
    const limit = Math.min(intParam(request.query, 'limit') ?? 100, 100);
    const rows: Array<Record<string, string>> = [];
    const history = spec(instId);
    for (const ts of newestFirst(request.query, FUNDING_TF, history.listedAt ?? DEFAULT_LISTED_AT)) {
      if (rows.length >= limit) break;
      if (history.missing?.some(([from, to]) => ts >= from && ts <= to)) continue;
      const rate = str(syntheticFundingRate(instId, ts));
      rows.push({
        instType: 'SWAP',
        instId,
        fundingRate: rate,
        realizedRate: rate,
        fundingTime: str(ts),
        method: 'current_period',
      });
    }
    return ok(rows);
  }

  const server = await startRestServer((request) => {
    if (request.method !== 'GET') return undefined;
    switch (request.path) {
      case '/api/v5/public/time':
        return ok([{ ts: str(now()) }]);
      case '/api/v5/public/instruments': {
        const list = catalogue().byType.get(request.query.instType ?? '');
        return list === undefined ? okxError('51000', 'Parameter instType error') : ok(list);
      }
      case '/api/v5/market/candles':
        return candles(request, 300, false);
      case '/api/v5/market/history-candles':
        return candles(request, 100, false);
      case '/api/v5/market/mark-price-candles':
      case '/api/v5/market/history-mark-price-candles':
        return candles(request, 100, true);
      case '/api/v5/public/funding-rate-history':
        return funding(request);
      default:
        return undefined;
    }
  });
  return {
    ...server,
    candleRequests: () => server.requestsTo(/^\/api\/v5\/market\/(history-)?candles$/),
  };
}

/** The 50011 "too many requests" answer OKX sends with HTTP 429. */
export function okxRateLimited(retryAfterSeconds?: number) {
  return {
    kind: 'status' as const,
    status: 429,
    body: { code: '50011', msg: 'Too Many Requests', data: [] },
    ...(retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(retryAfterSeconds) } }),
  };
}

/** OKX's "system is busy" answer (code 50013, HTTP 503). */
export const okxBusy = {
  kind: 'status' as const,
  status: 503,
  body: { code: '50013', msg: 'Systems are busy. Please try again later.', data: [] },
};
