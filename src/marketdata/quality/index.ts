/** Candle quality: gaps, duplicates, OHLC violations, spikes, bad timestamps; the quarantine table. */

export {
  type CandleIssue,
  checkCandles,
  type IssueKind,
  type QualityOptions,
  type QualityReport,
} from './check-candles.js';
export {
  type CheckJson,
  type CheckSeriesOptions,
  type CheckSeriesResult,
  checkSeries,
  toCheckJson,
} from './check-series.js';
export { bucketsApart, expectedCandles, findGaps, type Gap, type GapReport, shiftBucket } from './gaps.js';
export {
  addToQuarantine,
  listQuarantine,
  moveToQuarantine,
  type QuarantineEntry,
  type QuarantineRecord,
  type SeriesKey,
} from './quarantine-store.js';
export { DEFAULT_SPIKE_OPTIONS, findSpikes, type SpikeOptions } from './spikes.js';
