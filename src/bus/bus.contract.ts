/**
 * The event bus contract: one behaviour suite, run against every implementation (`in-process.test.ts`,
 * `nats.test.ts`). Delivery may be asynchronous (NATS), so tests wait for messages with `collect`.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isQuantLabError, QuantLabError } from '../core/errors.js';
import type { Ticker } from '../core/market.js';
import type { BusEnvelope, BusOptions, EventBus } from './event-bus.js';
import type { CandleUpdate, ExecutionAck, OrderRequest, SystemEvent } from './messages.js';
import { type Topic, topics } from './topics.js';

export type BusFactory = (options: BusOptions) => EventBus | Promise<EventBus>;

export interface Received {
  payload: unknown;
  env: BusEnvelope;
}

export interface Collector {
  readonly items: Received[];
  topics(): string[];
  /** Resolves once at least `n` messages arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

export function collect(bus: EventBus, pattern: string): Collector {
  const items: Received[] = [];
  bus.subscribe(pattern, (payload, env) => {
    items.push({ payload, env });
  });
  return {
    items,
    topics: () => items.map((i) => i.env.topic),
    waitFor: (n, timeoutMs = 3_000) =>
      waitUntil(() => items.length >= n, timeoutMs, `${n} messages on ${pattern}`),
  };
}

export async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function expectCode(action: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  let error: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${code}`).toBeInstanceOf(QuantLabError);
  expect((error as QuantLabError).code).toBe(code);
}

export const fixtures = {
  ticker: (exchange = 'okx', symbol = 'BTC/USDT', last = 100): Ticker => ({
    exchange,
    symbol,
    bid: last - 0.5,
    ask: last + 0.5,
    last,
    tsEvent: 1_700_000_000_000,
    tsInit: 1_700_000_000_005,
  }),
  candle: (exchange = 'okx', symbol = 'BTC/USDT:USDT', timeframe = '1m'): CandleUpdate => ({
    exchange,
    symbol,
    timeframe,
    candle: { ts: 1_700_000_000_000, open: 1, high: 2.5, low: 0.5, close: 2, volume: 12.25 },
    closed: true,
    tsEvent: 1_700_000_060_000,
    tsInit: 1_700_000_060_003,
  }),
  orderRequest: (clientOrderId = 'c-1'): OrderRequest => ({
    clientOrderId,
    exchange: 'okx',
    symbol: 'BTC/USDT:USDT',
    side: 'buy',
    type: 'limit',
    qty: 0.01,
    price: 42_000.5,
    tsEvent: 1,
    tsInit: 2,
  }),
  system: (): SystemEvent => ({
    source: 'test',
    detail: { note: 'ünïcødé ✓', n: [1, null, true] },
    tsEvent: 1,
    tsInit: 2,
  }),
};

export function defineBusSuite(name: string, create: BusFactory): void {
  describe(`event bus contract: ${name}`, () => {
    let bus: EventBus;
    const errors: Array<{ error: unknown; env: BusEnvelope }> = [];

    beforeEach(async () => {
      errors.length = 0;
      bus = await create({ onHandlerError: (error, env) => errors.push({ error, env }) });
    });
    afterEach(async () => {
      await bus.close();
    });

    it('delivers a payload to an exact subscriber, with topic, sequence and publish time', async () => {
      const topic = topics.ticker('okx', 'BTC/USDT');
      const got = collect(bus, topic);
      const before = Date.now();
      bus.publish(topic, fixtures.ticker());
      await got.waitFor(1);
      expect(got.items[0]!.payload).toEqual(fixtures.ticker());
      expect(got.items[0]!.env.topic).toBe('md.ticker.okx.BTC-USDT');
      expect(got.items[0]!.env.sequence).toBeGreaterThan(0);
      expect(got.items[0]!.env.publishedAt).toBeGreaterThanOrEqual(before);
    });

    it('round-trips payloads of several families as equal values', async () => {
      const got = collect(bus, '>');
      const book = {
        exchange: 'okx',
        symbol: 'BTC/USDT',
        bids: [[99.5, 1.25]] as Array<[number, number]>,
        asks: [[100.5, 0.001]] as Array<[number, number]>,
        sequence: 7,
        tsEvent: 1,
        tsInit: 2,
      };
      bus.publish(topics.candle('okx', 'BTC/USDT:USDT', '1m'), fixtures.candle());
      bus.publish(topics.book('okx', 'BTC/USDT'), book);
      bus.publish(topics.orderRequest, fixtures.orderRequest());
      bus.publish(topics.system('started'), fixtures.system());
      await got.waitFor(4);
      expect(got.items.map((i) => i.payload)).toEqual([
        fixtures.candle(),
        book,
        fixtures.orderRequest(),
        fixtures.system(),
      ]);
      expect(got.topics()).toEqual([
        'md.candle.okx.BTC-USDT_USDT.1m',
        'md.book.okx.BTC-USDT',
        'order.request',
        'system.started',
      ]);
    });

    it("'*' matches exactly one token", async () => {
      const got = collect(bus, 'md.*.okx.BTC-USDT');
      bus.publish(topics.ticker('okx', 'BTC/USDT'), fixtures.ticker());
      bus.publish(topics.ticker('binance', 'BTC/USDT'), fixtures.ticker('binance'));
      bus.publish(topics.ticker('okx', 'ETH/USDT'), fixtures.ticker('okx', 'ETH/USDT'));
      bus.publish(topics.candle('okx', 'BTC/USDT', '1m'), fixtures.candle('okx', 'BTC/USDT'));
      bus.publish(topics.trade('okx', 'BTC/USDT'), {
        exchange: 'okx',
        symbol: 'BTC/USDT',
        tradeId: 't1',
        price: 1,
        qty: 1,
        side: 'buy',
        tsEvent: 1,
        tsInit: 1,
      });
      bus.publish(topics.book('okx', 'BTC/USDT'), {
        exchange: 'okx',
        symbol: 'BTC/USDT',
        bids: [],
        asks: [],
        tsEvent: 1,
        tsInit: 1,
      });
      await got.waitFor(3);
      expect(got.topics()).toEqual([
        'md.ticker.okx.BTC-USDT',
        'md.trade.okx.BTC-USDT',
        'md.book.okx.BTC-USDT',
      ]);
    });

    it("'>' matches one or more trailing tokens, and '>' alone matches everything", async () => {
      const candles = collect(bus, 'md.candle.okx.>');
      const system = collect(bus, 'system.>');
      const all = collect(bus, '>');
      bus.publish(topics.candle('binance', 'BTC/USDT', '1m'), fixtures.candle('binance'));
      bus.publish(topics.ticker('okx', 'BTC/USDT'), fixtures.ticker());
      bus.publish(topics.candle('okx', 'BTC/USDT', '1m'), fixtures.candle());
      bus.publish(topics.candle('okx', 'ETH/USDT', '1h'), fixtures.candle('okx', 'ETH/USDT', '1h'));
      bus.publish(topics.system('kill_switch'), fixtures.system());
      await all.waitFor(5);
      await candles.waitFor(2);
      await system.waitFor(1);
      expect(candles.topics()).toEqual(['md.candle.okx.BTC-USDT.1m', 'md.candle.okx.ETH-USDT.1h']);
      expect(system.topics()).toEqual(['system.kill_switch']);
      expect(all.items).toHaveLength(5);
    });

    it('delivers each message to every matching subscriber', async () => {
      const a = collect(bus, topics.riskAlert);
      const b = collect(bus, 'risk.*');
      bus.publish(topics.riskAlert, {
        level: 'warning',
        rule: 'max-dd',
        message: 'near',
        tsEvent: 1,
        tsInit: 1,
      });
      await a.waitFor(1);
      await b.waitFor(1);
      expect(a.items[0]!.payload).toEqual(b.items[0]!.payload);
    });

    it('stops delivery after unsubscribe; unsubscribe is idempotent', async () => {
      const topic = topics.ticker('okx', 'BTC/USDT');
      const a: number[] = [];
      const sub = bus.subscribe(topic, (t) => {
        a.push(t.last);
      });
      const b = collect(bus, topic);
      bus.publish(topic, fixtures.ticker('okx', 'BTC/USDT', 1));
      await b.waitFor(1);
      await waitUntil(() => a.length === 1, 3_000, 'first message');
      sub.unsubscribe();
      sub.unsubscribe();
      bus.publish(topic, fixtures.ticker('okx', 'BTC/USDT', 2));
      await b.waitFor(2);
      expect(a).toEqual([1]);
    });

    it('delivers many messages in publish order with increasing sequence numbers', async () => {
      const n = 2_000;
      const got = collect(bus, 'md.ticker.>');
      for (let i = 0; i < n; i++)
        bus.publish(topics.ticker('okx', 'BTC/USDT'), fixtures.ticker('okx', 'BTC/USDT', i));
      await got.waitFor(n, 10_000);
      expect(got.items.map((i) => (i.payload as Ticker).last)).toEqual(
        Array.from({ length: n }, (_, i) => i),
      );
      const seqs = got.items.map((i) => i.env.sequence);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    });

    it('answers a request through its responder (sync and async)', async () => {
      bus.respond(
        topics.orderRequest,
        (req): ExecutionAck => ({
          clientOrderId: req.clientOrderId,
          accepted: true,
          venueOrderId: `v-${req.clientOrderId}`,
          tsEvent: req.tsEvent,
          tsInit: 3,
        }),
      );
      const ack = await bus.request(topics.orderRequest, fixtures.orderRequest('c-9'), { timeoutMs: 2_000 });
      expect(ack).toEqual({
        clientOrderId: 'c-9',
        accepted: true,
        venueOrderId: 'v-c-9',
        tsEvent: 1,
        tsInit: 3,
      });

      bus.respond(topics.system('ping'), async (ev) => {
        await new Promise((r) => setTimeout(r, 5));
        return { pong: ev.source };
      });
      await expect(bus.request(topics.system('ping'), fixtures.system())).resolves.toEqual({ pong: 'test' });
    });

    it('rejects a request with no responder with QL_ERR_BUS_NO_RESPONDER, even when subscribers listen', async () => {
      await expectCode(bus.request(topics.orderRequest, fixtures.orderRequest()), 'QL_ERR_BUS_NO_RESPONDER');
      const seen = collect(bus, topics.orderRequest);
      await expectCode(bus.request(topics.orderRequest, fixtures.orderRequest()), 'QL_ERR_BUS_NO_RESPONDER');
      const responder = bus.respond(topics.orderRequest, (r) => ({
        clientOrderId: r.clientOrderId,
        accepted: true,
        tsEvent: 1,
        tsInit: 1,
      }));
      await expect(bus.request(topics.orderRequest, fixtures.orderRequest())).resolves.toMatchObject({
        accepted: true,
      });
      responder.unsubscribe();
      await bus.flush();
      await expectCode(bus.request(topics.orderRequest, fixtures.orderRequest()), 'QL_ERR_BUS_NO_RESPONDER');
      expect(seen.items).toHaveLength(0); // requests are not publications
    });

    it('rejects a request whose responder is too slow with QL_ERR_BUS_TIMEOUT', async () => {
      bus.respond(topics.orderRequest, () => new Promise<ExecutionAck>(() => {}));
      const started = Date.now();
      await expectCode(
        bus.request(topics.orderRequest, fixtures.orderRequest(), { timeoutMs: 100 }),
        'QL_ERR_BUS_TIMEOUT',
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    });

    it("passes a responder's error back to the requester with its code", async () => {
      bus.respond(topics.orderRequest, () => {
        throw new QuantLabError('QL_ERR_ORDER_INVALID', 'qty below minimum');
      });
      bus.respond(topics.orderIntent, async () => {
        throw new Error('boom');
      });
      const error = await bus.request(topics.orderRequest, fixtures.orderRequest()).catch((e: unknown) => e);
      expect(isQuantLabError(error, 'QL_ERR_ORDER_INVALID')).toBe(true);
      expect((error as Error).message).toBe('qty below minimum');
      const intent = {
        intentId: 'i',
        strategyId: 's',
        exchange: 'okx',
        symbol: 'X/Y',
        side: 'buy',
        type: 'market',
        qty: 1,
        tsEvent: 1,
        tsInit: 1,
      } as const;
      await expectCode(bus.request(topics.orderIntent, intent), 'QL_ERR_INTERNAL');
    });

    it('refuses malformed topics and topics outside the catalogue with QL_ERR_INVALID_INPUT', async () => {
      const bad = [
        '',
        'md.ticker.okx',
        'md.ticker.okx.BTC/USDT',
        'md.ticker.okx.BTC.USDT',
        'md..okx.BTC-USDT',
        'md.ticker.okx.BTC USDT',
        'md.ticker.*.BTC-USDT',
        'md.ticker.>',
        'md.quote.okx.BTC-USDT',
        'order.request.extra',
        'orders',
        'system',
        '.system.started',
      ];
      for (const topic of bad) {
        await expectCode(() => bus.publish(topic as Topic, fixtures.ticker()), 'QL_ERR_INVALID_INPUT');
        await expectCode(bus.request(topic as Topic, fixtures.ticker()), 'QL_ERR_INVALID_INPUT');
        await expectCode(() => bus.respond(topic as Topic, () => undefined), 'QL_ERR_INVALID_INPUT');
      }
      for (const pattern of [
        '',
        'md.>.okx',
        'md.tick*.okx.>',
        'md..>',
        'md.candel.>',
        'nothing.*',
        'md.ticker.okx',
        'a b',
      ]) {
        await expectCode(() => bus.subscribe(pattern, () => {}), 'QL_ERR_INVALID_INPUT');
      }
      await expectCode(
        bus.request(topics.orderRequest, fixtures.orderRequest(), { timeoutMs: 0 }),
        'QL_ERR_INVALID_INPUT',
      );
    });

    it('keeps delivering when a handler throws and reports the error', async () => {
      const topic = topics.system('heartbeat');
      bus.subscribe(topic, () => {
        throw new Error('handler bug');
      });
      const ok = collect(bus, topic);
      bus.publish(topic, fixtures.system());
      bus.publish(topic, fixtures.system());
      await ok.waitFor(2);
      await waitUntil(() => errors.length === 2, 3_000, 'two reported errors');
      expect((errors[0]!.error as Error).message).toBe('handler bug');
      expect(errors[0]!.env.topic).toBe('system.heartbeat');
      expect(bus.stats()).toMatchObject({ published: 2, handlerErrors: 2, delivered: 4 });
    });

    it('refuses use after close with QL_ERR_BUS_CLOSED; close is idempotent', async () => {
      const topic = topics.ticker('okx', 'BTC/USDT');
      expect(bus.closed).toBe(false);
      await bus.close();
      await bus.close();
      expect(bus.closed).toBe(true);
      await expectCode(() => bus.publish(topic, fixtures.ticker()), 'QL_ERR_BUS_CLOSED');
      await expectCode(() => bus.subscribe(topic, () => {}), 'QL_ERR_BUS_CLOSED');
      await expectCode(() => bus.respond(topic, () => undefined), 'QL_ERR_BUS_CLOSED');
      await expectCode(bus.request(topic, fixtures.ticker()), 'QL_ERR_BUS_CLOSED');
      await expectCode(bus.flush(), 'QL_ERR_BUS_CLOSED');
    });
  });
}
