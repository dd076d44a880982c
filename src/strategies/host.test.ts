import { describe, expect, it } from 'vitest';
import {
  candlesFrom,
  HOUR,
  hostOnBroker,
  inlineDefinition,
  MINUTE,
  RecordingIndicator,
  T0,
} from '../../test/support/strategy-fixtures.js';
import { isQuantLabError, QuantLabError } from '../core/errors.js';
import type { ClientOrderId } from '../core/ids.js';
import { SMA } from '../indicators/sma.js';
import type { CandleArgs, StrategyContext } from './types.js';

function expectCode(fn: () => void, code: string): QuantLabError {
  try {
    fn();
  } catch (error) {
    expect(isQuantLabError(error)).toBe(true);
    expect((error as QuantLabError).code).toBe(code);
    return error as QuantLabError;
  }
  throw new Error(`expected ${code}`);
}

describe('StrategyHost: closed candles only', () => {
  const [c0, c1, c2] = candlesFrom([100, 101, 102]);

  it('refuses a candle that has not closed at the clock time, and counts it', () => {
    const seen: number[] = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({ onCandle: ({ candle }) => void seen.push(candle.ts) }),
    );
    host.start();
    clock.t = c0!.ts + MINUTE - 1;
    const error = expectCode(() => host.candleClosed('BTC/USDT', '1m', c0!), 'QL_ERR_INVALID_INPUT');
    expect(error.message).toContain('not closed yet');
    clock.t = c0!.ts + MINUTE;
    host.candleClosed('BTC/USDT', '1m', c0!);
    expect(seen).toEqual([c0!.ts]);
    expect(host.status().counters.refused).toBe(1);
  });

  it('refuses duplicate, out-of-order, malformed and unsubscribed candles', () => {
    const { host, clock } = hostOnBroker(inlineDefinition({}));
    host.start();
    clock.t = T0 + HOUR;
    host.candleClosed('BTC/USDT', '1m', c0!);
    host.candleClosed('BTC/USDT', '1m', c2!);
    expect(
      expectCode(() => host.candleClosed('BTC/USDT', '1m', c2!), 'QL_ERR_INVALID_INPUT').message,
    ).toContain('duplicate');
    expect(
      expectCode(() => host.candleClosed('BTC/USDT', '1m', c1!), 'QL_ERR_INVALID_INPUT').message,
    ).toContain('out of order');
    const broken = { ...c2!, ts: c2!.ts + MINUTE, high: Number.NaN };
    expectCode(() => host.candleClosed('BTC/USDT', '1m', broken), 'QL_ERR_INVALID_INPUT');
    expectCode(() => host.candleClosed('ETH/USDT', '1m', c0!), 'QL_ERR_INVALID_INPUT');
    expectCode(() => host.candleClosed('BTC/USDT', '5m', c0!), 'QL_ERR_INVALID_INPUT');
    expect(host.status().counters.refused).toBe(5);
    expect(host.history('BTC/USDT', '1m').ts()).toBe(c2!.ts);
  });

  it('knows that a monthly candle closes at the start of the next calendar month', () => {
    const feb = { ts: Date.UTC(2024, 1, 1), open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 };
    const { host, clock } = hostOnBroker(
      inlineDefinition({ subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1M' }] }),
      { setup: { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1M' } },
    );
    host.start();
    clock.t = Date.UTC(2024, 1, 1) + 30 * 24 * HOUR - 1; // 2 March minus 1 ms: February 2024 has 29 days
    host.candleClosed('BTC/USDT', '1M', feb);
    clock.t = Date.UTC(2024, 2, 1);
    const mar = { ...feb, ts: Date.UTC(2024, 2, 1) };
    expectCode(() => host.candleClosed('BTC/USDT', '1M', mar), 'QL_ERR_INVALID_INPUT');
  });

  it('a strategy that tries to read the future sees nothing', () => {
    const peeks: Array<{
      len: number;
      beyond: unknown;
      closeBeyond: number;
      latestClose: number;
      now: number;
    }> = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        onCandle: ({ ctx }) => {
          const history = ctx.candles('BTC/USDT');
          peeks.push({
            len: history.length,
            beyond: history.at(history.length),
            closeBeyond: history.close(history.length),
            latestClose: history.ts(-1) + MINUTE,
            now: ctx.now,
          });
        },
        subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1m', history: 10 }],
      }),
    );
    host.start();
    for (const candle of candlesFrom([1, 2, 3, 4, 5])) {
      clock.t = candle.ts + MINUTE;
      host.candleClosed('BTC/USDT', '1m', candle);
    }
    expect(peeks.map((p) => p.len)).toEqual([1, 2, 3, 4, 5]);
    for (const p of peeks) {
      expect(p.beyond).toBeUndefined();
      expect(p.closeBeyond).toBeNaN();
      expect(p.latestClose).toBeLessThanOrEqual(p.now);
    }
  });
});

