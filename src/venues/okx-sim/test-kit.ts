/**
 * Helpers for the simulator's tests (not part of its public surface): an engine on its own, a running
 * simulator with test credentials, signed raw HTTP requests, and ccxt pointed at the simulator.
 */

import type { Exchange } from 'ccxt';
import { WebSocket } from 'ws';
import { createExchange } from '../../marketdata/exchanges.js';
import { AlgoEngine } from './algo-engine.js';
import { MatchingEngine } from './engine.js';
import { resolveInstrument } from './instruments.js';
import { PathWalker } from './path-walk.js';
import { type ApiCredentials, okxSign } from './signing.js';
import { OkxSimulator, type OkxSimulatorOptions } from './simulator.js';
import type { TapeCandle } from './tape.js';
import type { EngineEvent } from './types.js';

export const CREDS: ApiCredentials = {
  apiKey: 'sim-key-0001',
  secret: 'sim-secret-do-not-log',
  passphrase: 'Sim-Passphrase-1',
};

/** A candle that stays between `low` and `high`, opening at `open` and closing at `close`. */
export function candle(open: number, high: number, low: number, close: number, volume = 10): TapeCandle {
  return { open, high, low, close, volume };
}

/** A candle that does not move. */
export const flat = (price: number): TapeCandle => candle(price, price, price, price);

export interface EngineFixture {
  engine: MatchingEngine;
  algos: AlgoEngine;
  walk(instId: string, c: TapeCandle): void;
  events: EngineEvent[];
  clock: { now: number };
}

/** The matching engine alone: BTC swap and spot at 60 000 (or `prices`), 100 000 USDT, 10× leverage. */
export function engineFixture(prices: Record<string, number> = {}, balance = 100_000): EngineFixture {
  const clock = { now: 1_700_000_000_000 };
  const symbols = ['BTC-USDT-SWAP', 'BTC-USDT', 'ETH-USDT-SWAP'];
  const instruments = symbols.map((s) => resolveInstrument(s));
  const startPrices = new Map(instruments.map((i) => [i.instId, prices[i.instId] ?? i.startPrice]));
  const engine = new MatchingEngine({
    instruments,
    now: () => clock.now,
    balances: { USDT: balance },
    defaultLeverage: 10,
    makerFee: 0.0002,
    takerFee: 0.0005,
    priceBand: 0.1,
    startPrices,
  });
  const algos = new AlgoEngine(engine);
  const walker = new PathWalker(engine, algos);
  const events: EngineEvent[] = [];
  engine.setListener((event) => events.push(event));
  return {
    engine,
    algos,
    events,
    clock,
    walk: (instId, c) => walker.walk(engine.instrument(instId)!, c),
  };
}

/** A simulator with the test credentials, replaying flat candles at `price` unless told otherwise. */
export function startSimulator(options: OkxSimulatorOptions = {}): Promise<OkxSimulator> {
  return OkxSimulator.start({ credentials: [CREDS], ...options });
}

export interface SignedCall {
  method?: 'GET' | 'POST';
  body?: unknown;
  credentials?: ApiCredentials;
  /** Default: now on the simulator's clock. */
  timestamp?: string;
  /** Send `x-simulated-trading: 1` (default true). */
  demo?: boolean;
  /** Replaces the computed signature. */
  sign?: string;
}

/** A signed request, built the way OKX documents it; resolves with HTTP status and parsed body. */
export async function signedFetch(
  sim: OkxSimulator,
  path: string,
  call: SignedCall = {},
): Promise<{ status: number; json: { code: string; msg: string; data: Array<Record<string, unknown>> } }> {
  const method = call.method ?? (call.body === undefined ? 'GET' : 'POST');
  const creds = call.credentials ?? CREDS;
  const body = call.body === undefined ? '' : JSON.stringify(call.body);
  const timestamp = call.timestamp ?? new Date(sim.now()).toISOString();
  const headers: Record<string, string> = {
    'OK-ACCESS-KEY': creds.apiKey,
    'OK-ACCESS-PASSPHRASE': creds.passphrase,
    'OK-ACCESS-TIMESTAMP': timestamp,
    'OK-ACCESS-SIGN': call.sign ?? okxSign(creds.secret, timestamp + method + path + body),
    'content-type': 'application/json',
  };
  if (call.demo ?? true) headers['x-simulated-trading'] = '1';
  const response = await fetch(sim.restUrl + path, { method, headers, ...(body === '' ? {} : { body }) });
  return { status: response.status, json: (await response.json()) as never };
}

/** A raw WebSocket client: every frame it receives, and a way to wait for one. */
export interface RawWs {
  ws: WebSocket;
  frames: Array<Record<string, unknown> | string>;
  send(frame: object | string): void;
  /** The first frame (received so far or later) matching `predicate` and not taken before. */
  next(
    predicate: (frame: Record<string, unknown> | string) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown> | string>;
  close(): void;
}

export async function openWs(sim: OkxSimulator, endpoint: 'public' | 'private' | 'business'): Promise<RawWs> {
  const ws = new WebSocket(`${sim.wsUrl}/${endpoint}`);
  const frames: RawWs['frames'] = [];
  const taken = new Set<number>();
  ws.on('message', (raw) => {
    const text = raw.toString();
    frames.push(text === 'pong' ? text : (JSON.parse(text) as Record<string, unknown>));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    async next(predicate, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = frames.findIndex((f, i) => !taken.has(i) && predicate(f));
        if (index >= 0) {
          taken.add(index);
          return frames[index]!;
        }
        if (Date.now() > deadline)
          throw new Error(`no matching frame; received ${JSON.stringify(frames).slice(0, 2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () => ws.terminate(),
  };
}

/** OKX's WebSocket login frame, signed with the simulator's clock. */
export function loginFrame(sim: OkxSimulator, creds: ApiCredentials = CREDS, skewSeconds = 0): object {
  const timestamp = String(Math.floor(sim.now() / 1000) + skewSeconds);
  return {
    op: 'login',
    args: [
      {
        apiKey: creds.apiKey,
        passphrase: creds.passphrase,
        timestamp,
        sign: okxSign(creds.secret, `${timestamp}GET/users/self/verify`),
      },
    ],
  };
}

/** A logged-in private connection subscribed to `args`, with the acks consumed. */
export async function privateWs(
  sim: OkxSimulator,
  args: object[],
  endpoint: 'private' | 'business' = 'private',
): Promise<RawWs> {
  const client = await openWs(sim, endpoint);
  client.send(loginFrame(sim));
  await client.next((f) => typeof f === 'object' && f.event === 'login');
  client.send({ op: 'subscribe', args });
  for (let i = 0; i < args.length; i++)
    await client.next((f) => typeof f === 'object' && f.event === 'subscribe');
  return client;
}

/** ccxt's okx (or ccxt.pro's) in demo mode, pointed at the simulator through Quant Lab's factory. */
export async function ccxtFor(
  sim: OkxSimulator,
  options: { pro?: boolean; timeoutMs?: number; credentials?: ApiCredentials } = {},
): Promise<Exchange> {
  const creds = options.credentials ?? CREDS;
  const exchange = await createExchange('okx', {
    baseUrl: sim.restUrl,
    sandbox: sim.environment === 'demo',
    credentials: { apiKey: creds.apiKey, secret: creds.secret, password: creds.passphrase },
    pro: options.pro ?? false,
    rateLimitMs: 5,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  // ccxt opens plain ws:// URLs (a local server) only once its http agent is loaded.
  if (options.pro) await exchange.loadHttpProxyAgent();
  return exchange;
}

/** Resolves when `predicate` holds, polling every 10 ms. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
