import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../../test/support/databases.js';
import type { Candle } from '../core/market.js';
import { type Database, openDatabase } from './database.js';

const T0 = Date.UTC(2024, 0, 1);
const candles: Candle[] = Array.from({ length: 3_000 }, (_, i) => ({
  ts: T0 + i * 60_000,
  open: 100 + i,
  high: 101 + i,
  low: 99 + i,
  close: 100.5 + i,
  volume: 1,
}));

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL bulk candle path under a concurrent writer', () => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase(TEST_DATABASE_URL!);
    database = await openDatabase(testDb.url);
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.dispose();
  });

  it('falls back to the conflict path when a row appears in the range after the empty-range check', async () => {
    // A second connection inserts a row inside the range without committing: the direct-COPY check cannot
    // see it, COPY then waits on the key, and fails once that transaction commits.
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    try {
      const schema = new URL(testDb.url).searchParams.get('schema')!;
      await other.query(`set search_path to ${schema}`);
      await other.query('begin');
      await other.query(
        `insert into candles (exchange, symbol, timeframe, ts, open, high, low, close, volume)
         values ('x', 'RACE/USDT', '1m', $1, 1, 1, 1, 1, 1)`,
        [candles[1_500]!.ts],
      );
      const writing = database.candles.upsertMany('x', 'RACE/USDT', '1m', candles);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('commit');
      // Every candle but the committed one is inserted; that one is updated to our values (changed row).
      expect(await writing).toBe(3_000);
    } finally {
      await other.end();
    }
    const stored = await database.candles.range('x', 'RACE/USDT', '1m');
    expect(stored).toEqual(candles);
  });
});

if (!TEST_DATABASE_URL) {
  describe.skip('PostgreSQL bulk candle path (TEST_DATABASE_URL is not set)', () => {});
}
