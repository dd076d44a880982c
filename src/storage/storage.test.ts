import { describe } from 'vitest';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  TEST_DATABASE_URL,
} from '../../test/support/databases.js';
import { defineStorageSuite } from './storage.contract.js';

// One suite, two databases: SQLite always, PostgreSQL when TEST_DATABASE_URL names a server.
defineStorageSuite({ name: 'sqlite', create: async () => createSqliteTestDatabase() });

if (TEST_DATABASE_URL === undefined) {
  console.warn('storage suite: TEST_DATABASE_URL unset — PostgreSQL run skipped');
}

describe.skipIf(TEST_DATABASE_URL === undefined)('postgresql', () => {
  defineStorageSuite({
    name: 'postgresql',
    create: () => createPostgresTestDatabase(TEST_DATABASE_URL ?? ''),
  });
});