describe('StrategyHost: history, indicators and warm-up', () => {
  it('keeps a fixed window, oldest first, with negative indices from the end', () => {
    let history: ReturnType<StrategyContext['candles']> | undefined;
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1m', history: 3 }],
        onStart: ({ ctx }) => {
          history = ctx.candles('BTC/USDT', '1m');
        },
      }),
    );
    host.start();
    for (const candle of candlesFrom([10, 11, 12, 13, 14])) {
      clock.t = candle.ts + MINUTE;
      host.candleClosed('BTC/USDT', '1m', candle);
    }
    expect(history!.length).toBe(3);
    expect([history!.close(0), history!.close(1), history!.close(2)]).toEqual([12, 13, 14]);
    expect(history!.close()).toBe(14);
    expect(history!.close(-3)).toBe(12);
    expect(history!.at(-4)).toBeUndefined();
    expect(Object.isFrozen(history!.at(0))).toBe(true);
    expect('push' in history!).toBe(false);
  });

  it('feeds bound indicators before onCandle and waits until they are ready', () => {
    const sma = new SMA(3);
    const calls: Array<{ close: number; sma: number }> = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => void ctx.indicator('BTC/USDT', undefined, sma),
        onCandle: ({ candle }) => void calls.push({ close: candle.close, sma: sma.output() }),
      }),
    );
    host.start();
    for (const candle of candlesFrom([1, 2, 3, 4, 5])) {
      clock.t = candle.ts + MINUTE;
      host.candleClosed('BTC/USDT', '1m', candle);
    }
    expect(calls).toEqual([
      { close: 3, sma: 2 },
      { close: 4, sma: 3 },
      { close: 5, sma: 4 },
    ]);
    expect(host.status().warm).toBe(true);
  });

  it('waits for the declared warm-up of every series', () => {
    const closes: number[] = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1m', warmup: 4 }],
        onCandle: ({ candle }) => void closes.push(candle.close),
      }),
    );
    host.start();
    for (const candle of candlesFrom([1, 2, 3, 4, 5, 6])) {
      clock.t = candle.ts + MINUTE;
      host.candleClosed('BTC/USDT', '1m', candle);
    }
    expect(closes).toEqual([4, 5, 6]);
    expect(host.history('BTC/USDT', '1m').length).toBe(4);
  });

  it('waits until every subscribed series holds its own warm-up', () => {
    const calls: string[] = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        subscriptions: [
          { symbol: 'BTC/USDT', timeframe: '1m', warmup: 2 },
          { symbol: 'ETH/USDT', timeframe: '1m', warmup: 3 },
        ],
        onCandle: ({ symbol, candle }) => void calls.push(`${symbol} ${candle.close}`),
      }),
    );
    host.start();
    const btc = candlesFrom([1, 2, 3, 4]);
    const eth = candlesFrom([10, 20, 30, 40]);
    for (let i = 0; i < 4; i++) {
      clock.t = btc[i]!.ts + MINUTE;
      host.candleClosed('BTC/USDT', '1m', btc[i]!);
      host.candleClosed('ETH/USDT', '1m', eth[i]!);
    }
    // BTC is warm after its 2nd candle, ETH only after its 3rd: nothing is called before that.
    expect(calls).toEqual(['ETH/USDT 30', 'BTC/USDT 4', 'ETH/USDT 40']);
  });

  it('hands the strategy a copy of the candle: scribbling on it changes neither the input nor the history', () => {
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        onCandle: ({ candle }) => {
          candle.close = -1;
        },
      }),
    );
    host.start();
    const [candle] = candlesFrom([100]);
    clock.t = candle!.ts + MINUTE;
    host.candleClosed('BTC/USDT', '1m', candle!);
    expect(candle!.close).toBe(100);
    expect(host.history('BTC/USDT', '1m').close()).toBe(100);
    expect(host.status().counters).toMatchObject({ callbacks: 1, failures: 0 });
  });

  it('feeds real indicators from the chosen price source, and replays history into late bindings', () => {
    const hl2 = new RecordingIndicator(1);
    const late = new RecordingIndicator(2);
    let bound = false;
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1m', history: 5 }],
        onStart: ({ ctx }) => void ctx.indicator('BTC/USDT', '1m', hl2, 'hl2'),
        onCandle: ({ ctx }) => {
          if (!bound && ctx.candles('BTC/USDT').length === 3) {
            ctx.indicator('BTC/USDT', '1m', late);
            bound = true;
          }
        },
      }),
    );
    host.start();
    const candles = candlesFrom([10, 20, 30, 40]);
    for (const candle of candles) {
      clock.t = candle.ts + MINUTE;
      host.candleClosed('BTC/USDT', '1m', candle);
    }
    expect(hl2.fed).toEqual(candles.map((c) => (c.high + c.low) / 2));
    expect(late.fed).toEqual([10, 20, 30, 40]);
  });

  it('refuses a price source for bar indicators and non-indicators', () => {
    const failures: string[] = [];
    const bar = { ...new RecordingIndicator(1), input: 'hlc', updateBar: () => 0, ready: true, count: 0 };
    const { host } = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => {
          for (const attempt of [
            () => ctx.indicator('BTC/USDT', '1m', bar as never, 'high'),
            () => ctx.indicator('BTC/USDT', '1m', {} as never),
          ]) {
            try {
              attempt();
            } catch (error) {
              failures.push((error as Error).message);
            }
          }
        },
      }),
    );
    host.start();
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain("'real' indicators only");
  });
});

