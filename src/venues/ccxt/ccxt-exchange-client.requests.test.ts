import type { Exchange } from 'ccxt';
import { expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import type { ExchangeError } from '../exchange/types.js';
import { CcxtExchangeClient } from './ccxt-exchange-client.js';
import {
  type CapturedRequest,
  captureRequests,
  offlineBinance,
  offlineOkx,
  okxSample,
  TEST_CREDENTIALS,
} from './ccxt-test-kit.js';

type Reply = (request: CapturedRequest, path: string) => unknown;

/** A client over an offline ccxt whose replies the test writes per path; returns the requests made. */
function clientOver(exchange: Exchange, reply: Reply) {
  const requests = captureRequests(exchange, (request) => reply(request, new URL(request.url).pathname));
  const client = new CcxtExchangeClient(exchange, {
    exchange: exchange.id,
    environment: 'demo',
    credentials: TEST_CREDENTIALS,
    retry: { baseMs: 1, maxMs: 2 },
  });
  const bodyOf = (path: string) =>
    requests
      .filter((r) => new URL(r.url).pathname === path)
      .map((r) => JSON.parse(r.body ?? 'null') as unknown);
  return { client, requests, bodyOf };
}

const ok = (data: unknown[]) => ({ code: '0', msg: '', data });
const SYMBOL = 'BTC/USDT:USDT';

describeWithSharedData('CcxtExchangeClient requests (offline ccxt)', () => {
  it('OKX amend of a plain order: amend-order with the new price only, no report (OKX applies it later)', async () => {
    const pending: Record<string, unknown> = {
      ...okxSample('http_get_orders_pending.json').data[0]!,
      clOrdId: 'ql1abc',
    };
    const { client, bodyOf } = clientOver(await offlineOkx(), (_r, path) =>
      path === '/api/v5/trade/order' ? ok([pending]) : ok([{ ordId: pending.ordId, sCode: '0', sMsg: '' }]),
    );
    expect(
      await client.amendOrder({ clientOrderId: 'ql1abc', symbol: SYMBOL }, { price: 103000 }),
    ).toBeUndefined();
    expect(bodyOf('/api/v5/trade/amend-order')).toEqual([
      { instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789', newPx: '103000' },
    ]);
  });

  it('OKX amend of a trigger order goes to amend-algos; a trailing stop is refused', async () => {
    const algo: Record<string, unknown> = {
      ...okxSample('http_get_orders_algo_pending.json').data[0]!,
      algoClOrdId: 'ql1stop',
    };
    let ordType = 'trigger';
    const { client, bodyOf } = clientOver(await offlineOkx(), (_r, path) =>
      path === '/api/v5/trade/order-algo'
        ? ok([{ ...algo, ordType }])
        : ok([{ algoId: algo.algoId, sCode: '0' }]),
    );
    const query = { clientOrderId: 'ql1stop', symbol: SYMBOL, conditional: true };
    await client.amendOrder(query, { triggerPrice: 41000, qty: 2 });
    expect(bodyOf('/api/v5/trade/amend-algos')).toEqual([
      { instId: 'BTC-USDT-SWAP', algoId: '123456789', newSz: '2', newTriggerPx: '41000' },
    ]);
    ordType = 'move_order_stop';
    await expect(client.amendOrder(query, { qty: 1 })).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('OKX amend of an attached leg: amend-algos by algoClOrdId with that leg only (OKX keeps the other)', async () => {
    const reply = ok([{ algoId: '99', algoClOrdId: 'ql1entrya', reqId: '', sCode: '0', sMsg: '' }]);
    const { client, bodyOf } = clientOver(await offlineOkx(), () => reply);
    const leg = { algoClientOrderId: 'ql1entrya', symbol: SYMBOL } as const;
    await client.amendAttachedLeg({ ...leg, role: 'stop-loss', triggerPrice: 60_000 });
    await client.amendAttachedLeg({ ...leg, role: 'take-profit', triggerPrice: 62_000, price: 61_990.5 });
    expect(bodyOf('/api/v5/trade/amend-algos')).toEqual([
      {
        instId: 'BTC-USDT-SWAP',
        algoClOrdId: 'ql1entrya',
        newSlTriggerPx: '60000',
        newSlOrdPx: '-1',
        newSlTriggerPxType: 'last',
      },
      {
        instId: 'BTC-USDT-SWAP',
        algoClOrdId: 'ql1entrya',
        newTpTriggerPx: '62000',
        newTpOrdPx: '61990.5',
        newTpTriggerPxType: 'last',
      },
    ]);
  });

  it('Binance holds no attached legs: an attached amend is refused without a request', async () => {
    const { client, requests } = clientOver(await offlineBinance(), () => ({}));
    await expect(
      client.amendAttachedLeg({
        algoClientOrderId: 'ql1entrya',
        symbol: SYMBOL,
        role: 'stop-loss',
        triggerPrice: 1,
      }),
    ).rejects.toMatchObject({ kind: 'rejected' });
    expect(requests.filter((r) => !r.url.includes('exchangeInfo'))).toEqual([]);
  });

  it('Binance amend sends side, quantity and price (unchanged ones from the venue) and reports the result', async () => {
    const order = {
      orderId: 42,
      symbol: 'BTCUSDT',
      status: 'NEW',
      clientOrderId: 'ql1abc',
      price: '50000',
      origQty: '0.01',
      executedQty: '0',
      avgPrice: '0',
      type: 'LIMIT',
      side: 'SELL',
      timeInForce: 'GTC',
      updateTime: 5,
    };
    const { client, requests } = clientOver(await offlineBinance(), (r) =>
      r.method === 'PUT' ? { ...order, price: '50500' } : order,
    );
    const report = await client.amendOrder({ clientOrderId: 'ql1abc', symbol: SYMBOL }, { price: 50500 });
    expect(report).toMatchObject({ price: 50500, venueOrderId: '42', status: 'open' });
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(Object.fromEntries(new URLSearchParams(put.body ?? new URL(put.url).search))).toMatchObject({
      orderId: '42',
      side: 'SELL',
      quantity: '0.01',
      price: '50500',
    });
    await expect(
      client.amendOrder({ clientOrderId: 'ql1abc', symbol: SYMBOL, conditional: true }, { price: 1 }),
    ).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('OKX cancel-all: open plain and algo orders, cancelled in batches per kind', async () => {
    const pending = okxSample('http_get_orders_pending.json').data[0]!;
    const algo = okxSample('http_get_orders_algo_pending.json').data[0]!;
    const { client, bodyOf } = clientOver(await offlineOkx(), (request, path) => {
      if (path === '/api/v5/trade/orders-pending') return ok([pending, { ...pending, ordId: '77' }]);
      if (path === '/api/v5/trade/orders-algo-pending')
        return ok(new URL(request.url).searchParams.get('ordType') === 'trigger' ? [algo] : []);
      return ok([]);
    });
    await client.cancelAllOrders([SYMBOL]);
    expect(bodyOf('/api/v5/trade/cancel-batch-orders')).toEqual([
      [
        { ordId: '1234567890123456789', instId: 'BTC-USDT-SWAP' },
        { ordId: '77', instId: 'BTC-USDT-SWAP' },
      ],
    ]);
    expect(bodyOf('/api/v5/trade/cancel-algos')).toEqual([
      [{ algoId: '123456789', instId: 'BTC-USDT-SWAP' }],
    ]);
  });

  it('OKX fills page backwards from the newest until a short page, oldest first, de-duplicated', async () => {
    const row = okxSample<Record<string, unknown>>('http_transaction_detail.json');
    const fill = (n: number) => ({
      ...row,
      instId: 'BTC-USDT-SWAP',
      instType: 'SWAP',
      tradeId: String(n),
      ts: String(1_000_000 + n),
    });
    const { client, requests } = clientOver(await offlineOkx(), (request) => {
      const end = new URL(request.url).searchParams.get('end');
      // 150 fills: the newest 100 first, then the 50 before `end`.
      const ids = end === null ? range(51, 150) : range(1, 50);
      return ok(ids.reverse().map(fill));
    });
    const fills = await client.fetchFills(SYMBOL, 1_000_000);
    expect(fills.map((f) => f.tradeId)).toEqual(range(1, 150).map(String));
    const ends = requests.map((r) => new URL(r.url).searchParams.get('end'));
    expect(ends).toEqual([null, String(1_000_051 - 1)]);
  });

  it('a request the venue cannot carry is refused without a request; queries after close are refused', async () => {
    const { client, requests } = clientOver(await offlineOkx(), () => ok([]));
    const [instrument] = await client.loadInstruments([SYMBOL]);
    const failure = await client
      .createOrder({ clientOrderId: 'ql1', instrument: instrument!, side: 'buy', type: 'limit', qty: 1 })
      .catch((error: ExchangeError) => error);
    expect(failure).toMatchObject({ kind: 'rejected' });
    expect(requests).toEqual([]);
    await client.close();
    await expect(client.fetchBalances()).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
