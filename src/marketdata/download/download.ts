/**
 * Resumable, idempotent history download into the database.
 *
 * After every page the candles (or funding rates) are upserted, then the page's quarantined rows and the
 * advanced cursor are written in one transaction. The cursor is therefore never ahead of the data it vouches
 * for: a crash between the two writes only makes the next run fetch that page again, which the upsert turns
 * into a no-op. A second run of the same request (same exchange, symbol, timeframe, kind and `from`) starts
 * at the stored cursor; `restart` ignores it and fetches everything again (still writing nothing unchanged).
 */

import type { Exchange } from 'ccxt';
import { QuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import type { Timeframe } from '../../core/timeframe.js';
import type { Database, DownloadCursorRecord, FundingRateRecord } from '../../storage/index.js';
import { cursorTimeframe, type HistoryKind, seriesSymbol } from './markets.js';
import { candlePages, ceilAlign, fundingPages, type HistoryPage } from './pages.js';
import { quarantineRows } from './quarantine.js';
import { DEFAULT_RETRY_POLICY, DownloadAbortedError, type RetryHooks, type RetryPolicy } from './retry.js';

export interface DownloadRequest {
  database: Database;
  /** A ccxt exchange from `createExchange`. */
  exchange: Exchange;
  /** ccxt unified symbol: `BTC/USDT` (spot), `BTC/USDT:USDT` (USDT-margined perpetual). */
  symbol: string;
  /** Required for candles and mark; ignored for funding. */
  timeframe?: Timeframe;
  kind?: HistoryKind;
  /** Inclusive range, epoch ms; `to` defaults to now. */
  from: number;
  to?: number;
  /** Ignore a stored cursor and fetch the whole range again. */
  restart?: boolean;
  /** Stops the download between two pages (the cursor keeps what was stored). */
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  pageSize?: number;
  now?: () => number;
  /** Called after each stored page. */
  onPage?: (progress: DownloadProgress) => void;
  onRetry?: RetryHooks['onRetry'];
}

export interface DownloadProgress {
  /** Where this run began (after any resume) and where it ends. */
  start: number;
  to: number;
  nextTs: number;
  pages: number;
  written: number;
  fetched: number;
}

export interface DownloadSummary {
  exchange: string;
  /** The market symbol asked for. */
  symbol: string;
  /** The symbol the rows are stored under (`…#mark` for mark-price candles). */
  seriesSymbol: string;
  kind: HistoryKind;
  timeframe: string | null;
  /** The requested range (`to` as asked or now). */
  from: number;
  to: number;
  /** Where this run started fetching when a stored cursor let it skip ahead; null otherwise. */
  resumedFrom: number | null;
  pages: number;
  /** Rows received in range (valid ones). */
  fetched: number;
  /** Rows inserted or changed. */
  written: number;
  /** Valid rows identical to what was stored. */
  unchanged: number;
  quarantined: number;
  /**
   * First timestamp not fetched yet: `to + 1` once the whole range is stored, earlier when the range reaches
   * candles that have not closed yet (the next run starts there).
   */
  nextTs: number;
  /** Everything in the range that has closed is stored (false only when aborted). */
  complete: boolean;
  /** True when the signal stopped the run; the cursor keeps what was stored. */
  aborted: boolean;
  /** Stored rows of the series within [from, to] after the run. */
  first: number | null;
  last: number | null;
}

function invalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** Skips ahead over stored cursors whose completed part covers `start`. */
function resumePoint(
  start: number,
  cursors: readonly DownloadCursorRecord[],
  align: (ts: number) => number,
): number {
  let point = start;
  for (let moved = true; moved; ) {
    moved = false;
    for (const c of cursors) {
      const next = align(c.nextTs);
      if (c.rangeFrom <= point && next > point) {
        point = next;
        moved = true;
      }
    }
  }
  return point;
}

/** Downloads `kind` history of one market into the database; see the module comment. */
export async function downloadHistory(request: DownloadRequest): Promise<DownloadSummary> {
  const { database, exchange, symbol } = request;
  const kind = request.kind ?? 'candles';
  const timeframe = request.timeframe;
  if (kind !== 'funding' && timeframe === undefined) {
    throw invalid(`a ${kind} download needs a timeframe`, { kind });
  }
  const now = request.now ?? Date.now;
  const to = request.to ?? now();
  if (!Number.isSafeInteger(request.from) || !Number.isSafeInteger(to) || request.from > to) {
    throw invalid(`invalid range: from ${request.from} to ${to} (from must not be after to)`, {
      from: request.from,
      to,
    });
  }
  const series = seriesSymbol(symbol, kind);
  const tfColumn = cursorTimeframe(kind, timeframe);
  const align = (ts: number) =>
    timeframe === undefined || kind === 'funding' ? ts : ceilAlign(ts, timeframe);
  const rangeFrom = align(request.from);
  const key = { exchange: exchange.id, symbol: series, timeframe: tfColumn, kind, rangeFrom };
  const source = `download ${exchange.id}`;

  const stored = request.restart
    ? []
    : await database.downloadCursors.list({
        exchange: exchange.id,
        symbol: series,
        timeframe: tfColumn,
        kind,
      });
  const start = resumePoint(rangeFrom, stored, align);
  const summary: DownloadSummary = {
    exchange: exchange.id,
    symbol,
    seriesSymbol: series,
    kind,
    timeframe: kind === 'funding' ? null : (timeframe ?? null),
    from: request.from,
    to,
    resumedFrom: start > rangeFrom ? start : null,
    pages: 0,
    fetched: 0,
    written: 0,
    unchanged: 0,
    quarantined: 0,
    nextTs: start,
    complete: start > to,
    aborted: false,
    first: null,
    last: null,
  };

  const paging = {
    exchange,
    symbol,
    from: start,
    to,
    retry: { ...DEFAULT_RETRY_POLICY, ...request.retry },
    now,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
    ...(request.onRetry === undefined ? {} : { onRetry: request.onRetry }),
    ...(request.pageSize === undefined ? {} : { pageSize: request.pageSize }),
  };
  const pages: AsyncGenerator<HistoryPage<Candle | FundingRateRecord>> =
    kind === 'funding'
      ? fundingPages(paging)
      : candlePages({ ...paging, timeframe: timeframe as Timeframe, kind });

  try {
    if (start <= to) {
      for await (const page of pages) {
        const written =
          kind === 'funding'
            ? await storeFunding(database, exchange.id, symbol, page as HistoryPage<FundingRateRecord>)
            : await database.candles.upsertMany(exchange.id, series, tfColumn, page.rows as Candle[]);
        const at = now();
        let quarantined = 0;
        await database.db.transaction().execute(async (trx) => {
          quarantined = await quarantineRows(
            trx,
            { exchange: exchange.id, symbol: series, timeframe: tfColumn, source },
            page.rejected,
            at,
          );
          await database.downloadCursors.upsert(
            { ...key, rangeTo: to, nextTs: page.nextTs, updatedAt: at },
            trx,
          );
        });
        summary.pages += 1;
        summary.fetched += page.rows.length;
        summary.written += written;
        summary.quarantined += quarantined;
        summary.nextTs = page.nextTs;
        request.onPage?.({
          start,
          to: Math.min(to, at),
          nextTs: page.nextTs,
          pages: summary.pages,
          written: summary.written,
          fetched: summary.fetched,
        });
      }
    }
    // Everything closed by now is stored; a candle still forming at `to` leaves nextTs just before it.
    summary.complete = true;
  } catch (error) {
    if (!(error instanceof DownloadAbortedError)) throw error;
    summary.aborted = true;
  }
  summary.unchanged = summary.fetched - summary.written;
  Object.assign(summary, await storedBounds(database, summary, tfColumn));
  return summary;
}

/**
 * Upserts the rates that are new or differ from the stored ones, so a repeated download reports 0 written
 * (the funding repository counts every row it is given).
 */
async function storeFunding(
  database: Database,
  exchange: string,
  symbol: string,
  page: HistoryPage<FundingRateRecord>,
): Promise<number> {
  if (page.rows.length === 0) return 0;
  const stored = await database.fundingRates.range(exchange, symbol, page.rows[0]!.ts, page.rows.at(-1)!.ts);
  const byTs = new Map(stored.map((r) => [r.ts, r]));
  const changed = page.rows.filter((r) => {
    const old = byTs.get(r.ts);
    return old === undefined || old.rate !== r.rate || old.markPrice !== r.markPrice;
  });
  if (changed.length > 0) await database.fundingRates.upsertMany(exchange, symbol, changed);
  return changed.length;
}

/** First and last stored timestamps of the series within the requested range. */
async function storedBounds(
  database: Database,
  summary: DownloadSummary,
  timeframe: string,
): Promise<{ first: number | null; last: number | null }> {
  const row =
    summary.kind === 'funding'
      ? await database.db
          .selectFrom('funding_rates')
          .select((eb) => [
            eb.fn.min<number | null>('ts').as('first'),
            eb.fn.max<number | null>('ts').as('last'),
          ])
          .where('exchange', '=', summary.exchange)
          .where('symbol', '=', summary.symbol)
          .where('ts', '>=', summary.from)
          .where('ts', '<=', summary.to)
          .executeTakeFirst()
      : await database.db
          .selectFrom('candles')
          .select((eb) => [
            eb.fn.min<number | null>('ts').as('first'),
            eb.fn.max<number | null>('ts').as('last'),
          ])
          .where('exchange', '=', summary.exchange)
          .where('symbol', '=', summary.seriesSymbol)
          .where('timeframe', '=', timeframe)
          .where('ts', '>=', summary.from)
          .where('ts', '<=', summary.to)
          .executeTakeFirst();
  const toNumber = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { first: toNumber(row?.first), last: toNumber(row?.last) };
}
