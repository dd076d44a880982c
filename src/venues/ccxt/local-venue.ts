/**
 * Test helper (imported by tests only): a tiny local HTTP + WebSocket server (test/support's
 * ws-test-server) that answers just the OKX / Binance REST calls a test scripts, plus instruments and
 * server time from the real samples, and records every request with its headers. Not a venue simulator:
 * anything unscripted is a 404, so a test sees at once when the client calls something unexpected.
 */

import type { IncomingHttpHeaders } from 'node:http';
import type { WebSocket } from 'ws';
import {
  type RestReply,
  startWsTestServer,
  type WsTestServer,
} from '../../../test/support/ws-test-server.js';
import { binanceSample, okxInstrumentRows } from './ccxt-test-kit.js';

export interface Hit {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
}

export interface LocalVenue {
  readonly server: WsTestServer;
  readonly hits: Hit[];
  /** Requests to `METHOD /path`. */
  hitsTo(route: string): Hit[];
  /** Queues replies for `METHOD /path`, used in order; the last one repeats. */
  script(route: string, ...replies: RestReply[]): void;
  /** Venue clock as local time plus this (answers /api/v5/public/time and /fapi/v1/time). */
  clockAheadMs: number;
  close(): Promise<void>;
}

function defaultReply(venue: LocalVenue, url: URL): RestReply | undefined {
  switch (url.pathname) {
    case '/api/v5/public/instruments': {
      const type = url.searchParams.get('instType');
      return {
        body: { code: '0', msg: '', data: okxInstrumentRows().filter((row) => row.instType === type) },
      };
    }
    case '/api/v5/public/time':
      return { body: { code: '0', msg: '', data: [{ ts: String(Date.now() + venue.clockAheadMs) }] } };
    case '/fapi/v1/exchangeInfo':
      return { body: binanceSample('py', 'http_responses', 'http_futures_market_exchange_info.json') };
    case '/fapi/v1/time':
      return { body: { serverTime: Date.now() + venue.clockAheadMs } };
    default:
      return undefined;
  }
}

export async function startLocalVenue(
  onSocket: (socket: WebSocket, url: URL) => void = (socket) => socket.close(),
): Promise<LocalVenue> {
  const scripts = new Map<string, RestReply[]>();
  const hits: Hit[] = [];
  let venue: LocalVenue | undefined;
  const server = await startWsTestServer({
    rest(url, req) {
      const method = req.method ?? 'GET';
      hits.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
      });
      const queue = scripts.get(`${method} ${url.pathname}`);
      if (queue !== undefined && queue.length > 0) return queue.length > 1 ? queue.shift() : queue[0];
      return defaultReply(venue!, url);
    },
    connection: onSocket,
  });
  venue = {
    server,
    hits,
    hitsTo: (route) => hits.filter((hit) => `${hit.method} ${hit.path}` === route),
    script: (route, ...replies) => scripts.set(route, [...replies]),
    clockAheadMs: 0,
    close: () => server.close(),
  };
  return venue;
}