describe('StrategyHost: preload, ticks and trades', () => {
  it('preloads history and indicators (bound in onStart) without calling the strategy', () => {
    const sma = new SMA(3);
    const closes: number[] = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => void ctx.indicator('BTC/USDT', '1m', sma),
        onCandle: ({ candle }) => void closes.push(candle.close),
      }),
    );
    const candles = candlesFrom([1, 2, 3, 4]);
    clock.t = candles[2]!.ts + MINUTE;
    host.start();
    host.preload('BTC/USDT', '1m', candles.slice(0, 3));
    expect(sma.ready).toBe(true);
    expect(closes).toEqual([]);
    clock.t = candles[3]!.ts + MINUTE;
    host.candleClosed('BTC/USDT', '1m', candles[3]!);
    expect(closes).toEqual([4]);
    expect(sma.output()).toBe(3);
  });

  it('delivers ticks and trades, refusing those ahead of the clock', () => {
    const seen: string[] = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        onTick: ({ symbol, ticker }) => void seen.push(`tick ${symbol} ${ticker.last}`),
        onTrade: ({ trade }) => void seen.push(`trade ${trade.price}`),
      }),
    );
    host.start();
    clock.t = T0 + 10;
    const ticker = {
      exchange: 'binance',
      symbol: 'BTC/USDT',
      bid: 1,
      ask: 2,
      last: 1.5,
      tsEvent: T0 + 5,
      tsInit: T0 + 6,
    };
    host.tick(ticker);
    const trade = {
      exchange: 'binance',
      symbol: 'BTC/USDT',
      tradeId: 't1',
      price: 1.6,
      qty: 1,
      side: 'buy' as const,
      tsEvent: T0 + 7,
      tsInit: T0 + 8,
    };
    host.trade(trade);
    expectCode(() => host.tick({ ...ticker, tsEvent: T0 + 11 }), 'QL_ERR_INVALID_INPUT');
    expect(seen).toEqual(['tick BTC/USDT 1.5', 'trade 1.6']);
  });
});

