import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import type { Candle } from '../../core/market.js';
import { isUniqueViolation } from '../errors.js';
import type { DatabaseSchema } from '../schema.js';

/**
 * The bulk candle write paths. Both write inserts and changed rows only: a conflicting row whose values are
 * identical is left alone (no write, not counted), so re-importing a range is cheap and returns 0.
 */

const CONFLICT_CLAUSE = `on conflict (exchange, symbol, timeframe, ts) do update set
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
  where candles.open <> excluded.open or candles.high <> excluded.high or candles.low <> excluded.low
    or candles.close <> excluded.close or candles.volume <> excluded.volume`;

const SQLITE_UPSERT = `insert into candles (exchange, symbol, timeframe, ts, open, high, low, close, volume)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?) ${CONFLICT_CLAUSE}`;

/**
 * Bumps the series' version in `candle_series` (creating the row on first write). Runs in the same
 * transaction as the write it records, so a reader that sees the new rows also sees the new version: the
 * columnar cache compares versions to know its file is current.
 */
export const BUMP_SERIES_VERSION = `insert into candle_series (exchange, symbol, timeframe, version, updated_at)
  values ($1, $2, $3, 1, $4)
  on conflict (exchange, symbol, timeframe) do update
  set version = candle_series.version + 1, updated_at = excluded.updated_at`;

const statements = new WeakMap<
  BetterSqlite3.Database,
  { upsert: BetterSqlite3.Statement; bump: BetterSqlite3.Statement }
>();

/**
 * SQLite: one prepared statement in one transaction. Runs while holding Kysely's connection, so no Kysely
 * transaction can be open on the same handle at the same time.
 */
export function upsertCandlesSqlite(
  db: Kysely<DatabaseSchema>,
  sqlite: BetterSqlite3.Database,
  key: [exchange: string, symbol: string, timeframe: string],
  candles: readonly Candle[],
): Promise<number> {
  return db.connection().execute(async () => {
    let prepared = statements.get(sqlite);
    if (prepared === undefined) {
      prepared = {
        upsert: sqlite.prepare(SQLITE_UPSERT),
        bump: sqlite.prepare(BUMP_SERIES_VERSION.replace(/\$\d/g, '?')),
      };
      statements.set(sqlite, prepared);
    }
    const { upsert: stmt, bump } = prepared;
    const [exchange, symbol, timeframe] = key;
    const write = sqlite.transaction(() => {
      let written = 0;
      for (const c of candles) {
        written += stmt.run(
          exchange,
          symbol,
          timeframe,
          c.ts,
          c.open,
          c.high,
          c.low,
          c.close,
          c.volume,
        ).changes;
      }
      if (written > 0) bump.run(exchange, symbol, timeframe, Date.now());
      return written;
    });
    return write();
  });
}

/** Below this many rows PostgreSQL takes one INSERT … SELECT FROM unnest(arrays); above, COPY. */
export const COPY_THRESHOLD = 2_000;
const COPY_CHUNK_ROWS = 8_192;

/** PostgreSQL rejects one statement updating the same row twice: keep the last candle per ts. */
function lastPerTs(candles: readonly Candle[]): readonly Candle[] {
  let ascending = true;
  for (let i = 1; i < candles.length; i++) {
    if (candles[i]!.ts <= candles[i - 1]!.ts) {
      ascending = false;
      break;
    }
  }
  if (ascending) return candles;
  const byTs = new Map<number, Candle>();
  for (const c of candles) byTs.set(c.ts, c);
  return [...byTs.values()];
}

function* copyText(candles: readonly Candle[], prefix = ''): Generator<string> {
  for (let start = 0; start < candles.length; start += COPY_CHUNK_ROWS) {
    const end = Math.min(candles.length, start + COPY_CHUNK_ROWS);
    let chunk = '';
    for (let i = start; i < end; i++) {
      const c = candles[i]!;
      chunk += `${prefix}${c.ts}\t${c.open}\t${c.high}\t${c.low}\t${c.close}\t${c.volume}\n`;
    }
    yield chunk;
  }
}

