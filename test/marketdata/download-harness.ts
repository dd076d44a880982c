/**
 * Shared set-up of the history download tests: a migrated throw-away database, an exchange pointed at a
 * local REST server, fast retries, and the candles the server is expected to serve.
 */

import type { Candle } from '../../src/core/market.js';
import { nextBucket, type Timeframe } from '../../src/core/timeframe.js';
import type { RetryPolicy } from '../../src/marketdata/download/index.js';
import { createExchange, type Exchange } from '../../src/marketdata/exchanges.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { type HistorySpec, servedCandle } from '../support/rest-server-common.js';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Retries fast enough for tests; still exponential and bounded. */
export const FAST_RETRY: Partial<RetryPolicy> = { retries: 3, baseDelayMs: 5, maxDelayMs: 40 };

export interface OpenedDatabase {
  database: Database;
  close(): Promise<void>;
}

/** Opens and migrates a test database (SQLite unless one is given). */
export async function openTestDatabase(
  test: TestDatabase = createSqliteTestDatabase(),
): Promise<OpenedDatabase> {
  const database = await openDatabase(test.url);
  await database.migrate();
  return {
    database,
    async close() {
      await database.close();
      await test.dispose();
    },
  };
}

/** An exchange on a local server: a generous timeout (test machines are busy), a limiter that barely waits. */
export function localExchange(id: string, baseUrl: string, timeoutMs = 5_000): Promise<Exchange> {
  return createExchange(id, { baseUrl, rateLimitMs: 1, timeoutMs });
}

/** What the server serves for `seed` with open times in [from, to]. */
export function expectedCandles(
  seed: string,
  timeframe: Timeframe,
  from: number,
  to: number,
  spec: HistorySpec = {},
): Candle[] {
  const out: Candle[] = [];
  for (let ts = from; ts <= to; ts = nextBucket(ts, timeframe)) {
    const candle = servedCandle(seed, ts, nextBucket(ts, timeframe) - ts, spec);
    if (candle !== undefined) out.push(candle);
  }
  return out;
}

/** Open times one timeframe apart, no duplicates: the series has no hole. */
export function assertContiguous(candles: readonly Candle[], stepMs: number): void {
  for (let i = 1; i < candles.length; i++) {
    const step = candles[i]!.ts - candles[i - 1]!.ts;
    if (step !== stepMs) throw new Error(`step ${step} between ${candles[i - 1]!.ts} and ${candles[i]!.ts}`);
  }
}
