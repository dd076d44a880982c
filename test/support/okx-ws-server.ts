/**
 * A local server speaking OKX v5's PUBLIC WebSocket protocol (and the few REST routes ccxt calls for it),
 * fed with the real OKX samples in shared/data/exchange-messages/okx: every pushed frame is one of those
 * samples with its values replaced (re-timestamped, re-sequenced) by the test's script.
 *
 * Protocol (OKX v5 docs): `{"op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT"}]}` →
 * `{"event":"subscribe","arg":{…},"connId":"…"}` per arg; `unsubscribe` likewise; an unknown channel →
 * `{"event":"error","code":"60018",…}`; the text `ping` → `pong`. Pushes are
 * `{"arg":{…},"data":[…]}`, books with `"action":"snapshot"|"update"` and seqId/prevSeqId/checksum
 * (CRC32 of the top 25 levels, computed here with node:zlib — independently of the code under test).
 * On subscribe, a book gets a snapshot and a candle series its latest candle, as OKX does.
 *
 * REST: /api/v5/public/instruments (the real instrument samples, plus a BTC-USDT spot instrument derived
 * from the real BTC-USD one, because the real WS samples are for BTC-USDT), /api/v5/market/candles and
 * /history-candles (`before`/`after` exclusive bounds, newest first, `confirm` column).
 *
 * Faults: `dropConnections()`, `refuseConnections()`, `silence()` (pushes are swallowed; pings still
 * answered unless asked), `sendRaw()` for malformed frames, book updates with a sequence gap or a wrong
 * checksum, REST candle requests that fail or hang (`failCandleRequests`).
 */

import { crc32 } from 'node:zlib';
import type { WebSocket } from 'ws';
import { readSharedJson } from './shared-data.js';
import {
  applyBookDiff,
  HANG,
  isOpen,
  type RestReply,
  sendFrame,
  startWsTestServer,
  type WsTestServer,
} from './ws-test-server.js';

type Level = [px: string, sz: string, liq: string, orders: string];
type Arg = { channel: string; instId: string };

interface Subscriber {
  ws: WebSocket;
  path: string;
  connId: string;
  args: Map<string, Arg>;
}

const sample = <T>(name: string): T => readSharedJson<T>('exchange-messages', 'okx', 'nautilus', name);
const argKey = (arg: Arg) => `${arg.channel}|${arg.instId}`;

export interface OkxCandleRow {
  /** ts, o, h, l, c, vol as OKX strings. */
  values: [string, string, string, string, string, string];
  confirm: boolean;
}

export interface BookUpdateFaults {
  /** prevSeqId skips one message (the client must detect the gap). */
  gap?: boolean;
  /** The checksum field is wrong. */
  badChecksum?: boolean;
  /** Send these levels but do not apply them to the truth (a venue-side glitch), checksum over the glitched book. */
  glitch?: boolean;
}

