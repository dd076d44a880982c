import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import type { CandleUpdate } from '../bus/messages.js';
import type { Candle } from '../core/market.js';
import { type Database, openDatabase } from '../storage/index.js';
import { memoryCandleSource, type ReplayClock, ReplayFeed, repositoryCandleSource } from './replay.js';
import type { FeedStatus } from './types.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** A sound candle opening at `ts` whose close encodes where it came from. */
function candle(ts: number, close: number): Candle {
  return { ts, open: close, high: close + 1, low: close - 1, close, volume: 1 };
}

function minutes(count: number, base: number, step = 1): Candle[] {
  return Array.from({ length: count }, (_, i) => candle(T0 + i * step * MIN, base + i));
}

function record(feed: ReplayFeed) {
  const candles: CandleUpdate[] = [];
  const statuses: FeedStatus[] = [];
  feed.on((e) => {
    if (e.kind === 'candle') candles.push(e.update);
    if (e.kind === 'status') statuses.push(e.status);
  });
  return { candles, statuses };
}

const label = (u: CandleUpdate) => `${u.symbol} ${u.timeframe} ${(u.candle.ts - T0) / MIN}`;

describe('ReplayFeed', () => {
  it('merges series by close time, finer timeframe first and then symbol on ties', async () => {
    const feed = new ReplayFeed({
      exchange: 'okx',
      source: memoryCandleSource([
        { symbol: 'ETH/USDT', timeframe: '1m', candles: minutes(10, 200) },
        { symbol: 'BTC/USDT', timeframe: '5m', candles: minutes(2, 500, 5) },
        { symbol: 'BTC/USDT', timeframe: '1m', candles: minutes(10, 100) },
      ]),
    });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '5m' });
    feed.subscribe({ kind: 'candles', symbol: 'ETH/USDT', timeframe: '1m' });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    const seen = record(feed);
    await feed.start();
    await feed.done();

    const expected: string[] = [];
    for (let i = 0; i < 10; i++) {
      expected.push(`BTC/USDT 1m ${i}`, `ETH/USDT 1m ${i}`);
      if (i % 5 === 4) expected.push(`BTC/USDT 5m ${i - 4}`);
    }
    expect(seen.candles.map(label)).toEqual(expected);
    for (const u of seen.candles) {
      expect(u.closed).toBe(true);
      expect(u.exchange).toBe('okx');
      // Like live: tsEvent is the close time; tsInit is the virtual clock, equal to it.
      expect(u.tsEvent).toBe(u.candle.ts + (u.timeframe === '5m' ? 5 : 1) * MIN);
      expect(u.tsInit).toBe(u.tsEvent);
    }
    expect(seen.statuses.map((s) => [s.state, s.reason])).toEqual([
      ['connecting', 'loading stored candles'],
      ['live', 'replaying'],
      ['stopped', 'replay complete'],
    ]);
    expect(feed.virtualNow).toBe(T0 + 10 * MIN);
    expect(feed.stats()).toMatchObject({ received: 22, published: 22, rejected: {} });
  });

  it('sorts unordered input and counts duplicate and unsound candles instead of emitting them', async () => {
    const rows = [candle(T0 + 2 * MIN, 30), candle(T0, 10), candle(T0 + MIN, 20), candle(T0 + MIN, 90)];
    rows.push({ ...candle(T0 + 3 * MIN, 40), high: 1 }); // high below low
    rows.push({ ...candle(T0 + 4 * MIN, 50), close: Number.NaN });
    const feed = new ReplayFeed({
      exchange: 'okx',
      source: memoryCandleSource([{ symbol: 'BTC/USDT', timeframe: '1m', candles: rows }]),
    });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    const seen = record(feed);
    await feed.start();
    await feed.done();
    expect(seen.candles.map((u) => u.candle.close)).toEqual([10, 20, 30]);
    expect(feed.stats().rejected).toEqual({
      'candle-duplicate': 1,
      'candle-high-below-low': 1,
      'candle-close-not-finite': 1,
    });
  });

  it('paces a replay by market time over the speed factor on an injected clock', async () => {
    let wall = 1_000_000;
    const sleeps: number[] = [];
    const clock: ReplayClock = {
      now: () => wall,
      sleep: async (ms) => {
        sleeps.push(ms);
        wall += ms;
      },
    };
    const feed = new ReplayFeed({
      exchange: 'okx',
      speed: 60,
      clock,
      source: memoryCandleSource([
        { symbol: 'BTC/USDT', timeframe: '1m', candles: minutes(4, 100) },
        { symbol: 'BTC/USDT', timeframe: '5m', candles: [] },
      ]),
    });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '5m' });
    const wallAtEmit: number[] = [];
    feed.on((e) => {
      if (e.kind === 'candle') wallAtEmit.push(wall);
    });
    await feed.start();
    await feed.done();
    // One market minute at 60x is one wall second between candles; the first goes out at once.
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
    expect(wallAtEmit).toEqual([1_000_000, 1_001_000, 1_002_000, 1_003_000]);
  });

  it('stops mid-replay', async () => {
    const feed = new ReplayFeed({
      exchange: 'okx',
      source: memoryCandleSource([{ symbol: 'BTC/USDT', timeframe: '1m', candles: minutes(10_000, 100) }]),
    });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1m' });
    const seen = record(feed);
    let stopping: Promise<void> | undefined;
    feed.on((e) => {
      if (e.kind === 'candle' && seen.candles.length === 3) stopping = feed.stop();
    });
    await feed.start();
    await feed.done();
    await stopping;
    expect(seen.candles).toHaveLength(3);
    expect(seen.statuses.at(-1)).toMatchObject({ state: 'stopped', reason: 'stopped' });
  });

  it('stops a paced replay at once, in the middle of a long wait on the system clock', async () => {
    const feed = new ReplayFeed({
      exchange: 'okx',
      speed: 1, // real time: the second candle is due an hour after the first
      source: memoryCandleSource([{ symbol: 'BTC/USDT', timeframe: '1h', candles: minutes(3, 100, 60) }]),
    });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '1h' });
    const seen = record(feed);
    await feed.start();
    while (seen.candles.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const started = Date.now();
    await feed.stop();
    await feed.done();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(seen.candles).toHaveLength(1);
    expect(seen.statuses.at(-1)).toMatchObject({ state: 'stopped', reason: 'stopped' });
  });

  it('refuses what it cannot replay', () => {
    const feed = new ReplayFeed({ exchange: 'okx', source: memoryCandleSource([]) });
    expect(() => feed.subscribe({ kind: 'ticker', symbol: 'BTC/USDT' })).toThrow(/only stored candles/);
    expect(() => feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT', timeframe: '7m' })).toThrow(
      /timeframe/,
    );
    expect(() => new ReplayFeed({ exchange: 'okx', source: memoryCandleSource([]), speed: 0 })).toThrow(
      /speed/,
    );
  });
});

