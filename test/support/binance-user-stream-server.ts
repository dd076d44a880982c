/**
 * A local server speaking Binance USDⓈ-M futures' USER DATA stream protocol and the REST calls ccxt pro's
 * binanceusdm makes for `watchOrders` / `watchMyTrades` / `watchPositions` / `watchBalance`:
 *
 * - `POST /fapi/v1/listenKey` creates (or, as Binance does, returns the active) listen key; `PUT` keeps it
 *   alive (counted; `-1125 This listenKey does not exist.` for an unknown or expired one); `DELETE` ends it.
 *   These are USER_STREAM calls: API key header, no signature.
 * - the WebSocket at `/private/ws?listenKey=<key>` (ccxt 4.5's URL for futures user data; the classic
 *   `/ws/<key>` is accepted too) carries the pushes; a connection with an unknown key is closed.
 * - `GET /fapi/v1/exchangeInfo` (the real sample), `/fapi/v1/time`, and the signed calls ccxt makes on the
 *   way: `watchPositions` starts from a snapshot, `fetchPositions` → `/fapi/v1/leverageBracket` (no sample in
 *   shared/data: the documented response shape) then `/fapi/v3/positionRisk` (the real position-risk sample;
 *   `/fapi/v2/…` too); `/fapi/v2|v3/balance` and `/account` answer the real samples should ccxt be set to
 *   fetch a balance snapshot. Signed calls are checked as Binance does: `X-MBX-APIKEY` (-2015) and the
 *   HMAC-SHA256 hex `signature` of the query (-1022).
 *
 * Pushes are the real user-data samples of shared/data (nautilus `crates/futures/user_data_json`, and the
 * `data` of its python `ws_messages`), sent as Binance sends them on a raw stream: the bare event object,
 * one per frame. `expireListenKeys()` plays the 60-minute expiry (`listenKeyExpired`, then silence).
 * Anything unscripted is a 404 listed in `unknownRoutes`, so a test sees at once when ccxt calls something
 * new.
 */

import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebSocket } from 'ws';
import { readSharedJson } from './shared-data.js';
import { isOpen, type RestReply, sendFrame, startWsTestServer, type WsTestServer } from './ws-test-server.js';

const NAUTILUS = ['exchange-messages', 'binance', 'nautilus'] as const;

/** A real USDⓈ-M user-data push (`order_update_trade.json`, `account_update.json` …). */
export function userDataSample<T = Record<string, unknown>>(name: string): T {
  return readSharedJson<T>(...NAUTILUS, 'crates', 'futures', 'user_data_json', name);
}

/** A real ws_messages sample of nautilus' python tests; those are wrapped as `{stream, data}`. */
export function wsMessageSample<T = Record<string, unknown>>(name: string): T {
  return readSharedJson<{ data: T }>(...NAUTILUS, 'py', 'ws_messages', name).data;
}

export interface UserStreamHit {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly at: number;
}

export interface UserStreamConnection {
  readonly listenKey: string;
  /** Path and query the client connected to (the listen key redacted as `<key>`). */
  readonly path: string;
  readonly socket: WebSocket;
}

export interface BinanceUserStreamServer {
  readonly server: WsTestServer;
  readonly httpUrl: string;
  readonly hits: UserStreamHit[];
  /** Requests to `METHOD /path`. */
  hitsTo(route: string): UserStreamHit[];
  /** `METHOD /path` of requests nobody answers (404). */
  readonly unknownRoutes: string[];
  /** Listen keys created, oldest first. */
  readonly listenKeys: string[];
  /** Successful keep-alives (`PUT /fapi/v1/listenKey` of a live key). */
  readonly keepAlives: number;
  /** Every accepted user-data connection, oldest first. */
  readonly connections: UserStreamConnection[];
  /** User-data connections open now. */
  openUserSockets(): number;
  /** Sends `event` to every open user-data connection of a live key; returns how many got it. */
  push(event: object): number;
  /**
   * Expires every listen key as Binance does after 60 minutes without a keep-alive: `listenKeyExpired` is
   * pushed on their connections (which stay open but carry nothing more) and keep-alives fail with -1125.
   */
  expireListenKeys(): void;
  close(): Promise<void>;
}

export interface BinanceUserStreamServerOptions {
  readonly apiKey: string;
  readonly secret: string;
  /** Venue clock (default Date.now). */
  readonly now?: () => number;
}

const binanceError = (code: number, msg: string, status = 400): RestReply => ({
  status,
  body: { code, msg },
});

function newListenKey(): string {
  // Binance's keys are 64 alphanumerics.
  return randomBytes(64)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 64);
}

