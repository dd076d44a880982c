import { afterEach, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import type { CreateOrderRequest, ExchangeError } from '../exchange/types.js';
import type { CcxtExchangeClient } from './ccxt-exchange-client.js';
import { TEST_CREDENTIALS } from './ccxt-test-kit.js';
import { createCcxtExchangeClient } from './create-client.js';
import { type LocalVenue, startLocalVenue } from './local-venue.js';

const SYMBOL = 'BTC/USDT:USDT';

describeWithSharedData('CcxtExchangeClient on Binance USDⓈ-M (local server)', () => {
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
      exchange: 'binanceusdm',
      environment: 'demo',
      credentials: { apiKey: TEST_CREDENTIALS.apiKey, secret: TEST_CREDENTIALS.secret },
      baseUrl: venue.server.httpUrl,
      retry: { baseMs: 1, maxMs: 5 },
    });
    const [instrument] = await client.loadInstruments([SYMBOL]);
    const order = (changes: Partial<CreateOrderRequest> = {}): CreateOrderRequest => ({
      clientOrderId: 'ql1abc',
      instrument: instrument!,
      side: 'buy',
      type: 'limit',
      qty: 0.01,
      price: 50000,
      ...changes,
    });
    return { venue, client, order };
  }

  it('HTTP 503 "Unknown error" on a create is unknown, sent once', async () => {
    const { venue, client, order } = await setUp();
    venue.script('POST /fapi/v1/order', {
      status: 503,
      body: 'Unknown error, please check your request or try again later.',
    });
    const failure = await client.createOrder(order()).catch((error: ExchangeError) => error);
    expect(failure).toMatchObject({ kind: 'unknown', details: { httpStatus: 503 } });
    expect(venue.hitsTo('POST /fapi/v1/order').length).toBe(1);
  });

  it('-1021 on a query: the clock is re-measured and the retry signed with venue time', async () => {
    const { venue, client } = await setUp();
    venue.clockAheadMs = -90_000;
    venue.script(
      'GET /fapi/v1/order',
      { status: 400, body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } },
      {
        body: {
          orderId: 7,
          symbol: 'BTCUSDT',
          status: 'FILLED',
          clientOrderId: 'ql1abc',
          price: '50000',
          origQty: '0.01',
          executedQty: '0.01',
          avgPrice: '49990',
          type: 'LIMIT',
          side: 'BUY',
          timeInForce: 'GTC',
          updateTime: 1,
        },
      },
    );
    const report = await client.fetchOrder({ clientOrderId: 'ql1abc', symbol: SYMBOL, conditional: false });
    expect(report).toMatchObject({
      status: 'filled',
      filledQty: 0.01,
      avgFillPrice: 49990,
      venueOrderId: '7',
    });
    const [first, retry] = venue.hitsTo('GET /fapi/v1/order').map((hit) => Number(hit.query.timestamp));
    expect(venue.hitsTo('GET /fapi/v1/time').length).toBe(1);
    expect(first! - retry!).toBeGreaterThan(90_000 - 5_000);
    expect(venue.hitsTo('GET /fapi/v1/order')[0]!.query.origClientOrderId).toBe('ql1abc');
  });

  it('a failed signed request names the endpoint but never the key, secret or signature', async () => {
    const { venue, client } = await setUp();
    venue.script('GET /fapi/v1/openOrders', { status: 500, body: 'upstream failure' });
    const failure = (await client
      .fetchOpenOrders([SYMBOL])
      .catch((error: ExchangeError) => error)) as ExchangeError;
    expect(failure.kind).toBe('unavailable');
    const signature = venue.hitsTo('GET /fapi/v1/openOrders')[0]!.query.signature!;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(failure.message).toContain('/fapi/v1/openOrders');
    for (const secret of [signature, TEST_CREDENTIALS.apiKey, TEST_CREDENTIALS.secret]) {
      expect(failure.message).not.toContain(secret);
    }
  });

  it('cancel-all uses the native endpoints for plain and algo orders', async () => {
    const { venue, client } = await setUp();
    venue.script('DELETE /fapi/v1/allOpenOrders', {
      body: { code: 200, msg: 'The operation of cancel all open order is done.' },
    });
    venue.script('DELETE /fapi/v1/algoOpenOrders', { body: { code: 200, msg: 'success' } });
    await client.cancelAllOrders([SYMBOL]);
    expect(venue.hitsTo('DELETE /fapi/v1/allOpenOrders')[0]!.query.symbol).toBe('BTCUSDT');
    expect(venue.hitsTo('DELETE /fapi/v1/algoOpenOrders').length).toBe(1);
  });

  it('refuses attached protection before sending anything, and says so in its capabilities', async () => {
    const { venue, client, order } = await setUp();
    expect(client.capabilities.attachedProtection).toBe(false);
    const failure = await client
      .createOrder(order({ stopLoss: { triggerPrice: 45000 } }))
      .catch((error: ExchangeError) => error);
    expect(failure).toMatchObject({ kind: 'rejected' });
    expect(venue.hits.filter((hit) => hit.method === 'POST')).toEqual([]);
  });
});
