import { describe, expect, it, vi } from 'vitest';
import { defineBusSuite, expectCode, fixtures } from './bus.contract.js';
import type { BusLogger } from './event-bus.js';
import { InProcessBus } from './in-process.js';
import { topics } from './topics.js';

defineBusSuite('in-process', (options) => new InProcessBus(options));

const heartbeat = topics.system('heartbeat');
const started = topics.system('started');
const stopping = topics.system('stopping');

describe('in-process bus: deterministic synchronous dispatch', () => {
  it('delivers synchronously, in subscription order', () => {
    const bus = new InProcessBus();
    const trace: string[] = [];
    bus.subscribe('system.*', () => trace.push('wildcard'));
    bus.subscribe(heartbeat, () => trace.push('exact'));
    bus.subscribe('>', () => trace.push('all'));
    bus.publish(heartbeat, fixtures.system());
    expect(trace).toEqual(['wildcard', 'exact', 'all']);
  });

  it('queues publishes made inside handlers and delivers them breadth-first (FIFO)', () => {
    const bus = new InProcessBus();
    const trace: string[] = [];
    bus.subscribe(started, () => {
      trace.push('A1:started');
      bus.publish(heartbeat, fixtures.system());
      bus.publish(stopping, fixtures.system());
      trace.push('A1:returns');
    });
    bus.subscribe(started, () => trace.push('A2:started'));
    bus.subscribe(heartbeat, () => {
      trace.push('B:heartbeat');
      bus.publish(topics.system('kill_switch'), fixtures.system());
    });
    bus.subscribe('system.>', (_p, env) => trace.push(`C:${env.topic}`));
    bus.publish(started, fixtures.system());
    // publish returned: the queue is empty and everything ran, no handler nested in another.
    expect(trace).toEqual([
      'A1:started',
      'A1:returns',
      'A2:started',
      'C:system.started',
      'B:heartbeat',
      'C:system.heartbeat',
      'C:system.stopping',
      'C:system.kill_switch',
    ]);
  });

  it('fixes the subscribers of a message when it is published', () => {
    const bus = new InProcessBus();
    const trace: string[] = [];
    const late: string[] = [];
    const second = bus.subscribe(heartbeat, () => trace.push('second'));
    bus.subscribe(heartbeat, () => trace.push('third'));
    // Registered first so that it runs first and can change the subscriber set mid-message.
    const first = bus.subscribe(started, () => {
      second.unsubscribe();
      bus.subscribe(started, () => late.push('late'));
      bus.publish(heartbeat, fixtures.system());
    });
    bus.publish(started, fixtures.system());
    expect(trace).toEqual(['third']); // unsubscribed before delivery: nothing more
    expect(late).toEqual([]); // subscribed after the publish of `started`
    first.unsubscribe();
    bus.publish(started, fixtures.system());
    expect(late).toEqual(['late']);
  });

  it('runs a responder called from a handler after the current message, breadth-first', async () => {
    const bus = new InProcessBus();
    const trace: string[] = [];
    bus.respond(topics.orderRequest, (r) => {
      trace.push('responder');
      return { clientOrderId: r.clientOrderId, accepted: true, tsEvent: 1, tsInit: 1 };
    });
    let reply: Promise<unknown> = Promise.resolve();
    bus.subscribe(started, () => {
      reply = bus.request(topics.orderRequest, fixtures.orderRequest());
      trace.push('h1');
    });
    bus.subscribe(started, () => trace.push('h2'));
    bus.publish(started, fixtures.system());
    expect(trace).toEqual(['h1', 'h2', 'responder']);
    await expect(reply).resolves.toMatchObject({ accepted: true });
  });

  it('isolates a throwing handler, logs it through the injected logger and counts it', async () => {
    const logger: BusLogger = { error: vi.fn(), warn: vi.fn() };
    const bus = new InProcessBus({ logger });
    const trace: string[] = [];
    bus.subscribe(heartbeat, () => trace.push('before'));
    bus.subscribe(heartbeat, () => {
      throw new Error('bug');
    });
    bus.subscribe(heartbeat, async () => {
      throw new Error('async bug');
    });
    bus.subscribe(heartbeat, () => trace.push('after'));
    bus.publish(heartbeat, fixtures.system());
    expect(trace).toEqual(['before', 'after']);
    await Promise.resolve();
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(vi.mocked(logger.error).mock.calls[0]![0]).toMatchObject({
      topic: 'system.heartbeat',
      sequence: 1,
    });
    expect(bus.stats()).toEqual({ published: 1, delivered: 4, handlerErrors: 2 });
  });

  it('survives an error hook that throws', () => {
    const bus = new InProcessBus({
      onHandlerError: () => {
        throw new Error('hook bug');
      },
    });
    const trace: string[] = [];
    bus.subscribe(heartbeat, () => {
      throw new Error('bug');
    });
    bus.subscribe(heartbeat, () => trace.push('ok'));
    expect(() => bus.publish(heartbeat, fixtures.system())).not.toThrow();
    expect(trace).toEqual(['ok']);
  });

  it('stamps envelopes with the injected clock and a global sequence', () => {
    let now = 1_000;
    const bus = new InProcessBus({ clock: () => now });
    const seen: Array<[number, number]> = [];
    bus.subscribe('>', (_p, env) => seen.push([env.sequence, env.publishedAt]));
    bus.publish(started, fixtures.system());
    now = 2_000;
    bus.publish(topics.ticker('okx', 'BTC/USDT'), fixtures.ticker());
    expect(seen).toEqual([
      [1, 1_000],
      [2, 2_000],
    ]);
  });

  it('delivers the queue when closed from inside a handler, then refuses use', () => {
    const bus = new InProcessBus();
    const trace: string[] = [];
    bus.subscribe(started, () => {
      bus.publish(stopping, fixtures.system());
      void bus.close();
      trace.push('closed');
    });
    bus.subscribe(stopping, () => trace.push('stopping'));
    bus.publish(started, fixtures.system());
    expect(trace).toEqual(['closed', 'stopping']);
    expect(() => bus.publish(started, fixtures.system())).toThrow(/closed/);
  });

  it('rejects a request immediately without a responder, and pending requests on close', async () => {
    const bus = new InProcessBus();
    const started = Date.now();
    await expectCode(
      bus.request(topics.orderRequest, fixtures.orderRequest(), { timeoutMs: 10_000 }),
      'QL_ERR_BUS_NO_RESPONDER',
    );
    expect(Date.now() - started).toBeLessThan(100);
    bus.respond(topics.orderRequest, () => new Promise(() => {}));
    const pending = bus.request(topics.orderRequest, fixtures.orderRequest(), { timeoutMs: 10_000 });
    await bus.close();
    await expectCode(pending, 'QL_ERR_BUS_CLOSED');
  });

  it('publishes fast (1 exact + 1 wildcard subscriber)', () => {
    const bus = new InProcessBus();
    let count = 0;
    bus.subscribe(topics.ticker('okx', 'BTC/USDT'), () => {
      count++;
    });
    bus.subscribe('md.ticker.okx.>', () => {
      count++;
    });
    const topic = topics.ticker('okx', 'BTC/USDT');
    const payload = fixtures.ticker();
    const n = 1_000_000;
    for (let i = 0; i < 10_000; i++) bus.publish(topic, payload); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < n; i++) bus.publish(topic, payload);
    const seconds = (performance.now() - t0) / 1_000;
    const rate = Math.round(n / seconds);
    console.info(
      `[bench] in-process bus: ${(rate / 1e6).toFixed(2)}M messages/s (1 exact + 1 wildcard subscriber)`,
    );
    expect(count).toBe(2 * (n + 10_000));
    // Not a benchmark gate (DESIGN §4.6): only catches an accidental per-publish re-validation.
    expect(rate).toBeGreaterThan(100_000);
  });
});
