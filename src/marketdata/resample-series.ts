/**
 * `data resample`: a stored series aggregated into a coarser one, stored beside it (same exchange and
 * symbol, the target timeframe). The range is widened to whole target buckets, so a `from` inside a bucket
 * does not store a candle built from half its base candles. The partial last bucket (the data ends before
 * its last base candle) is NOT stored: it would be an unfinished candle presented as final. Buckets with
 * missing base candles inside the data are stored, aggregated from what exists, and counted.
 */

import { QuantLabError } from '../core/errors.js';
import type { Candle } from '../core/market.js';
import { alignTs, nextBucket, type Timeframe } from '../core/timeframe.js';
import type { Database } from '../storage/index.js';
import { CandleAggregator } from './candle-aggregator.js';

export interface ResampleSeriesOptions {
  exchange: string;
  symbol: string;
  from: Timeframe;
  to: Timeframe;
  /** Optional range of base candles (epoch ms, inclusive), widened to whole `to` buckets. */
  since?: number;
  until?: number;
  /** Candles per upsertMany call (default 10,000). */
  chunkSize?: number;
}

export interface ResampleSeriesSummary {
  exchange: string;
  symbol: string;
  from: Timeframe;
  to: Timeframe;
  baseCandles: number;
  /** Candles stored (partial last excluded): written + unchanged. */
  candles: number;
  written: number;
  unchanged: number;
  incompleteBuckets: number;
  /** Open time of the partial last bucket, which was not stored; null when the last bucket is complete. */
  partialLast: number | null;
  first: number | null;
  last: number | null;
}

export async function resampleStoredSeries(
  database: Database,
  options: ResampleSeriesOptions,
): Promise<ResampleSeriesSummary> {
  const { exchange, symbol, from, to } = options;
  const since = options.since === undefined ? undefined : alignTs(options.since, to);
  const until = options.until === undefined ? undefined : nextBucket(options.until, to) - 1;
  const base = await database.candles.rangeColumns(exchange, symbol, from, since, until);
  const n = base.ts.length;
  if (n === 0) {
    throw new QuantLabError(
      'QL_ERR_NOT_FOUND',
      `no ${from} candles stored for ${exchange} ${symbol}${since !== undefined || until !== undefined ? ' in that range' : ''} (see quantlab data list)`,
      { details: { exchange, symbol, timeframe: from } },
    );
  }
  const out: Candle[] = [];
  let incompleteBuckets = 0;
  const aggregator = new CandleAggregator({
    from,
    to,
    onCandle: (candle, info) => {
      out.push(candle);
      if (!info.complete) incompleteBuckets++;
    },
  });
  // One reused object: the aggregator copies what it needs.
  const row: Candle = { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < n; i++) {
    row.ts = base.ts[i]!;
    row.open = base.open[i]!;
    row.high = base.high[i]!;
    row.low = base.low[i]!;
    row.close = base.close[i]!;
    row.volume = base.volume[i]!;
    aggregator.push(row);
  }
  // Not flushed: the bucket still open at the end is the partial last one, reported and not stored.
  const partial = aggregator.pending();
  const stored = out;

  const chunk = options.chunkSize ?? 10_000;
  let written = 0;
  for (let start = 0; start < stored.length; start += chunk) {
    written += await database.candles.upsertMany(exchange, symbol, to, stored.slice(start, start + chunk));
  }
  return {
    exchange,
    symbol,
    from,
    to,
    baseCandles: n,
    candles: stored.length,
    written,
    unchanged: stored.length - written,
    incompleteBuckets,
    partialLast: partial?.ts ?? null,
    first: stored[0]?.ts ?? null,
    last: stored.at(-1)?.ts ?? null,
  };
}
