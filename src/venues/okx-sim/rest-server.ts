/**
 * The HTTP side: reads a request, applies the REST faults, authenticates private routes, runs the route
 * and answers with OKX's JSON envelope. The pushes a request causes are sent after its reply (see
 * `WsHub.capture`). `/__sim/…` is the simulator's own control API: no faults, no OKX auth.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { OKX, type OkxError } from './codes.js';
import { FaultPlan } from './faults.js';
import type { WsHub } from './ws-hub.js';

export interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Path and query exactly as received: what the signature covers. */
  requestPath: string;
  body: string;
  /** The parsed JSON body of a POST (undefined for GET). */
  json: unknown;
  headers: IncomingMessage['headers'];
}

export interface RestReply {
  status: number;
  body: unknown;
}

export interface Route {
  /** Signed (private) endpoint. */
  auth: boolean;
  /** Places orders: the accept-then-timeout and fill-before-ack faults apply. */
  places?: boolean;
  handler(request: RestRequest): RestReply;
}

export const ok = (data: unknown): RestReply => ({ status: 200, body: { code: '0', msg: '', data } });

export const okxError = (error: OkxError): RestReply => ({
  status: error.status,
  body: { code: error.code, msg: error.msg, data: [] },
});

export interface RestServerDeps {
  routes: ReadonlyMap<string, Route>;
  control(request: RestRequest): Promise<RestReply | undefined>;
  faults: FaultPlan;
  hub: WsHub;
  authenticate(request: RestRequest): OkxError | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export class RestServer {
  /** Replies withheld by the accept-then-timeout fault; destroyed on close. */
  readonly #withheld = new Map<ServerResponse, NodeJS.Timeout>();

  constructor(private readonly deps: RestServerDeps) {}

  #send(res: ServerResponse, reply: RestReply, after?: () => void): void {
    if (res.destroyed) {
      after?.();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body), () => after?.());
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestPath = req.url ?? '/';
    const url = new URL(requestPath, 'http://local');
    const body = await readBody(req);
    const request: RestRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      requestPath,
      body,
      json: undefined,
      headers: req.headers,
    };
    if (url.pathname.startsWith('/__sim/')) {
      const reply = await this.deps.control(request);
      return this.#send(res, reply ?? { status: 404, body: { error: `no control route ${url.pathname}` } });
    }
    const route = this.deps.routes.get(`${request.method} ${url.pathname}`);
    if (route === undefined) {
      const other = request.method === 'GET' ? 'POST' : 'GET';
      if (this.deps.routes.has(`${other} ${url.pathname}`)) return this.#send(res, okxError(OKX.wrongMethod));
      return this.#send(res, { status: 404, body: { code: '404', msg: 'Not Found', data: [] } });
    }
    const { faults } = this.deps;
    if (faults.restLatencyMs > 0) await sleep(faults.restLatencyMs);
    if (FaultPlan.take(faults.serverError)) {
      const { status, code, msg } = faults.serverError;
      return this.#send(res, { status, body: { code, msg, data: [] } });
    }
    if (faults.takeRateLimit()) return this.#send(res, okxError(OKX.rateLimited));
    if (route.auth) {
      const error = this.deps.authenticate(request);
      if (error !== undefined) return this.#send(res, okxError(error));
    }
    if (request.method === 'POST') {
      if (body.trim() === '') return this.#send(res, okxError(OKX.bodyEmpty));
      try {
        request.json = JSON.parse(body);
      } catch {
        return this.#send(res, okxError(OKX.jsonSyntax));
      }
    }
    let outcome: { result: RestReply; flush: () => void };
    try {
      outcome = this.deps.hub.capture(() => route.handler(request));
    } catch (error) {
      return this.#send(res, {
        status: 500,
        body: { code: '50026', msg: `System error: ${String(error)}`, data: [] },
      });
    }
    const { result, flush } = outcome;
    if (route.places && FaultPlan.take(faults.acceptTimeout)) {
      // The orders are placed; the client never hears so (a timeout, or a connection reset).
      flush();
      if (faults.acceptTimeout.mode === 'destroy') return void req.socket.destroy();
      const timer = setTimeout(() => {
        this.#withheld.delete(res);
        this.#send(res, result);
      }, faults.acceptTimeout.delayMs);
      this.#withheld.set(res, timer);
      return;
    }
    if (route.places && FaultPlan.take(faults.fillBeforeAck)) {
      flush();
      await sleep(faults.fillBeforeAck.delayMs);
      return this.#send(res, result);
    }
    this.#send(res, result, flush);
  }

  close(): void {
    for (const [res, timer] of this.#withheld) {
      clearTimeout(timer);
      res.destroy();
    }
    this.#withheld.clear();
  }
}
