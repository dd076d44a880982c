import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CandleCache } from '../../src/marketdata/candle-cache.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import type { Workload } from '../harness.js';
import { MINUTES_PER_YEAR, syntheticCandles } from './synthetic-candles.js';

let dir = '';
let database: Database | undefined;
let cache: CandleCache | undefined;

/**
 * `load-cache-1y`: load a year of 1m candles of one symbol (525,600 rows) from the columnar cache, as a
 * backtest does: the version check against the database plus the file read into typed arrays. The file is
 * built once in setup (not measured); every measured run must be a cache hit.
 */
export const loadCache1y: Workload = {
  name: 'load-cache-1y',
  unit: 'ms',
  better: 'lower',
  target: 50,
  runs: 7,
  async setup(ctx) {
    dir = mkdtempSync(join(tmpdir(), 'ql-bench-cache-'));
    database = await openDatabase(`sqlite:${join(dir, 'ql.db')}`);
    await database.migrate();
    await database.candles.upsertMany('bench', 'BTC/USDT', '1m', syntheticCandles(MINUTES_PER_YEAR));
    cache = new CandleCache(database, { dir: join(dir, 'cache') });
    const first = await cache.load('bench', 'BTC/USDT', '1m');
    ctx.log(`load-cache-1y: ${first.ts.length} candles, cache file ${first.source}`);
  },
  async run() {
    const started = performance.now();
    const loaded = await cache!.load('bench', 'BTC/USDT', '1m');
    const elapsed = performance.now() - started;
    if (loaded.source !== 'hit' || loaded.ts.length !== MINUTES_PER_YEAR) {
      throw new Error(`load-cache-1y: expected a hit of ${MINUTES_PER_YEAR} rows, got ${loaded.source}`);
    }
    return elapsed;
  },
  async teardown() {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  },
};