export class OkxWsServer {
  readonly #subscribers = new Set<Subscriber>();
  readonly #candles = new Map<string, OkxCandleRow[]>();
  readonly #books = new Map<string, { bids: Level[]; asks: Level[]; seqId: number; ts: string }>();
  readonly #templates = {
    candle: sample<{ data: string[][] }>('ws_candle.json'),
    ticker: sample<{ data: Record<string, string>[] }>('ws_tickers.json'),
    trade: sample<{ data: Record<string, string>[] }>('ws_trades.json'),
    book: sample<{ data: Record<string, unknown>[] }>('ws_books_snapshot.json'),
  };
  #connIds = 0;
  #silent = false;
  #silentPongs = false;
  #restFailures = 0;
  #restFailure: 'error' | 'hang' = 'error';
  server!: WsTestServer;

  static async start(): Promise<OkxWsServer> {
    const okx = new OkxWsServer();
    okx.server = await startWsTestServer({
      rest: (url) => okx.#rest(url),
      connection: (ws, url) => okx.#connection(ws, url),
    });
    return okx;
  }

  /** REST base for ccxt (`exchange.urls.api.rest`). */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** WebSocket base for ccxt (`exchange.urls.api.ws`; ccxt appends /public, /business). */
  get wsUrl(): string {
    return `${this.server.wsBase}/ws/v5`;
  }

  isSubscribed(channel: string, instId: string): boolean {
    for (const s of this.#subscribers)
      if (isOpen(s.ws) && s.args.has(argKey({ channel, instId }))) return true;
    return false;
  }

  /** Pushes are swallowed while silent; with `pongs: false` pings go unanswered too. */
  silence(silent: boolean, { pongs = true }: { pongs?: boolean } = {}): void {
    this.#silent = silent;
    this.#silentPongs = silent && !pongs;
  }

  /** The next `count` candle REST requests fail with HTTP 500 (`error`) or are never answered (`hang`). */
  failCandleRequests(count: number, how: 'error' | 'hang' = 'error'): void {
    this.#restFailures = count;
    this.#restFailure = how;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  // ---- candles ------------------------------------------------------------------------------------

  /**
   * Records a candle update and pushes it to the subscribers of `candle<bar>` (the shape of the real
   * ws_candle.json sample). REST serves the latest version of every candle.
   */
  pushCandle(instId: string, bar: string, row: OkxCandleRow): void {
    this.recordCandle(instId, bar, row);
    this.#push({ channel: `candle${bar}`, instId }, { data: [this.#candleData(row)] });
  }

  /** Records a candle without pushing it (it happened while the client was away). */
  recordCandle(instId: string, bar: string, row: OkxCandleRow): void {
    const series = this.#series(instId, bar);
    const i = series.findIndex((r) => r.values[0] === row.values[0]);
    if (i >= 0) series[i] = row;
    else series.push(row);
  }

  #series(instId: string, bar: string): OkxCandleRow[] {
    const key = `${instId}|${bar}`;
    let series = this.#candles.get(key);
    if (series === undefined) {
      series = [];
      this.#candles.set(key, series);
    }
    return series;
  }

  #candleData(row: OkxCandleRow): string[] {
    // The real sample's 9 columns: ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm.
    const template = this.#templates.candle.data[0]!;
    return [...row.values, template[6]!, template[7]!, row.confirm ? '1' : '0'];
  }

  // ---- tickers and trades -------------------------------------------------------------------------

  /** The real tickers sample with the given fields replaced. */
  pushTicker(instId: string, fields: Record<string, string>): void {
    const data = { ...this.#templates.ticker.data[0]!, instId, ...fields };
    this.#push({ channel: 'tickers', instId }, { data: [data] });
  }

  /** The real trades sample with the given fields replaced. */
  pushTrade(instId: string, fields: Record<string, string>): void {
    const data = { ...this.#templates.trade.data[0]!, instId, ...fields };
    this.#push({ channel: 'trades', instId }, { data: [data] });
  }

  // ---- books --------------------------------------------------------------------------------------

  /** Sets the true book (default: the levels of the real books snapshot sample). */
  setBook(instId: string, book?: { bids: Level[]; asks: Level[] }, seqId = 1000): void {
    const real = this.#templates.book.data[0]! as { bids: Level[]; asks: Level[]; ts: string };
    const source = book ?? real;
    this.#books.set(instId, {
      bids: source.bids.map((l) => [...l] as Level),
      asks: source.asks.map((l) => [...l] as Level),
      seqId,
      ts: real.ts,
    });
  }

  /** The true book as [price, size] numbers, best first, and its seqId. */
  bookTruth(instId: string): { bids: Array<[number, number]>; asks: Array<[number, number]>; seqId: number } {
    const book = this.#books.get(instId)!;
    const side = (levels: Level[]) => levels.map((l) => [Number(l[0]), Number(l[1])] as [number, number]);
    return { bids: side(book.bids), asks: side(book.asks), seqId: book.seqId };
  }

  /** Applies a diff to the true book and pushes it as an `update` (with the faults asked for). */
  pushBookUpdate(
    instId: string,
    diff: { bids?: Array<[string, string]>; asks?: Array<[string, string]> },
    faults: BookUpdateFaults = {},
  ): number {
    const book = this.#books.get(instId)!;
    const toLevels = (d: Array<[string, string]> = []) =>
      d.map(([px, sz]) => [px, sz, '0', sz === '0' ? '0' : '1'] as Level);
    const bids = toLevels(diff.bids);
    const asks = toLevels(diff.asks);
    const target = faults.glitch
      ? { bids: book.bids.map((l) => [...l] as Level), asks: book.asks.map((l) => [...l] as Level) }
      : book;
    applyBookDiff(target.bids, bids, -1);
    applyBookDiff(target.asks, asks, 1);
    const prevSeqId = book.seqId + (faults.gap ? 1 : 0);
    const seqId = prevSeqId + 1;
    book.seqId = seqId;
    book.ts = String(Number(book.ts) + 100);
    const checksum = okxChecksum(target.bids, target.asks) + (faults.badChecksum ? 1 : 0);
    this.#push(
      { channel: 'books', instId },
      { action: 'update', data: [{ asks, bids, ts: book.ts, checksum, prevSeqId, seqId }] },
    );
    return seqId;
  }

  #bookSnapshot(instId: string): object | undefined {
    const book = this.#books.get(instId);
    if (book === undefined) return undefined;
    return {
      action: 'snapshot',
      data: [
        {
          asks: book.asks,
          bids: book.bids,
          ts: book.ts,
          checksum: okxChecksum(book.bids, book.asks),
          prevSeqId: -1,
          seqId: book.seqId,
        },
      ],
    };
  }

  // ---- raw frames and plumbing --------------------------------------------------------------------

  /** Sends an arbitrary text frame to the subscribers of a channel (malformed-frame tests). */
  sendRaw(channel: string, instId: string, text: string): void {
    for (const s of this.#subscribers) if (s.args.has(argKey({ channel, instId }))) sendFrame(s.ws, text);
  }

  /** A push frame in OKX's shape: the sample's `arg` with our payload. */
  frame(channel: string, instId: string, body: object): string {
    return JSON.stringify({ arg: { channel, instId }, ...body });
  }

  #push(arg: Arg, body: object): void {
    if (this.#silent) return;
    const text = JSON.stringify({ arg, ...body });
    for (const s of this.#subscribers) if (s.args.has(argKey(arg))) sendFrame(s.ws, text);
  }

  #connection(ws: WebSocket, url: URL): void {
    const subscriber: Subscriber = {
      ws,
      path: url.pathname,
      connId: (++this.#connIds).toString(16).padStart(8, '0'),
      args: new Map(),
    };
    this.#subscribers.add(subscriber);
    ws.on('close', () => this.#subscribers.delete(subscriber));
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (text === 'ping') {
        if (!this.#silentPongs) sendFrame(ws, 'pong');
        return;
      }
      let request: { op?: string; args?: Arg[] };
      try {
        request = JSON.parse(text);
      } catch {
        sendFrame(ws, {
          event: 'error',
          code: '60012',
          msg: `Illegal request: ${text}`,
          connId: subscriber.connId,
        });
        return;
      }
      for (const arg of request.args ?? []) this.#control(subscriber, request.op, arg);
    });
  }

  #control(subscriber: Subscriber, op: string | undefined, arg: Arg): void {
    const known =
      arg.channel.startsWith('candle') ||
      ['tickers', 'trades', 'books', 'books5', 'bbo-tbt'].includes(arg.channel);
    if (!known || (op !== 'subscribe' && op !== 'unsubscribe')) {
      sendFrame(subscriber.ws, {
        event: 'error',
        code: '60018',
        msg: `Wrong URL or channel:${arg.channel},instId:${arg.instId} doesn't exist.`,
        connId: subscriber.connId,
      });
      return;
    }
    if (op === 'unsubscribe') {
      subscriber.args.delete(argKey(arg));
      sendFrame(subscriber.ws, { event: 'unsubscribe', arg, connId: subscriber.connId });
      return;
    }
    subscriber.args.set(argKey(arg), arg);
    sendFrame(subscriber.ws, { event: 'subscribe', arg, connId: subscriber.connId });
    if (this.#silent) return;
    if (arg.channel === 'books') {
      const snapshot = this.#bookSnapshot(arg.instId);
      if (snapshot) sendFrame(subscriber.ws, { arg, ...snapshot });
    } else if (arg.channel.startsWith('candle')) {
      const series = this.#candles.get(`${arg.instId}|${arg.channel.slice(6)}`);
      const latest = series?.reduce((a, b) => (Number(b.values[0]) > Number(a.values[0]) ? b : a));
      if (latest) sendFrame(subscriber.ws, { arg, data: [this.#candleData(latest)] });
    }
  }

  #rest(url: URL): RestReply | typeof HANG | undefined {
    const q = url.searchParams;
    if (url.pathname === '/api/v5/public/time')
      return { body: { code: '0', msg: '', data: [{ ts: String(Date.now()) }] } };
    if (url.pathname === '/api/v5/public/instruments')
      return { body: this.#instruments(q.get('instType') ?? '') };
    if (url.pathname === '/api/v5/market/candles' || url.pathname === '/api/v5/market/history-candles') {
      if (this.#restFailures > 0) {
        this.#restFailures -= 1;
        if (this.#restFailure === 'hang') return HANG;
        return { status: 500, body: { code: '50001', msg: 'Service temporarily unavailable' } };
      }
      const series = this.#candles.get(`${q.get('instId')}|${q.get('bar')}`) ?? [];
      const before = Number(q.get('before') ?? Number.NEGATIVE_INFINITY);
      const after = Number(q.get('after') ?? Number.POSITIVE_INFINITY);
      const limit = Number(q.get('limit') ?? 100);
      const rows = series
        .filter((r) => Number(r.values[0]) > before && Number(r.values[0]) < after)
        .sort((a, b) => Number(b.values[0]) - Number(a.values[0]))
        .slice(0, limit)
        .map((r) => this.#candleData(r));
      return { body: { code: '0', msg: '', data: rows } };
    }
    return undefined;
  }

  #instruments(instType: string): object {
    const files: Record<string, string> = {
      SPOT: 'http_get_instruments_spot.json',
      SWAP: 'http_get_instruments_swap.json',
      FUTURES: 'http_get_instruments_futures.json',
      MARGIN: 'http_get_instruments_margin.json',
      OPTION: 'http_get_instruments_option.json',
    };
    const file = files[instType];
    if (file === undefined) return { code: '51000', msg: `Parameter instType error`, data: [] };
    const body = sample<{ code: string; msg: string; data: Record<string, string>[] }>(file);
    if (instType === 'SPOT') {
      const btcUsd = body.data.find((i) => i.instId === 'BTC-USD')!;
      body.data.push({ ...btcUsd, instId: 'BTC-USDT', quoteCcy: 'USDT' });
    }
    return body;
  }
}

/** OKX's checksum, computed with node:zlib: signed CRC32 of the top 25 levels interleaved bid, ask. */
function okxChecksum(bids: Level[], asks: Level[]): number {
  const fields: string[] = [];
  for (let i = 0; i < 25; i++) {
    if (bids[i]) fields.push(bids[i]![0], bids[i]![1]);
    if (asks[i]) fields.push(asks[i]![0], asks[i]![1]);
  }
  return crc32(fields.join(':')) | 0;
}
