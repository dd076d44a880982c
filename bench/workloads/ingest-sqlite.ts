import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Candle } from '../../src/core/market.js';
import { openDatabase } from '../../src/storage/index.js';
import type { Workload } from '../harness.js';
import { MINUTES_PER_YEAR, syntheticCandles } from './synthetic-candles.js';

let candles: Candle[] = [];

/**
 * `ingest-sqlite`: upsert a year of 1m candles (525,600 rows) into a fresh, migrated SQLite database —
 * the bulk path `candles.upsertMany` (one prepared statement, one transaction). Reports milliseconds.
 */
export const ingestSqlite: Workload = {
  name: 'ingest-sqlite',
  unit: 'ms',
  better: 'lower',
  target: 1500,
  async setup(ctx) {
    candles = syntheticCandles(ctx.quick ? MINUTES_PER_YEAR / 4 : MINUTES_PER_YEAR);
    ctx.log(`ingest-sqlite: ${candles.length} candles`);
  },
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'ql-bench-ingest-'));
    const database = await openDatabase(`sqlite:${join(dir, 'ql.db')}`);
    try {
      await database.migrate();
      const started = performance.now();
      const written = await database.candles.upsertMany('bench', 'BTC/USDT', '1m', candles);
      const elapsed = performance.now() - started;
      if (written !== candles.length)
        throw new Error(`ingest-sqlite wrote ${written} of ${candles.length} rows`);
      return elapsed;
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  async teardown() {
    candles = [];
  },
};
