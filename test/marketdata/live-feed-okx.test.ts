/**
 * LiveFeed against a local OKX v5 WebSocket server fed with the real OKX samples: closed candles across a
 * dropped connection, stale detection, book gaps and checksums, malformed frames.
 */

import { expect, it } from 'vitest';
import { OkxWsServer } from '../support/okx-ws-server.js';
import { realMinuteCandles } from '../support/real-candles.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { waitFor } from '../support/ws-test-server.js';
import { FAST_RECONNECT, liveFeedSetup, recordFeed as record } from './live-feed-harness.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

describeWithSharedData('LiveFeed on OKX (local v5 WebSocket server)', () => {
  let okx: OkxWsServer;
  const makeFeed = liveFeedSetup(
    async () => {
      okx = await OkxWsServer.start();
      return okx;
    },
    () => ({
      exchange: 'okx',
      exchangeOptions: { baseUrl: okx.restUrl, marketTypes: ['spot'] },
      reconnect: FAST_RECONNECT,
      staleAfterMs: 3_000,
    }),
  );

  it('delivers every closed candle exactly once, in order, across a dropped connection and a backfill', async () => {
    const real = realMinuteCandles(15, T0);
    const row = (i: number, confirm: boolean) => ({
      values: [String(real[i]!.ts), ...real[i]!.values] as [string, string, string, string, string, string],
      confirm,
    });
    const live = makeFeed();
    const seen = record(live);
    live.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    await live.start();
    await waitFor(() => okx.isSubscribed('candle1m', 'BTC-USDT'), 'the candle subscription');

    for (let i = 0; i < 5; i++) {
      okx.pushCandle('BTC-USDT', '1m', row(i, false));
      okx.pushCandle('BTC-USDT', '1m', row(i, true));
    }
    okx.pushCandle('BTC-USDT', '1m', row(4, true)); // a repeated confirm must not be delivered twice
    await waitFor(() => seen.closed.length === 5, 'five closed candles');

    // The venue goes away; five candles close while we cannot connect.
    okx.server.refuseConnections(true);
    okx.server.dropConnections();
    await waitFor(() => seen.statuses.some((s) => s.state === 'reconnecting'), 'reconnecting');
    for (let i = 5; i < 10; i++) okx.recordCandle('BTC-USDT', '1m', row(i, true));
    okx.recordCandle('BTC-USDT', '1m', row(10, false));
    // At least one reconnect is refused (503) before the venue comes back: backoff, then a new attempt.
    await waitFor(
      () => seen.statuses.filter((s) => s.state === 'reconnecting').length >= 2,
      'a refused reconnect attempt',
    );
    okx.server.refuseConnections(false);

    // On resubscribe the server pushes the forming candle 10: candles 5..9 come over REST first.
    await waitFor(() => seen.closed.length === 10, 'the backfilled candles', 8_000);
    await waitFor(() => okx.isSubscribed('candle1m', 'BTC-USDT'), 'the resubscription');
    for (let i = 10; i < 15; i++) {
      okx.pushCandle('BTC-USDT', '1m', row(i, false));
      okx.pushCandle('BTC-USDT', '1m', row(i, true));
    }
    await waitFor(() => seen.closed.length === 15, 'fifteen closed candles');
    await live.idle();

    expect(seen.closed.map((u) => (u.candle.ts - T0) / MIN)).toEqual([...Array(15).keys()]);
    expect(seen.closed[7]!.candle).toEqual({
      ts: real[7]!.ts,
      open: Number(real[7]!.values[0]),
      high: Number(real[7]!.values[1]),
      low: Number(real[7]!.values[2]),
      close: Number(real[7]!.values[3]),
      volume: Number(real[7]!.values[4]),
    });
    const stats = live.stats();
    expect(stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(stats.backfilledCandles).toBe(5);
    expect(okx.server.requests.some((r) => r.includes('candles?') && r.includes('instId=BTC-USDT'))).toBe(
      true,
    );
    const states = seen.statuses.map((s) => s.state);
    expect(states[0]).toBe('connecting');
    expect(states).toContain('live');
    expect(states).toContain('reconnecting');
    expect(states).toContain('backfilling');
    expect(states.at(-1)).toBe('live');
    // No update, forming or closed, ever goes back to (or behind) a candle already delivered closed.
    let lastClosed = Number.NEGATIVE_INFINITY;
    for (const update of seen.candles) {
      expect(update.candle.ts).toBeGreaterThan(lastClosed);
      if (update.closed) lastClosed = update.candle.ts;
    }
    expect(seen.forming.length).toBeGreaterThan(0);
  });

  it('without the venue tap (any ccxt exchange) closes a candle when the next interval arrives', async () => {
    const real = realMinuteCandles(6, T0);
    const row = (i: number, close?: string) => ({
      values: [
        String(real[i]!.ts),
        ...real[i]!.values.slice(0, 3),
        close ?? real[i]!.values[3],
        real[i]!.values[4],
      ] as [string, string, string, string, string, string],
      confirm: false, // ignored: ccxt's unified OHLCV has no close flag
    });
    const live = makeFeed({ venueTap: 'none' });
    const seen = record(live);
    live.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    await live.start();
    await waitFor(() => okx.isSubscribed('candle1m', 'BTC-USDT'), 'the candle subscription');
    okx.pushCandle('BTC-USDT', '1m', row(0, real[0]!.values[1])); // an early value of candle 0...
    await waitFor(() => seen.forming.length === 1, 'a forming candle');
    okx.pushCandle('BTC-USDT', '1m', row(0)); // ...and its last one
    await waitFor(() => seen.forming.length === 2, 'the update');
    okx.pushCandle('BTC-USDT', '1m', row(1));
    await waitFor(() => seen.closed.length === 1, 'candle 0 closed by candle 1');
    okx.pushCandle('BTC-USDT', '1m', row(2));
    await waitFor(() => seen.closed.length === 2, 'candle 1 closed by candle 2');

    okx.server.dropConnections(); // candle 2 was still forming: after the reconnect it must come from REST
    okx.recordCandle('BTC-USDT', '1m', row(3));
    okx.recordCandle('BTC-USDT', '1m', row(4));
    await waitFor(() => live.stats().reconnects >= 1, 'a reconnect');
    await waitFor(() => okx.isSubscribed('candle1m', 'BTC-USDT'), 'the resubscription');
    okx.pushCandle('BTC-USDT', '1m', row(5));
    await waitFor(() => seen.closed.length === 5, 'the backfilled candles');

    expect(seen.closed.map((u) => (u.candle.ts - T0) / MIN)).toEqual([0, 1, 2, 3, 4]);
    expect(seen.closed.map((u) => u.candle.close)).toEqual(real.slice(0, 5).map((c) => Number(c.values[3])));
    // On resubscribe the server pushes its latest candle (4): 2 and 3 come over REST, 4 closes when 5 arrives.
    expect(live.stats().backfilledCandles).toBe(2);
  });

  it('stop() ends a backfill whose request hangs at once: no wait for the request, no retry, no failure counted', async () => {
    const real = realMinuteCandles(4, T0);
    const row = (i: number, confirm: boolean) => ({
      values: [String(real[i]!.ts), ...real[i]!.values] as [string, string, string, string, string, string],
      confirm,
    });
    // A long request timeout: a stop() that waited for the hanging request would take all of it.
    const live = makeFeed({
      exchangeOptions: { baseUrl: okx.restUrl, marketTypes: ['spot'], timeoutMs: 60_000 },
    });
    const seen = record(live);
    live.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    await live.start();
    await waitFor(() => okx.isSubscribed('candle1m', 'BTC-USDT'), 'the candle subscription');
    okx.failCandleRequests(1_000, 'hang'); // the venue's REST side stops answering
    okx.pushCandle('BTC-USDT', '1m', row(0, true));
    okx.pushCandle('BTC-USDT', '1m', row(3, false)); // 1 and 2 closed unseen: a backfill starts
    await waitFor(() => okx.server.requests.some((r) => r.includes('candles?')), 'a backfill request');
    const started = Date.now();
    await live.stop();
    await live.idle(); // the queued candle work ends with the feed
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(live.stats()).toMatchObject({ backfilledCandles: 0, backfillFailures: 0 });
    expect(seen.closed.map((u) => (u.candle.ts - T0) / MIN)).toEqual([0]);
    expect(seen.statuses.at(-1)?.state).toBe('stopped');
  });

  it('reports a silent stream as stale, counts it and reconnects', async () => {
    // A short stale limit, so a streaming venue is modelled by pushing on every poll until the ticker is
    // seen: a single push could land on a connection a busy machine has already declared stale.
    const live = makeFeed({ staleAfterMs: 300 });
    const seen = record(live);
    live.subscribe({ kind: 'ticker', symbol: 'BTC/USDT' });
    await live.start();
    await waitFor(() => {
      okx.pushTicker('BTC-USDT', { ts: String(T0) });
      return seen.tickers.length > 0;
    }, 'the first ticker');
    expect(seen.tickers[0]).toMatchObject({
      exchange: 'okx',
      symbol: 'BTC/USDT',
      bid: 8888.88,
      ask: 9999.99,
      last: 9999.99,
    });

    // The server keeps the socket open and answers pings, but pushes nothing.
    okx.silence(true);
    const accepted = okx.server.connectionsAccepted;
    await waitFor(() => seen.statuses.some((s) => s.state === 'stale'), 'a stale status');
    await waitFor(() => okx.server.connectionsAccepted > accepted, 'a new connection');
    okx.silence(false);
    await waitFor(() => {
      okx.pushTicker('BTC-USDT', { ts: String(T0 + 1_000), last: '9000' });
      return seen.tickers.some((t) => t.last === 9000);
    }, 'a ticker after the reconnect');
    expect(seen.tickers.find((t) => t.last === 9000)).toMatchObject({ tsEvent: T0 + 1_000 });

    const stale = seen.statuses.find((s) => s.state === 'stale')!;
    expect(stale.reason).toMatch(/QL_ERR_DATA_FEED_STALE: no message on ticker:BTC\/USDT/);
    const states = seen.statuses.map((s) => s.state);
    expect(states.indexOf('reconnecting')).toBeGreaterThan(states.indexOf('stale'));
    expect(states.at(-1)).toBe('live');
    expect(live.stats().staleEvents).toBeGreaterThanOrEqual(1);
    expect(live.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('re-snapshots a book after a sequence gap, a bad checksum, a malformed diff and a crossed book, and publishes only books equal to the venue book', async () => {
    okx.setBook('BTC-USDT'); // the real books snapshot sample: 8 levels a side
    const depth = 5;
    const reference = new Map<number, { bids: Array<[number, number]>; asks: Array<[number, number]> }>();
    const remember = () => {
      const truth = okx.bookTruth('BTC-USDT');
      reference.set(truth.seqId, { bids: truth.bids.slice(0, depth), asks: truth.asks.slice(0, depth) });
    };
    remember();
    const live = makeFeed();
    const seen = record(live);
    live.subscribe({ kind: 'book', symbol: 'BTC/USDT', depth });
    await live.start();
    await waitFor(() => seen.books.length === 1, 'the first book');

    const update = (diff: Parameters<OkxWsServer['pushBookUpdate']>[1], faults = {}) => {
      okx.pushBookUpdate('BTC-USDT', diff, faults);
      remember();
    };
    const resynced = async (count: number) => {
      await waitFor(() => live.stats().bookResyncs === count, `book re-snapshot #${count}`);
      const seqId = okx.bookTruth('BTC-USDT').seqId;
      await waitFor(() => seen.books.at(-1)?.sequence === seqId, `a fresh snapshot at seqId ${seqId}`);
    };

    update({ bids: [['8476.97', '300']] });
    update({
      asks: [
        ['8476.98', '0'],
        ['8476.99', '12'],
      ],
    });
    await waitFor(() => seen.books.at(-1)?.sequence === okx.bookTruth('BTC-USDT').seqId, 'two updates');

    update({ bids: [['8475.55', '7']] }, { gap: true });
    await resynced(1);
    update({ asks: [['8477', '70']] });
    update({ bids: [['8475.3', '2']] }, { badChecksum: true });
    await resynced(2);
    // A malformed diff is refused at the edge; the next one then breaks the seqId chain.
    okx.sendRaw(
      'books',
      'BTC-USDT',
      okx.frame('books', 'BTC-USDT', {
        action: 'update',
        data: [
          {
            bids: [['8475.3', '-2', '0', '1']],
            asks: [],
            ts: String(T0),
            checksum: 0,
            prevSeqId: okx.bookTruth('BTC-USDT').seqId,
            seqId: okx.bookTruth('BTC-USDT').seqId + 1,
          },
        ],
      }),
    );
    update({ bids: [['8475.54', '1']] }, { gap: true });
    await resynced(3);
    // A venue-side glitch: a consistent frame (checksum included) that crosses the book.
    update({ bids: [['8480', '1']] }, { glitch: true });
    await resynced(4);
    update({ asks: [['8477.34', '1']] });
    await waitFor(() => seen.books.at(-1)?.sequence === okx.bookTruth('BTC-USDT').seqId, 'the last update');

    for (const book of seen.books) {
      const expected = reference.get(book.sequence!);
      expect(expected, `a book at seqId ${book.sequence} the venue never had`).toBeDefined();
      expect({ bids: book.bids, asks: book.asks }).toEqual(expected);
      expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    }
    const stats = live.stats();
    expect(stats.rejected).toMatchObject({
      'book-sequence-gap': 2,
      'book-checksum-mismatch': 1,
      'book-bids-size-invalid': 1,
      'book-crossed': 1,
    });
    expect(stats.bookResyncs).toBe(4);
    expect(stats.reconnects).toBe(0);
  });

  it('refuses malformed frames at the edge, counts each, and keeps streaming', async () => {
    const live = makeFeed();
    const seen = record(live);
    live.subscribe({ kind: 'ticker', symbol: 'BTC/USDT' });
    live.subscribe({ kind: 'trades', symbol: 'BTC/USDT' });
    live.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    await live.start();
    await waitFor(
      () => ['tickers', 'trades', 'candle1m'].every((c) => okx.isSubscribed(c, 'BTC-USDT')),
      'all subscriptions',
    );
    const candleRow = (i: number, open: string, confirm: string) => [
      String(T0 + i * MIN),
      open,
      '101',
      '99',
      '100',
      '5',
      '1',
      '1',
      confirm,
    ];

    okx.pushTicker('BTC-USDT', { ts: String(T0 + 1_000) });
    okx.pushTrade('BTC-USDT', { tradeId: '1', ts: String(T0 + 1_000) });
    okx.sendRaw(
      'candle1m',
      'BTC-USDT',
      okx.frame('candle1m', 'BTC-USDT', { data: [candleRow(1, '100', '0')] }),
    );
    await waitFor(
      () => seen.tickers.length === 1 && seen.trades.length === 1 && seen.forming.length === 1,
      'good messages',
    );

    okx.sendRaw('tickers', 'BTC-USDT', '{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"last":'); // invalid JSON
    okx.pushTicker('BTC-USDT', { ts: String(T0 + 2_000), bidPx: '10000.5' }); // crossed: bid above ask
    okx.pushTicker('BTC-USDT', { ts: String(T0 + 500) }); // backwards timestamp
    okx.pushTicker('BTC-USDT', { ts: String(T0 + 3_000), last: 'NaN' });
    okx.pushTrade('BTC-USDT', { tradeId: '2', sz: '-0.5', ts: String(T0 + 1_100) }); // negative size
    okx.pushTrade('BTC-USDT', { tradeId: '3', px: '-1', ts: String(T0 + 1_200) }); // negative price
    okx.pushTrade('BTC-USDT', { tradeId: '5', ts: String(T0 + 900) }); // backwards timestamp
    okx.sendRaw(
      'candle1m',
      'BTC-USDT',
      okx.frame('candle1m', 'BTC-USDT', { data: [candleRow(1, 'NaN', '1')] }),
    );
    okx.sendRaw(
      'candle1m',
      'BTC-USDT',
      okx.frame('candle1m', 'BTC-USDT', {
        data: [candleRow(1, '100', '1')].map((r) => [...r.slice(0, 2), '98', ...r.slice(3)]),
      }),
    ); // high below low
    okx.sendRaw(
      'candle1m',
      'BTC-USDT',
      okx.frame('candle1m', 'BTC-USDT', { data: [candleRow(0, '100', '1')] }),
    ); // backwards
    // The streams continue after every bad frame.
    okx.sendRaw(
      'candle1m',
      'BTC-USDT',
      okx.frame('candle1m', 'BTC-USDT', { data: [candleRow(1, '100', '1')] }),
    );
    okx.pushTicker('BTC-USDT', { ts: String(T0 + 4_000), last: '9500' });
    okx.pushTrade('BTC-USDT', { tradeId: '4', ts: String(T0 + 1_300) });
    await waitFor(
      () => seen.tickers.length === 2 && seen.trades.length === 2 && seen.closed.length === 1,
      'the good messages after the bad ones',
    );

    expect(seen.tickers.map((t) => [t.tsEvent - T0, t.last])).toEqual([
      [1_000, 9999.99],
      [4_000, 9500],
    ]);
    expect(seen.trades.map((t) => t.tradeId)).toEqual(['1', '4']);
    expect(seen.trades[0]).toMatchObject({
      price: 42219.9,
      qty: 0.12060306,
      side: 'buy',
      tsEvent: T0 + 1_000,
    });
    expect(seen.closed.map((c) => [c.candle.ts, c.candle.open])).toEqual([[T0 + MIN, 100]]);
    expect(live.stats().rejected).toEqual({
      'invalid-json': 1,
      'ticker-crossed': 1,
      'ticker-ts-backwards': 1,
      'ticker-last-not-finite': 1,
      'trade-qty-not-positive': 1,
      'trade-price-not-positive': 1,
      'trade-ts-backwards': 1,
      'candle-open-not-finite': 1,
      'candle-high-below-low': 1,
      'candle-ts-backwards': 1,
    });
    expect(live.stats().received).toBeGreaterThanOrEqual(15);
  });
});
