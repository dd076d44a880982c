/**
 * OKX's WebSocket endpoints: `/ws/v5/public`, `/ws/v5/private` and `/ws/v5/business` (any query string,
 * such as ccxt's demo `?brokerId=9999`, is accepted). Control frames as OKX sends them: `login`,
 * `subscribe`/`unsubscribe` acks echoing the arg with a `connId`, `{"event":"error","code":…}` for bad
 * requests, and `pong` for the text `ping`. Pushes are `{"arg":{…},"data":[…]}` per subscription.
 *
 * Faults read here (faults.ts): latency on every push, silence (no pushes; acks and pongs continue),
 * duplicated and reordered pushes on the private `orders` channel, and dropped connections.
 */

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { WS } from './codes.js';
import type { FaultPlan } from './faults.js';
import { type ApiCredentials, verifyWsLogin } from './signing.js';
import { channelRoute, type SubscribeArg } from './ws-channels.js';

export type Endpoint = 'public' | 'private' | 'business';

interface Connection {
  ws: WebSocket;
  endpoint: Endpoint;
  connId: string;
  loggedIn: boolean;
  subs: Map<string, SubscribeArg>;
}

export interface HubDeps {
  accounts(): readonly ApiCredentials[];
  now(): number;
  faults: FaultPlan;
  instrumentExists(instId: string): boolean;
  /** Frames to send right after a subscribe ack (books snapshot, current ticker, positions, …). */
  initialFrames(arg: SubscribeArg): object[];
}

const argKey = (arg: SubscribeArg) =>
  [arg.channel, arg.instType ?? '', arg.instId ?? '', arg.instFamily ?? '', arg.ccy ?? ''].join('|');

export class WsHub {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<Connection>();
  #connIds = 0;
  #capture: Array<() => void> | undefined;
  #reordering: Array<() => void> = [];

