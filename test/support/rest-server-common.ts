/**
 * Shared machinery of the local exchange REST servers (okx-rest-server.ts, binance-rest-server.ts): a plain
 * node:http server that records every request, answers unknown paths with 404 (and lists them, so a test
 * can fail clearly when ccxt calls something the server does not speak), injects faults, and generates
 * deterministic candles for any range.
 */

import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Candle } from '../../src/core/market.js';
import type { Timeframe } from '../../src/core/timeframe.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Index among all requests. */
  seq: number;
  /** When it arrived (Date.now). */
  at: number;
}

/** What to do instead of answering normally. */
export type Fault =
  /** A status with a body (JSON, or a string sent as text) and headers (e.g. Retry-After). */
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  /** Never answer (the client must time out). */
  | { kind: 'hang' }
  /** Close the connection without an answer. */
  | { kind: 'drop' };

export interface FaultRule {
  /** Requests whose path matches (all paths when absent). */
  path?: RegExp;
  /** Let this many matching requests through first (counted from when the rule was added). */
  skip?: number;
  /** How many matching requests get the fault (Infinity: all later ones, "fails permanently"). */
  times: number;
  fault: Fault;
}

/** Answers a request: a JSON body with a status, or undefined for "no such path". */
export type Route = (request: RecordedRequest) => { status: number; body: unknown } | undefined;

export interface RestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Paths nobody answers (404); a test expects this to stay empty. */
  readonly unknownPaths: string[];
  /** Requests to paths matching `path`. */
  requestsTo(path: RegExp): RecordedRequest[];
  inject(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startRestServer(route: Route): Promise<RestServer> {
  const requests: RecordedRequest[] = [];
  const unknownPaths: string[] = [];
  const rules: Array<FaultRule & { seen: number; fired: number }> = [];
  const hanging: ServerResponse[] = [];

  /** Every rule counts every request it matches; the first rule due to fire answers it. */
  const faultFor = (request: RecordedRequest): Fault | undefined => {
    let chosen: Fault | undefined;
    for (const rule of rules) {
      if (rule.path !== undefined && !rule.path.test(request.path)) continue;
      rule.seen += 1;
      if (chosen !== undefined || rule.seen <= (rule.skip ?? 0) || rule.fired >= rule.times) continue;
      rule.fired += 1;
      chosen = rule.fault;
    }
    return chosen;
  };

  /** JSON, or a string as it is (what a load balancer sends on a 502). */
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string';
    res.writeHead(status, { 'content-type': text ? 'text/html' : 'application/json', ...headers });
    res.end(text ? body : JSON.stringify(body));
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parsed = new URL(req.url ?? '/', 'http://local');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      headers: req.headers,
      seq: requests.length,
      at: Date.now(),
    };
    requests.push(request);
    const fault = faultFor(request);
    if (fault?.kind === 'hang') {
      hanging.push(res);
      return;
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') return send(res, fault.status, fault.body, fault.headers);
    let answer: { status: number; body: unknown } | undefined;
    try {
      answer = route(request);
    } catch (error) {
      return send(res, 500, { error: String(error) });
    }
    if (answer === undefined) {
      unknownPaths.push(`${request.method} ${request.path}`);
      return send(res, 404, { code: '404', msg: `no route ${request.path} in the local test server` });
    }
    send(res, answer.status, answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unknownPaths,
    requestsTo: (path) => requests.filter((r) => path.test(r.path)),
    inject(rule) {
      rules.push({ ...rule, seen: 0, fired: 0 });
    },
    clearFaults() {
      rules.length = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the venue servers (okx-rest-server.ts, binance-rest-server.ts) take. */
export interface VenueRestServerOptions {
  /** The venue's clock (default Date.now): decides which candle is still forming. */
  now?: () => number;
  /**
   * History per venue market id (`BTC-USDT`, `BTC-USDT-SWAP`, `BTCUSDT`); mark candles and funding use the
   * same spec. Each server has its own default listing date.
   */
  history?: Record<string, HistorySpec>;
}

/** A venue server: the shared machinery plus the requests for trade candles (the paginated endpoint). */
export interface VenueRestServer extends RestServer {
  candleRequests(): RecordedRequest[];
}

/** Funding is paid every 8 h on both venues' perpetuals. */
export const FUNDING_TF: Timeframe = '8h';

/** `load()` on first use, then its result: the servers read shared/data only when a route needs it. */
export function lazy<T>(load: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: load() };
    return value.v;
  };
}

/** What history a market has on the simulated venue. */
export interface HistorySpec {
  /** No candles (or funding) before this. */
  listedAt?: number;
  /** Inclusive open-time ranges the venue has no candles for (an outage). */
  missing?: Array<[number, number]>;
  /** Open times whose candle comes back broken (high below low), to exercise the quarantine. */
  broken?: number[];
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function priceAt(seed: number, base: number, n: number): number {
  return round1(base + Math.sin(n / 50) * base * 0.05 + ((((n * 7919 + seed) % 1000) + 1000) % 1000) / 10);
}

/**
 * The candle of `seed` (a market, or market + `#mark`) opening at `ts`: deterministic, valid, and each
 * close is the next open. `stepMs` is the timeframe length (months use 30 days; only the index matters).
 */
export function syntheticCandle(seed: string, ts: number, stepMs: number): Candle {
  const h = hash(seed);
  const base = 1000 + (h % 9000);
  const n = Math.floor(ts / stepMs);
  const open = priceAt(h, base, n);
  const close = priceAt(h, base, n + 1);
  const high = round1(Math.max(open, close) + ((((n * 104729 + h) % 50) + 50) % 50) / 10 + 0.1);
  const low = round1(Math.min(open, close) - ((((n * 1299709 + h) % 50) + 50) % 50) / 10 - 0.1);
  const volume = round3(1 + ((((n * 15485863 + h) % 100000) + 100000) % 100000) / 1000);
  return { ts, open, high, low, close, volume };
}

/** The candle the venue serves at `ts` (broken when the spec says so), or undefined when it has none. */
export function servedCandle(
  seed: string,
  ts: number,
  stepMs: number,
  spec: HistorySpec = {},
): Candle | undefined {
  if (spec.listedAt !== undefined && ts < spec.listedAt) return undefined;
  if (spec.missing?.some(([from, to]) => ts >= from && ts <= to)) return undefined;
  const candle = syntheticCandle(seed, ts, stepMs);
  if (spec.broken?.includes(ts)) return { ...candle, high: candle.low - 1 };
  return candle;
}

/** Deterministic funding rate at a funding time. */
export function syntheticFundingRate(seed: string, ts: number): number {
  const n = Math.floor(ts / 3_600_000);
  return (((((n * 7919 + hash(seed)) % 200) + 200) % 200) - 100) / 1_000_000;
}

/** Parses an integer query parameter; undefined when absent. */
export function intParam(query: Record<string, string>, name: string): number | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** What a load balancer in front of a venue sends when the venue is down: HTML, not the venue's JSON. */
export const BAD_GATEWAY: Fault = {
  kind: 'status',
  status: 502,
  body: '<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>',
};
