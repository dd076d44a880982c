import { type Kysely, sql } from 'kysely';
import { QuantLabError } from '../core/errors.js';
import type { Migration, MigrationContext } from './migrations/types.js';
import type { DatabaseSchema, SqlDialect } from './schema.js';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite.js';

/**
 * Our own small migrator (Kysely's keeps its state in other tables and does not hold one transaction per
 * step on both dialects). State lives in `schema_version` (version, name, applied_at). Each migration runs in
 * its own transaction together with its schema_version row, so a failure leaves the previous version
 * intact. PostgreSQL serialises concurrent migrators with a transaction-scoped advisory lock; SQLite with
 * BEGIN IMMEDIATE (the write lock, waited for through busy_timeout).
 */

export interface MigrationStatus {
  /** Highest applied version; 0 for an empty database. */
  current: number;
  /** Highest version this code knows. */
  latest: number;
  pending: Array<{ version: number; name: string }>;
  applied: Array<{ version: number; name: string; appliedAt: number }>;
}

export interface MigratorOptions {
  dialect: SqlDialect;
  /** PostgreSQL schema the database lives in (created if missing); undefined = the server's default. */
  schema?: string | undefined;
  migrations: readonly Migration[];
  onApplied?: (migration: Migration, ms: number) => void;
}

export function validateMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new QuantLabError(
        'QL_ERR_DB_MIGRATION_FAILED',
        `migration list is malformed: entry ${index} ("${migration.name}") has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}

async function schemaVersionExists(db: Kysely<DatabaseSchema>, dialect: SqlDialect): Promise<boolean> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ t: string | null }>`select to_regclass('schema_version')::text as t`.execute(
      db,
    );
    return rows[0]?.t !== null && rows[0]?.t !== undefined;
  }
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from sqlite_master where type = 'table' and name = 'schema_version'`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

async function readApplied(db: Kysely<DatabaseSchema>): Promise<MigrationStatus['applied']> {
  const rows = await db.selectFrom('schema_version').selectAll().orderBy('version').execute();
  return rows.map((r) => ({ version: Number(r.version), name: r.name, appliedAt: Number(r.applied_at) }));
}

export async function readMigrationStatus(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
  migrations: readonly Migration[],
): Promise<MigrationStatus> {
  const applied = (await schemaVersionExists(db, dialect)) ? await readApplied(db) : [];
  const current = applied.reduce((max, row) => Math.max(max, row.version), 0);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const pending = migrations
    .filter((m) => m.version > current)
    .map(({ version, name }) => ({ version, name }));
  return { current, latest, pending, applied };
}

export function schemaTooNew(current: number, latest: number): QuantLabError {
  return new QuantLabError(
    'QL_ERR_DB_SCHEMA_TOO_NEW',
    `the database is at schema version ${current} but this Quant Lab knows only up to ${latest}; upgrade Quant Lab`,
    { details: { current, latest } },
  );
}

const LOCK_WAIT_MS = 30_000;

/**
 * BEGIN IMMEDIATE, waiting for another writer asynchronously: better-sqlite3's busy_timeout waits
 * synchronously, which would block forever a second connection in the same process (the holder can't run).
 */
async function beginImmediate(conn: Kysely<DatabaseSchema>): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  } finally {
    await sql`pragma busy_timeout = ${sql.raw(String(SQLITE_BUSY_TIMEOUT_MS))}`.execute(conn);
  }
}

/** Runs `work` in one transaction that already holds the migration lock. */
async function lockedTransaction<T>(
  db: Kysely<DatabaseSchema>,
  options: MigratorOptions,
  work: (trx: Kysely<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  if (options.dialect === 'postgres') {
    return db.transaction().execute(async (trx) => {
      const key = `quantlab.migrate:${options.schema ?? ''}`;
      await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
      if (options.schema !== undefined)
        await sql`create schema if not exists ${sql.id(options.schema)}`.execute(trx);
      return work(trx);
    });
  }
  // Kysely's transaction() issues a deferred BEGIN; IMMEDIATE takes the write lock up front so two
  // processes queue on busy_timeout instead of failing with SQLITE_BUSY on lock upgrade.
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

/** Applies every pending migration, one transaction each. Returns the versions applied (none = no-op). */
export async function runMigrations(db: Kysely<DatabaseSchema>, options: MigratorOptions): Promise<number[]> {
  const { migrations, dialect } = options;
  validateMigrations(migrations);
  const latest = migrations.length;
  const context: MigrationContext = { dialect };
  const applied: number[] = [];
  for (;;) {
    const done = await lockedTransaction(db, options, async (trx) => {
      await trx.schema
        .createTable('schema_version')
        .ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute();
      const row = await trx
        .selectFrom('schema_version')
        .select((eb) => eb.fn.max('version').as('v'))
        .executeTakeFirst();
      const current = Number(row?.v ?? 0);
      if (current > latest) throw schemaTooNew(current, latest);
      const next = migrations[current];
      if (next === undefined) return undefined;
      const started = performance.now();
      try {
        // The schema builder does not depend on the table types; migrations see an untyped handle.
        await next.up(trx as unknown as Kysely<unknown>, context);
        await trx
          .insertInto('schema_version')
          .values({ version: next.version, name: next.name, applied_at: Date.now() })
          .execute();
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new QuantLabError(
          'QL_ERR_DB_MIGRATION_FAILED',
          `migration ${next.version} "${next.name}" failed: ${reason}; it was rolled back and the database stays at version ${current}`,
          { details: { version: next.version, name: next.name, current }, cause },
        );
      }
      options.onApplied?.(next, performance.now() - started);
      return next.version;
    });
    if (done === undefined) return applied;
    applied.push(done);
  }
}
