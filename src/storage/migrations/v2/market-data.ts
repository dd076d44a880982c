import type { Kysely } from 'kysely';
import { columnTypes, type MigrationContext, withSerialId } from '../types.js';

/**
 * Version 2, market data:
 * - `candle_series`: one row per stored series with a version bumped by every write, so the columnar cache
 *   can tell, with one indexed read, whether its file is still current.
 * - `candle_quarantine`: rows that failed a quality check, kept with the reason (never silently dropped).
 * - `download_cursors`: where a history download of a range stopped, so a second run resumes there.
 */
export async function createMarketDataV2Tables(
  db: Kysely<unknown>,
  { dialect }: MigrationContext,
): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('candle_series')
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('timeframe', 'text', (c) => c.notNull())
    .addColumn('version', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('candle_series_pk', ['exchange', 'symbol', 'timeframe'])
    .execute();

  await withSerialId(db.schema.createTable('candle_quarantine'), dialect)
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('timeframe', 'text', (c) => c.notNull())
    // Null when the timestamp itself could not be read.
    .addColumn('ts', t.bigint)
    .addColumn('reason', 'text', (c) => c.notNull())
    // The offending row as it arrived (JSON), so a human can judge it and re-import it.
    .addColumn('raw', t.json, (c) => c.notNull())
    // Where it came from: a file path and line, `download okx`, `ws okx` …
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('detected_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('candle_quarantine_series_idx')
    .on('candle_quarantine')
    .columns(['exchange', 'symbol', 'timeframe', 'ts'])
    .execute();

  await db.schema
    .createTable('download_cursors')
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('timeframe', 'text', (c) => c.notNull())
    // candles | mark | funding
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('range_from', t.bigint, (c) => c.notNull())
    .addColumn('range_to', t.bigint, (c) => c.notNull())
    // The next timestamp to fetch; equals range_to + 1 once the range is complete.
    .addColumn('next_ts', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('download_cursors_pk', ['exchange', 'symbol', 'timeframe', 'kind', 'range_from'])
    .execute();
}
