import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../../../test/support/databases.js';
import { type Database, openDatabase } from '../index.js';

if (!TEST_DATABASE_URL) console.warn('download cursors: TEST_DATABASE_URL unset — PostgreSQL run skipped');

const targets: Array<[string, () => Promise<TestDatabase>, boolean]> = [
  ['sqlite', async () => createSqliteTestDatabase(), true],
  ['postgresql', () => createPostgresTestDatabase(TEST_DATABASE_URL ?? ''), TEST_DATABASE_URL !== undefined],
];

for (const [name, create, enabled] of targets) {
  describe.skipIf(!enabled)(`download cursors (${name})`, () => {
    let test: TestDatabase;
    let database: Database;
    beforeEach(async () => {
      test = await create();
      database = await openDatabase(test.url);
      await database.migrate();
    });
    afterEach(async () => {
      await database.close();
      await test.dispose();
    });

    const key = {
      exchange: 'okx',
      symbol: 'BTC/USDT',
      timeframe: '1m',
      kind: 'candles',
      rangeFrom: 1_704_067_200_000,
    };

    it('stores, replaces, lists and removes cursors with epoch-ms numbers', async () => {
      expect(await database.downloadCursors.get(key)).toBeUndefined();
      await database.downloadCursors.upsert({
        ...key,
        rangeTo: 1_706_745_599_999,
        nextTs: 1_704_100_000_000,
        updatedAt: 1,
      });
      await database.downloadCursors.upsert({
        ...key,
        rangeTo: 1_706_745_599_999,
        nextTs: 1_705_000_000_000,
        updatedAt: 2,
      });
      expect(await database.downloadCursors.get(key)).toEqual({
        ...key,
        rangeTo: 1_706_745_599_999,
        nextTs: 1_705_000_000_000,
        updatedAt: 2,
      });
      const other = { ...key, kind: 'mark', symbol: 'BTC/USDT:USDT#mark' };
      await database.downloadCursors.upsert({ ...other, rangeTo: 5, nextTs: 6, updatedAt: 3 });
      await database.downloadCursors.upsert({ ...key, rangeFrom: 1, rangeTo: 2, nextTs: 3, updatedAt: 4 });
      const listed = await database.downloadCursors.list({
        exchange: 'okx',
        symbol: 'BTC/USDT',
        kind: 'candles',
      });
      expect(listed.map((c) => c.rangeFrom)).toEqual([1, key.rangeFrom]);
      expect(await database.downloadCursors.remove(key)).toBe(true);
      expect(await database.downloadCursors.remove(key)).toBe(false);
      expect(
        await database.downloadCursors.list({ exchange: 'okx', symbol: 'BTC/USDT:USDT#mark' }),
      ).toHaveLength(1);
    });

    it('writes inside a caller transaction, and a rollback leaves no cursor', async () => {
      await database.db
        .transaction()
        .execute(async (trx) => {
          await database.downloadCursors.upsert({ ...key, rangeTo: 10, nextTs: 5, updatedAt: 1 }, trx);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(await database.downloadCursors.get(key)).toBeUndefined();
    });
  });
}
