import { resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { QuantLabError } from '../core/errors.js';
import { type StorageContext, type StorageLogger, silentLogger } from './context.js';
import type { CredentialCipher } from './credential-cipher.js';
import { toQueryError } from './errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { type MigrationStatus, readMigrationStatus, runMigrations, schemaTooNew } from './migrator.js';
import {
  type ApiCredentialRepository,
  createApiCredentialRepository,
} from './repositories/api-credentials.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import type { DatabaseSchema, SqlDialect } from './schema.js';
import { openSqlite } from './sqlite.js';
import { parseDatabaseUrl } from './url.js';

export interface OpenDatabaseOptions {
  logger?: StorageLogger;
  /** Directory a relative SQLite path is resolved against (default: the process working directory). */
  baseDir?: string;
  /** The migration list; defaults to MIGRATIONS (tests pass their own). */
  migrations?: readonly Migration[];
  /** PostgreSQL: how long to wait for a connection (default 10 s). */
  connectTimeoutMs?: number;
  /** PostgreSQL: pool size (default 10). */
  maxConnections?: number;
}

export interface Database extends Repositories {
  readonly dialect: SqlDialect;
  /** Typed query builder, for what the repositories do not cover. */
  readonly db: Kysely<DatabaseSchema>;
  /** The URL with any password replaced by ***. */
  readonly url: string;
  /** Applies pending migrations; returns the versions applied (empty when already current). */
  migrate(): Promise<number[]>;
  migrationStatus(): Promise<MigrationStatus>;
  /** Throws QL_ERR_DB_NOT_MIGRATED (pending) or QL_ERR_DB_SCHEMA_TOO_NEW; for services that must not migrate. */
  assertMigrated(): Promise<void>;
  /** A round trip to the database; throws QL_ERR_DB_UNREACHABLE when it fails. */
  ping(): Promise<void>;
  /** The credentials repository, bound to a cipher made from MASTER_KEY. */
  apiCredentials(cipher: CredentialCipher): ApiCredentialRepository;
  close(): Promise<void>;
}

/**
 * Opens the database DATABASE_URL names: `sqlite:FILE` / `sqlite::memory:` (better-sqlite3) or
 * `postgres://…` (pg pool, `?schema=NAME` selects the schema). The connection is verified with a real query;
 * failures are QuantLabErrors whose messages never contain the password. Does not migrate.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  const migrations = options.migrations ?? MIGRATIONS;
  const target = parseDatabaseUrl(url);
  const ctx: StorageContext =
    target.dialect === 'sqlite'
      ? openSqlite(
          target.filename === ':memory:' ? target.filename : resolve(options.baseDir ?? '.', target.filename),
        )
      : await (await import('./postgres.js')).openPostgres({
          connectionString: target.connectionString,
          where: target.redacted,
          logger,
          ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
          ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
        });
  const schema = target.dialect === 'postgres' ? target.schema : undefined;
  logger.info({ url: target.redacted, dialect: ctx.dialect }, 'database opened');
  let closed = false;

  const status = () =>
    readMigrationStatus(ctx.db, ctx.dialect, migrations).catch((e) => {
      throw toQueryError(e, 'migrationStatus');
    });

  return {
    ...createRepositories(ctx),
    dialect: ctx.dialect,
    db: ctx.db,
    url: target.redacted,

    async migrate() {
      const applied = await runMigrations(ctx.db, {
        dialect: ctx.dialect,
        schema,
        migrations,
        onApplied: (m, ms) =>
          logger.info({ version: m.version, name: m.name, ms: Math.round(ms) }, 'database migration applied'),
      });
      if (applied.length > 0) logger.info({ url: target.redacted, applied }, 'database migrated');
      return applied;
    },

    migrationStatus: status,

    async assertMigrated() {
      const s = await status();
      if (s.current > s.latest) throw schemaTooNew(s.current, s.latest);
      if (s.pending.length > 0) {
        throw new QuantLabError(
          'QL_ERR_DB_NOT_MIGRATED',
          `the database ${target.redacted} is at schema version ${s.current} of ${s.latest}; run \`quantlab db migrate\``,
          { details: { current: s.current, latest: s.latest } },
        );
      }
    },

    async ping() {
      try {
        await sql`select 1`.execute(ctx.db);
      } catch (cause) {
        throw new QuantLabError('QL_ERR_DB_UNREACHABLE', `database ${target.redacted} did not answer`, {
          details: { url: target.redacted },
          cause,
        });
      }
    },

    apiCredentials(cipher) {
      return createApiCredentialRepository(ctx, cipher);
    },

    async close() {
      if (closed) return;
      closed = true;
      await ctx.db.destroy();
    },
  };
}
