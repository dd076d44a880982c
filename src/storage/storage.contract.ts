import { afterAll, beforeAll, describe } from 'vitest';
import { defineAdminTests } from './contract/admin.contract.js';
import type { StorageBackend, TestDatabase } from './contract/fixtures.js';
import { defineMarketTests } from './contract/market.contract.js';
import { defineMigrationTests } from './contract/migrations.contract.js';
import { defineTradingTests } from './contract/trading.contract.js';
import { type Database, openDatabase } from './database.js';

export type { StorageBackend, TestDatabase } from './contract/fixtures.js';

/**
 * The storage suite, written once and run against every backend: migrations (each test on its own fresh
 * database) and every repository (on one migrated database shared by the tests, which keep to their own
 * keys).
 */
export function defineStorageSuite(backend: StorageBackend): void {
  describe(`storage suite (${backend.name})`, () => {
    let target: TestDatabase | undefined;
    let database: Database | undefined;

    beforeAll(async () => {
      target = await backend.create();
      console.info(`storage suite: running against ${backend.name} (${target.label})`);
      database = await openDatabase(target.url);
      await database.migrate();
    });

    afterAll(async () => {
      await database?.close();
      await target?.dispose();
    });

    const get = (): Database => {
      if (database === undefined) throw new Error('storage suite: database not opened');
      return database;
    };

    defineMigrationTests(backend);
    defineMarketTests(get);
    defineTradingTests(get);
    defineAdminTests(get);
  });
}
