/**
 * Closed-candle fetches without a cursor: `fetchClosedCandles` (the live feed's reconnect backfill) and
 * `backfillGaps` (fills the gaps `data check` reports and says which ones the venue lacks too — those are
 * reported, never invented).
 */

import type { Exchange } from 'ccxt';
import type { Candle } from '../../core/market.js';
import { nextBucket, type Timeframe } from '../../core/timeframe.js';
import type { Database } from '../../storage/index.js';
import { MARK_SUFFIX, seriesSymbol } from './markets.js';
import { CLOSE_GRACE_MS, candlePages, ceilAlign, lastClosedStart, type RejectedRow } from './pages.js';
import { quarantineRows } from './quarantine.js';
import { DEFAULT_RETRY_POLICY, type RetryHooks, type RetryPolicy } from './retry.js';

export interface FetchClosedCandlesOptions {
  /** `mark` for mark-price candles. */
  kind?: 'candles' | 'mark';
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
  pageSize?: number;
  onRetry?: RetryHooks['onRetry'];
  /** Rows that failed validation (they are not returned). */
  onRejected?: (rows: readonly RejectedRow[]) => void;
}

function pagingOptions(
  exchange: Exchange,
  symbol: string,
  timeframe: Timeframe,
  from: number,
  to: number,
  options: FetchClosedCandlesOptions,
) {
  return {
    exchange,
    symbol,
    timeframe,
    from,
    to,
    kind: options.kind ?? 'candles',
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
  } as const;
}

/**
 * The closed candles with fromTs ≤ ts ≤ toTs, oldest first, paginated and retried. The still-forming candle
 * is never included; invalid rows are left out and handed to `onRejected`.
 */
export async function fetchClosedCandles(
  exchange: Exchange,
  symbol: string,
  timeframe: Timeframe,
  fromTs: number,
  toTs: number,
  options: FetchClosedCandlesOptions = {},
): Promise<Candle[]> {
  const out: Candle[] = [];
  for await (const page of candlePages(pagingOptions(exchange, symbol, timeframe, fromTs, toTs, options))) {
    out.push(...page.rows);
    if (page.rejected.length > 0) options.onRejected?.(page.rejected);
  }
  return out;
}

export interface BackfillRequest extends Omit<FetchClosedCandlesOptions, 'onRejected'> {
  database: Database;
  exchange: Exchange;
  /** The market symbol, or a stored mark series (`BTC/USDT:USDT#mark`, which implies `kind: 'mark'`). */
  symbol: string;
  timeframe: Timeframe;
  /** Inclusive ranges of missing candle open times, `[firstMissingTs, lastMissingTs]` as `data check` reports. */
  gaps: ReadonlyArray<readonly [number, number]>;
}

export interface BackfillResult {
  /** Candles inserted (or corrected) in the gaps. */
  filled: number;
  quarantined: number;
  /** What is still missing after the backfill (the venue has no candles there either). */
  remaining: Array<[number, number]>;
}

/** Runs of buckets in [from, to] whose open time is not in `stored`. */
function missingRuns(
  from: number,
  to: number,
  timeframe: Timeframe,
  stored: ReadonlySet<number>,
): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let runStart: number | undefined;
  let previous = from;
  for (let ts = ceilAlign(from, timeframe); ts <= to; ts = nextBucket(ts, timeframe)) {
    if (stored.has(ts)) {
      if (runStart !== undefined) runs.push([runStart, previous]);
      runStart = undefined;
    } else runStart ??= ts;
    previous = ts;
  }
  if (runStart !== undefined) runs.push([runStart, previous]);
  return runs;
}

/** Fetches and stores the candles of each gap; returns what was filled and what the venue lacks too. */
export async function backfillGaps(request: BackfillRequest): Promise<BackfillResult> {
  const { database, exchange, timeframe } = request;
  // A stored mark series (`BTC/USDT:USDT#mark`, as `data check` lists it) is backfilled with mark candles.
  const markSeries = request.symbol.endsWith(MARK_SUFFIX);
  const symbol = markSeries ? request.symbol.slice(0, -MARK_SUFFIX.length) : request.symbol;
  const kind = markSeries ? 'mark' : (request.kind ?? 'candles');
  const series = seriesSymbol(symbol, kind);
  const source = `download ${exchange.id}`;
  const now = request.now ?? Date.now;
  const result: BackfillResult = { filled: 0, quarantined: 0, remaining: [] };
  for (const [gapFrom, gapTo] of request.gaps) {
    const options = pagingOptions(exchange, symbol, timeframe, gapFrom, gapTo, { ...request, kind });
    for await (const page of candlePages(options)) {
      result.filled += await database.candles.upsertMany(exchange.id, series, timeframe, page.rows);
      result.quarantined += await database.db
        .transaction()
        .execute((trx) =>
          quarantineRows(
            trx,
            { exchange: exchange.id, symbol: series, timeframe, source },
            page.rejected,
            now(),
          ),
        );
    }
    // Candles that have not closed yet are not missing.
    const end = Math.min(gapTo, lastClosedStart(now() - CLOSE_GRACE_MS, timeframe));
    const stored = await database.candles.range(exchange.id, series, timeframe, gapFrom, end);
    result.remaining.push(...missingRuns(gapFrom, end, timeframe, new Set(stored.map((c) => Number(c.ts)))));
  }
  return result;
}
