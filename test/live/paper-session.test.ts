/**
 * A paper trading session end to end, in process: a real SQLite database, the in-process bus, a replayed
 * tape of real candles, the journal, the account lease and recovery. What is checked is what matters
 * across restarts: nothing lost, nothing doubled, and a second process refused.
 */

import { afterEach, beforeEach, expect, it } from 'vitest';
import { InProcessBus } from '../../src/bus/index.js';
import type { Candle } from '../../src/core/market.js';
import { TradingSession } from '../../src/live/session.js';
import { silentLogger } from '../../src/logging/index.js';
import { memoryCandleSource, ReplayFeed } from '../../src/marketdata/replay.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { smaCross } from '../../src/strategies/builtins/index.js';
import type { StrategyDefinition } from '../../src/strategies/types.js';
import { fineInstrument, loadSeriesFile } from '../support/backtest-data.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

const SYMBOL = 'BTC/USDT:USDT';
const INST = fineInstrument('binanceusdm', SYMBOL);

function candlesOf(series: Awaited<ReturnType<typeof loadSeriesFile>>, from: number, to: number): Candle[] {
  const out: Candle[] = [];
  for (let i = from; i < to; i++)
    out.push({
      ts: series.ts[i]!,
      open: series.open[i]!,
      high: series.high[i]!,
      low: series.low[i]!,
      close: series.close[i]!,
      volume: series.volume[i]!,
    });
  return out;
}

describeWithSharedData('paper trading session', () => {
  let testDb: TestDatabase;
  let database: Database;
  let candles: Candle[];
  beforeEach(async () => {
    testDb = createSqliteTestDatabase();
    database = await openDatabase(testDb.url, { logger: silentLogger() });
    await database.migrate();
    const series = await loadSeriesFile(
      sharedDataPath('ohlcv', 'cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv'),
      SYMBOL,
      '1h',
    );
    candles = candlesOf(series, 0, 900);
  });
  afterEach(async () => {
    await database.close();
    await testDb.dispose();
  });

  function session(tape: Candle[], options: { leaseTtlMs?: number } = {}) {
    const feed = new ReplayFeed({
      exchange: 'binanceusdm',
      source: memoryCandleSource([{ symbol: SYMBOL, timeframe: '1h', candles: tape }]),
    });
    const trading = new TradingSession({
      mode: 'paper',
      exchange: 'binanceusdm',
      instruments: [INST],
      venue: {
        kind: 'paper',
        name: 'test',
        options: {
          account: { capital: 10_000, currency: 'USDT', leverage: 2 },
          fees: { maker: 0.0002, taker: 0.0005 },
          fill: 'next-open',
        },
      },
      feed,
      database,
      bus: new InProcessBus({ logger: silentLogger() }),
      logger: silentLogger(),
      wallClock: false,
      paperTrades: false,
      heartbeatMs: 50,
      ...options,
    });
    return { feed, trading };
  }

  const spec = (definition: StrategyDefinition = smaCross) => ({
    id: 'sma-paper',
    definition,
    params: { fast: 10, slow: 30, mode: 'long-short', fraction: 0.5 },
    symbols: [SYMBOL],
    timeframe: '1h',
  });

  it('trades a replayed tape, journals every order and fill, and survives a restart without doubling', async () => {
    const first = session(candles.slice(0, 500));
    await first.trading.start([spec()]);
    await first.feed.done();
    const kernel = first.trading.kernelForTests!;
    expect(kernel.portfolio.invariantProblems()).toEqual([]);
    const filled = [...kernel.orders.all()].filter((o) => o.filledQty > 0);
    expect(filled.length).toBeGreaterThan(5);
    const positionBefore = kernel.portfolio.position('sma-paper' as never, SYMBOL);
    const walletBefore = kernel.portfolio.wallet;
    await first.trading.stop('test restart');
    const storedFills = await database.fills.list({ account: 'paper:binanceusdm:test' });
    expect(storedFills.map((f) => f.tradeId).sort()).toEqual(filled.flatMap((o) => o.tradeIds).sort());
    expect((await database.orders.list({ account: 'paper:binanceusdm:test' })).length).toBe(
      kernel.orders.count,
    );

    // The next session on the same account starts from what the journal holds (an empty tape: nothing
    // moves before we look), and the one after it trades on.
    const second = session([]);
    await second.trading.start([spec()]);
    const restored = second.trading.kernelForTests!;
    expect(restored.portfolio.position('sma-paper' as never, SYMBOL).qty).toBeCloseTo(positionBefore.qty, 12);
    expect(restored.portfolio.wallet).toBeCloseTo(walletBefore, 9);
    await second.trading.stop('checked');
    const third = session(candles.slice(500));
    await third.trading.start([spec()]);
    await third.feed.done();
    expect(third.trading.kernelForTests!.portfolio.invariantProblems()).toEqual([]);
    await third.trading.stop('done');
    const all = await database.fills.list({ account: 'paper:binanceusdm:test' });
    expect(new Set(all.map((f) => f.tradeId)).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(storedFills.length);
    // Client order ids continued past the first session's: none was reused.
    const ids = (await database.orders.list({ account: 'paper:binanceusdm:test' })).map(
      (o) => o.clientOrderId,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a second process on the same account until the first one stops or its lease expires', async () => {
    const a = session(candles.slice(0, 50), { leaseTtlMs: 300 });
    await a.trading.start([spec()]);
    const b = session(candles.slice(0, 50), { leaseTtlMs: 300 });
    await expect(b.trading.start([spec()])).rejects.toMatchObject({ code: 'QL_ERR_ACCOUNT_LEASE_HELD' });
    await a.trading.stop();
    const c = session(candles.slice(0, 50), { leaseTtlMs: 300 });
    await c.trading.start([spec()]);
    await c.trading.stop();
  });

  it('swaps one strategy for new parameters while another keeps running, keeping its position', async () => {
    const s = session(candles.slice(0, 400));
    await s.trading.start([spec(), { ...spec(), id: 'other' }]);
    await s.feed.done();
    const kernel = s.trading.kernelForTests!;
    const before = kernel.portfolio.position('sma-paper' as never, SYMBOL).qty;
    await s.trading.swapStrategy({
      ...spec(),
      params: { fast: 5, slow: 20, mode: 'long-short', fraction: 0.5 },
    });
    const status = s.trading.status().strategies;
    expect(status.map((x) => [x.id, x.state])).toEqual([
      ['other', 'running'],
      ['sma-paper', 'running'],
    ]);
    expect(kernel.hosts.get('sma-paper' as never)?.params).toMatchObject({ fast: 5, slow: 20 });
    expect(kernel.portfolio.position('sma-paper' as never, SYMBOL).qty).toBe(before);
    await s.trading.stop();
  });

  it('keeps the other strategies running when one throws, and stops only the one asked', async () => {
    const broken: typeof smaCross = {
      ...smaCross,
      name: 'broken',
      create: (args) => ({
        ...smaCross.create(args),
        onCandle() {
          throw new Error('bug in user code');
        },
      }),
    };
    const s = session(candles.slice(0, 300));
    await s.trading.start([spec(), { ...spec(broken as StrategyDefinition), id: 'broken-1' }]);
    await s.feed.done();
    const states = Object.fromEntries(s.trading.status().strategies.map((x) => [x.id, x.state]));
    expect(states['sma-paper']).toBe('running');
    expect(states['broken-1']).not.toBe('running');
    expect(s.trading.stopStrategy('broken-1')).toBe(true);
    expect(s.trading.status().strategies.map((x) => x.id)).toEqual(['sma-paper']);
    await s.trading.stop();
  });
});
