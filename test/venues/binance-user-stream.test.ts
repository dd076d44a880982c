/**
 * `CcxtExchangeClient` on Binance USDⓈ-M's user-data stream, end to end through ccxt pro: a local server
 * (test/support/binance-user-stream-server.ts) creates and keeps alive listen keys over REST and pushes the
 * real `ORDER_TRADE_UPDATE` / `ACCOUNT_UPDATE` samples of shared/data on the WebSocket ccxt opens with the
 * key. Checks the events the client's listener gets, the listen-key keep-alive ccxt schedules by itself,
 * and recovery from a dropped socket and from an expired key.
 *
 * ccxt renews the key every `options.listenKeyRefreshRate` (20 min); the client offers no way to set that
 * option, so the keep-alive tests fake `setTimeout` (only: Date and the sockets stay real) and move the
 * clock 20 minutes on.
 */

import { afterEach, expect, it, vi } from 'vitest';
import type { CcxtExchangeClient } from '../../src/venues/ccxt/ccxt-exchange-client.js';
import { TEST_CREDENTIALS } from '../../src/venues/ccxt/ccxt-test-kit.js';
import { createCcxtExchangeClient } from '../../src/venues/ccxt/create-client.js';
import type { StreamOptions } from '../../src/venues/ccxt/options.js';
import type {
  ConnectionStatus,
  ExchangeStreamEvent,
  FillReport,
  OrderStatusReport,
} from '../../src/venues/exchange/types.js';
import {
  type BinanceUserStreamServer,
  startBinanceUserStreamServer,
  userDataSample,
  wsMessageSample,
} from '../support/binance-user-stream-server.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { waitFor } from '../support/ws-test-server.js';

const CREDENTIALS = { apiKey: TEST_CREDENTIALS.apiKey, secret: TEST_CREDENTIALS.secret };
/** ccxt binance pro's default `listenKeyRefreshRate`. */
const LISTEN_KEY_REFRESH_MS = 20 * 60_000;
const LISTEN_KEY_ROUTE = '/fapi/v1/listenKey';

/** The real samples: a maker TRADE of `TEST` on BTCUSDT, and a taker TRADE (reduce-only) on ETHUSDT. */
const btcTrade = () => userDataSample('order_update_trade.json');
const ethTrade = () => wsMessageSample('ws_futures_order_update_trade_reduce_only_qty.json');

class Recorder {
  readonly events: ExchangeStreamEvent[] = [];
  readonly listener = (event: ExchangeStreamEvent) => {
    this.events.push(event);
  };
  fills(): FillReport[] {
    return this.events.flatMap((e) => (e.kind === 'fill' ? [e.report] : []));
  }
  orders(): OrderStatusReport[] {
    return this.events.flatMap((e) => (e.kind === 'order' ? [e.report] : []));
  }
  states(): ConnectionStatus['state'][] {
    return this.events.flatMap((e) => (e.kind === 'status' ? [e.status.state] : []));
  }
}