/** COPY's text format: backslash, tab and newline in a value must be escaped. */
function copyField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!);
}

/**
 * The COPY path. When the series holds no row in the batch's time range (a first download or import, the
 * common bulk case) the rows are copied straight into `candles`: there is nothing to conflict with, and
 * the same transaction holds the check and the copy (a concurrent writer would make COPY fail on the key,
 * never duplicate). Otherwise: COPY into a temporary table, then one INSERT … ON CONFLICT.
 */
async function copyCandles(
  client: PoolClient,
  key: [exchange: string, symbol: string, timeframe: string],
  candles: readonly Candle[],
): Promise<{ rowCount: number | null }> {
  const { from: copyFrom } = await import('pg-copy-streams');
  let minTs = Number.POSITIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  for (const c of candles) {
    if (c.ts < minTs) minTs = c.ts;
    if (c.ts > maxTs) maxTs = c.ts;
  }
  const overlap = await client.query(
    'select 1 from candles where exchange = $1 and symbol = $2 and timeframe = $3 and ts between $4 and $5 limit 1',
    [...key, minTs, maxTs],
  );
  if (overlap.rowCount === 0) {
    const prefix = `${key.map(copyField).join('\t')}\t`;
    // A writer that commits rows in this range after our check makes COPY fail on the key: fall back to the
    // conflict path from a savepoint rather than failing the whole write.
    await client.query('savepoint direct_copy');
    try {
      const copy = client.query(
        copyFrom('copy candles (exchange, symbol, timeframe, ts, open, high, low, close, volume) from stdin'),
      );
      await pipeline(Readable.from(copyText(candles, prefix)), copy);
      await client.query('release savepoint direct_copy');
      return { rowCount: candles.length };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await client.query('rollback to savepoint direct_copy');
    }
  }
  await client.query(
    `create temporary table candles_in (ts bigint not null, open float8 not null, high float8 not null,
       low float8 not null, close float8 not null, volume float8 not null) on commit drop`,
  );
  const copy = client.query(copyFrom('copy candles_in (ts, open, high, low, close, volume) from stdin'));
  await pipeline(Readable.from(copyText(candles)), copy);
  return client.query(
    `insert into candles (exchange, symbol, timeframe, ts, open, high, low, close, volume)
     select $1, $2, $3, ts, open, high, low, close, volume from candles_in ${CONFLICT_CLAUSE}`,
    key,
  );
}

/**
 * PostgreSQL, in one transaction on one pooled connection (the pool's search_path applies): large batches
 * through COPY (see `copyCandles`), small ones as one INSERT … SELECT FROM unnest(arrays) … ON CONFLICT.
 */
export async function upsertCandlesPostgres(
  pool: Pool,
  key: [exchange: string, symbol: string, timeframe: string],
  input: readonly Candle[],
): Promise<number> {
  const candles = lastPerTs(input);
  const client = await pool.connect();
  // A connection whose rollback failed is in an unknown state: destroy it instead of returning it.
  let broken = false;
  try {
    await client.query('begin');
    let result: { rowCount: number | null };
    if (candles.length < COPY_THRESHOLD) {
      const column = (pick: (c: Candle) => number) => candles.map(pick);
      result = await client.query(
        `insert into candles (exchange, symbol, timeframe, ts, open, high, low, close, volume)
         select $1, $2, $3, t.* from unnest($4::bigint[], $5::float8[], $6::float8[], $7::float8[], $8::float8[],
           $9::float8[]) as t ${CONFLICT_CLAUSE}`,
        [
          ...key,
          column((c) => c.ts),
          column((c) => c.open),
          column((c) => c.high),
          column((c) => c.low),
          column((c) => c.close),
          column((c) => c.volume),
        ],
      );
    } else {
      result = await copyCandles(client, key, candles);
    }
    const written = result.rowCount ?? 0;
    if (written > 0) await client.query(BUMP_SERIES_VERSION, [...key, Date.now()]);
    await client.query('commit');
    return written;
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
