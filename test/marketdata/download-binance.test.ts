import { afterEach, beforeEach, expect, it } from 'vitest';
import { type DownloadRequest, downloadHistory } from '../../src/marketdata/download/index.js';
import { closeExchange, type Exchange } from '../../src/marketdata/exchanges.js';
import type { Database } from '../../src/storage/index.js';
import {
  type BinanceRestServer,
  binanceRateLimited,
  startBinanceRestServer,
} from '../support/binance-rest-server.js';
import { servedCandle, syntheticFundingRate } from '../support/rest-server-common.js';
import { describeWithSharedData } from '../support/shared-data.js';
import {
  assertContiguous,
  expectedCandles,
  FAST_RETRY,
  HOUR,
  localExchange,
  type OpenedDatabase,
  openTestDatabase,
} from './download-harness.js';

const T0 = Date.UTC(2024, 0, 1);
const DAY = 24 * HOUR;
/** BTCUSDT's onboardDate in the real exchangeInfo sample is 2019-09-25 08:00: the first whole day is the 26th. */
const BTCUSDT_FIRST_DAY = Date.UTC(2019, 8, 26);

describeWithSharedData('data download from Binance USDⓈ-M (local server)', () => {
  let server: BinanceRestServer;
  let opened: OpenedDatabase;
  let database: Database;
  let exchange: Exchange;

  beforeEach(async () => {
    opened = await openTestDatabase();
    database = opened.database;
    server = await startBinanceRestServer();
    exchange = await localExchange('binanceusdm', server.url);
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
      symbol: 'BTC/USDT:USDT',
      timeframe: '1h',
      from: T0,
      retry: FAST_RETRY,
      ...request,
    });

  it('downloads klines 1000 a page, oldest first from startTime, exactly as served', async () => {
    const to = T0 + 2499 * HOUR;
    const summary = await download({ to });
    expect(summary).toMatchObject({ pages: 3, written: 2500, complete: true, first: T0, last: to });
    const stored = await database.candles.range('binanceusdm', 'BTC/USDT:USDT', '1h');
    expect(stored).toEqual(expectedCandles('BTCUSDT', '1h', T0, to));
    assertContiguous(stored, HOUR);
    const requests = server.candleRequests();
    expect(requests.map((r) => [Number(r.query.startTime), r.query.limit])).toEqual([
      [T0, '1000'],
      [T0 + 1000 * HOUR, '1000'],
      [T0 + 2000 * HOUR, '500'],
    ]);
    expect(requests.every((r) => r.query.symbol === 'BTCUSDT' && r.query.interval === '1h')).toBe(true);
    expect(server.unknownPaths).toEqual([]);
  });

  it('starts at the listing when asked for earlier history', async () => {
    const summary = await download({
      timeframe: '1d',
      from: Date.UTC(2019, 0, 1),
      to: Date.UTC(2019, 11, 31),
    });
    expect(summary.first).toBe(BTCUSDT_FIRST_DAY);
    expect(summary.written).toBe((Date.UTC(2019, 11, 31) - BTCUSDT_FIRST_DAY) / DAY + 1);
    // One page: the venue answers from its first candle, and a short page ends the download.
    expect(server.candleRequests()).toHaveLength(1);
  });

  it('honours Retry-After on a 429 (-1003), and gives up at once on a long ban (418)', async () => {
    server.inject({ path: /klines$/, times: 1, fault: binanceRateLimited(1) });
    const summary = await download({ to: T0 + 99 * HOUR });
    expect(summary).toMatchObject({ pages: 1, written: 100 });
    const [limited, retried] = server.candleRequests();
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);

    server.inject({ path: /klines$/, times: 1, fault: { ...binanceRateLimited(7200), status: 418 } });
    const started = Date.now();
    const banned = await download({ from: T0 + 100 * HOUR, to: T0 + 199 * HOUR }).catch((e: unknown) => e);
    expect(banned).toMatchObject({ code: 'QL_ERR_VENUE_RATE_LIMITED', details: { retryAfterMs: 7_200_000 } });
    expect((banned as Error).message).toContain('asks to wait 7200 s');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('downloads funding rates with the mark price Binance reports', async () => {
    const to = Date.UTC(2024, 1, 1) - 1;
    const summary = await download({ kind: 'funding', timeframe: undefined, to });
    expect(summary).toMatchObject({ fetched: 93, written: 93, pages: 1 });
    const rates = await database.fundingRates.range('binanceusdm', 'BTC/USDT:USDT');
    expect(rates).toHaveLength(93);
    expect(rates[1]).toEqual({
      ts: T0 + 8 * HOUR,
      rate: syntheticFundingRate('BTCUSDT', T0 + 8 * HOUR),
      markPrice: servedCandle('BTCUSDT#mark', T0 + 8 * HOUR, HOUR)!.open,
    });
    expect(server.requestsTo(/fundingRate$/)[0]?.query).toMatchObject({
      startTime: String(T0),
      limit: '1000',
    });
  });

  it('downloads mark-price klines into BTC/USDT:USDT#mark', async () => {
    const to = T0 + 47 * HOUR;
    const summary = await download({ kind: 'mark', to });
    expect(summary).toMatchObject({ seriesSymbol: 'BTC/USDT:USDT#mark', written: 48 });
    const stored = await database.candles.range('binanceusdm', 'BTC/USDT:USDT#mark', '1h');
    expect(stored).toEqual(expectedCandles('BTCUSDT#mark', '1h', T0, to).map((c) => ({ ...c, volume: 0 })));
    expect(server.requestsTo(/markPriceKlines$/)).toHaveLength(1);
  });

  it('suggests the perpetual for a spot-style symbol', async () => {
    const error = await download({ symbol: 'BTC/USDT' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'QL_ERR_INSTRUMENT_UNKNOWN' });
    expect((error as Error).message).toContain('did you mean BTC/USDT:USDT');
    expect(server.candleRequests()).toEqual([]);
  });
});