describe('ReplayFeed on SQLite (candles.rangeColumns)', () => {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;

  afterEach(async () => {
    await db?.close();
    await testDb?.dispose();
  });

  it('replays stored series within [from, to], merged in close-time order', async () => {
    testDb = createSqliteTestDatabase();
    db = await openDatabase(testDb.url);
    await db.migrate();
    await db.candles.upsertMany('binanceusdm', 'BTC/USDT:USDT', '1m', minutes(120, 100));
    await db.candles.upsertMany('binanceusdm', 'BTC/USDT:USDT', '1h', minutes(2, 900, 60));
    await db.candles.upsertMany('binanceusdm', 'ETH/USDT:USDT', '1m', minutes(120, 300));
    await db.candles.upsertMany('okx', 'BTC/USDT:USDT', '1m', minutes(120, 700)); // another exchange: not replayed

    const feed = new ReplayFeed({
      exchange: 'binanceusdm',
      source: repositoryCandleSource(db.candles, 'binanceusdm'),
      from: T0 + 30 * MIN,
      to: T0 + 89 * MIN,
    });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT:USDT', timeframe: '1m' });
    feed.subscribe({ kind: 'candles', symbol: 'BTC/USDT:USDT', timeframe: '1h' });
    feed.subscribe({ kind: 'candles', symbol: 'ETH/USDT:USDT', timeframe: '1m' });
    const seen = record(feed);
    await feed.start();
    await feed.done();

    const btc = seen.candles.filter((u) => u.symbol === 'BTC/USDT:USDT' && u.timeframe === '1m');
    expect(btc.map((u) => u.candle)).toEqual(minutes(120, 100).slice(30, 90));
    expect(seen.candles.filter((u) => u.timeframe === '1h').map((u) => u.candle)).toEqual([
      candle(T0 + 60 * MIN, 901),
    ]);
    expect(seen.candles).toHaveLength(60 + 60 + 1);
    // The 1h candle closing at 02:00 would close after the 1m candle 01:59 of both symbols: last.
    expect(label(seen.candles.at(-1)!)).toBe('BTC/USDT:USDT 1h 60');
    const closes = seen.candles.map((u) => u.tsEvent);
    expect(closes).toEqual([...closes].sort((a, b) => a - b));
  });
});
