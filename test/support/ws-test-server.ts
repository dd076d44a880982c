/**
 * Plumbing shared by the local exchange WebSocket servers (okx-ws-server.ts, binance-ws-server.ts): one
 * node:http server on 127.0.0.1 answering REST and upgrading WebSocket requests, with the faults tests
 * script — drop every connection, refuse new ones, and a request log.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RestReply {
  status?: number;
  body: unknown;
}

/** A REST "answer" that never comes: the client has to time out (or give up). */
export const HANG = Symbol('hang');

export interface WsTestServerOptions {
  /** Answers a REST request; undefined → 404. */
  rest(url: URL, req: IncomingMessage): RestReply | typeof HANG | undefined;
  /** A WebSocket connection was accepted. */
  connection(socket: WebSocket, url: URL): void;
}

export interface WsTestServer {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsBase: string;
  /** Every REST request, as `METHOD /path?query`. */
  readonly requests: string[];
  /** Connections accepted so far (a reconnect adds one). */
  readonly connectionsAccepted: number;
  readonly openConnections: number;
  /** Terminates every open connection at once, like a network drop. */
  dropConnections(): void;
  /** While true, WebSocket upgrades are answered 503 (the venue is down). */
  refuseConnections(refuse: boolean): void;
  close(): Promise<void>;
}

export async function startWsTestServer(options: WsTestServerOptions): Promise<WsTestServer> {
  const requests: string[] = [];
  const sockets = new Set<WebSocket>();
  const hanging: ServerResponse[] = [];
  let accepted = 0;
  let refusing = false;
  const wss = new WebSocketServer({ noServer: true });

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    let reply: RestReply | typeof HANG | undefined;
    try {
      reply = options.rest(url, req);
    } catch (error) {
      reply = { status: 500, body: { error: String(error) } };
    }
    if (reply === HANG) {
      hanging.push(res);
      return;
    }
    res.writeHead(reply?.status ?? (reply === undefined ? 404 : 200), { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply?.body ?? { code: '404', msg: `no route ${url.pathname}` }));
  });

  server.on('upgrade', (req, socket, head) => {
    if (refusing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted += 1;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      options.connection(ws, new URL(req.url ?? '/', 'ws://127.0.0.1'));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    requests,
    get connectionsAccepted() {
      return accepted;
    },
    get openConnections() {
      return sockets.size;
    },
    dropConnections() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
    },
    refuseConnections(refuse) {
      refusing = refuse;
    },
    async close() {
      for (const res of hanging.splice(0)) res.destroy();
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends when the socket is open; frames to a closing socket are dropped like on a real network. */
export function sendFrame(ws: WebSocket, frame: string | object): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
}

/**
 * True while the socket can carry frames. A dropped socket turns CLOSING at once but leaves the servers'
 * subscriber sets only on its `close` event, a moment later: "is subscribed" checks use this so that they
 * never answer for a connection that is already gone.
 */
export function isOpen(ws: WebSocket): boolean {
  return ws.readyState === ws.OPEN;
}

/**
 * Applies a diff to one side of a venue's true book, as the venue does: a level's size replaces the one
 * at its price, size 0 removes it; the side stays sorted best first (`direction` -1 for bids, +1 for asks).
 */
export function applyBookDiff<L extends readonly [price: string, size: string, ...rest: string[]]>(
  levels: L[],
  diff: readonly L[],
  direction: 1 | -1,
): void {
  for (const level of diff) {
    const price = Number(level[0]);
    const i = levels.findIndex((l) => Number(l[0]) === price);
    if (i >= 0) levels.splice(i, 1);
    if (Number(level[1]) !== 0) levels.push(level);
  }
  levels.sort((a, b) => (Number(a[0]) - Number(b[0])) * direction);
}

/** Polls `predicate` until it holds; rejects with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
