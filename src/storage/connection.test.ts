import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../../test/support/databases.js';
import type { QuantLabError } from '../core/errors.js';
import { openDatabase } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

async function openError(url: string): Promise<QuantLabError> {
  try {
    const db = await openDatabase(url, { connectTimeoutMs: 5_000 });
    await db.close();
  } catch (error) {
    return error as QuantLabError;
  }
  throw new Error(`expected ${url} to fail`);
}

describe('openDatabase: SQLite', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ql-conn-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the parent directory and the file, in WAL mode with foreign keys on', async () => {
    const file = join(tempDir(), 'nested', 'deeper', 'q.db');
    const db = await openDatabase(`sqlite:${file}`);
    try {
      expect(db.dialect).toBe('sqlite');
      expect(existsSync(file)).toBe(true);
      await db.ping();
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.db);
      expect(rows[0]?.journal_mode).toBe('wal');
    } finally {
      await db.close();
      await db.close(); // closing twice is harmless
    }
  });

  it('opens sqlite::memory: and migrates it', async () => {
    const db = await openDatabase('sqlite::memory:');
    try {
      expect(await db.migrate()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await db.candles.listSeries()).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('a file that is not SQLite is QL_ERR_DB_NOT_SQLITE and is left untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'notes.db');
    const text = 'These are my notes, not a database.\n'.repeat(200);
    writeFileSync(file, text);
    const error = await openError(`sqlite:${file}`);
    expect(error.code).toBe('QL_ERR_DB_NOT_SQLITE');
    expect(error.message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['notes.db']);
  });
});

describe('openDatabase: URLs and PostgreSQL errors', () => {
  it('an unknown scheme is QL_ERR_DB_URL_INVALID', async () => {
    expect((await openError('mysql://root:hunter2@localhost/db')).code).toBe('QL_ERR_DB_URL_INVALID');
    expect((await openError('mysql://root:hunter2@localhost/db')).message).not.toContain('hunter2');
    expect((await openError('./var/quantlab.db')).code).toBe('QL_ERR_DB_URL_INVALID');
  });

  it('a refused connection is QL_ERR_DB_UNREACHABLE, naming the server without the password', async () => {
    const error = await openError('postgres://quant:s3cret-pw@127.0.0.1:1/x');
    expect(error.code).toBe('QL_ERR_DB_UNREACHABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('postgres://quant:***@127.0.0.1:1/x');
    expect(error.message).not.toContain('s3cret-pw');
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cret-pw');
  });

  describe.skipIf(TEST_DATABASE_URL === undefined)('against the test server', () => {
    const server = () => new URL(TEST_DATABASE_URL ?? 'postgres://localhost');

    it('a role that does not exist is QL_ERR_DB_AUTH without the password', async () => {
      const url = server();
      url.username = 'ql_no_such_role';
      url.password = 'pa55-w0rd-secret';
      const error = await openError(url.toString());
      expect(error.code).toBe('QL_ERR_DB_AUTH');
      expect(error.message).toContain('ql_no_such_role');
      expect(error.message).not.toContain('pa55-w0rd-secret');
      expect(JSON.stringify(error.toJSON())).not.toContain('pa55-w0rd-secret');
    });

    it('a database that does not exist is QL_ERR_DB_AUTH', async () => {
      const url = server();
      url.pathname = '/ql_no_such_database';
      expect((await openError(url.toString())).code).toBe('QL_ERR_DB_AUTH');
    });

    it('opens, pings and reports postgres', async () => {
      const db = await openDatabase(TEST_DATABASE_URL ?? '');
      try {
        expect(db.dialect).toBe('postgres');
        await db.ping();
      } finally {
        await db.close();
      }
    });
  });
});
