/**
 * Forward pagination over a venue's history, one page per request, with nothing stored: the download, the
 * gap backfill and the live feed's reconnect backfill all read history through these iterators.
 *
 * Each page vouches for a range: every row the venue has in [page.from, page.nextTs) is in the page, either
 * accepted or rejected with the rules it broke (never dropped silently). Only closed candles are returned:
 * the range is cut at the last candle whose interval has ended (`ts + timeframe ≤ now`, with a few seconds'
 * grace for the venue to finalise it).
 */

import type { Exchange } from 'ccxt';
import type { Candle } from '../../core/market.js';
import { validateCandle } from '../../core/market-validation.js';
import {
  alignTs,
  isAligned,
  isCalendarTimeframe,
  nextBucket,
  nominalTimeframeMs,
  type Timeframe,
} from '../../core/timeframe.js';
import type { FundingRateRecord } from '../../storage/index.js';
import { resolveMarket } from './markets.js';
import { type HistoryProfile, historyProfile } from './profiles.js';
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryHooks,
  type RetryPolicy,
  throwIfAborted,
  withRetry,
} from './retry.js';

/** A row the venue sent that failed validation: kept with the reason, for the quarantine. */
export interface RejectedRow {
  ts: number | null;
  reason: string;
  raw: unknown;
}

export interface HistoryPage<T> {
  /** First timestamp the page covers. */
  from: number;
  /** First timestamp after the page: where the next page starts (and where a resumed download begins). */
  nextTs: number;
  rows: T[];
  rejected: RejectedRow[];
}

export interface PagingOptions {
  exchange: Exchange;
  symbol: string;
  /** Inclusive bounds, epoch ms. */
  from: number;
  to: number;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Called before each retry pause (for logs). */
  onRetry?: RetryHooks['onRetry'];
  /** Clock for "is this candle closed yet"; defaults to Date.now. */
  now?: () => number;
  /** Rows per request; defaults to the exchange's maximum (profiles.ts). */
  pageSize?: number;
}

export interface CandlePagingOptions extends PagingOptions {
  timeframe: Timeframe;
  /** `mark` reads mark-price candles (ccxt `params.price = 'mark'`). */
  kind: 'candles' | 'mark';
}

/** First bucket start at or after `ts`. */
export function ceilAlign(ts: number, timeframe: Timeframe): number {
  return isAligned(ts, timeframe) ? ts : nextBucket(ts, timeframe);
}

/**
 * How long after its interval ends a candle counts as closed. Venues finalise the last candle a moment after
 * its end (OKX marks it with `confirm`, which ccxt does not pass on); the next run picks it up.
 */
export const CLOSE_GRACE_MS = 5_000;

/** Open time of the newest candle that has closed by `now`. */
export function lastClosedStart(now: number, timeframe: Timeframe): number {
  const current = alignTs(now, timeframe);
  // The bucket before the current one: step back a nominal length and re-align (exact for months too).
  return alignTs(current - 1, timeframe);
}

/** A response header by name, whatever its case (ccxt capitalises them: `Retry-After`). */
function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function retryHooks(exchange: Exchange, options: PagingOptions): RetryHooks {
  return {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
    retryAfterMs: () => parseRetryAfter(headerValue(exchange.last_response_headers, 'retry-after')),
  };
}

function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/** Splits ccxt OHLCV rows of one page into valid candles and rejected rows, de-duplicated by ts. */
function checkCandles(
  raw: readonly unknown[][],
  timeframe: Timeframe,
  kind: 'candles' | 'mark',
  from: number,
  to: number,
): { candles: Candle[]; rejected: RejectedRow[]; lastTs: number | undefined } {
  const byTs = new Map<number, { candle?: Candle; rejected?: RejectedRow }>();
  // Rows that cannot be placed in time: quarantined, but they cannot move the cursor.
  const rejected: RejectedRow[] = [];
  let lastTs: number | undefined;
  for (const row of raw) {
    const ts = toNumber(row[0]);
    if (!Number.isSafeInteger(ts)) {
      rejected.push({ ts: null, reason: 'ts-invalid', raw: row });
      continue;
    }
    if (ts < from || ts > to) continue;
    lastTs = lastTs === undefined ? ts : Math.max(lastTs, ts);
    // OKX mark-price candles have no volume column: 0 rather than a rejection.
    const volume = kind === 'mark' && (row[5] === undefined || row[5] === null) ? 0 : toNumber(row[5]);
    const candle: Candle = {
      ts,
      open: toNumber(row[1]),
      high: toNumber(row[2]),
      low: toNumber(row[3]),
      close: toNumber(row[4]),
      volume,
    };
    const rules = validateCandle(candle).map((v) => v.rule);
    if (!isAligned(ts, timeframe)) rules.push('ts-not-aligned');
    byTs.set(ts, rules.length === 0 ? { candle } : { rejected: { ts, reason: rules.join(','), raw: row } });
  }
  const candles: Candle[] = [];
  for (const entry of byTs.values()) {
    if (entry.candle !== undefined) candles.push(entry.candle);
    if (entry.rejected !== undefined) rejected.push(entry.rejected);
  }
  candles.sort((a, b) => a.ts - b.ts);
  return { candles, rejected, lastTs };
}

/**
 * Where the next page starts. A windowed venue (OKX) answered for its whole window, so a short or empty page
 * moves past the window; elsewhere the next page starts after the last row, and an empty page (or a short
 * one, where the venue's caps are known) means there is nothing later.
 */
