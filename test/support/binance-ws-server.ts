/**
 * A local server speaking Binance USDⓈ-M futures' PUBLIC market-stream protocol (and the REST routes ccxt
 * calls for it), fed with the real samples in shared/data: the stream payloads are the nautilus
 * `market_data_json` samples (kline open/closed, aggTrade, trade, depthUpdate, bookTicker, 24h ticker) with
 * their values replaced, the REST answers the real exchangeInfo and the depth-snapshot shape, the book the
 * real BTCUSDT depth snapshot and diff rows of orderbook-trades/nautilus/binance (re-sequenced).
 *
 * Protocol (Binance docs): raw streams on `/ws…` paths (ccxt uses `/public/ws/<n>` and `/market/ws/<n>`)
 * and combined streams on `/stream?streams=a/b` (frames wrapped as `{"stream","data"}`); the
 * `{"method":"SUBSCRIBE","params":[…],"id":n}` request is answered `{"result":null,"id":n}`. Depth diffs
 * carry U (first id), u (last id) and pu (the previous event's u); `/fapi/v1/depth` answers the snapshot
 * with its `lastUpdateId`.
 *
 * Faults: drop / refuse connections, silence, raw frames, a depth diff with a broken `pu` chain, a
 * "glitch" diff that is sent but not applied to the true book, failing REST candle requests.
 */

import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { readSharedJson, sharedDataPath } from './shared-data.js';
import {
  applyBookDiff,
  isOpen,
  type RestReply,
  sendFrame,
  startWsTestServer,
  type WsTestServer,
} from './ws-test-server.js';

type Side = Array<[price: string, qty: string]>;

const futures = <T>(name: string): T =>
  readSharedJson<T>(
    'exchange-messages',
    'binance',
    'nautilus',
    'crates',
    'futures',
    'market_data_json',
    name,
  );

interface Connection {
  ws: WebSocket;
  combined: boolean;
  streams: Set<string>;
}

export interface KlineRow {
  ts: number;
  /** open, high, low, close, volume strings. */
  values: [string, string, string, string, string];
  closed: boolean;
}

/** Real BTCUSDT depth rows (nautilus test data): `side`, price, qty per row. */
function depthRows(file: string): Array<{ side: string; price: string; qty: string }> {
  const lines = readFileSync(sharedDataPath('orderbook-trades', 'nautilus', 'binance', file), 'utf8')
    .trim()
    .split('\n');
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return { side: cells[col('side')]!, price: cells[col('price')]!, qty: cells[col('qty')]! };
  });
}

