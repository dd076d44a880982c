/**
 * Market data: file import, export, quality checks and quarantine, resampling (batch and streaming),
 * series listing. Other parts of the module (download, live feeds, cache) add their lines below.
 */

export { type AggregatedInfo, CandleAggregator, type CandleAggregatorOptions } from './candle-aggregator.js';
export { backfillGaps, downloadHistory, fetchClosedCandles, MARK_SUFFIX } from './download/index.js';
export { closeExchange, createExchange, type Exchange, exchangeOptionsFromConfig } from './exchanges.js';
export { EXPORT_HEADER, type ExportOptions, type ExportSummary, exportCandlesCsv } from './export.js';
export { FeedEmitter, type FeedLogger, FeedStatsCounter } from './feed-support.js';
export {
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportOptions,
  type ImportSummary,
  importCandleFile,
  readCandleFile,
} from './import/index.js';
export * from './live/index.js';
export { InMemoryLatestPriceCache, latestPriceOf, trackLatestPrices } from './price-cache.js';
export { FEED_STATUS_EVENT, publishFeedToBus, publishMarketEvent } from './publish-feed.js';
export {
  addToQuarantine,
  type CandleIssue,
  type CheckJson,
  type CheckSeriesOptions,
  type CheckSeriesResult,
  checkCandles,
  checkSeries,
  DEFAULT_SPIKE_OPTIONS,
  expectedCandles,
  findGaps,
  findSpikes,
  type Gap,
  listQuarantine,
  moveToQuarantine,
  type QualityReport,
  type QuarantineEntry,
  type QuarantineRecord,
  type SeriesKey,
  type SpikeOptions,
  toCheckJson,
} from './quality/index.js';
export {
  memoryCandleSource,
  type ReplayCandleSource,
  type ReplayClock,
  ReplayFeed,
  type ReplayFeedOptions,
  repositoryCandleSource,
  systemReplayClock,
} from './replay.js';
export { inferTimeframe, type ResampleOptions, type ResampleResult, resampleCandles } from './resample.js';
export {
  type ResampleSeriesOptions,
  type ResampleSeriesSummary,
  resampleStoredSeries,
} from './resample-series.js';
export { listCandleSeries, type SeriesSummary } from './series-list.js';
export type * from './types.js';