export async function startBinanceUserStreamServer(
  options: BinanceUserStreamServerOptions,
): Promise<BinanceUserStreamServer> {
  const now = options.now ?? Date.now;
  const hits: UserStreamHit[] = [];
  const unknownRoutes: string[] = [];
  const listenKeys: string[] = [];
  const live = new Set<string>();
  const connections: UserStreamConnection[] = [];
  let keepAlives = 0;

  const http = (...name: string[]) => readSharedJson(...NAUTILUS, ...name);
  const exchangeInfo = http('py', 'http_responses', 'http_futures_market_exchange_info.json') as Record<
    string,
    unknown
  >;

  /**
   * No sample in shared/data: the documented shape (GET /fapi/v1/leverageBracket, "Notional and Leverage
   * Brackets") with the docs' example bracket for every symbol of the exchangeInfo sample; one object
   * instead of the list when a `symbol` is asked for.
   */
  const leverageBrackets = (symbol: string | null) => {
    const rows = (exchangeInfo.symbols as Array<{ symbol: string }>).map((s) => ({
      symbol: s.symbol,
      brackets: [
        {
          bracket: 1,
          initialLeverage: 75,
          notionalCap: 10000,
          notionalFloor: 0,
          maintMarginRatio: 0.0065,
          cum: 0,
        },
      ],
    }));
    return symbol === null ? rows : (rows.find((row) => row.symbol === symbol) ?? []);
  };

  /** USER_STREAM security: the API key header only. */
  const keyed = (headers: IncomingHttpHeaders): RestReply | undefined =>
    headers['x-mbx-apikey'] === options.apiKey
      ? undefined
      : binanceError(-2015, 'Invalid API-key, IP, or permissions for action.', 401);

  /** USER_DATA security: the API key header and an HMAC-SHA256 signature of the query string. */
  const signed = (url: URL, headers: IncomingHttpHeaders): RestReply | undefined => {
    const refused = keyed(headers);
    if (refused !== undefined) return refused;
    const query = url.search.slice(1);
    const match = /(^|&)signature=([0-9a-f]+)$/.exec(query);
    const payload = match === null ? '' : query.slice(0, match.index);
    const expected = createHmac('sha256', options.secret).update(payload).digest('hex');
    if (match === null || match[2] !== expected)
      return binanceError(-1022, 'Signature for this request is not valid.');
    return undefined;
  };

  function listenKeyRoute(method: string, headers: IncomingHttpHeaders): RestReply | undefined {
    const refused = keyed(headers);
    if (refused !== undefined) return refused;
    switch (method) {
      case 'POST': {
        // An account with an active key gets that key back (its validity extended).
        let key = [...live].at(-1);
        if (key === undefined) {
          key = newListenKey();
          live.add(key);
          listenKeys.push(key);
        }
        return { body: { listenKey: key } };
      }
      case 'PUT': {
        const key = [...live].at(-1);
        if (key === undefined) return binanceError(-1125, 'This listenKey does not exist.');
        keepAlives += 1;
        return { body: { listenKey: key } };
      }
      case 'DELETE':
        live.clear();
        return { body: {} };
      default:
        return undefined;
    }
  }

  function rest(url: URL, method: string, headers: IncomingHttpHeaders): RestReply | undefined {
    if (url.pathname === '/fapi/v1/listenKey') return listenKeyRoute(method, headers);
    if (method !== 'GET') return undefined;
    switch (url.pathname) {
      case '/fapi/v1/time':
        return { body: { serverTime: now() } };
      case '/fapi/v1/exchangeInfo':
        return { body: { ...exchangeInfo, serverTime: now() } };
      case '/fapi/v1/leverageBracket':
        return signed(url, headers) ?? { body: leverageBrackets(url.searchParams.get('symbol')) };
      case '/fapi/v2/positionRisk':
      case '/fapi/v3/positionRisk':
        return signed(url, headers) ?? { body: http('crates', 'futures', 'http_json', 'position_risk.json') };
      case '/fapi/v2/balance':
      case '/fapi/v3/balance':
        return signed(url, headers) ?? { body: http('crates', 'futures', 'http_json', 'balance.json') };
      case '/fapi/v2/account':
      case '/fapi/v3/account':
        return (
          signed(url, headers) ?? { body: http('crates', 'futures', 'http_json', 'account_info_v2.json') }
        );
      default:
        return undefined;
    }
  }

  const server = await startWsTestServer({
    rest(url, req) {
      const method = req.method ?? 'GET';
      hits.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        at: Date.now(),
      });
      const reply = rest(url, method, req.headers);
      if (reply === undefined) unknownRoutes.push(`${method} ${url.pathname}`);
      return reply;
    },
    connection(socket, url) {
      const key =
        url.pathname === '/private/ws'
          ? url.searchParams.get('listenKey')
          : /^\/ws\/([A-Za-z0-9]+)$/.exec(url.pathname)?.[1];
      if (key === undefined || key === null || !live.has(key)) {
        socket.close(1008, 'invalid listen key');
        return;
      }
      const path = `${url.pathname}${url.search}`.replace(key, '<key>');
      connections.push({ listenKey: key, path, socket });
      // A user-data stream takes no requests; a stray subscribe is answered as the market streams do.
      socket.on('message', (data) => {
        try {
          const message = JSON.parse(data.toString()) as { id?: unknown };
          if (message.id !== undefined) sendFrame(socket, { result: null, id: message.id });
        } catch {
          // not JSON: Binance ignores it
        }
      });
    },
  });

  const openUserSockets = () => connections.filter((c) => isOpen(c.socket)).length;

  return {
    server,
    httpUrl: server.httpUrl,
    hits,
    hitsTo: (route) => hits.filter((hit) => `${hit.method} ${hit.path}` === route),
    unknownRoutes,
    listenKeys,
    get keepAlives() {
      return keepAlives;
    },
    connections,
    openUserSockets,
    push(event) {
      let sent = 0;
      for (const connection of connections) {
        // After `listenKeyExpired` Binance sends nothing more on that connection.
        if (!isOpen(connection.socket) || !live.has(connection.listenKey)) continue;
        sendFrame(connection.socket, event);
        sent += 1;
      }
      return sent;
    },
    expireListenKeys() {
      for (const connection of connections) {
        if (!isOpen(connection.socket) || !live.has(connection.listenKey)) continue;
        sendFrame(connection.socket, { e: 'listenKeyExpired', E: now(), listenKey: connection.listenKey });
      }
      live.clear();
    },
    close: () => server.close(),
  };
}
