import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Candle } from '../../src/core/market.js';
import { openDatabase } from '../../src/storage/index.js';
import type { Workload } from '../harness.js';
import { MINUTES_PER_YEAR, syntheticCandles } from './synthetic-candles.js';

/** The server to measure: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local default. */
const baseUrl =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  'postgres://postgres@127.0.0.1:5432/test';

let candles: Candle[] = [];

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * `ingest-postgres`: upsert a year of 1m candles (525,600 rows) into a fresh, migrated PostgreSQL schema
 * through `candles.upsertMany` (COPY into a temporary table, then one INSERT … ON CONFLICT, one
 * transaction). Reports rows per second; the schema is dropped after each run.
 */
export const ingestPostgres: Workload = {
  name: 'ingest-postgres',
  unit: 'rows/s',
  better: 'higher',
  target: 150_000,
  async unavailable() {
    try {
      await withAdmin((client) => client.query('select 1'));
      return undefined;
    } catch (error) {
      return `PostgreSQL at ${new URL(baseUrl).host} is not reachable (${(error as Error).message})`;
    }
  },
  async setup(ctx) {
    candles = syntheticCandles(ctx.quick ? MINUTES_PER_YEAR / 4 : MINUTES_PER_YEAR);
    ctx.log(`ingest-postgres: ${candles.length} candles`);
  },
  async run() {
    const schema = `ql_bench_${randomBytes(5).toString('hex')}`;
    await withAdmin((client) => client.query(`create schema ${schema}`));
    const url = new URL(baseUrl);
    url.searchParams.set('schema', schema);
    const database = await openDatabase(url.toString());
    try {
      await database.migrate();
      const started = performance.now();
      const written = await database.candles.upsertMany('bench', 'BTC/USDT', '1m', candles);
      const seconds = (performance.now() - started) / 1000;
      if (written !== candles.length)
        throw new Error(`ingest-postgres wrote ${written} of ${candles.length} rows`);
      return candles.length / seconds;
    } finally {
      await database.close();
      await withAdmin((client) => client.query(`drop schema ${schema} cascade`));
    }
  },
  async teardown() {
    candles = [];
  },
};
