import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Throw-away databases for tests. SQLite: a file in a fresh temp directory. PostgreSQL (only when
 * TEST_DATABASE_URL is set): a schema `ql_test_<random>` in that database, dropped afterwards, so runs
 * sharing the server never see each other's rows.
 */

export interface TestDatabase {
  url: string;
  /** What to print: the file or the schema. */
  label: string;
  dispose(): Promise<void>;
}

export const TEST_DATABASE_URL: string | undefined = process.env.TEST_DATABASE_URL || undefined;

export function createSqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'ql-test-db-'));
  const file = join(dir, 'test.db');
  return {
    url: `sqlite:${file}`,
    label: file,
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds `schema=NAME` to a PostgreSQL URL. */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

export async function createPostgresTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const schema = `ql_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    url: withSchema(baseUrl, schema),
    label: `schema ${schema}`,
    async dispose() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