describe('StrategyHost: timers', () => {
  it('fires due timers in time order, repeats them, and clears them', () => {
    const fired: Array<[string, number]> = [];
    const { host, clock } = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => {
          ctx.setTimer('b', T0 + 2 * MINUTE);
          ctx.setTimer('a', T0 + MINUTE, MINUTE);
          ctx.setTimer('never', T0 + MINUTE);
          ctx.clearTimer('never');
        },
        onTimer: ({ ctx, name }) => {
          fired.push([name, ctx.now]);
          if (name === 'a' && fired.filter(([n]) => n === 'a').length === 3) ctx.clearTimer('a');
        },
      }),
    );
    host.start();
    clock.t = T0 + 2 * MINUTE;
    host.advanceTo();
    // At T0+2m 'b' (set first) goes before the second 'a' (rescheduled later): ties keep set order.
    expect(fired).toEqual([
      ['a', T0 + 2 * MINUTE],
      ['b', T0 + 2 * MINUTE],
      ['a', T0 + 2 * MINUTE],
    ]);
    clock.t = T0 + 10 * MINUTE;
    host.advanceTo();
    expect(fired.map(([n]) => n)).toEqual(['a', 'b', 'a', 'a']);
    expectCode(() => host.advanceTo(T0 + 11 * MINUTE), 'QL_ERR_INVALID_INPUT');
  });
});

