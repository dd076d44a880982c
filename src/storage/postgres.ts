import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { StorageContext, StorageLogger } from './context.js';
import { mapPostgresConnectError } from './errors.js';
import type { DatabaseSchema } from './schema.js';

const OID_INT8 = 20;
const OID_JSON = 114;
const OID_JSONB = 3802;

/**
 * Type parsers for this pool only (pg's global `types.setTypeParser` would change every pool in the
 * process): int8 → number (our bigints are epoch ms and counts, far below 2^53) and json/jsonb → the raw
 * JSON text, so repositories read JSON the same way on both dialects.
 */
const poolTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === OID_INT8) return (value: string) => Number(value);
    if (oid === OID_JSON || oid === OID_JSONB) return (value: string) => value;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as typeof pg.types.getTypeParser,
};

export interface PostgresOpenOptions {
  connectionString: string;
  /** The redacted URL, for messages. */
  where: string;
  logger: StorageLogger;
  connectTimeoutMs?: number;
  maxConnections?: number;
}

/** Creates the pool and verifies it with a real query; failures become one QuantLabError. */
export async function openPostgres(options: PostgresOpenOptions): Promise<StorageContext> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    types: poolTypes,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'quantlab',
  });
  // An idle client losing its connection emits on the pool; unhandled it would crash the process.
  pool.on('error', (error) => {
    options.logger.warn({ url: options.where, err: error.message }, 'postgres: idle connection error');
  });
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw mapPostgresConnectError(error, options.where);
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return { dialect: 'postgres', db, raw: { dialect: 'postgres', pool } };
}
