import type { Exchange } from 'ccxt';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData, readSharedJson } from '../../../test/support/shared-data.js';
import type { CreateOrderRequest } from '../exchange/types.js';
import { captureRequests, offlineOkx } from './ccxt-test-kit.js';
import { instrumentFromMarket } from './instrument-from-market.js';
import { CASES, NET, type Order } from './okx-order-call.cases.js';
import { okxOrderCall } from './okx-order-call.js';

interface StaticCase {
  description: string;
  url: string;
  input: unknown[];
  /** The request body ccxt produced, as JSON text. */
  output: string;
}

function stripKeys(value: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => stripKeys(item, keys));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !keys.includes(key))
      .map(([key, item]) => [key, stripKeys(item, keys)]),
  );
}

describeWithSharedData('okxOrderCall against ccxt request samples', () => {
  let exchange: Exchange;
  let samples: { skipKeys: string[]; methods: { createOrder: StaticCase[] } };

  beforeAll(async () => {
    exchange = await offlineOkx();
    samples = readSharedJson('exchange-messages', 'ccxt-static', 'request', 'okx.json');
  });

  it.each(CASES.map((c) => [`${c.description}${c.nth === undefined ? '' : ` #${c.nth}`}`, c] as const))(
    '%s',
    async (_name, testCase) => {
      const sample = samples.methods.createOrder.filter((s) => s.description === testCase.description)[
        testCase.nth ?? 0
      ]!;
      expect(sample).toBeDefined();
      const { symbol, clientOrderId = 'ql1abc', ...rest } = testCase.order;
      const instrument = instrumentFromMarket(exchange.market(symbol), 'okx', exchange.precisionMode);
      const call = okxOrderCall({ ...rest, clientOrderId, instrument }, testCase.context);
      const captured = captureRequests(exchange);
      await exchange.createOrder(call.symbol, call.type, call.side, call.amount, call.price, call.params);

      expect(new URL(captured[0]!.url).pathname).toBe(new URL(sample.url).pathname);
      const ours = JSON.parse(captured[0]!.body!) as unknown;
      // Ours also names the attached algo order (attachAlgoClOrdId), which ccxt's params cannot.
      const skip = [
        ...samples.skipKeys,
        ...(testCase.added ?? []),
        ...(testCase.dropped ?? []),
        'attachAlgoClOrdId',
      ];
      expect(stripKeys(ours, skip)).toEqual(stripKeys(JSON.parse(sample.output), skip));
      const body = (Array.isArray(ours) ? ours[0] : ours) as Record<string, unknown>;
      // Our client order id goes out (ccxt's random broker id only when none is given).
      expect(body.clOrdId).toBe(clientOrderId);
      for (const key of testCase.added ?? []) expect(body[key]).toBe(clientOrderId);
      const attached = body.attachAlgoOrds as Array<Record<string, unknown>> | undefined;
      for (const entry of attached ?? []) expect(entry.attachAlgoClOrdId).toBe(`${clientOrderId}a`);
      for (const key of testCase.dropped ?? []) expect(body).not.toHaveProperty(key);
      expect(call.conditional).toBe(testCase.added?.includes('algoClOrdId') ?? false);
    },
  );
});

describeWithSharedData('okxOrderCall', () => {
  let exchange: Exchange;
  beforeAll(async () => {
    exchange = await offlineOkx();
  });
  const request = (order: Order): CreateOrderRequest => {
    const { symbol, ...rest } = order;
    return {
      clientOrderId: 'ql1abc',
      ...rest,
      instrument: instrumentFromMarket(exchange.market(symbol), 'okx', exchange.precisionMode),
    };
  };

  it('sends IOC and FOK limit orders as OKX ordType ioc / fok, isolated margin when asked', async () => {
    for (const tif of ['IOC', 'FOK'] as const) {
      const call = okxOrderCall(
        request({
          symbol: 'BTC/USDT:USDT',
          side: 'buy',
          type: 'limit',
          qty: 1,
          price: 100,
          timeInForce: tif,
          marginMode: 'isolated',
        }),
        NET,
      );
      const captured = captureRequests(exchange);
      await exchange.createOrder(call.symbol, call.type, call.side, call.amount, call.price, call.params);
      const [body] = JSON.parse(captured[0]!.body!) as Array<Record<string, unknown>>;
      expect(body).toMatchObject({ ordType: tif.toLowerCase(), tdMode: 'isolated', px: '100', sz: '1' });
    }
  });

  it('sends a trailing stop with its activation price', async () => {
    const call = okxOrderCall(
      request({
        symbol: 'BTC/USDT:USDT',
        side: 'sell',
        type: 'trailing-stop',
        qty: 2,
        trailing: { callbackRate: 0.015, activationPrice: 70000 },
      }),
      NET,
    );
    const captured = captureRequests(exchange);
    await exchange.createOrder(call.symbol, call.type, call.side, call.amount, call.price, call.params);
    expect(JSON.parse(captured[0]!.body!)).toMatchObject({
      ordType: 'move_order_stop',
      callbackRatio: '0.015',
      activePx: '70000',
      algoClOrdId: 'ql1abc',
    });
  });
});

describe('okxOrderCall refusals', () => {
  const instrument = {
    exchange: 'okx',
    symbol: 'BTC/USDT:USDT',
    kind: 'swap',
    base: 'BTC',
    quote: 'USDT',
    settle: 'USDT',
    tickSize: 0.1,
    lotSize: 0.01,
    minSize: 0.01,
    contractValue: 0.01,
    inverse: false,
  } as const;

  it('refuses what the order cannot mean before anything is sent', () => {
    const base = { clientOrderId: 'a1', instrument, side: 'buy', qty: 1 } as const;
    expect(() => okxOrderCall({ ...base, type: 'limit' }, NET)).toThrow(/needs a price/);
    expect(() => okxOrderCall({ ...base, type: 'stop-market' }, NET)).toThrow(/trigger price/);
    expect(() => okxOrderCall({ ...base, type: 'market', timeInForce: 'POST_ONLY' }, NET)).toThrow(
      /limit orders/,
    );
    expect(() => okxOrderCall({ ...base, type: 'market', positionSide: 'long' }, NET)).toThrow(/hedge/);
    expect(() =>
      okxOrderCall(
        { ...base, type: 'trailing-stop', trailing: { callbackRate: 0.01 }, stopLoss: { triggerPrice: 1 } },
        NET,
      ),
    ).toThrow(/attach/);
    expect(() => okxOrderCall({ ...base, type: 'trailing-stop', trailing: {} }, NET)).toThrow(/callback/);
  });
});