describe('StrategyHost: the safe wrapper', () => {
  const oneCandle = (host: ReturnType<typeof hostOnBroker>, i: number) => {
    const candle = { ts: T0 + i * MINUTE, open: 100, high: 101, low: 99, close: 100, volume: 1 };
    host.clock.t = candle.ts + MINUTE;
    host.host.candleClosed('BTC/USDT', '1m', candle);
  };

  it('sends nothing a failed callback staged, not even orders submitted before the throw', () => {
    const h = hostOnBroker(
      inlineDefinition({
        onCandle: ({ ctx }) => {
          ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1 });
          ctx.signal('enter');
          ctx.state.set('entered', true);
          throw new Error('boom');
        },
      }),
    );
    h.host.start();
    oneCandle(h, 0);
    expect(h.broker.orders.size).toBe(0);
    expect(h.broker.signals).toHaveLength(0);
    expect(h.host.state.get('entered')).toBeUndefined();
    const status = h.host.status();
    expect(status.counters.failures).toBe(1);
    expect(status.consecutiveFailures).toBe(1);
    const failed = h.events.find((e) => e.type === 'callback-failed');
    expect(failed?.type === 'callback-failed' && failed.error.code).toBe('QL_ERR_STRATEGY_FAILED');
  });

  it.each([
    ['NaN qty', { symbol: 'BTC/USDT', side: 'buy', qty: Number.NaN }],
    ['zero qty', { symbol: 'BTC/USDT', side: 'buy', qty: 0 }],
    ['negative qty', { symbol: 'BTC/USDT', side: 'sell', qty: -1 }],
    ['unknown symbol', { symbol: 'NOPE', side: 'buy', qty: 1 }],
    [
      'infinite price',
      { symbol: 'BTC/USDT', side: 'buy', qty: 1, type: 'limit', price: Number.POSITIVE_INFINITY },
    ],
    ['limit without price', { symbol: 'BTC/USDT', side: 'buy', qty: 1, type: 'limit' }],
    ['bad side', { symbol: 'BTC/USDT', side: 'long', qty: 1 }],
  ])(
    'turns a garbage order (%s) into no action, even when the strategy catches the error',
    (_name, request) => {
      const h = hostOnBroker(
        inlineDefinition({
          onCandle: ({ ctx }) => {
            ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1 });
            try {
              ctx.submit(request as never);
            } catch {
              // a strategy swallowing the error does not make the order valid
            }
          },
        }),
      );
      h.host.start();
      oneCandle(h, 0);
      expect(h.broker.orders.size).toBe(0);
      expect(h.host.status().counters.failures).toBe(1);
    },
  );

  it('treats a returned value or promise as a failure (callbacks are synchronous)', () => {
    const h = hostOnBroker(
      inlineDefinition({
        // A JavaScript plugin breaking the contract: an async callback.
        onCandle: (async ({ ctx }: CandleArgs) =>
          void ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1 })) as never,
        onTimer: (() => 42) as never,
        onStart: ({ ctx }) => ctx.setTimer('t', T0),
      }),
    );
    h.host.start();
    oneCandle(h, 0);
    h.host.advanceTo();
    expect(h.broker.orders.size).toBe(0);
    expect(h.host.status().counters.failures).toBe(2);
  });

  it('pauses after N consecutive failures, and a success resets the count', () => {
    let fail = true;
    const h = hostOnBroker(
      inlineDefinition({
        onCandle: () => {
          if (fail) throw new Error('bad');
        },
      }),
      { maxConsecutiveFailures: 3 },
    );
    h.host.start();
    oneCandle(h, 0);
    oneCandle(h, 1);
    fail = false;
    oneCandle(h, 2);
    expect(h.host.status().consecutiveFailures).toBe(0);
    fail = true;
    for (const i of [3, 4, 5]) oneCandle(h, i);
    const status = h.host.status();
    expect(status.state).toBe('paused');
    expect(status.error?.code).toBe('QL_ERR_STRATEGY_FAILED');
    expect(status.reason).toContain('3 consecutive');
    expect(h.events.filter((e) => e.type === 'paused')).toHaveLength(1);
    const callbacks = status.counters.callbacks;
    oneCandle(h, 6);
    expect(h.host.status().counters.callbacks).toBe(callbacks);
    expect(h.host.history('BTC/USDT', '1m').ts()).toBe(T0 + 6 * MINUTE);
    h.host.resume();
    fail = false;
    oneCandle(h, 7);
    expect(h.host.status()).toMatchObject({ state: 'running', consecutiveFailures: 0 });
  });

  it('pauses one failing host while another keeps trading', () => {
    const bad = hostOnBroker(
      inlineDefinition({
        onCandle: () => {
          throw new Error('always');
        },
      }),
      { strategyId: 'bad-1' },
    );
    const good = hostOnBroker(
      inlineDefinition({
        onCandle: ({ ctx }) => void ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1 }),
      }),
      { strategyId: 'good-1' },
    );
    bad.host.start();
    good.host.start();
    for (let i = 0; i < 7; i++) {
      oneCandle(bad, i);
      oneCandle(good, i);
    }
    expect(bad.host.status().state).toBe('paused');
    expect(good.host.status().state).toBe('running');
    expect(good.broker.orders.size).toBe(7);
  });

  it('refuses commands made outside a callback', () => {
    let saved: StrategyContext | undefined;
    const h = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => {
          saved = ctx;
        },
      }),
    );
    h.host.start();
    expectCode(() => saved!.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1 }), 'QL_ERR_INVALID_INPUT');
    expectCode(() => saved!.state.set('late', 1), 'QL_ERR_INVALID_INPUT');
    expect(h.broker.orders.size).toBe(0);
    expect(saved!.state.get('late')).toBeUndefined();
  });

  it('fails creation clearly: bad params, a throwing create, no subscriptions', () => {
    const withParam = inlineDefinition(
      {},
      { params: { n: { type: 'int', default: 3, min: 1, description: 'n' } } },
    );
    expectCode(() => hostOnBroker(withParam, { params: { n: 0 } }), 'QL_ERR_STRATEGY_PARAMS_INVALID');
    expectCode(
      () =>
        hostOnBroker(
          inlineDefinition(
            {},
            {
              create: () => {
                throw new Error('nope');
              },
            },
          ),
        ),
      'QL_ERR_STRATEGY_FAILED',
    );
    expectCode(() => hostOnBroker(inlineDefinition({ subscriptions: [] })), 'QL_ERR_STRATEGY_FAILED');
    expectCode(
      () => hostOnBroker(inlineDefinition({ subscriptions: [{ symbol: 'BTC/USDT', timeframe: '7m' }] })),
      'QL_ERR_STRATEGY_FAILED',
    );
  });
});