function nextCursor(page: {
  profile: HistoryProfile;
  short: boolean;
  /** Just after the page's last row in range; undefined when it had none. */
  afterLast: number | undefined;
  windowEnd: number | undefined;
  to: number;
}): number {
  const { afterLast, windowEnd } = page;
  if (windowEnd !== undefined && (afterLast === undefined || page.short)) {
    return Math.max(windowEnd, afterLast ?? windowEnd);
  }
  if (afterLast === undefined || (page.short && page.profile.shortPageEnds)) return page.to + 1;
  return afterLast;
}

/**
 * Pages of closed candles (or mark-price candles) in [from, to], oldest first. Checks the market first
 * (markets.ts). Venue errors are retried (retry.ts) and then thrown as QuantLabErrors.
 */
export async function* candlePages(options: CandlePagingOptions): AsyncGenerator<HistoryPage<Candle>> {
  const { exchange, symbol, timeframe, kind } = options;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const hooks = retryHooks(exchange, options);
  const market = await resolveMarket({ exchange, symbol, kind, timeframe, retry: policy, hooks });
  const profile = historyProfile(exchange, market);
  const maxPage = options.pageSize ?? (kind === 'mark' ? profile.markPage : profile.candlePage);
  const now = (options.now ?? Date.now)();
  const to = Math.min(options.to, lastClosedStart(now - CLOSE_GRACE_MS, timeframe));
  const stepMs = nominalTimeframeMs(timeframe);
  const calendar = isCalendarTimeframe(timeframe);
  const params = kind === 'mark' ? { price: 'mark' } : {};
  const operation = `fetchOHLCV ${symbol} ${timeframe}${kind === 'mark' ? ' mark' : ''}`;

  let cursor = ceilAlign(options.from, timeframe);
  while (cursor <= to) {
    throwIfAborted(options.signal);
    // Ask for no more than the range still needs (a calendar month has no fixed length: ask for a page).
    const limit = calendar ? maxPage : Math.min(maxPage, Math.floor((to - cursor) / stepMs) + 1);
    const since = cursor;
    const raw = (await withRetry(
      () => exchange.fetchOHLCV(symbol, timeframe, since, limit, params),
      { exchange: exchange.id, operation },
      policy,
      hooks,
    )) as unknown as unknown[][];
    const { candles, rejected, lastTs } = checkCandles(raw, timeframe, kind, since, to);
    // A windowed venue answered for the whole window [since, since + limit × tf); others up to the last row.
    const windowEnd = ceilAlign(since + limit * stepMs, timeframe);
    const next = nextCursor({
      profile,
      short: raw.length < limit,
      afterLast: lastTs === undefined ? undefined : nextBucket(lastTs, timeframe),
      windowEnd: profile.windowed ? windowEnd : undefined,
      to,
    });
    const nextTs = Math.min(next, to + 1);
    yield { from: since, nextTs, rows: candles, rejected };
    cursor = next;
  }
}

export type FundingPagingOptions = PagingOptions;

/** Pages of funding rates with from ≤ fundingTime ≤ to (never later than now), oldest first. */
export async function* fundingPages(
  options: FundingPagingOptions,
): AsyncGenerator<HistoryPage<FundingRateRecord>> {
  const { exchange, symbol } = options;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const hooks = retryHooks(exchange, options);
  const market = await resolveMarket({ exchange, symbol, kind: 'funding', retry: policy, hooks });
  const profile = historyProfile(exchange, market);
  const limit = options.pageSize ?? profile.fundingPage;
  const to = Math.min(options.to, (options.now ?? Date.now)());
  const operation = `fetchFundingRateHistory ${symbol}`;

  let cursor = options.from;
  while (cursor <= to) {
    throwIfAborted(options.signal);
    const since = cursor;
    const windowEnd =
      profile.fundingWindowMs === undefined ? undefined : Math.min(since + profile.fundingWindowMs, to + 1);
    const params = windowEnd !== undefined ? { after: windowEnd } : profile.fundingUntil ? { until: to } : {};
    const raw = await withRetry(
      () => exchange.fetchFundingRateHistory(symbol, since, limit, params),
      { exchange: exchange.id, operation },
      policy,
      hooks,
    );
    const byTs = new Map<number, FundingRateRecord>();
    const rejected: RejectedRow[] = [];
    let lastTs: number | undefined;
    for (const entry of raw) {
      const ts = entry.timestamp;
      if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) {
        rejected.push({ ts: null, reason: 'ts-invalid', raw: entry.info });
        continue;
      }
      if (ts < since || ts > to) continue;
      lastTs = lastTs === undefined ? ts : Math.max(lastTs, ts);
      const rate = entry.fundingRate;
      if (typeof rate !== 'number' || !Number.isFinite(rate)) {
        rejected.push({ ts, reason: 'rate-not-finite', raw: entry.info });
        continue;
      }
      const mark = Number((entry.info as Record<string, unknown> | undefined)?.markPrice);
      byTs.set(ts, { ts, rate, markPrice: Number.isFinite(mark) && mark > 0 ? mark : null });
    }
    const next = nextCursor({
      profile,
      short: raw.length < limit,
      afterLast: lastTs === undefined ? undefined : lastTs + 1,
      windowEnd,
      to,
    });
    const rows = [...byTs.values()].sort((a, b) => a.ts - b.ts);
    yield { from: since, nextTs: Math.min(next, to + 1), rows, rejected };
    cursor = next;
  }
}