  constructor(private readonly deps: HubDeps) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'ws://local').pathname;
      const endpoint = /^\/ws\/v5\/(public|private|business)$/.exec(path)?.[1] as Endpoint | undefined;
      if (endpoint === undefined) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, endpoint));
    });
  }

  get openConnections(): number {
    return this.#connections.size;
  }

  #accept(ws: WebSocket, endpoint: Endpoint): void {
    const conn: Connection = {
      ws,
      endpoint,
      connId: (++this.#connIds).toString(16).padStart(8, '0'),
      loggedIn: false,
      subs: new Map(),
    };
    this.#connections.add(conn);
    ws.on('close', () => this.#connections.delete(conn));
    ws.on('error', () => this.#connections.delete(conn));
    ws.on('message', (raw) => this.#onMessage(conn, raw.toString()));
  }

  /** A control frame: sent at once, even while silent (it answers the client). */
  #reply(conn: Connection, frame: object | string): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    conn.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  #error(conn: Connection, [code, msg]: readonly [string, string], extra = ''): void {
    this.#reply(conn, { event: 'error', code, msg: msg + extra, connId: conn.connId });
  }

  #onMessage(conn: Connection, text: string): void {
    if (text === 'ping') {
      this.#reply(conn, 'pong');
      return;
    }
    let request: { op?: unknown; args?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      this.#error(conn, WS.illegal, text);
      return;
    }
    const args = Array.isArray(request.args) ? (request.args as Record<string, unknown>[]) : undefined;
    if (request.op === 'login') {
      this.#login(conn, args?.[0] ?? {});
      return;
    }
    if (request.op !== 'subscribe' && request.op !== 'unsubscribe') {
      this.#error(conn, WS.invalidOp, String(request.op));
      return;
    }
    if (args === undefined || args.length === 0) {
      this.#error(conn, WS.invalidArgs);
      return;
    }
    for (const raw of args) {
      const arg = Object.fromEntries(
        Object.entries(raw).filter(([, v]) => typeof v === 'string'),
      ) as unknown as SubscribeArg;
      if (request.op === 'unsubscribe') {
        conn.subs.delete(argKey(arg));
        this.#reply(conn, { event: 'unsubscribe', arg, connId: conn.connId });
      } else this.#subscribe(conn, arg);
    }
  }

  #login(conn: Connection, args: Record<string, unknown>): void {
    if (conn.endpoint === 'public') {
      this.#error(conn, WS.loginOnPublic);
      return;
    }
    const result = verifyWsLogin(args, this.deps.accounts(), this.deps.now());
    if (!result.ok) {
      this.#error(conn, [result.code, result.msg]);
      return;
    }
    conn.loggedIn = true;
    this.#reply(conn, { event: 'login', code: '0', msg: '', connId: conn.connId });
  }

  #subscribe(conn: Connection, arg: SubscribeArg): void {
    const route = channelRoute(arg);
    const missing = () =>
      this.#error(conn, [
        WS.noChannel[0],
        WS.noChannel[1].replace('{channel}', arg.channel ?? '').replace('{instId}', arg.instId ?? ''),
      ]);
    if (route === undefined) {
      missing();
      return;
    }
    if (route.endpoint !== conn.endpoint) {
      this.#error(conn, route.endpoint === 'business' ? WS.movedToBusiness : WS.notOnBusiness);
      return;
    }
    if (route.private && !conn.loggedIn) {
      this.#error(conn, WS.pleaseLogin);
      return;
    }
    if (route.needsInstId && (arg.instId === undefined || !this.deps.instrumentExists(arg.instId))) {
      missing();
      return;
    }
    if (route.needsInstType && arg.instType === undefined) {
      this.#error(conn, WS.invalidArgs);
      return;
    }
    conn.subs.set(argKey(arg), arg);
    this.#reply(conn, { event: 'subscribe', arg, connId: conn.connId });
    for (const frame of this.deps.initialFrames(arg)) this.#push(conn, { arg, ...frame });
  }

  /** A data push: delayed by the latency fault, dropped while silent. */
  #push(conn: Connection, frame: object): void {
    if (this.deps.faults.silent) return;
    const text = JSON.stringify(frame);
    const send = () => {
      if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
    };
    const delay = this.deps.faults.wsLatencyMs;
    if (delay > 0) setTimeout(send, delay);
    else send();
  }

  /** True when someone listens to `channel` (for `instId`, when given): feeds skip work otherwise. */
  hasSubscribers(channel: string, instId?: string): boolean {
    for (const conn of this.#connections) {
      for (const arg of conn.subs.values()) {
        if (arg.channel === channel && (instId === undefined || arg.instId === instId)) return true;
      }
    }
    return false;
  }

  /** The distinct subscription args of a channel (e.g. the `ccy` filters of `account`). */
  subscriptions(channel: string): SubscribeArg[] {
    const args = new Map<string, SubscribeArg>();
    for (const conn of this.#connections) {
      for (const [key, arg] of conn.subs) if (arg.channel === channel) args.set(key, arg);
    }
    return [...args.values()];
  }

  /** Channels subscribed for an instrument whose name starts with `prefix` (`candle` → candle1m, candle1H). */
  channelsFor(instId: string, prefix: string): Set<string> {
    const result = new Set<string>();
    for (const conn of this.#connections) {
      for (const arg of conn.subs.values())
        if (arg.instId === instId && arg.channel.startsWith(prefix)) result.add(arg.channel);
    }
    return result;
  }

  /** Sends `body` (`{data, action?}`) to every subscription of `channel` that `accepts`. */
  publish(channel: string, accepts: (arg: SubscribeArg) => boolean, body: object): void {
    const deliver = () => {
      for (const conn of this.#connections) {
        for (const arg of conn.subs.values()) {
          if (arg.channel === channel && accepts(arg)) this.#push(conn, { arg, ...body });
        }
      }
    };
    if (channel === 'orders') {
      this.#ordersFaults(deliver);
      return;
    }
    this.#emit(deliver);
  }

  /** The `orders` channel's faults: a duplicated push, or pushes held back and sent in reverse order. */
  #ordersFaults(deliver: () => void): void {
    const faults = this.deps.faults;
    if (faults.reorder === 0 && this.#reordering.length > 0) {
      // The fault was cleared with pushes still held: let them go, in the order they came.
      for (const d of this.#reordering.splice(0)) this.#emit(d);
    }
    if (faults.reorder > 0) {
      this.#reordering.push(deliver);
      if (this.#reordering.length >= faults.reorder) {
        const held = this.#reordering.reverse();
        this.#reordering = [];
        faults.reorder = 0;
        for (const d of held) this.#emit(d);
      }
      return;
    }
    this.#emit(deliver);
    if (faults.duplicates > 0) {
      faults.duplicates -= 1;
      this.#emit(deliver);
    }
  }

  #emit(deliver: () => void): void {
    if (this.#capture !== undefined) this.#capture.push(deliver);
    else deliver();
  }

  /**
   * Runs `fn` holding back the pushes it causes: a REST handler answers first and then flushes them, as
   * OKX's acknowledgement usually beats its WebSocket push (the fillBeforeAck fault flips the order).
   */
  capture<T>(fn: () => T): { result: T; flush: () => void } {
    const outer = this.#capture;
    const held: Array<() => void> = [];
    this.#capture = held;
    try {
      return { result: fn(), flush: () => this.#flush(held) };
    } finally {
      this.#capture = outer;
    }
  }

  #flush(held: Array<() => void>): void {
    for (const deliver of held.splice(0)) deliver();
  }

  /** Terminates connections like a network drop: all, or only the private (and business) ones. */
  drop(privateOnly: boolean): void {
    for (const conn of [...this.#connections]) {
      if (privateOnly && conn.endpoint === 'public') continue;
      conn.ws.terminate();
      this.#connections.delete(conn);
    }
  }

  close(): void {
    this.drop(false);
    this.#wss.close();
  }
}