describe('StrategyHost: orders, state and signals', () => {
  it('delivers order updates that arrive while effects are applied after the callback, in order', () => {
    const log: string[] = [];
    const h = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => {
          const id = ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1, type: 'limit', price: 50 });
          log.push(`submitted ${id.length}`);
          ctx.cancel(id);
          log.push('start returns');
        },
        onOrderUpdate: ({ order }) => void log.push(order.status),
      }),
    );
    h.host.start();
    expect(log).toEqual(['submitted 26', 'start returns', 'Accepted', 'Cancelled']);
    expect(h.host.status().counters.ordersSubmitted).toBe(1);
  });

  it('restores persisted state at start, saves committed changes, and refuses non-JSON values', () => {
    const h = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => {
          ctx.state.set('runs', (ctx.state.get<number>('runs') ?? 0) + 1);
          ctx.setTimer('t', T0);
        },
        onTimer: ({ ctx }) => {
          ctx.state.set('runs', 99);
          try {
            ctx.state.set('bad', Number.NaN);
          } catch {
            // caught by the strategy: the callback still fails, and its earlier change is dropped too
          }
        },
      }),
      { initialState: { runs: 4 } },
    );
    h.host.start();
    expect(h.broker.savedStates.get('test-1')).toEqual({ runs: 5 });
    h.host.advanceTo();
    expect(h.host.status().counters).toMatchObject({ callbacks: 2, failures: 1 });
    h.host.stop('done');
    expect(h.broker.savedStates.get('test-1')).toEqual({ runs: 5 });
  });

  it('stages amendments until the callback succeeds, and fails a garbage one', () => {
    let id: ClientOrderId | undefined;
    const h = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => {
          id = ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1, type: 'limit', price: 50 });
          ctx.setTimer('good', T0);
          ctx.setTimer('bad', T0 + 1);
        },
        onTimer: ({ ctx, name }) => {
          if (name === 'good') ctx.amend(id!, { price: 55, qty: 2 });
          else {
            ctx.amend(id!, { price: 60 });
            ctx.amend(id!, { price: Number.NaN });
          }
        },
      }),
    );
    h.host.start();
    h.clock.t = T0 + 1;
    h.host.advanceTo();
    expect(h.broker.orders.get(id!)).toMatchObject({ price: 55, qty: 2 });
    expect(h.host.status().counters.failures).toBe(1);
  });

  it('records signals with the payload symbol or the first setup symbol', () => {
    const h = hostOnBroker(
      inlineDefinition({
        onStart: ({ ctx }) => {
          ctx.signal('enter-long', { price: 1 });
          ctx.signal('exit', { symbol: 'ETH/USDT' });
        },
      }),
    );
    h.host.start();
    expect(h.broker.signals.map((s) => [s.kind, s.symbol, s.ts])).toEqual([
      ['enter-long', 'BTC/USDT', T0],
      ['exit', 'ETH/USDT', T0],
    ]);
  });

  it('ignores inputs after stop and calls onStop once', () => {
    let stops = 0;
    const h = hostOnBroker(
      inlineDefinition({
        onStop: () => {
          stops += 1;
        },
      }),
    );
    h.host.start();
    h.host.stop('bye');
    h.host.stop('again');
    oneMore(h);
    expect(stops).toBe(1);
    expect(h.host.status()).toMatchObject({ state: 'stopped', reason: 'bye' });
  });
});

function oneMore(h: ReturnType<typeof hostOnBroker>): void {
  h.clock.t = T0 + MINUTE;
  h.host.candleClosed('BTC/USDT', '1m', { ts: T0, open: 1, high: 1, low: 1, close: 1, volume: 0 });
}

it('QuantLabError is what the host throws for misuse', () => {
  const h = hostOnBroker(inlineDefinition({}));
  expect(() => h.host.advanceTo()).toThrow(QuantLabError);
});
