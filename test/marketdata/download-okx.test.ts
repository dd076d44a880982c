import { afterEach, beforeEach, expect, it } from 'vitest';
import { QuantLabError } from '../../src/core/errors.js';
import {
  backfillGaps,
  type DownloadRequest,
  downloadHistory,
  fetchClosedCandles,
} from '../../src/marketdata/download/index.js';
import { closeExchange, type Exchange } from '../../src/marketdata/exchanges.js';
import type { Database } from '../../src/storage/index.js';
import {
  type OkxRestServer,
  okxBusy,
  okxRateLimited,
  startOkxRestServer,
} from '../support/okx-rest-server.js';
import { BAD_GATEWAY, type HistorySpec, syntheticFundingRate } from '../support/rest-server-common.js';
import { describeWithSharedData, readSharedJson } from '../support/shared-data.js';
import {
  assertContiguous,
  expectedCandles,
  FAST_RETRY,
  HOUR,
  localExchange,
  MINUTE,
  type OpenedDatabase,
  openTestDatabase,
} from './download-harness.js';

const T0 = Date.UTC(2024, 0, 1);

describeWithSharedData('data download from OKX (local server)', () => {
  let server: OkxRestServer;
  let opened: OpenedDatabase;
  let database: Database;
  let exchange: Exchange;

  async function setUp(options: { now?: () => number; history?: Record<string, HistorySpec> } = {}) {
    server = await startOkxRestServer(options);
    exchange = await localExchange('okx', server.url);
  }

  beforeEach(async () => {
    opened = await openTestDatabase();
    database = opened.database;
  });
  afterEach(async () => {
    await closeExchange(exchange);
    await server.close();
    await opened.close();
  });

  const download = (request: Partial<DownloadRequest> = {}) =>
    downloadHistory({
      database,
      exchange,
      symbol: 'BTC/USDT',
      timeframe: '1h',
      from: T0,
      retry: FAST_RETRY,
      ...request,
    });

  /** `before` of each candle request: where each page started (+1). */
  const pageStarts = () => server.candleRequests().map((r) => Number(r.query.before) + 1);

  it('downloads a range exactly as the venue serves it, 100 candles a page', async () => {
    await setUp();
    const to = T0 + 239 * HOUR;
    const summary = await download({ to });
    const stored = await database.candles.range('okx', 'BTC/USDT', '1h');
    expect(stored).toEqual(expectedCandles('BTC-USDT', '1h', T0, to));
    expect(stored).toHaveLength(240);
    assertContiguous(stored, HOUR);
    expect(summary).toMatchObject({
      exchange: 'okx',
      seriesSymbol: 'BTC/USDT',
      pages: 3,
      fetched: 240,
      written: 240,
      unchanged: 0,
      quarantined: 0,
      resumedFrom: null,
      complete: true,
      aborted: false,
      nextTs: to + 1,
      first: T0,
      last: to,
    });
    // Full pages of 100, then the partial last page asks only for what is left.
    const requests = server.candleRequests();
    expect(requests.map((r) => r.path)).toEqual(Array(3).fill('/api/v5/market/history-candles'));
    expect(requests.map((r) => r.query.limit)).toEqual(['100', '100', '40']);
    expect(pageStarts()).toEqual([T0, T0 + 100 * HOUR, T0 + 200 * HOUR]);
    expect(requests.map((r) => r.query.bar)).toEqual(['1H', '1H', '1H']);
    // Public history comes from the live endpoints: no demo header.
    expect(requests.every((r) => r.headers['x-simulated-trading'] === undefined)).toBe(true);
    expect(server.unknownPaths).toEqual([]);
    const cursor = await database.downloadCursors.get({
      exchange: 'okx',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      kind: 'candles',
      rangeFrom: T0,
    });
    expect(cursor).toMatchObject({ rangeTo: to, nextTs: to + 1 });
  });

  it('needs exactly n requests for n full pages, and stops inside a page at --to', async () => {
    await setUp();
    const exact = await download({ to: T0 + 199 * HOUR });
    expect(exact.pages).toBe(2);
    expect(server.candleRequests()).toHaveLength(2);

    // `to` half-way through an hour: that hour's candle opened before `to` and is the last one.
    const to = T0 + 250 * HOUR + 30 * MINUTE;
    const inside = await download({ from: T0 + 200 * HOUR, to });
    const stored = await database.candles.range('okx', 'BTC/USDT', '1h');
    expect(stored.at(-1)?.ts).toBe(T0 + 250 * HOUR);
    expect(stored).toHaveLength(251);
    expect(inside).toMatchObject({ pages: 1, written: 51 });
    expect(server.candleRequests().at(-1)?.query.limit).toBe('51');
  });

  it('waits out a 429 (code 50011) for at least Retry-After, then goes on', async () => {
    await setUp();
    server.inject({ path: /history-candles$/, skip: 1, times: 1, fault: okxRateLimited(1) });
    const retries: string[] = [];
    const summary = await download({
      to: T0 + 199 * HOUR,
      onRetry: ({ error }) => retries.push(error.code),
    });
    expect(summary).toMatchObject({ pages: 2, written: 200, complete: true });
    expect(retries).toEqual(['QL_ERR_VENUE_RATE_LIMITED']);
    const [, limited, retried] = server.candleRequests();
    expect(retried!.query.before).toBe(limited!.query.before);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries a timeout, a 5xx and a dropped connection in the middle of a download', async () => {
    await setUp();
    // A short timeout, so the request the server never answers fails fast.
    await closeExchange(exchange);
    exchange = await localExchange('okx', server.url, 1_000);
    server.inject({ path: /history-candles$/, skip: 1, times: 1, fault: { kind: 'hang' } });
    server.inject({
      path: /history-candles$/,
      skip: 2,
      times: 1,
      fault: BAD_GATEWAY,
    });
    server.inject({ path: /history-candles$/, skip: 3, times: 1, fault: { kind: 'drop' } });
    const retries: string[] = [];
    const summary = await download({
      to: T0 + 299 * HOUR,
      retry: { ...FAST_RETRY, retries: 5 },
      onRetry: ({ error }) => retries.push(error.code),
    });
    expect(summary).toMatchObject({ pages: 3, written: 300, complete: true });
    // One retry per fault (more only if a loaded machine made a normal request time out).
    expect(retries.length).toBeGreaterThanOrEqual(3);
    expect(new Set(retries)).toEqual(new Set(['QL_ERR_VENUE_UNAVAILABLE']));
    const stored = await database.candles.range('okx', 'BTC/USDT', '1h');
    expect(stored).toEqual(expectedCandles('BTC-USDT', '1h', T0, T0 + 299 * HOUR));
  });

  it('resumes at the page after the last stored one when the venue failed for good', async () => {
    await setUp();
    const to = T0 + 549 * HOUR;
    // Three pages succeed, then every request fails with a 500.
    server.inject({
      path: /history-candles$/,
      skip: 3,
      times: Number.POSITIVE_INFINITY,
      fault: okxBusy,
    });
    const failure = await download({ to }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QuantLabError);
    expect(failure).toMatchObject({ code: 'QL_ERR_VENUE_UNAVAILABLE', details: { attempts: 4 } });
    expect(await database.candles.count('okx', 'BTC/USDT', '1h')).toBe(300);
    const key = { exchange: 'okx', symbol: 'BTC/USDT', timeframe: '1h', kind: 'candles', rangeFrom: T0 };
    expect((await database.downloadCursors.get(key))?.nextTs).toBe(T0 + 300 * HOUR);

    server.clearFaults();
    const firstRun = server.candleRequests().length;
    const resumed = await download({ to });
    const secondRun = server.candleRequests().slice(firstRun);
    expect(resumed).toMatchObject({ resumedFrom: T0 + 300 * HOUR, pages: 3, written: 250, complete: true });
    // No page before the cursor was fetched again.
    expect(secondRun.map((r) => Number(r.query.before) + 1)).toEqual([
      T0 + 300 * HOUR,
      T0 + 400 * HOUR,
      T0 + 500 * HOUR,
    ]);
    const stored = await database.candles.range('okx', 'BTC/USDT', '1h');
    expect(stored).toEqual(expectedCandles('BTC-USDT', '1h', T0, to));
  });

  it('stops between pages on abort and continues from there on the next run', async () => {
    await setUp();
    const to = T0 + 399 * HOUR;
    const stop = new AbortController();
    const aborted = await download({ to, signal: stop.signal, onPage: (p) => p.pages === 2 && stop.abort() });
    expect(aborted).toMatchObject({ aborted: true, complete: false, pages: 2, nextTs: T0 + 200 * HOUR });
    const before = server.candleRequests().length;
    const resumed = await download({ to });
    expect(resumed).toMatchObject({ resumedFrom: T0 + 200 * HOUR, pages: 2, written: 200, complete: true });
    expect(
      server
        .candleRequests()
        .slice(before)
        .map((r) => Number(r.query.before) + 1),
    ).toEqual([T0 + 200 * HOUR, T0 + 300 * HOUR]);
  });

  it('is idempotent: a repeated download writes nothing, with or without the cursor', async () => {
    await setUp();
    const to = T0 + 149 * HOUR;
    await download({ to });
    const again = await download({ to });
    expect(again).toMatchObject({ pages: 0, written: 0, resumedFrom: T0 + 150 * HOUR, complete: true });
    const restarted = await download({ to, restart: true });
    expect(restarted).toMatchObject({
      pages: 2,
      fetched: 150,
      written: 0,
      unchanged: 150,
      resumedFrom: null,
    });
    expect(await database.candles.count('okx', 'BTC/USDT', '1h')).toBe(150);
    // A range starting inside the stored one skips what the earlier cursor vouches for.
    const overlapping = await download({ from: T0 + 50 * HOUR, to: T0 + 199 * HOUR });
    expect(overlapping).toMatchObject({ resumedFrom: T0 + 150 * HOUR, pages: 1, written: 50 });
    expect(pageStarts().at(-1)).toBe(T0 + 150 * HOUR);
  });

  it('stores only closed candles and picks up the rest later', async () => {
    let now = T0 + 30 * MINUTE + 20_000; // 00:30:20: the 00:30 candle is still forming
    await setUp({ now: () => now });
    const first = await download({ timeframe: '1m', to: undefined, now: () => now });
    expect(first).toMatchObject({ written: 30, last: T0 + 29 * MINUTE, nextTs: T0 + 29 * MINUTE + 1 });
    now += 10 * MINUTE;
    const second = await download({ timeframe: '1m', to: undefined, now: () => now });
    expect(second).toMatchObject({ resumedFrom: T0 + 30 * MINUTE, written: 10, last: T0 + 39 * MINUTE });
    const stored = await database.candles.range('okx', 'BTC/USDT', '1m');
    expect(stored).toEqual(expectedCandles('BTC-USDT', '1m', T0, T0 + 39 * MINUTE));
  });

  it('quarantines candles that fail validation (once), and stores the rest', async () => {
    const broken = [T0 + 5 * HOUR, T0 + 120 * HOUR];
    await setUp({ history: { 'BTC-USDT': { broken } } });
    const to = T0 + 149 * HOUR;
    const summary = await download({ to });
    expect(summary).toMatchObject({ written: 148, quarantined: 2 });
    const rows = await database.db.selectFrom('candle_quarantine').selectAll().orderBy('ts').execute();
    expect(rows.map((r) => [Number(r.ts), r.source, r.symbol, r.timeframe])).toEqual(
      broken.map((ts) => [ts, 'download okx', 'BTC/USDT', '1h']),
    );
    expect(rows[0]!.reason).toContain('high-below-low');
    expect(JSON.parse(rows[0]!.raw)[0]).toBe(broken[0]);
    expect(await database.candles.count('okx', 'BTC/USDT', '1h')).toBe(148);
    await download({ to, restart: true });
    const after = await database.db.selectFrom('candle_quarantine').select('id').execute();
    expect(after).toHaveLength(2);
  });

  it('walks over a venue outage, and a backfill reports the hole instead of inventing candles', async () => {
    const outage: [number, number] = [T0 + 130 * HOUR, T0 + 339 * HOUR];
    await setUp({ history: { 'BTC-USDT': { missing: [outage] } } });
    const to = T0 + 399 * HOUR;
    const summary = await download({ to });
    expect(summary).toMatchObject({ complete: true, written: 190, nextTs: to + 1 });
    expect(await database.candles.count('okx', 'BTC/USDT', '1h')).toBe(190);

    // A gap the venue can fill (deleted locally) and the outage it cannot.
    await database.candles.deleteRange('okx', 'BTC/USDT', '1h', T0 + 10 * HOUR, T0 + 19 * HOUR);
    const result = await backfillGaps({
      database,
      exchange,
      symbol: 'BTC/USDT',
      timeframe: '1h',
      gaps: [[T0 + 10 * HOUR, T0 + 19 * HOUR], outage],
      retry: FAST_RETRY,
    });
    expect(result).toEqual({ filled: 10, quarantined: 0, remaining: [outage] });
    expect(await database.candles.count('okx', 'BTC/USDT', '1h')).toBe(190);
  });

  it('downloads funding-rate history into funding_rates, idempotently', async () => {
    await setUp();
    const to = Date.UTC(2024, 1, 1) - 1;
    const summary = await download({ symbol: 'BTC/USDT:USDT', kind: 'funding', timeframe: undefined, to });
    expect(summary).toMatchObject({
      kind: 'funding',
      timeframe: null,
      fetched: 93,
      written: 93,
      complete: true,
    });
    const rates = await database.fundingRates.range('okx', 'BTC/USDT:USDT');
    expect(rates).toHaveLength(93);
    expect(rates[0]).toEqual({ ts: T0, rate: syntheticFundingRate('BTC-USDT-SWAP', T0), markPrice: null });
    expect(rates.at(-1)?.ts).toBe(Date.UTC(2024, 0, 31, 16));
    // Each request is a bounded window (OKX returns the latest rows when given `before` alone).
    const requests = server.requestsTo(/funding-rate-history$/);
    expect(requests.every((r) => Number(r.query.after) - Number(r.query.before) <= 100 * HOUR + 1)).toBe(
      true,
    );
    const again = await download({
      symbol: 'BTC/USDT:USDT',
      kind: 'funding',
      timeframe: undefined,
      to,
      restart: true,
    });
    expect(again).toMatchObject({ written: 0, unchanged: 93 });
  });

  it('stores mark-price candles as the series <symbol>#mark', async () => {
    await setUp();
    const to = T0 + 149 * HOUR;
    const summary = await download({ symbol: 'BTC/USDT:USDT', kind: 'mark', to });
    expect(summary).toMatchObject({ seriesSymbol: 'BTC/USDT:USDT#mark', written: 150, pages: 2 });
    const stored = await database.candles.range('okx', 'BTC/USDT:USDT#mark', '1h');
    const expected = expectedCandles('BTC-USDT-SWAP#mark', '1h', T0, to).map((c) => ({ ...c, volume: 0 }));
    expect(stored).toEqual(expected);
    expect(await database.candles.count('okx', 'BTC/USDT:USDT', '1h')).toBe(0);
    expect(server.requestsTo(/history-mark-price-candles$/)).toHaveLength(2);
  });

  it('names an unknown symbol clearly, with suggestions, and refuses mark history of a spot market', async () => {
    await setUp();
    const unknown = await download({ symbol: 'BTC/USDX' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'QL_ERR_INSTRUMENT_UNKNOWN' });
    expect((unknown as Error).message).toContain('okx has no market "BTC/USDX"');
    const spotSwap = await download({ symbol: 'ETH/USDT:USDC' }).catch((e: unknown) => e);
    expect((spotSwap as QuantLabError).details?.suggestions).toEqual(expect.arrayContaining(['ETH/USDT']));
    await expect(download({ kind: 'mark' })).rejects.toMatchObject({ code: 'QL_ERR_INVALID_INPUT' });
    expect(server.candleRequests()).toEqual([]);
  });

  it('fetchClosedCandles returns a range of closed candles without storing anything', async () => {
    await setUp();
    const candles = await fetchClosedCandles(exchange, 'BTC/USDT', '15m', T0, T0 + 30 * HOUR, {
      retry: FAST_RETRY,
    });
    expect(candles).toEqual(expectedCandles('BTC-USDT', '15m', T0, T0 + 30 * HOUR));
    expect(candles).toHaveLength(121);
    expect(await database.candles.count('okx', 'BTC/USDT', '15m')).toBe(0);
  });

  it('sends exactly the request ccxt documents for a historical page (ccxt-static okx.json)', async () => {
    await setUp();
    const cases = readSharedJson<{ methods: Record<string, Array<{ url: string; input: unknown[] }>> }>(
      'exchange-messages',
      'ccxt-static',
      'request',
      'okx.json',
    ).methods.fetchOHLCV!;
    const historical = cases.find((c) => c.url.includes('before='))!;
    const [symbol, timeframe, since, limit] = historical.input as [string, string, number, number];
    await exchange.fetchOHLCV(symbol, timeframe, since, limit);
    const request = server.candleRequests().at(-1)!;
    const expected = new URL(historical.url);
    expect(request.path).toBe(expected.pathname);
    expect(request.query).toEqual(Object.fromEntries(expected.searchParams));
  });
});
