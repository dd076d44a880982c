/**
 * LiveFeed against a local Binance USDⓈ-M market-stream server fed with the real Binance samples: kline
 * closes (`x`) across a dropped connection with REST backfill, published on the bus and into the price
 * cache; the depth snapshot + diff sync with gaps, malformed and crossing diffs; malformed frames.
 */

import { expect, it } from 'vitest';
import { InProcessBus } from '../../src/bus/in-process.js';
import type { CandleUpdate } from '../../src/bus/messages.js';
import { InMemoryLatestPriceCache, trackLatestPrices } from '../../src/marketdata/price-cache.js';
import { publishFeedToBus } from '../../src/marketdata/publish-feed.js';
import { BinanceWsServer } from '../support/binance-ws-server.js';
import { realMinuteCandles } from '../support/real-candles.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { waitFor } from '../support/ws-test-server.js';
import { FAST_RECONNECT, liveFeedSetup, recordFeed as record } from './live-feed-harness.js';

const T0 = Date.UTC(2024, 2, 1);
const MIN = 60_000;
const SYMBOL = 'BTC/USDT:USDT';

describeWithSharedData('LiveFeed on Binance USDⓈ-M (local market-stream server)', () => {
  let binance: BinanceWsServer;
  const makeFeed = liveFeedSetup(
    async () => {
      binance = await BinanceWsServer.start();
      return binance;
    },
    () => ({
      exchange: 'binanceusdm',
      // ccxt spaces REST calls by their weight (a 1000-level depth snapshot costs 20); a local server needs no spacing.
      exchangeOptions: { baseUrl: binance.restUrl, rateLimitMs: 1 },
      reconnect: FAST_RECONNECT,
      staleAfterMs: 3_000,
    }),
  );

  it('closes candles on kline x, backfills the outage over REST, and publishes them once on the bus and in the price cache', async () => {
    const real = realMinuteCandles(12, T0);
    const row = (i: number, closed: boolean) => ({ ts: real[i]!.ts, values: real[i]!.values, closed });
    const live = makeFeed();
    const seen = record(live);
    const bus = new InProcessBus();
    const onBus: Array<{ topic: string; update: CandleUpdate }> = [];
    bus.subscribe('md.candle.>', (update, env) => {
      if (update.closed) onBus.push({ topic: env.topic, update });
    });
    publishFeedToBus(live, bus);
    const prices = new InMemoryLatestPriceCache();
    trackLatestPrices(live, prices);

    live.subscribe({ kind: 'candles', symbol: SYMBOL, timeframe: '1m' });
    await live.start();
    await waitFor(() => binance.isSubscribed('btcusdt@kline_1m'), 'the kline subscription');
    for (let i = 0; i < 4; i++) {
      binance.pushKline('BTCUSDT', '1m', row(i, false));
      binance.pushKline('BTCUSDT', '1m', row(i, true));
    }
    await waitFor(() => seen.closed.length === 4, 'four closed candles');

    binance.server.refuseConnections(true);
    binance.server.dropConnections();
    await waitFor(() => seen.statuses.some((s) => s.state === 'reconnecting'), 'reconnecting');
    for (let i = 4; i < 8; i++) binance.recordKline('BTCUSDT', '1m', row(i, true));
    binance.server.refuseConnections(false);
    await waitFor(() => binance.isSubscribed('btcusdt@kline_1m'), 'the resubscription');
    // Binance pushes the forming kline every few hundred ms; its arrival reveals the gap 4..7.
    binance.pushKline('BTCUSDT', '1m', row(8, false));
    await waitFor(() => seen.closed.length === 8, 'the backfilled candles');
    for (let i = 8; i < 12; i++) binance.pushKline('BTCUSDT', '1m', row(i, true));
    await waitFor(() => seen.closed.length === 12, 'twelve closed candles');

    const expected = [...Array(12).keys()];
    expect(seen.closed.map((u) => (u.candle.ts - T0) / MIN)).toEqual(expected);
    expect(onBus.map((m) => (m.update.candle.ts - T0) / MIN)).toEqual(expected);
    expect(new Set(onBus.map((m) => m.topic))).toEqual(new Set(['md.candle.binanceusdm.BTC-USDT_USDT.1m']));
    expect(onBus[0]!.update).toMatchObject({
      exchange: 'binanceusdm',
      symbol: SYMBOL,
      timeframe: '1m',
      closed: true,
    });
    expect(prices.get('binanceusdm', SYMBOL)).toEqual({
      price: Number(real[11]!.values[3]),
      ts: real[11]!.ts + MIN,
    });
    expect(live.stats()).toMatchObject({ backfilledCandles: 4, backfillFailures: 0 });
    expect(live.stats().reconnects).toBeGreaterThanOrEqual(1);
    expect(binance.server.requests.some((r) => r.startsWith('GET /fapi/v1/klines'))).toBe(true);
  });

  it('keeps the depth book in sync through gaps, malformed and crossing diffs, publishing only books equal to the venue book', async () => {
    binance.setBook('BTCUSDT');
    const depth = 10;
    const reference = new Map<number, { bids: Array<[number, number]>; asks: Array<[number, number]> }>();
    const remember = () => {
      const truth = binance.bookTruth('BTCUSDT');
      reference.set(truth.lastUpdateId, {
        bids: truth.bids.slice(0, depth),
        asks: truth.asks.slice(0, depth),
      });
    };
    remember();
    const live = makeFeed();
    const seen = record(live);
    live.subscribe({ kind: 'book', symbol: SYMBOL, depth });
    await live.start();
    await waitFor(() => seen.books.length === 1, 'the first book (REST snapshot)');
    expect(seen.books[0]!.sequence).toBe(2098021528332);

    const diffs = binance.realBidDiffs();
    let next = 0;
    const update = (faults = {}) => {
      binance.pushDepthUpdate('BTCUSDT', { b: diffs.slice(next, next + 3) }, faults);
      next += 3;
      remember();
    };
    const atTruth = (what: string) =>
      waitFor(() => seen.books.at(-1)?.sequence === binance.bookTruth('BTCUSDT').lastUpdateId, what);

    update();
    update();
    await atTruth('two diffs');
    update({ gap: true });
    await waitFor(() => live.stats().bookResyncs === 1, 'the re-snapshot after a gap');
    update();
    await atTruth('a diff after the re-snapshot');
    // A diff with a NaN quantity is refused at the edge; the one after it then breaks the pu chain.
    binance.sendRaw(
      'btcusdt@depth@100ms',
      JSON.stringify({
        e: 'depthUpdate',
        E: 1,
        T: 1,
        s: 'BTCUSDT',
        U: 1,
        u: 2,
        pu: 0,
        b: [['20300.0', 'NaN']],
        a: [],
      }),
    );
    update();
    update({ gap: true });
    await waitFor(() => live.stats().bookResyncs === 2, 'the re-snapshot after the malformed diff');
    update();
    await atTruth('a diff after the second re-snapshot');
    // A well-formed diff that crosses the book (a bid above the best ask), not applied by the venue.
    binance.pushDepthUpdate('BTCUSDT', { b: [['20500.0', '1.000']] }, { glitch: true });
    remember();
    await waitFor(() => live.stats().bookResyncs === 3, 'the re-snapshot after a crossed book');
    update();
    await atTruth('the last diff');

    for (const book of seen.books) {
      const expected = reference.get(book.sequence!);
      expect(expected, `a book at update id ${book.sequence} the venue never had`).toBeDefined();
      expect({ bids: book.bids, asks: book.asks }).toEqual(expected);
      expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    }
    expect(live.stats().rejected).toMatchObject({
      'book-sequence-gap': 2,
      'book-bids-size-invalid': 1,
      'book-crossed': 1,
    });
    expect(live.stats()).toMatchObject({ reconnects: 0, bookResyncs: 3 });
    // One REST snapshot to start and one per re-snapshot at least: ccxt now and then fetches the snapshot
    // of one re-subscription twice (about one run in eight), so the count is a floor, not exact.
    expect(
      binance.server.requests.filter((r) => r.startsWith('GET /fapi/v1/depth')).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('merges 24h ticker and bookTicker into tickers, refuses malformed frames and keeps streaming', async () => {
    const live = makeFeed();
    const seen = record(live);
    live.subscribe({ kind: 'ticker', symbol: SYMBOL });
    live.subscribe({ kind: 'trades', symbol: SYMBOL });
    live.subscribe({ kind: 'candles', symbol: SYMBOL, timeframe: '1m' });
    await live.start();
    await waitFor(
      () =>
        ['btcusdt@miniTicker', 'btcusdt@bookTicker', 'btcusdt@trade', 'btcusdt@kline_1m'].every((s) =>
          binance.isSubscribed(s),
        ),
      'all streams',
    );
    binance.pushTicker24h('BTCUSDT', { E: T0 + 1_000, c: '16584.60000000' });
    binance.pushBookTicker('BTCUSDT', {
      E: T0 + 1_001,
      T: T0 + 1_000,
      b: '16584.5',
      B: '3',
      a: '16584.7',
      A: '4',
    });
    binance.pushTrade('BTCUSDT', { id: 1, p: '16584.6', q: '0.010', T: T0 + 1_000 });
    await waitFor(() => seen.tickers.length >= 1 && seen.trades.length === 1, 'a merged ticker and a trade');
    expect(seen.tickers.at(-1)).toMatchObject({
      exchange: 'binanceusdm',
      symbol: SYMBOL,
      bid: 16584.5,
      ask: 16584.7,
      last: 16584.6,
      bidSize: 3,
      askSize: 4,
    });
    expect(seen.trades[0]).toMatchObject({ tradeId: '1', price: 16584.6, qty: 0.01, side: 'sell' });

    binance.sendRaw('btcusdt@trade', '{"e":"trade","E":'); // invalid JSON
    binance.pushTrade('BTCUSDT', { id: 2, p: '16584.6', q: '-0.010', T: T0 + 2_000 }); // negative size
    binance.pushTrade('BTCUSDT', { id: 3, p: '16584.6', q: '0.010', T: T0 + 500 }); // backwards
    binance.pushBookTicker('BTCUSDT', { E: T0 + 2_001, T: T0 + 2_000, b: '16590', a: '16584.7' }); // crossed
    binance.pushKline('BTCUSDT', '1m', { ts: T0, values: ['NaN', '1', '1', '1', '1'], closed: true });
    // ...and the streams continue.
    binance.pushKline('BTCUSDT', '1m', {
      ts: T0,
      values: ['16580', '16590', '16570', '16584.6', '12.5'],
      closed: true,
    });
    binance.pushTrade('BTCUSDT', { id: 4, p: '16585', q: '0.020', T: T0 + 3_000, m: false });
    binance.pushBookTicker('BTCUSDT', { E: T0 + 3_001, T: T0 + 3_000, b: '16584.9', a: '16585.1' });
    await waitFor(
      () => seen.closed.length === 1 && seen.trades.length === 2 && seen.tickers.at(-1)?.bid === 16584.9,
      'the good frames after the bad ones',
    );
    expect(seen.trades.map((t) => [t.tradeId, t.side])).toEqual([
      ['1', 'sell'],
      ['4', 'buy'],
    ]);
    expect(seen.closed[0]!.candle).toEqual({
      ts: T0,
      open: 16580,
      high: 16590,
      low: 16570,
      close: 16584.6,
      volume: 12.5,
    });
    expect(live.stats().rejected).toEqual({
      'invalid-json': 1,
      'trade-qty-not-positive': 1,
      'trade-ts-backwards': 1,
      'ticker-crossed': 1,
      'candle-open-not-finite': 1,
    });
  });
});
