import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { type Database, openDatabase } from '../database.js';
import { MIGRATIONS } from '../migrations/index.js';
import type { Migration } from '../migrations/types.js';
import type { StorageBackend, TestDatabase } from './fixtures.js';

const TABLES = [
  'instruments',
  'candles',
  'funding_rates',
  'strategies',
  'orders',
  'fills',
  'positions',
  'equity_snapshots',
  'signals',
  'trade_logs',
  'backtest_results',
  'risk_rules',
  'users',
  'api_credentials',
  'schema_version',
] as const;

/** A second migration that creates a table and then fails with an SQL error. */
const broken: Migration = {
  version: 2,
  name: 'broken-second-step',
  async up(db) {
    await db.schema.createTable('half_made').addColumn('id', 'integer').execute();
    await sql`select * from no_such_table_anywhere`.execute(db);
  },
};

async function tableExists(db: Database, table: string): Promise<boolean> {
  try {
    await sql`select count(*) from ${sql.table(table)}`.execute(db.db);
    return true;
  } catch {
    return false;
  }
}

export function defineMigrationTests(backend: StorageBackend): void {
  describe('migrations', () => {
    const opened: Database[] = [];
    const created: TestDatabase[] = [];

    async function fresh(migrations?: readonly Migration[]): Promise<{ db: Database; url: string }> {
      const target = await backend.create();
      created.push(target);
      const db = await openDatabase(target.url, migrations === undefined ? {} : { migrations });
      opened.push(db);
      return { db, url: target.url };
    }

    afterEach(async () => {
      for (const db of opened.splice(0)) await db.close();
      for (const target of created.splice(0)) await target.dispose();
    });

    it('migrates an empty database to the latest version with every table', async () => {
      const { db } = await fresh();
      expect(await db.migrationStatus()).toMatchObject({ current: 0, latest: MIGRATIONS.length });
      expect((await db.migrationStatus()).pending.map((m) => m.version)).toEqual(
        MIGRATIONS.map((m) => m.version),
      );
      await expect(db.assertMigrated()).rejects.toMatchObject({ code: 'QL_ERR_DB_NOT_MIGRATED' });

      expect(await db.migrate()).toEqual(MIGRATIONS.map((m) => m.version));
      const status = await db.migrationStatus();
      expect(status).toMatchObject({ current: MIGRATIONS.length, latest: MIGRATIONS.length, pending: [] });
      expect(status.applied[0]).toMatchObject({ version: 1, name: 'initial' });
      for (const table of TABLES) expect(await tableExists(db, table), table).toBe(true);
      await db.assertMigrated();
    });

    it('re-migrating is a no-op', async () => {
      const { db } = await fresh();
      await db.migrate();
      expect(await db.migrate()).toEqual([]);
      const rows = await db.db.selectFrom('schema_version').selectAll().execute();
      expect(rows).toHaveLength(MIGRATIONS.length);
    });

    it('a failing migration rolls back completely and names itself', async () => {
      const { db } = await fresh([MIGRATIONS[0]!, broken]);
      const error = await db.migrate().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isQuantLabError(error, 'QL_ERR_DB_MIGRATION_FAILED')).toBe(true);
      expect((error as Error).message).toContain('broken-second-step');
      expect((error as Error).message).toContain('version 1');
      expect(await db.migrationStatus()).toMatchObject({ current: 1, latest: 2 });
      expect(await tableExists(db, 'half_made')).toBe(false);
      expect(await tableExists(db, 'orders')).toBe(true);
    });

    it('refuses a database newer than the code', async () => {
      const { db } = await fresh();
      await db.migrate();
      await db.db
        .insertInto('schema_version')
        .values({ version: 99, name: 'future', applied_at: Date.now() })
        .execute();
      await expect(db.migrate()).rejects.toMatchObject({ code: 'QL_ERR_DB_SCHEMA_TOO_NEW' });
      await expect(db.assertMigrated()).rejects.toMatchObject({ code: 'QL_ERR_DB_SCHEMA_TOO_NEW' });
    });

    it('two connections migrating at once both succeed and apply each step once', async () => {
      const { db, url } = await fresh();
      const other = await openDatabase(url);
      opened.push(other);
      const [a, b] = await Promise.all([db.migrate(), other.migrate()]);
      expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await db.db.selectFrom('schema_version').selectAll().execute()).toHaveLength(MIGRATIONS.length);
    });

    it('a repository on an unmigrated database says so', async () => {
      const { db } = await fresh();
      await expect(db.orders.listOpen()).rejects.toMatchObject({ code: 'QL_ERR_DB_NOT_MIGRATED' });
    });
  });
}
