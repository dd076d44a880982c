import { afterEach, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import type { ExchangeError } from '../exchange/types.js';
import type { CcxtExchangeClient } from './ccxt-exchange-client.js';
import { okxSample, TEST_CREDENTIALS } from './ccxt-test-kit.js';
import { createCcxtExchangeClient } from './create-client.js';
import { type LocalVenue, startLocalVenue } from './local-venue.js';

const SYMBOL = 'BTC/USDT:USDT';

describeWithSharedData('CcxtExchangeClient on OKX (local server)', () => {
  let venue: LocalVenue | undefined;
  let client: CcxtExchangeClient | undefined;

  afterEach(async () => {
    await client?.close();
    await venue?.close();
    client = undefined;
    venue = undefined;
  });

  async function setUp() {
    venue = await startLocalVenue();
    client = await createCcxtExchangeClient({
      exchange: 'okx',
      environment: 'demo',
      credentials: TEST_CREDENTIALS,
      baseUrl: venue.server.httpUrl,
      retry: { baseMs: 1, maxMs: 5 },
      rateLimit: { penaltyBaseMs: 20, penaltyMaxMs: 50 },
    });
    return { venue, client };
  }

  const pendingRow = (changes: Record<string, unknown> = {}) => ({
    ...okxSample('http_get_orders_pending.json').data[0]!,
    clOrdId: 'ql1abc',
    ...changes,
  });

  it('a query through a 50011 storm is retried until it succeeds, in demo mode, never with the key in the clear', async () => {
    const { venue, client } = await setUp();
    const tooMany = { status: 429, body: { code: '50011', msg: 'Too Many Requests', data: [] } };
    venue.script('GET /api/v5/trade/order', tooMany, tooMany, {
      body: { code: '0', msg: '', data: [pendingRow()] },
    });
    const report = await client.fetchOrder({ clientOrderId: 'ql1abc', symbol: SYMBOL });
    expect(report).toMatchObject({ clientOrderId: 'ql1abc', status: 'open', qty: 0.1, price: 103500 });
    const queries = venue.hitsTo('GET /api/v5/trade/order');
    expect(queries.length).toBe(3);
    expect(queries[0]!.query).toEqual({ instId: 'BTC-USDT-SWAP', clOrdId: 'ql1abc' });
    for (const hit of queries) {
      expect(hit.headers['x-simulated-trading']).toBe('1');
      expect(hit.headers['ok-access-key']).toBe(TEST_CREDENTIALS.apiKey);
    }
    expect(client.accountKey).toMatch(/^okx:demo:[0-9a-f]{16}$/);
    expect(client.accountKey).not.toContain(TEST_CREDENTIALS.apiKey);
  });

  it('a create answered 50004 is unknown and is not sent a second time', async () => {
    const { venue, client } = await setUp();
    venue.script('POST /api/v5/trade/batch-orders', {
      body: {
        code: '50004',
        msg: 'API endpoint request timeout (does not mean that the request was successful or failed)',
        data: [],
      },
    });
    const instrument = (await client.loadInstruments([SYMBOL]))[0]!;
    const failure = await client
      .createOrder({ clientOrderId: 'ql1abc', instrument, side: 'buy', type: 'limit', qty: 1, price: 50000 })
      .catch((error: ExchangeError) => error);
    expect(failure).toMatchObject({ kind: 'unknown', details: { venueCode: '50004' } });
    expect(venue.hitsTo('POST /api/v5/trade/batch-orders').length).toBe(1);
  });

  it('a create is acknowledged with the venue id and completed from the request', async () => {
    const { venue, client } = await setUp();
    venue.script('POST /api/v5/trade/order-algo', {
      body: { code: '0', msg: '', data: [{ algoId: '9001', algoClOrdId: 'ql1stop', sCode: '0', sMsg: '' }] },
    });
    const [instrument] = await client.loadInstruments([SYMBOL]);
    expect(instrument).toMatchObject({
      venueSymbol: 'BTC-USDT-SWAP',
      tickSize: 0.1,
      lotSize: 0.01,
      contractValue: 0.01,
    });
    const report = await client.createOrder({
      clientOrderId: 'ql1stop',
      instrument: instrument!,
      side: 'sell',
      type: 'stop-market',
      qty: 2,
      triggerPrice: 60000,
      triggerDirection: 'fall',
      reduceOnly: true,
    });
    expect(report).toMatchObject({
      clientOrderId: 'ql1stop',
      venueOrderId: '9001',
      type: 'stop-market',
      status: 'open',
      qty: 2,
      triggerPrice: 60000,
      reduceOnly: true,
    });
  });

  it('a clock-skew refusal re-measures the clock once and the retry is signed with venue time', async () => {
    const { venue, client } = await setUp();
    venue.clockAheadMs = 10 * 60_000;
    venue.script(
      'GET /api/v5/trade/order',
      { status: 401, body: { code: '50102', msg: 'Timestamp request expired', data: [] } },
      { body: { code: '0', msg: '', data: [pendingRow()] } },
    );
    expect(await client.fetchOrder({ clientOrderId: 'ql1abc', symbol: SYMBOL })).toMatchObject({
      status: 'open',
    });
    expect(venue.hitsTo('GET /api/v5/public/time').length).toBe(1);
    const [first, retry] = venue
      .hitsTo('GET /api/v5/trade/order')
      .map((hit) => Date.parse(String(hit.headers['ok-access-timestamp'])));
    expect(retry! - first!).toBeGreaterThan(10 * 60_000 - 5_000);
  });

  it('an order of unknown kind is looked for among algo orders when OKX has no such plain order', async () => {
    const { venue, client } = await setUp();
    const notFound = { body: { code: '51603', msg: 'Order does not exist', data: [] } };
    venue.script('GET /api/v5/trade/order', notFound);
    venue.script('GET /api/v5/trade/order-algo', {
      body: {
        code: '0',
        msg: '',
        data: [{ ...okxSample('http_get_orders_algo_pending.json').data[0]!, algoClOrdId: 'ql1stop' }],
      },
    });
    const report = await client.fetchOrder({ clientOrderId: 'ql1stop', symbol: SYMBOL });
    expect(report).toMatchObject({ clientOrderId: 'ql1stop', venueOrderId: '123456789', type: 'stop-limit' });
    expect(venue.hitsTo('GET /api/v5/trade/order-algo')[0]!.query).toMatchObject({ algoClOrdId: 'ql1stop' });
    // Known now: the cancel goes straight to the algo endpoint.
    venue.script('POST /api/v5/trade/cancel-algos', {
      body: { code: '0', msg: '', data: [{ algoId: '123456789', sCode: '0', sMsg: '' }] },
    });
    expect(await client.cancelOrder({ clientOrderId: 'ql1stop', symbol: SYMBOL })).toBeUndefined();
    expect(venue.hitsTo('POST /api/v5/trade/cancel-order')).toEqual([]);
  });

  it('a triggered algo order reports its child order: filled, under our id and the algo id', async () => {
    const { venue, client } = await setUp();
    const algo = { ...okxSample('http_get_orders_algo_pending.json').data[0]!, algoClOrdId: 'ql1stop' };
    venue.script('GET /api/v5/trade/order-algo', {
      body: { code: '0', msg: '', data: [{ ...algo, state: 'effective', ordId: '555' }] },
    });
    venue.script('GET /api/v5/trade/order', {
      body: {
        code: '0',
        msg: '',
        data: [
          {
            ...okxSample('http_get_orders_history.json').data[0]!,
            ordId: '555',
            clOrdId: '',
            sz: '1',
            accFillSz: '1',
          },
        ],
      },
    });
    const report = await client.fetchOrder({ clientOrderId: 'ql1stop', symbol: SYMBOL, conditional: true });
    expect(report).toMatchObject({
      clientOrderId: 'ql1stop',
      venueOrderId: '123456789',
      type: 'stop-limit',
      status: 'filled',
      filledQty: 1,
      triggerPrice: 40000,
    });
    expect(venue.hitsTo('GET /api/v5/trade/order')[0]!.query).toMatchObject({ ordId: '555' });
  });
});
