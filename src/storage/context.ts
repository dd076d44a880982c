import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { DatabaseSchema, SqlDialect } from './schema.js';

/** The driver underneath Kysely, for the few bulk paths that bypass it (prepared statements, COPY). */
export type RawConnection =
  | { dialect: 'sqlite'; sqlite: BetterSqlite3.Database }
  | { dialect: 'postgres'; pool: Pool };

/** What every repository is built from. */
export interface StorageContext {
  dialect: SqlDialect;
  db: Kysely<DatabaseSchema>;
  raw: RawConnection;
}

/** Minimal logger; pino's Logger fits it. */
export interface StorageLogger {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

export const silentLogger: StorageLogger = {
  info() {},
  warn() {},
  error() {},
};