export class BinanceWsServer {
  readonly #connections = new Set<Connection>();
  readonly #klines = new Map<string, KlineRow[]>();
  readonly #books = new Map<string, { bids: Side; asks: Side; lastUpdateId: number; eventTime: number }>();
  readonly #templates = {
    kline: futures<{ k: Record<string, unknown> } & Record<string, unknown>>('kline_stream_open.json'),
    ticker: futures<Record<string, unknown>>('ticker_stream.json'),
    bookTicker: futures<Record<string, unknown>>('book_ticker_stream.json'),
    trade: futures<Record<string, unknown>>('trade_stream.json'),
    aggTrade: futures<Record<string, unknown>>('agg_trade_stream.json'),
    depth: futures<Record<string, unknown>>('depth_update_stream.json'),
  };
  #silent = false;
  #restFailures = 0;
  server!: WsTestServer;

  static async start(): Promise<BinanceWsServer> {
    const binance = new BinanceWsServer();
    binance.server = await startWsTestServer({
      rest: (url) => binance.#rest(url),
      connection: (ws, url) => binance.#connection(ws, url),
    });
    return binance;
  }

  get restUrl(): string {
    return this.server.httpUrl;
  }

  isSubscribed(stream: string): boolean {
    for (const c of this.#connections) if (isOpen(c.ws) && c.streams.has(stream)) return true;
    return false;
  }

  silence(silent: boolean): void {
    this.#silent = silent;
  }

  failCandleRequests(count: number): void {
    this.#restFailures = count;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  // ---- klines -------------------------------------------------------------------------------------

  /** Records a kline and pushes it on `<symbol>@kline_<interval>` in the real sample's shape. */
  pushKline(symbol: string, interval: string, row: KlineRow): void {
    this.recordKline(symbol, interval, row);
    const t = this.#templates.kline;
    const k = {
      ...t.k,
      t: row.ts,
      T: row.ts + 59_999,
      s: symbol,
      i: interval,
      o: row.values[0],
      h: row.values[1],
      l: row.values[2],
      c: row.values[3],
      v: row.values[4],
      x: row.closed,
    };
    this.#push(`${symbol.toLowerCase()}@kline_${interval}`, { ...t, E: row.ts + 1_000, s: symbol, k });
  }

  /** Records a kline without pushing it (it happened while the client was away). */
  recordKline(symbol: string, interval: string, row: KlineRow): void {
    const key = `${symbol}|${interval}`;
    const series = this.#klines.get(key) ?? [];
    const i = series.findIndex((r) => r.ts === row.ts);
    if (i >= 0) series[i] = row;
    else series.push(row);
    series.sort((a, b) => a.ts - b.ts);
    this.#klines.set(key, series);
  }

  // ---- tickers and trades -------------------------------------------------------------------------

  /**
   * Pushes the 24h ticker on `@ticker` (the real sample) and its mini form on `@miniTicker` (the sample's
   * e, E, s, c, o, h, l, v, q fields, as Binance documents the mini ticker); ccxt subscribes to the latter.
   */
  pushTicker24h(symbol: string, fields: Record<string, unknown>): void {
    const full: Record<string, unknown> = { ...this.#templates.ticker, s: symbol, ...fields };
    this.#push(`${symbol.toLowerCase()}@ticker`, full);
    const mini: Record<string, unknown> = { e: '24hrMiniTicker' };
    for (const key of ['E', 's', 'c', 'o', 'h', 'l', 'v', 'q']) mini[key] = full[key];
    this.#push(`${symbol.toLowerCase()}@miniTicker`, mini);
  }

  pushBookTicker(symbol: string, fields: Record<string, unknown>): void {
    this.#push(`${symbol.toLowerCase()}@bookTicker`, {
      ...this.#templates.bookTicker,
      s: symbol,
      ps: symbol,
      ...fields,
    });
  }

  /** Pushes on `@trade` and `@aggTrade` (whichever the client subscribed), each in its sample's shape. */
  pushTrade(symbol: string, fields: { id: number; p: string; q: string; T: number; m?: boolean }): void {
    const base = { s: symbol, p: fields.p, q: fields.q, T: fields.T, E: fields.T + 1, m: fields.m ?? true };
    this.#push(`${symbol.toLowerCase()}@trade`, { ...this.#templates.trade, ...base, t: fields.id });
    this.#push(`${symbol.toLowerCase()}@aggTrade`, {
      ...this.#templates.aggTrade,
      ...base,
      a: fields.id,
      f: fields.id,
      l: fields.id,
    });
  }

  // ---- depth --------------------------------------------------------------------------------------

  /**
   * The true book. Default: the real BTCUSDT snapshot (bids, with its lastUpdateId) plus the ask levels of
   * the real diff rows (the snapshot file has bids only).
   */
  setBook(symbol: string): void {
    const bids = depthRows('btcusdt-depth-snap.csv')
      .filter((r) => r.side === 'b')
      .map((r) => [r.price, r.qty] as [string, string]);
    const asks = depthRows('btcusdt-depth-update.csv')
      .filter((r) => r.side === 'a' && Number(r.qty) > 0)
      .map((r) => [r.price, r.qty] as [string, string]);
    const book = {
      bids: [] as Side,
      asks: [] as Side,
      lastUpdateId: 2098021528332,
      eventTime: 1667346579146,
    };
    applyBookDiff(book.bids, bids, -1);
    applyBookDiff(book.asks, asks, 1);
    this.#books.set(symbol, book);
  }

  /** The real bid diff rows of btcusdt-depth-update.csv, to script updates with. */
  realBidDiffs(): Array<[string, string]> {
    return depthRows('btcusdt-depth-update.csv')
      .filter((r) => r.side === 'b')
      .map((r) => [r.price, r.qty]);
  }

  bookTruth(symbol: string): {
    bids: Array<[number, number]>;
    asks: Array<[number, number]>;
    lastUpdateId: number;
  } {
    const book = this.#books.get(symbol)!;
    const side = (levels: Side) => levels.map(([p, q]) => [Number(p), Number(q)] as [number, number]);
    return { bids: side(book.bids), asks: side(book.asks), lastUpdateId: book.lastUpdateId };
  }

  /** Applies a diff to the true book and pushes a depthUpdate; returns its final update id `u`. */
  pushDepthUpdate(
    symbol: string,
    diff: { b?: Side; a?: Side },
    faults: { gap?: boolean; glitch?: boolean } = {},
  ): number {
    const book = this.#books.get(symbol)!;
    if (!faults.glitch) {
      applyBookDiff(book.bids, diff.b ?? [], -1);
      applyBookDiff(book.asks, diff.a ?? [], 1);
    }
    const pu = book.lastUpdateId + (faults.gap ? 5 : 0);
    const U = book.lastUpdateId + 1;
    const u = book.lastUpdateId + 3;
    book.lastUpdateId = u;
    book.eventTime += 100;
    this.#push(`${symbol.toLowerCase()}@depth@100ms`, {
      ...this.#templates.depth,
      E: book.eventTime,
      T: book.eventTime - 1,
      s: symbol,
      ps: symbol,
      U,
      u,
      pu,
      b: diff.b ?? [],
      a: diff.a ?? [],
    });
    return u;
  }

  // ---- raw frames and plumbing --------------------------------------------------------------------

  /** Sends an arbitrary text frame to the subscribers of a stream. */
  sendRaw(stream: string, text: string): void {
    for (const c of this.#connections) if (c.streams.has(stream)) sendFrame(c.ws, text);
  }

  #push(stream: string, payload: object): void {
    if (this.#silent) return;
    for (const c of this.#connections) {
      if (c.streams.has(stream)) sendFrame(c.ws, c.combined ? { stream, data: payload } : payload);
    }
  }

  #connection(ws: WebSocket, url: URL): void {
    const combined = url.pathname.endsWith('/stream');
    const connection: Connection = { ws, combined, streams: new Set() };
    for (const stream of url.searchParams.get('streams')?.split('/') ?? [])
      if (stream) connection.streams.add(stream);
    this.#connections.add(connection);
    ws.on('close', () => this.#connections.delete(connection));
    ws.on('message', (raw) => {
      let request: { method?: string; params?: string[]; id?: number };
      try {
        request = JSON.parse(raw.toString());
      } catch {
        sendFrame(ws, { error: { code: 3, msg: 'Invalid JSON' }, id: null });
        return;
      }
      const params = request.params ?? [];
      if (request.method === 'SUBSCRIBE') for (const p of params) connection.streams.add(p);
      else if (request.method === 'UNSUBSCRIBE') for (const p of params) connection.streams.delete(p);
      else if (request.method === 'LIST_SUBSCRIPTIONS') {
        sendFrame(ws, { result: [...connection.streams], id: request.id });
        return;
      } else {
        sendFrame(ws, {
          error: { code: 2, msg: `Invalid request: unknown method ${request.method}` },
          id: request.id ?? null,
        });
        return;
      }
      sendFrame(ws, { result: null, id: request.id });
    });
  }

  #rest(url: URL): RestReply | undefined {
    const q = url.searchParams;
    const path = url.pathname;
    if (path === '/fapi/v1/exchangeInfo') {
      return {
        body: readSharedJson(
          'exchange-messages',
          'binance',
          'nautilus',
          'py',
          'http_responses',
          'http_futures_market_exchange_info.json',
        ),
      };
    }
    if (path === '/fapi/v1/time') return { body: { serverTime: Date.now() } };
    if (path === '/fapi/v1/depth') {
      const book = this.#books.get(q.get('symbol') ?? '');
      if (book === undefined) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
      const limit = Number(q.get('limit') ?? 500);
      return {
        body: {
          lastUpdateId: book.lastUpdateId,
          E: book.eventTime,
          T: book.eventTime - 1,
          bids: book.bids.slice(0, limit),
          asks: book.asks.slice(0, limit),
        },
      };
    }
    if (path === '/fapi/v1/klines') {
      if (this.#restFailures > 0) {
        this.#restFailures -= 1;
        return { status: 503, body: { code: -1001, msg: 'Internal error; unable to process your request.' } };
      }
      const series = this.#klines.get(`${q.get('symbol')}|${q.get('interval')}`) ?? [];
      const start = Number(q.get('startTime') ?? Number.NEGATIVE_INFINITY);
      const end = Number(q.get('endTime') ?? Number.POSITIVE_INFINITY);
      const limit = Number(q.get('limit') ?? 500);
      const rows = series
        .filter((r) => r.ts >= start && r.ts <= end)
        .slice(0, limit)
        // The REST kline layout: open time, o, h, l, c, volume, close time, quote volume, trades, taker buy base, taker buy quote, ignore.
        .map((r) => [r.ts, ...r.values, r.ts + 59_999, '0', 1, '0', '0', '0']);
      return { body: rows };
    }
    return undefined;
  }
}
