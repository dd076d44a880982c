import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../../test/support/databases.js';
import type { Candle } from '../core/market.js';
import { type Database, openDatabase } from '../storage/index.js';
import { CandleCache } from './candle-cache.js';

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

function candles(count: number, start = T0, base = 100): Candle[] {
  return Array.from({ length: count }, (_, i) => {
    const open = base + Math.sin(i / 7) * 5;
    return { ts: start + i * MINUTE, open, high: open + 2, low: open - 2, close: open + 0.5, volume: i + 1 };
  });
}

function defineCacheTests(name: string, create: () => Promise<TestDatabase>): void {
  describe(`CandleCache on ${name}`, () => {
    let testDb: TestDatabase;
    let database: Database;
    let dir: string;

    beforeAll(async () => {
      testDb = await create();
      database = await openDatabase(testDb.url);
      await database.migrate();
      dir = mkdtempSync(join(tmpdir(), 'ql-cache-'));
    });
    afterAll(async () => {
      await database.close();
      await testDb.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('returns empty columns for a series never stored', async () => {
      const cache = new CandleCache(database, { dir });
      const loaded = await cache.load('x', 'NONE/USDT', '1m');
      expect(loaded.source).toBe('empty');
      expect(loaded.ts).toHaveLength(0);
    });

    it('builds the file once, then serves hits equal to the database', async () => {
      const data = candles(5_000);
      await database.candles.upsertMany('x', 'A/USDT', '1m', data);
      const cache = new CandleCache(database, { dir });
      const first = await cache.load('x', 'A/USDT', '1m');
      expect(first.source).toBe('rebuilt');
      const second = await cache.load('x', 'A/USDT', '1m');
      expect(second.source).toBe('hit');
      expect(Array.from(second.ts)).toEqual(data.map((c) => c.ts));
      expect(Array.from(second.close)).toEqual(data.map((c) => c.close));
      expect(Array.from(second.volume)).toEqual(data.map((c) => c.volume));
      // A new cache object (another process) reads the same file.
      expect((await new CandleCache(database, { dir }).load('x', 'A/USDT', '1m')).source).toBe('hit');
    });

    it('is never stale: a changed candle, a new candle or a delete rebuilds; an identical write does not', async () => {
      const cache = new CandleCache(database, { dir });
      const data = candles(100);
      await database.candles.upsertMany('x', 'B/USDT', '1m', data);
      await cache.load('x', 'B/USDT', '1m');

      await database.candles.upsertMany('x', 'B/USDT', '1m', data.slice(0, 10));
      expect((await cache.load('x', 'B/USDT', '1m')).source).toBe('hit');

      await database.candles.upsertMany('x', 'B/USDT', '1m', [{ ...data[50]!, close: 1234.5 }]);
      const changed = await cache.load('x', 'B/USDT', '1m');
      expect(changed.source).toBe('rebuilt');
      expect(changed.close[50]).toBe(1234.5);

      await database.candles.upsertMany('x', 'B/USDT', '1m', candles(1, T0 + 100 * MINUTE));
      const appended = await cache.load('x', 'B/USDT', '1m');
      expect(appended.source).toBe('rebuilt');
      expect(appended.ts).toHaveLength(101);

      await database.candles.deleteRange('x', 'B/USDT', '1m', T0, T0 + 9 * MINUTE);
      const trimmed = await cache.load('x', 'B/USDT', '1m');
      expect(trimmed.source).toBe('rebuilt');
      expect(trimmed.ts[0]).toBe(T0 + 10 * MINUTE);
    });

    it('slices [from, to] inclusively as views', async () => {
      const cache = new CandleCache(database, { dir });
      await database.candles.upsertMany('x', 'C/USDT', '1m', candles(50));
      const slice = await cache.load('x', 'C/USDT', '1m', T0 + 10 * MINUTE, T0 + 19 * MINUTE);
      expect(Array.from(slice.ts)).toEqual(candles(10, T0 + 10 * MINUTE).map((c) => c.ts));
      const none = await cache.load('x', 'C/USDT', '1m', T0 + 100 * MINUTE, T0 + 200 * MINUTE);
      expect(none.ts).toHaveLength(0);
      const between = await cache.load('x', 'C/USDT', '1m', T0 + 10.5 * MINUTE, T0 + 11.5 * MINUTE);
      expect(Array.from(between.ts)).toEqual([T0 + 11 * MINUTE]);
    });

    it('rebuilds a damaged or truncated file instead of trusting it', async () => {
      const cache = new CandleCache(database, { dir });
      await database.candles.upsertMany('x', 'D/USDT', '1m', candles(20));
      await cache.load('x', 'D/USDT', '1m');
      const file = readdirSync(dir).find((f) => f.startsWith('x_D-USDT_1m.'))!;
      writeFileSync(join(dir, file), Buffer.from('QLCC-garbage'));
      const loaded = await cache.load('x', 'D/USDT', '1m');
      expect(loaded.source).toBe('rebuilt');
      expect(loaded.ts).toHaveLength(20);
    });
  });
}

defineCacheTests('SQLite', async () => createSqliteTestDatabase());
if (TEST_DATABASE_URL) defineCacheTests('PostgreSQL', () => createPostgresTestDatabase(TEST_DATABASE_URL!));
else describe.skip('CandleCache on PostgreSQL (TEST_DATABASE_URL is not set)', () => {});

describe('CandleCache across databases', () => {
  it('two databases with the same series and version never share a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ql-cache-'));
    const [a, b] = [createSqliteTestDatabase(), createSqliteTestDatabase()];
    const [dbA, dbB] = [await openDatabase(a.url), await openDatabase(b.url)];
    try {
      await dbA.migrate();
      await dbB.migrate();
      await dbA.candles.upsertMany('x', 'S/USDT', '1m', candles(10, T0, 100));
      await dbB.candles.upsertMany('x', 'S/USDT', '1m', candles(10, T0, 500));
      const fromA = await new CandleCache(dbA, { dir }).load('x', 'S/USDT', '1m');
      const fromB = await new CandleCache(dbB, { dir }).load('x', 'S/USDT', '1m');
      expect(fromB.source).toBe('rebuilt');
      expect(fromA.open[0]).toBeLessThan(200);
      expect(fromB.open[0]).toBeGreaterThan(400);
    } finally {
      await dbA.close();
      await dbB.close();
      await a.dispose();
      await b.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
