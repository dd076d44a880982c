/**
 * History download: OHLCV, mark-price candles and funding rates from OKX, Binance USDⓈ-M or any ccxt
 * exchange, paginated forward, retried, validated (bad rows quarantined), stored and resumable.
 *
 * Mark-price candles are stored as their own candle series under `<market symbol>#mark`
 * (`BTC/USDT:USDT#mark`); funding rates go to `funding_rates` under the market symbol.
 * Exchanges come from `../exchanges.ts` (`createExchange`).
 */

export {
  type BackfillRequest,
  type BackfillResult,
  backfillGaps,
  type FetchClosedCandlesOptions,
  fetchClosedCandles,
} from './backfill.js';
export {
  type DownloadProgress,
  type DownloadRequest,
  type DownloadSummary,
  downloadHistory,
} from './download.js';
export { HISTORY_KINDS, type HistoryKind, MARK_SUFFIX, resolveMarket, seriesSymbol } from './markets.js';
export { candlePages, fundingPages, type HistoryPage, lastClosedStart, type RejectedRow } from './pages.js';
export { BINANCE_USDM_HISTORY, type HistoryProfile, historyProfile, OKX_HISTORY } from './profiles.js';
export { createProgressReporter, type ProgressReporter } from './progress.js';
export {
  DEFAULT_RETRY_POLICY,
  DownloadAbortedError,
  parseRetryAfter,
  type RetryPolicy,
  withRetry,
} from './retry.js';
export { isRetryable, toVenueError } from './venue-errors.js';
