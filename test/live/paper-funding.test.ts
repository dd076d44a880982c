/**
 * Funding of a paper account across restarts: a paper session holds a perpetual swap across funding
 * times, stops, and starts again. The payments are journaled (`trade_logs`, `funding.paid`) and booked
 * again at the restart, and no funding time is paid twice: the restarted account ends where an
 * uninterrupted one does.
 */

import { afterEach, beforeEach, expect, it } from 'vitest';
import { InProcessBus } from '../../src/bus/index.js';
import type { Candle } from '../../src/core/market.js';
import { TradingSession } from '../../src/live/session.js';
import { silentLogger } from '../../src/logging/index.js';
import { memoryCandleSource, ReplayFeed } from '../../src/marketdata/replay.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { expectedPosition, moveTo } from '../../src/strategies/builtins/common.js';
import type { StrategyDefinition } from '../../src/strategies/types.js';
import type { FundingSeries } from '../../src/venues/simulated/index.js';
import { fineInstrument, loadSeriesFile } from '../support/backtest-data.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

const SYMBOL = 'BTC/USDT:USDT';
const INST = fineInstrument('binanceusdm', SYMBOL);
const SID = 'hold-1';

/** Buys 0.05 once and holds it: the position (and so each funding payment) is the same in every run. */
const hold: StrategyDefinition = {
  apiVersion: 1,
  name: 'hold',
  version: '1.0.0',
  description: 'buys once and holds',
  params: {},
  create: ({ setup }) => ({
    subscriptions: [{ symbol: SYMBOL, timeframe: setup.timeframe }],
    onCandle({ ctx }) {
      if (expectedPosition(ctx, SYMBOL) === 0) moveTo(ctx, SYMBOL, 0.05, 'hold');
    },
  }),
};

/** Flat until the candle at `from` (epoch ms) has closed, then buys 0.05 and holds it; never trades when `from` is Infinity. */
const holdFrom = (from: number): StrategyDefinition => ({
  ...hold,
  name: 'hold-from',
  create: ({ setup }) => ({
    subscriptions: [{ symbol: SYMBOL, timeframe: setup.timeframe }],
    onCandle({ ctx, candle }) {
      if (candle.ts >= from && expectedPosition(ctx, SYMBOL) === 0) moveTo(ctx, SYMBOL, 0.05, 'hold');
    },
  }),
});

