import { describe, expect, it } from 'vitest';
import { createInstrument } from '../core/instrument.js';
import type { Candle } from '../core/market.js';
import { SimulatedClock } from '../engine/clock.js';
import { Kernel } from '../engine/kernel.js';
import { silentLogger } from '../logging/index.js';
import { FeedStatsCounter } from '../marketdata/feed-support.js';
import type { FeedSubscription, MarketEvent, MarketEventListener, MarketFeed } from '../marketdata/types.js';
import type { Strategy, StrategyDefinition, Subscription } from '../strategies/types.js';
import { PaperVenue } from '../venues/paper/index.js';
import { type BarDrivenVenue, MarketDriver, type MarketDriverOptions } from './market-driver.js';

const SYMBOL = 'BTC/USDT:USDT';
const S = 1_000;
const M = 60 * S;
const T0 = Date.UTC(2024, 0, 1);
const ONE_MINUTE = [{ symbol: SYMBOL, timeframe: '1m' }];

/** A feed the test pushes events through by hand. */
class ManualFeed implements MarketFeed {
  readonly exchange = 'paper';
  readonly subscriptions: string[] = [];
  private readonly listeners = new Set<MarketEventListener>();
  subscribe(s: FeedSubscription): void {
    this.subscriptions.push(`${s.kind} ${s.symbol}${'timeframe' in s ? ` ${s.timeframe}` : ''}`);
  }
  on(listener: MarketEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: MarketEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  stats = () => new FeedStatsCounter().snapshot();
}

const candle = (ts: number, close: number, timeframe = '1m', closed = true): MarketEvent => {
  const c: Candle = { ts, open: close, high: close + 1, low: close - 1, close, volume: 10 };
  const tsEvent = ts + (timeframe === '5m' ? 5 * M : M);
  return {
    kind: 'candle',
    update: { exchange: 'paper', symbol: SYMBOL, timeframe, candle: c, closed, tsEvent, tsInit: tsEvent },
  };
};

const print = (ts: number, price: number): MarketEvent => {
  const trade = { exchange: 'paper', symbol: SYMBOL, tradeId: `${ts}`, price, qty: 1, side: 'sell' as const };
  return { kind: 'trade', trade: { ...trade, tsEvent: ts, tsInit: ts } };
};

type Callbacks = Omit<Strategy, 'subscriptions'>;

/** A strategy definition without parameters around the given callbacks. */
function define(name: string, subscriptions: readonly Subscription[], on: Callbacks): StrategyDefinition {
  const create = () => ({ subscriptions, ...on });
  return { apiVersion: 1, name, version: '1.0.0', description: 'A driver test.', params: {}, create };
}

/** Kernel + paper venue + driver over a manual feed; `log` records what the venue and strategies saw. */
function rig(options: Partial<MarketDriverOptions> & { withVenue?: boolean } = {}) {
  const id = { exchange: 'paper', symbol: SYMBOL, kind: 'swap' } as const;
  const instrument = createInstrument({ ...id, tickSize: 0.1, lotSize: 0.001, minSize: 0 });
  const clock = new SimulatedClock(T0);
  const paper = new PaperVenue({
    exchange: 'paper',
    instruments: [instrument],
    fees: { maker: 0, taker: 0 },
    account: { capital: 10_000, currency: 'USDT' },
  });
  const log: string[] = [];
  const venue: BarDrivenVenue = {
    onCandle: (symbol, c, closeTs) => {
      log.push(`venue candle ${(c.ts - T0) / S}s`);
      return paper.onCandle(symbol, c, closeTs);
    },
    onTrade: (trade) => {
      log.push(`venue trade ${(trade.tsEvent - T0) / S}s`);
      return paper.onTrade(trade);
    },
    lastPrice: (symbol) => paper.lastPrice(symbol),
  };
  const kernel = new Kernel({
    clock,
    venue: paper,
    instruments: [instrument],
    account: { currency: 'USDT', capital: 10_000 },
    state: { load: () => undefined, save: () => {} },
    signals: { signal() {} },
    logger: silentLogger(),
  });
  const feed = new ManualFeed();
  const venueOption = options.withVenue === false ? {} : { venue };
  const driver = new MarketDriver({ kernel, clock, feed, ...venueOption, ...options });
  const setup = { exchange: 'paper', symbols: [SYMBOL], timeframe: '1m' };
  const add = (id: string, definition: StrategyDefinition) =>
    kernel.addStrategy({ strategyId: id, definition, params: {}, setup });
  const mark = () => kernel.portfolio.markOf(kernel.portfolio.symbolIndex(SYMBOL));
  return { clock, kernel, feed, driver, log, add, mark, paper };
}

describe('MarketDriver ordering', () => {
  it('per candle: clock, venue, mark, timers, the strategy, as the backtest does', () => {
    const r = rig();
    const host = r.add(
      'a',
      define('a', [{ symbol: SYMBOL, timeframe: '1m' }], {
        onStart: ({ ctx }) => ctx.setTimer('half', T0 + 30 * S),
        onTimer: ({ ctx, name }) => r.log.push(`timer ${name} now ${(ctx.now - T0) / S}s mark ${r.mark()}`),
        onCandle: ({ ctx, candle: c }) =>
          r.log.push(`candle ${(c.ts - T0) / S}s now ${(ctx.now - T0) / S}s mark ${r.mark()}`),
        onTrade: ({ ctx, trade }) =>
          r.log.push(`trade ${trade.price} now ${(ctx.now - T0) / S}s mark ${r.mark()}`),
      }),
    );
    r.driver.attach(host, { trades: true });
    r.feed.emit(candle(T0, 100));
    r.feed.emit(print(T0 + 61 * S, 100.5));
    r.feed.emit(print(T0 + 50 * S, 99)); // late: the clock does not go back, the venue does not match it
    expect(r.log).toEqual([
      'venue candle 0s',
      'timer half now 60s mark 100',
      'candle 0s now 60s mark 100',
      'venue trade 61s',
      'trade 100.5 now 61s mark 100.5',
      'venue trade 50s',
      'trade 99 now 61s mark 100.5',
    ]);
    expect(r.clock.now()).toBe(T0 + 61 * S);
  });

  it('the finest series drives venue and marks; coarser and forming candles only reach subscribers', () => {
    const r = rig({ withVenue: false });
    const seen: string[] = [];
    const host = r.add(
      'multi',
      define('multi', [{ symbol: SYMBOL, timeframe: '5m' }], {
        onCandle: ({ timeframe, candle: c }) => seen.push(`${timeframe} ${c.close}`),
      }),
    );
    r.driver.attach(host);
    expect(r.feed.subscriptions).toEqual([`candles ${SYMBOL} 1m`, `candles ${SYMBOL} 5m`]);
    for (let k = 0; k < 5; k++) r.feed.emit(candle(T0 + k * M, 100 + k));
    r.feed.emit(candle(T0, 200, '5m'));
    expect(r.mark()).toBe(104); // the 1m close, not the 5m one
    r.feed.emit(candle(T0 + 5 * M, 300, '1m', false)); // forming: ignored
    expect(r.mark()).toBe(104);
    expect(r.clock.now()).toBe(T0 + 5 * M);
    expect(seen).toEqual(['5m 200']); // the strategy subscribed to 5m only
    r.feed.emit(print(T0 + 5 * M + 1, 105.5)); // no venue: prints mark the portfolio
    expect(r.mark()).toBe(105.5);
  });

  it('only the finest series reaches a bar-driven venue', () => {
    const r = rig();
    const host = r.add('multi', define('multi', [{ symbol: SYMBOL, timeframe: '5m' }], {}));
    r.driver.attach(host);
    for (let k = 0; k < 5; k++) r.feed.emit(candle(T0 + k * M, 100 + k));
    r.feed.emit(candle(T0, 200, '5m'));
    expect(r.log.filter((l) => l.startsWith('venue'))).toHaveLength(5);
    expect(r.paper.lastPrice(SYMBOL)).toBe(104);
  });

  it('status events go to onStatus and move nothing; advanceTo is the heartbeat for timers', () => {
    const statuses: string[] = [];
    const r = rig({ onStatus: (s) => statuses.push(s.state) });
    const fired: number[] = [];
    const host = r.add(
      'timer',
      define('timer', ONE_MINUTE, {
        onStart: ({ ctx }) => ctx.setTimer('tick', T0 + 10 * S, 10 * S),
        onTimer: ({ ctx }) => fired.push((ctx.now - T0) / S),
      }),
    );
    r.driver.attach(host);
    r.feed.emit({ kind: 'status', status: { exchange: 'paper', state: 'live', tsEvent: T0 + 999 * M } });
    expect(statuses).toEqual(['live']);
    expect(r.clock.now()).toBe(T0);
    r.driver.advanceTo(T0 + 25 * S);
    expect(fired).toEqual([25, 25]);
    r.driver.advanceTo(T0 + 5 * S); // never back
    expect(r.clock.now()).toBe(T0 + 25 * S);
  });
});

describe('MarketDriver strategies', () => {
  it('attaches and detaches strategies while running, without disturbing the others', () => {
    const r = rig();
    const seen: string[] = [];
    const recorder = (id: string) =>
      define(id, [{ symbol: SYMBOL, timeframe: '1m' }], {
        onStart: () => seen.push(`${id} start`),
        onCandle: ({ ctx, candle: c }) => {
          seen.push(`${id} ${c.close}`);
          if (id === 'a' && c.close === 100)
            ctx.submit({ symbol: SYMBOL, side: 'buy', type: 'limit', price: 50, qty: 1 });
        },
        onStop: ({ ctx, reason }) => {
          seen.push(`${id} stop: ${reason}`);
          if (id === 'a')
            ctx.submit({ symbol: SYMBOL, side: 'buy', type: 'limit', price: 60, qty: 1, tag: 'last' });
        },
      });
    const a = r.add('a', recorder('a'));
    r.driver.attach(a);
    r.feed.emit(candle(T0, 100));
    expect(r.kernel.orders.openOrders(a.strategyId)).toHaveLength(1);
    const b = r.add('b', recorder('b'));
    r.driver.attach(b);
    r.feed.emit(candle(T0 + M, 101));
    expect(r.driver.detach('a', { reason: 'swapped' })).toBe(true);
    // The order working before the stop is cancelled (no orphan); the one onStop sent stands.
    expect(r.kernel.orders.openOrders(a.strategyId).map((o) => o.price)).toEqual([60]);
    r.feed.emit(candle(T0 + 2 * M, 102));
    expect(seen).toEqual(['a start', 'a 100', 'b start', 'a 101', 'b 101', 'a stop: swapped', 'b 102']);
    expect(r.driver.strategyIds).toEqual(['b']);
    expect(r.driver.detach('a')).toBe(false);
    expect(r.feed.subscriptions).toEqual([`candles ${SYMBOL} 1m`]); // one subscription for both
    r.driver.close();
    r.feed.emit(candle(T0 + 3 * M, 103));
    expect(seen.slice(-1)).toEqual(['b stop: driver closed']);
  });

  it('subscribes trades and tickers on request, and the venue tape when asked', () => {
    const r = rig({ venueTrades: true });
    const ticks: number[] = [];
    const host = r.add('t', define('t', ONE_MINUTE, { onTick: ({ ticker }) => ticks.push(ticker.last) }));
    r.driver.attach(host, { tickers: true });
    expect(r.feed.subscriptions).toEqual([`candles ${SYMBOL} 1m`, `trades ${SYMBOL}`, `ticker ${SYMBOL}`]);
    const ticker = {
      exchange: 'paper',
      symbol: SYMBOL,
      bid: 99,
      ask: 101,
      last: 100,
      tsEvent: T0 + S,
      tsInit: T0 + S,
    };
    r.feed.emit({ kind: 'ticker', ticker });
    r.feed.emit(print(T0 + 2 * S, 100)); // reaches the venue, not the strategy (it did not ask for trades)
    expect(ticks).toEqual([100]);
    expect(r.log).toEqual(['venue trade 2s']);
  });

  it('refuses hosts it cannot drive', () => {
    const r = rig();
    const other = rig();
    const host = r.add('x', define('x', ONE_MINUTE, {}));
    expect(() => r.driver.attach(other.add('y', define('y', ONE_MINUTE, {})))).toThrow(
      /not a strategy of this kernel/,
    );
    r.driver.attach(host);
    expect(() => r.driver.attach(host)).toThrow(/already attached/);
    const stopped = r.add('z', define('z', ONE_MINUTE, {}));
    stopped.start();
    stopped.stop('done');
    expect(() => r.driver.attach(stopped)).toThrow(/is stopped/);
  });

  it('reports a refused delivery to onError and keeps serving the other strategies', () => {
    const errors: string[] = [];
    const r = rig({
      onError: (error, context) => errors.push(`${context.strategyId} ${context.during} ${error.code}`),
    });
    const closes: string[] = [];
    const sub = [{ symbol: SYMBOL, timeframe: '1m' }];
    const a = r.add('a', define('a', sub, { onCandle: ({ candle: c }) => closes.push(`a ${c.close}`) }));
    const b = r.add('b', define('b', sub, { onCandle: ({ candle: c }) => closes.push(`b ${c.close}`) }));
    r.driver.attach(a);
    r.driver.attach(b);
    r.feed.emit(candle(T0 + M, 100));
    r.clock.set(T0 + 3 * M); // (a preloaded candle must be closed)
    a.preload(SYMBOL, '1m', [{ ts: T0 + 2 * M, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    r.feed.emit(candle(T0 + 2 * M, 101)); // a already holds this candle: refused for a, delivered to b
    expect(errors).toEqual(['a candle QL_ERR_INVALID_INPUT']);
    expect(closes).toEqual(['a 100', 'b 100', 'b 101']);
  });

  it('without onError, a failure goes back to whoever delivered the event', () => {
    const r = rig();
    const a = r.add('a', define('a', [{ symbol: SYMBOL, timeframe: '1m' }], {}));
    r.driver.attach(a);
    r.feed.emit(candle(T0 + M, 100));
    expect(() => r.driver.onMarketEvent(candle(T0 + M, 100))).toThrow(/duplicate/);
  });
});
