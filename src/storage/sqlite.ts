import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { StorageContext } from './context.js';
import { mapSqliteOpenError } from './errors.js';
import type { DatabaseSchema } from './schema.js';

export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating if needed) an SQLite database file, or `:memory:`, and verifies it with a real query. */
export function openSqlite(filename: string): StorageContext {
  const memory = filename === ':memory:';
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    if (!memory) mkdirSync(dirname(resolve(filename)), { recursive: true });
    sqlite = new BetterSqlite3(filename);
    // A read first: a file that is not SQLite fails here (SQLITE_NOTADB) before anything writes to it.
    sqlite.prepare('select count(*) from sqlite_master').get();
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    if (!memory) sqlite.pragma('journal_mode = WAL');
    // WAL + NORMAL: durable across application crashes, fsync only at checkpoints; the usual WAL pairing.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite?.close();
    throw mapSqliteOpenError(error, filename);
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { dialect: 'sqlite', db, raw: { dialect: 'sqlite', sqlite } };
}