describeWithSharedData('CcxtExchangeClient on the Binance USDⓈ-M user-data stream (local server)', () => {
  let venue: BinanceUserStreamServer | undefined;
  let client: CcxtExchangeClient | undefined;

  afterEach(async () => {
    await client?.close();
    vi.useRealTimers();
    await venue?.close();
    client = undefined;
    venue = undefined;
  });

  /** Server, client, streams started and the user-data socket open. */
  async function streaming(streams: StreamOptions = {}) {
    venue = await startBinanceUserStreamServer(CREDENTIALS);
    client = await createCcxtExchangeClient({
      exchange: 'binanceusdm',
      environment: 'demo',
      credentials: CREDENTIALS,
      baseUrl: venue.httpUrl,
      // Every loop retries within 1 ms of a failure, so all four watch again before the new socket is up:
      // ccxt hands a push to a watch only if one is waiting (a push that arrives while a loop sleeps is
      // cached and handed over with that channel's next push).
      streams: { reconnectBaseMs: 1, reconnectMaxMs: 1, healthCheckMs: 20, ...streams },
    });
    const recorder = new Recorder();
    await client.startStreams([], recorder.listener);
    const server = venue;
    await waitFor(() => server.openUserSockets() === 1, 'the user-data socket');
    await waitFor(() => recorder.states().includes('live'), 'a live status');
    return { venue: server, client, recorder };
  }

  it('creates a listen key, opens its stream, and turns an ORDER_TRADE_UPDATE (TRADE) into order and fill events', async () => {
    const { venue, recorder } = await streaming();
    // USER_STREAM calls carry the API key and no signature; the key names the WebSocket.
    const [create, ...more] = venue.hitsTo(`POST ${LISTEN_KEY_ROUTE}`);
    expect(more).toEqual([]);
    expect(create!.headers['x-mbx-apikey']).toBe(CREDENTIALS.apiKey);
    expect(create!.query.signature).toBeUndefined();
    expect(venue.connections.map((c) => [c.listenKey, c.path])).toEqual([
      [venue.listenKeys[0], '/private/ws?listenKey=<key>'],
    ]);

    expect(venue.push(btcTrade())).toBe(1);
    await waitFor(() => recorder.fills().length > 0 && recorder.orders().length > 0, 'order and fill');
    expect(recorder.fills()).toEqual([
      {
        tradeId: '12345678', // t
        venueOrderId: '8886774', // i
        clientOrderId: 'TEST', // c
        symbol: 'BTC/USDT:USDT',
        side: 'buy',
        qty: 0.001, // l
        price: 7100.5, // L
        fee: 0.01, // n
        feeCurrency: 'USDT', // N
        liquidity: 'maker', // m: true
        tsEvent: 1568879465651, // T
      },
    ]);
    expect(recorder.orders()).toEqual([
      {
        clientOrderId: 'TEST',
        venueOrderId: '8886774',
        symbol: 'BTC/USDT:USDT',
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        reduceOnly: false,
        qty: 0.001,
        price: 7100.5,
        status: 'partially-filled', // X
        filledQty: 0.001, // z
        avgFillPrice: 7100.5, // ap
        tsEvent: 1568879465651,
      },
    ]);
    expect(venue.unknownRoutes).toEqual([]);
  });

  it('turns an ACCOUNT_UPDATE into position events (per side) and a balance event', async () => {
    const { venue, recorder } = await streaming();
    // watchPositions starts from a REST snapshot (the real position-risk sample: 0.001 BTCUSDT long).
    await waitFor(() => recorder.events.some((e) => e.kind === 'position'), 'the position snapshot');
    expect(venue.hitsTo('GET /fapi/v3/positionRisk')).toHaveLength(1); // signed, checked by the server
    expect(recorder.events.find((e) => e.kind === 'position')).toMatchObject({
      report: { symbol: 'BTC/USDT:USDT', qty: 0.001, avgPrice: 50000, positionSide: 'net', leverage: 20 },
    });
    const before = recorder.events.length;

    venue.push(userDataSample('account_update.json'));
    const pushed = () => recorder.events.slice(before);
    await waitFor(
      () =>
        pushed().filter((e) => e.kind === 'position').length === 3 &&
        pushed().some((e) => e.kind === 'balance'),
      'positions and balance of the push',
    );
    const positions = pushed().flatMap((e) => (e.kind === 'position' ? [e.report] : []));
    expect(positions.map((p) => [p.positionSide, p.qty, p.avgPrice, p.marginMode])).toEqual([
      ['net', 0, 0, 'isolated'],
      ['long', 20, 6563.6, 'isolated'],
      ['short', -10, 6563.8, 'isolated'],
    ]);
    const balance = pushed().find((e) => e.kind === 'balance');
    // The wallet balance `wb` is the total; the cross wallet `cw` is free, the rest (isolated margin) used.
    expect(balance).toMatchObject({
      report: { currency: 'USDT', total: 122624.12345678, free: 100.12345678 },
    });
    if (balance?.kind === 'balance') expect(balance.report.used).toBeCloseTo(122524, 8);
    expect(venue.unknownRoutes).toEqual([]);
  });

  it('a duplicated push yields no fill with another trade id', async () => {
    const { venue, recorder } = await streaming();
    venue.push(btcTrade());
    await waitFor(() => recorder.fills().length === 1, 'the first fill');
    venue.push(btcTrade());
    // A different trade behind it on the same socket: once it is out, the duplicate has been handled.
    venue.push(ethTrade());
    await waitFor(() => recorder.fills().some((f) => f.tradeId === '9988776655'), 'the next trade');

    const [first, ...rest] = recorder.fills().filter((f) => f.venueOrderId === '8886774');
    expect(first?.tradeId).toBe('12345678');
    // ccxt hands the duplicate over again (the venue layer de-duplicates by trade id): same id, same fill.
    for (const again of rest) expect(again).toEqual(first);
    expect(recorder.fills().find((f) => f.tradeId === '9988776655')).toMatchObject({
      venueOrderId: '8765432300',
      clientOrderId: 'O-12345-test-reduce-only-trade',
      symbol: 'ETH/USDT:USDT',
      side: 'sell',
      qty: 1,
      price: 2500,
      fee: 0.5,
      feeCurrency: 'USDT',
      liquidity: 'taker', // m: false
    });
  });

  it('keeps the listen key alive: ccxt PUTs it every 20 minutes, same key, same socket', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const { venue, recorder } = await streaming({ healthCheckMs: 1_000 });
    const key = venue.listenKeys[0];

    await vi.advanceTimersByTimeAsync(LISTEN_KEY_REFRESH_MS - 60_000);
    expect(venue.hitsTo(`PUT ${LISTEN_KEY_ROUTE}`)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    await waitFor(() => venue.keepAlives === 1, 'the first keep-alive');
    const [put] = venue.hitsTo(`PUT ${LISTEN_KEY_ROUTE}`);
    expect(put!.headers['x-mbx-apikey']).toBe(CREDENTIALS.apiKey);
    expect(put!.query.signature).toBeUndefined();

    // Renewed keys are renewed again.
    await vi.advanceTimersByTimeAsync(LISTEN_KEY_REFRESH_MS);
    await waitFor(() => venue.keepAlives === 2, 'the second keep-alive');

    expect(venue.listenKeys).toEqual([key]);
    expect(venue.hitsTo(`POST ${LISTEN_KEY_ROUTE}`)).toHaveLength(1);
    expect(venue.connections).toHaveLength(1);
    venue.push(btcTrade());
    await waitFor(() => recorder.fills().length === 1, 'a fill on the kept-alive stream');
    expect(recorder.states()).toEqual(['connecting', 'live']);
    expect(venue.unknownRoutes).toEqual([]);
  });

  /*
   * ccxt maps -1125 ("This listenKey does not exist.") to AuthenticationError; the client classifies it
   * as 'unavailable' (venue-error-codes.ts), so ccxt drops the key and the next watch creates a new one.
   */
  it('an expired listen key: the refused keep-alive (-1125) makes ccxt drop it and the streams move to a new key', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const { venue, recorder } = await streaming({ healthCheckMs: 1_000 });
    venue.expireListenKeys(); // `listenKeyExpired` is pushed; ccxt has no handler for it
    expect(venue.push(btcTrade())).toBe(0);

    await vi.advanceTimersByTimeAsync(LISTEN_KEY_REFRESH_MS);
    await waitFor(() => venue.hitsTo(`PUT ${LISTEN_KEY_ROUTE}`).length === 1, 'the refused keep-alive');
    await waitFor(
      () => venue.listenKeys.length === 2 || recorder.states().includes('stopped'),
      'a new listen key (or the streams stopped)',
    );
    expect(recorder.states()).not.toContain('stopped');
    await waitFor(
      () => venue.connections.some((c) => c.listenKey === venue.listenKeys[1]),
      'a stream on the new key',
    );
    await waitFor(() => recorder.states().at(-1) === 'live', 'live again');
    expect(recorder.states()).toEqual(['connecting', 'live', 'reconnecting', 'live']);

    expect(venue.push(btcTrade())).toBe(1);
    await waitFor(() => recorder.fills().length === 1, 'a fill on the new stream');
    expect(recorder.fills()[0]).toMatchObject({ tradeId: '12345678', clientOrderId: 'TEST' });
  });

  it('reconnects a dropped socket (reconnecting, then live) and the pushes flow again', async () => {
    const { venue, recorder } = await streaming();
    venue.push(btcTrade());
    await waitFor(() => recorder.fills().length === 1, 'a fill before the drop');

    venue.server.dropConnections();
    await waitFor(() => recorder.states().includes('reconnecting'), 'a reconnecting status');
    await waitFor(() => venue.openUserSockets() === 1, 'a new user-data socket');
    await waitFor(() => recorder.states().at(-1) === 'live', 'live again');
    expect(recorder.states()).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    // The key is still valid: ccxt reconnects with it and creates none.
    expect(venue.connections.map((c) => c.listenKey)).toEqual([venue.listenKeys[0], venue.listenKeys[0]]);
    expect(venue.hitsTo(`POST ${LISTEN_KEY_ROUTE}`)).toHaveLength(1);

    expect(venue.push(ethTrade())).toBe(1);
    await waitFor(() => recorder.fills().length === 2, 'a fill after the reconnect');
    expect(recorder.fills()[1]).toMatchObject({
      tradeId: '9988776655',
      venueOrderId: '8765432300',
      clientOrderId: 'O-12345-test-reduce-only-trade',
    });
    expect(recorder.orders().at(-1)).toMatchObject({
      clientOrderId: 'O-12345-test-reduce-only-trade',
      status: 'filled',
      reduceOnly: true,
    });
    expect(venue.unknownRoutes).toEqual([]);
  });
});
