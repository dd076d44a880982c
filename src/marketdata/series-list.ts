/**
 * `data list`: every stored series with its range, candle count and how many candles are missing between
 * its first and last candle (expected buckets minus stored candles; calendar months counted as months).
 */

import { isTimeframe } from '../core/timeframe.js';
import type { Database } from '../storage/index.js';
import { expectedCandles } from './quality/gaps.js';

/** The `data list --json` contract (DESIGN.md §4.3), one per series. */
export interface SeriesSummary {
  exchange: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  count: number;
  /** Null for a series stored under a timeframe name Quant Lab does not know. */
  missingCandles: number | null;
}

export async function listCandleSeries(
  database: Database,
  filter: { exchange?: string; symbol?: string } = {},
): Promise<SeriesSummary[]> {
  const series = await database.candles.listSeries(filter);
  return series.map((s) => ({
    exchange: s.exchange,
    symbol: s.symbol,
    timeframe: s.timeframe,
    from: s.from,
    to: s.to,
    count: s.count,
    // Misaligned candles can share a bucket, so the difference can go below 0: nothing is missing then.
    missingCandles: isTimeframe(s.timeframe)
      ? Math.max(0, expectedCandles(s.from, s.to, s.timeframe) - s.count)
      : null,
  }));
}
