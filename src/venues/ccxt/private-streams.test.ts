import type { Balances, Exchange, Order, Position, Trade } from 'ccxt';
import { AuthenticationError, NetworkError } from 'ccxt';
import { beforeAll, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import type { ExchangeStreamEvent } from '../exchange/types.js';
import { ManualClock, offlineOkx, okxSample } from './ccxt-test-kit.js';
import { classifyExchangeError } from './classify-error.js';
import { OrderIdBook } from './order-ids.js';
import { type PrivateStreamSource, PrivateStreams } from './private-streams.js';

type Channel = 'orders' | 'orders-algo' | 'fills' | 'positions' | 'balance';

/** A ccxt pro stand-in whose watches resolve or fail when the test says. */
class FakeSource implements PrivateStreamSource {
  readonly id = 'okx';
  readonly has = { watchOrders: true, watchMyTrades: true, watchPositions: true, watchBalance: true };
  readonly clients: Record<string, { isConnected?: boolean; lastPong?: number }> = {};
  readonly calls: Record<Channel, number> = {
    orders: 0,
    'orders-algo': 0,
    fills: 0,
    positions: 0,
    balance: 0,
  };
  readonly #waiting = new Map<
    Channel,
    { resolve: (value: unknown) => void; reject: (error: unknown) => void }
  >();

  #next<T>(channel: Channel): Promise<T> {
    this.calls[channel] += 1;
    return new Promise<T>((resolve, reject) =>
      this.#waiting.set(channel, { resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  push(channel: Channel, value: unknown): void {
    const waiter = this.#waiting.get(channel);
    if (waiter === undefined) throw new Error(`nobody watches ${channel}`);
    this.#waiting.delete(channel);
    waiter.resolve(value);
  }

  fail(channel: Channel, error: unknown): void {
    const waiter = this.#waiting.get(channel)!;
    this.#waiting.delete(channel);
    waiter.reject(error);
  }

  watchOrders(_s?: string, _since?: number, _l?: number, params?: Record<string, unknown>): Promise<Order[]> {
    return this.#next(params?.trigger === true ? 'orders-algo' : 'orders');
  }
  watchMyTrades(): Promise<Trade[]> {
    return this.#next('fills');
  }
  watchPositions(): Promise<Position[]> {
    return this.#next('positions');
  }
  watchBalance(): Promise<Balances> {
    return this.#next('balance');
  }
}

describeWithSharedData('PrivateStreams', () => {
  let okx: Exchange & { orderToTrade(order: Order): Trade; parseTradingBalance(response: unknown): Balances };
  beforeAll(async () => {
    okx = (await offlineOkx({ pro: true })) as typeof okx;
  });

  function setUp(symbols: string[] = [], random: () => number = () => 0.5) {
    const clock = new ManualClock(0);
    const source = new FakeSource();
    const ids = new OrderIdBook();
    const events: ExchangeStreamEvent[] = [];
    const streams = new PrivateStreams({
      source,
      timers: clock,
      ids,
      now: () => clock.now(),
      classify: (error, operation) => classifyExchangeError(error, operation, { exchange: 'okx' }),
      staleAfterMs: 30_000,
      healthCheckMs: 5_000,
      random,
    });
    streams.start(symbols, (event) => events.push(event));
    const states = () => events.flatMap((e) => (e.kind === 'status' ? [e.status.state] : []));
    return { clock, source, ids, events, streams, states };
  }

  it('turns pushes into order, fill, position and balance events and goes live', async () => {
    const { clock, source, events, states, ids } = setUp();
    ids.note('ql1stop', { conditional: true });
    const order = okx.parseOrder(okxSample('ws_orders.json').data[0]!);
    source.push('orders', [order]);
    source.push('fills', [okx.orderToTrade(order)]);
    source.push('positions', [okx.parsePosition(okxSample('http_get_positions.json').data[0]!)]);
    source.push('balance', okx.parseTradingBalance(okxSample('http_get_account_balance.json')));
    // An algo push teaches the client the algo and child ids of one of its orders.
    source.push('orders-algo', [
      okx.parseOrder({ ...okxSample('ws_orders_algo.json').data[2]!, algoClOrdId: 'ql1stop' }),
    ]);
    await clock.advance(0);
    expect(states()).toEqual(['connecting', 'live']);
    const kinds = events.filter((e) => e.kind !== 'status').map((e) => e.kind);
    expect(kinds).toEqual(['order', 'fill', 'position', 'balance', 'order']);
    expect(events.find((e) => e.kind === 'fill')).toMatchObject({
      report: { tradeId: '1518905529', fee: 0.021776769 },
    });
    expect(ids.get('ql1stop')?.venueOrderId).toBe('706620792746729474');
    expect(ids.byVenueId('706620792746729999')?.clientOrderId).toBe('ql1stop'); // its child order
    // Every loop watches again for the next push.
    expect(source.calls).toEqual({ orders: 2, 'orders-algo': 2, fills: 2, positions: 2, balance: 2 });
  });

  it('reconnects a failed channel after a backoff, and reports it', async () => {
    const { clock, source, states } = setUp();
    source.fail('orders', new NetworkError('okx connection closed'));
    await clock.advance(0);
    expect(states()).toEqual(['connecting', 'reconnecting']);
    expect(source.calls.orders).toBe(1);
    await clock.advance(300); // full jitter over 500 ms with random 0.5: 250 ms
    expect(source.calls.orders).toBe(2);
    source.push('orders', []);
    await clock.advance(0);
    expect(states()).toEqual(['connecting', 'reconnecting', 'live']);
  });

  it('after a dropped socket, every channel watches again at once: a push on any is delivered at once', async () => {
    // Jitter draws: a short wait, then long ones. With a backoff per channel, orders came back after
    // 10 ms and reopened the socket while fills slept 450 ms: a fill pushed then waited for the next one.
    const draws: number[] = [];
    const { clock, source, events } = setUp([], () => draws.shift() ?? 0.9);
    draws.push(0.02);
    const dropped = new NetworkError('okx connection closed');
    for (const channel of ['orders', 'orders-algo', 'fills', 'positions', 'balance'] as const)
      source.fail(channel, dropped);
    await clock.advance(0);
    await clock.advance(10);
    expect(source.calls).toEqual({ orders: 2, 'orders-algo': 2, fills: 2, positions: 2, balance: 2 });
    const order = okx.parseOrder(okxSample('ws_orders.json').data[0]!);
    source.push('fills', [okx.orderToTrade(order)]);
    await clock.advance(0);
    expect(events.filter((e) => e.kind === 'fill')).toMatchObject([{ report: { tradeId: '1518905529' } }]);
    // The next drop: orders and balance (no message since their failure) are at their second attempt, and
    // the fill reset only the fills channel: the two wait one shared draw over 1000 ms (0.9: 900 ms).
    source.fail('orders', dropped);
    source.fail('balance', dropped);
    await clock.advance(0);
    expect(source.calls.orders).toBe(2);
    await clock.advance(899);
    expect(source.calls).toMatchObject({ orders: 2, balance: 2, fills: 3 });
    await clock.advance(1);
    expect(source.calls).toMatchObject({ orders: 3, balance: 3, fills: 3 });
  });

  it('a channel that keeps failing backs off on its own count while another keeps receiving', async () => {
    // orders-algo's subscription keeps failing (OKX 50011 / 429) while orders gets a push every 100 ms: each
    // push used to reset the one shared backoff, so orders-algo retried every 250 ms forever.
    const { clock, source } = setUp();
    const refused = new NetworkError('okx {"event":"error","code":"50011","msg":"Too Many Requests"}');
    const retriesAt: number[] = [];
    let algoCalls = source.calls['orders-algo'];
    source.fail('orders-algo', refused);
    for (let t = 0; t < 8_000; t += 100) {
      source.push('orders', []);
      await clock.advance(100);
      if (source.calls['orders-algo'] > algoCalls) {
        retriesAt.push(clock.now());
        algoCalls = source.calls['orders-algo'];
        source.fail('orders-algo', refused);
      }
    }
    // Full jitter with random 0.5 over 500, 1000, 2000, 4000 ms: 250, 500, 1000, 2000 ms after each failure.
    expect(retriesAt).toEqual([300, 800, 1800, 3800, 7800]);
    expect(source.calls.orders).toBe(81);
    // A message on the channel itself resets its count: the next failure waits the base window again.
    await clock.advance(7_799); // the sixth wait: 0.5 × 16 000 ms from 7 800, due at 15 800
    expect(source.calls['orders-algo']).toBe(algoCalls);
    await clock.advance(1);
    algoCalls += 1;
    expect(source.calls['orders-algo']).toBe(algoCalls);
    source.push('orders-algo', []);
    await clock.advance(0);
    source.fail('orders-algo', refused);
    await clock.advance(249);
    expect(source.calls['orders-algo']).toBe(algoCalls + 1);
    await clock.advance(1);
    expect(source.calls['orders-algo']).toBe(algoCalls + 2);
  });

  it('stop() clears the pending reconnect wait: a quick restart watches at once and the old loops end', async () => {
    const { clock, source, streams, events } = setUp();
    source.fail('orders', new NetworkError('okx connection closed'));
    await clock.advance(100); // the retry is due at 250 ms
    streams.stop('test');
    expect(clock.pendingTimers).toBe(0);
    streams.start([], (event) => events.push(event));
    await clock.advance(0);
    expect(source.calls.orders).toBe(2); // the new loop
    // The new loop fails at once: its own wait (250 ms from now), not the remains of the old one.
    source.fail('orders', new NetworkError('okx connection closed'));
    await clock.advance(200); // 300 ms: the old wait would have woken both loops by now
    expect(source.calls.orders).toBe(2);
    await clock.advance(50);
    expect(source.calls.orders).toBe(3);
    await clock.advance(5_000);
    expect(source.calls.orders).toBe(3);
    streams.stop('test');
    await clock.advance(0);
  });

  it('reports stale when neither messages nor pongs arrive, live again on a pong', async () => {
    const { clock, source, states } = setUp();
    source.clients['wss://ws.okx.com/ws/v5/private'] = { isConnected: true, lastPong: 0 };
    await clock.advance(5_000);
    expect(states()).toEqual(['connecting', 'live']);
    await clock.advance(30_000);
    expect(states()).toEqual(['connecting', 'live', 'stale']);
    source.clients['wss://ws.okx.com/ws/v5/private']!.lastPong = clock.now();
    await clock.advance(5_000);
    expect(states()).toEqual(['connecting', 'live', 'stale', 'live']);
  });

  it('stops when the venue refuses the credentials', async () => {
    const { clock, source, events, streams } = setUp();
    source.fail(
      'balance',
      new AuthenticationError('okx {"event":"error","code":"60009","msg":"Login failed."}'),
    );
    await clock.advance(10_000);
    expect(streams.state).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ kind: 'status', status: { state: 'stopped' } });
    expect(source.calls.balance).toBe(1);
  });

  it('keeps only the symbols asked for, and balances only when they change', async () => {
    const { clock, source, events } = setUp(['ETH/USDT:USDT']);
    source.push('orders', [okx.parseOrder(okxSample('ws_orders.json').data[0]!)]);
    const balance = okx.parseTradingBalance(okxSample('http_get_account_balance.json'));
    source.push('balance', balance);
    await clock.advance(0);
    source.push('balance', balance);
    await clock.advance(0);
    expect(events.filter((e) => e.kind === 'order')).toEqual([]);
    expect(events.filter((e) => e.kind === 'balance').length).toBe(1);
  });
});