describeWithSharedData('paper funding across restarts', () => {
  let testDb: TestDatabase;
  let database: Database;
  let candles: Candle[];
  let funding: FundingSeries;
  beforeEach(async () => {
    testDb = createSqliteTestDatabase();
    database = await openDatabase(testDb.url, { logger: silentLogger() });
    await database.migrate();
    const series = await loadSeriesFile(
      sharedDataPath('ohlcv', 'cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv'),
      SYMBOL,
      '1h',
    );
    candles = [];
    for (let i = 0; i < 60; i++)
      candles.push({
        ts: series.ts[i]!,
        open: series.open[i]!,
        high: series.high[i]!,
        low: series.low[i]!,
        close: series.close[i]!,
        volume: series.volume[i]!,
      });
    // A funding time every 4 hours from the third candle on (a long pays at a positive rate).
    const ts: number[] = [];
    for (let i = 2; i < candles.length; i += 4) ts.push(candles[i]!.ts);
    funding = { ts: Float64Array.from(ts), rate: Float64Array.from(ts, (_, k) => 0.0001 * (1 + (k % 3))) };
  });
  afterEach(async () => {
    await database.close();
    await testDb.dispose();
  });

  function session(name: string, tape: Candle[]) {
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
        name,
        options: {
          account: { capital: 10_000, currency: 'USDT', leverage: 2 },
          fees: { maker: 0.0002, taker: 0.0005 },
          fill: 'next-open',
          funding: { [SYMBOL]: funding },
        },
      },
      feed,
      database,
      bus: new InProcessBus({ logger: silentLogger() }),
      logger: silentLogger(),
      wallClock: false,
      paperTrades: false,
      heartbeatMs: 50,
    });
    return { feed, trading };
  }
  const spec = { id: SID, definition: hold, params: {}, symbols: [SYMBOL], timeframe: '1h' };

  async function run(name: string, tape: Candle[], strategy = spec) {
    const s = session(name, tape);
    await s.trading.start([strategy]);
    await s.feed.done();
    const portfolio = s.trading.kernelForTests!.portfolio;
    expect(portfolio.invariantProblems()).toEqual([]);
    const seen = {
      wallet: portfolio.wallet,
      funding: portfolio.funding,
      equity: portfolio.equity(),
      qty: portfolio.position(SID as never, SYMBOL).qty,
    };
    await s.trading.stop('test');
    return seen;
  }

  const paidRows = (name: string) =>
    database.tradeLogs.query({ subject: `paper:binanceusdm:${name}`, action: 'funding.paid' });
  const settledRows = (name: string) =>
    database.tradeLogs.query({ subject: `paper:binanceusdm:${name}`, action: 'funding.settled' });

  it('a flat account journals no funding rows, however many funding times pass', async () => {
    const flat = { ...spec, definition: holdFrom(Number.POSITIVE_INFINITY) };
    const seen = await run('flat', candles, flat);
    expect(seen.qty).toBe(0);
    expect(seen.funding).toBe(0);
    expect(funding.ts.length).toBeGreaterThan(10);
    expect(await settledRows('flat')).toEqual([]);
    expect(await paidRows('flat')).toEqual([]);
    // And across restarts, still none.
    await run('flat', candles.slice(0, 10), flat);
    await run('flat', candles.slice(10), flat);
    expect(await settledRows('flat')).toEqual([]);
  });

  it('a position opened after flat funding times is not charged them after a restart', async () => {
    // Flat through the funding times of candles 2 … 18, buys on candle 20's close (filled at 21's open),
    // stops before the next funding time (candle 22): the journal's settled row must cover 18.
    const late = { ...spec, definition: holdFrom(candles[20]!.ts) };
    const reference = await run('late-reference', candles, late);
    expect(reference.qty).toBeCloseTo(0.05, 12);
    expect(reference.funding).toBeLessThan(0);

    const before = await run('late', candles.slice(0, 22), late);
    expect(before.qty).toBeCloseTo(0.05, 12);
    expect(before.funding).toBe(0);
    const settledBefore = (await settledRows('late')).map((r) => r.ts);
    const after = await run('late', candles.slice(22), late);
    expect(after.funding).toBeCloseTo(reference.funding, 9);
    expect(after.wallet).toBeCloseTo(reference.wallet, 9);
    expect((await paidRows('late')).map((r) => r.ts)).toEqual(
      (await paidRows('late-reference')).map((r) => r.ts),
    );
    expect(settledBefore).toEqual([candles[18]!.ts]);
    // Settled rows: one per funding time paid (plus the one before the fill), none for the flat ones.
    const settled = (await settledRows('late')).map((r) => r.ts);
    expect(settled[0]).toBe(candles[18]!.ts);
    expect(settled.length).toBe((await paidRows('late')).length + 1);
  });

  it('books journaled funding again after a restart and pays no funding time twice', async () => {
    const reference = await run('reference', candles);
    const referenceRows = await paidRows('reference');
    expect(reference.qty).toBeCloseTo(0.05, 12);
    expect(reference.funding).toBeLessThan(0);
    expect(referenceRows.length).toBeGreaterThan(5);

    const before = await run('restarted', candles.slice(0, 30));
    expect(before.funding).toBeLessThan(0);
    // An empty tape: nothing moves, so the restored account must be the one that stopped.
    const idle = await run('restarted', []);
    expect(idle.wallet).toBeCloseTo(before.wallet, 9);
    expect(idle.funding).toBeCloseTo(before.funding, 12);
    expect(idle.qty).toBeCloseTo(before.qty, 12);
    // Trading on: every funding time is paid once in all, as in the uninterrupted run.
    const after = await run('restarted', candles.slice(30));
    expect(after.funding).toBeCloseTo(reference.funding, 9);
    expect(after.wallet).toBeCloseTo(reference.wallet, 9);
    expect(after.equity).toBeCloseTo(reference.equity, 9);
    const rows = await paidRows('restarted');
    expect(rows.map((r) => r.ts)).toEqual(referenceRows.map((r) => r.ts));
  });
});
