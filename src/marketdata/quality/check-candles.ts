/**
 * The quality checks of `data check`, on a series in memory (pure; the store-level part is check-series.ts):
 *
 * - gaps: missing candle open times as `[first, last]` bucket ranges, and how many candles are missing;
 * - duplicates: candles falling into a bucket that already has one (the store's key makes exact duplicate
 *   timestamps impossible, so these come from misaligned timestamps);
 * - OHLC violations: `validateCandle` — prices finite and > 0, low ≤ open, close ≤ high, volume finite ≥ 0
 *   (counted per candle, however many rules it breaks);
 * - outliers: spikes against a rolling median/MAD (spikes.ts);
 * - future timestamps: open time later than now + one timeframe;
 * - misaligned timestamps: not on a bucket start of the timeframe.
 */

import type { Candle } from '../../core/market.js';
import { validateCandle } from '../../core/market-validation.js';
import { alignTs, nominalTimeframeMs, type Timeframe } from '../../core/timeframe.js';
import type { CandleColumns } from '../../storage/index.js';
import { findGaps, type Gap } from './gaps.js';
import { findSpikes, type SpikeOptions } from './spikes.js';

/** What a flagged candle broke; `outlier` is kept apart because a spike can be real. */
export type IssueKind = 'ohlc' | 'duplicate' | 'outlier' | 'future' | 'misaligned';

export interface CandleIssue {
  index: number;
  candle: Candle;
  kinds: IssueKind[];
  /** Rule names: `high-below-low`, `misaligned-ts`, `spike`, … */
  rules: string[];
}

export interface QualityReport {
  count: number;
  duplicates: number;
  missingCandles: number;
  gaps: Gap[];
  ohlcViolations: number;
  outliers: number;
  future: number;
  misaligned: number;
  issues: CandleIssue[];
}

export interface QualityOptions {
  /** "Now" for the future-timestamp test (default Date.now()). */
  now?: number;
  spike?: SpikeOptions;
}

function candleAt(c: CandleColumns, i: number): Candle {
  return {
    ts: c.ts[i]!,
    open: c.open[i]!,
    high: c.high[i]!,
    low: c.low[i]!,
    close: c.close[i]!,
    volume: c.volume[i]!,
  };
}

/** Checks an ascending series. */
export function checkCandles(
  columns: CandleColumns,
  tf: Timeframe,
  options: QualityOptions = {},
): QualityReport {
  const n = columns.ts.length;
  const now = options.now ?? Date.now();
  const futureAfter = now + nominalTimeframeMs(tf);
  const flagged = new Map<number, { kinds: Set<IssueKind>; rules: string[] }>();
  const flag = (i: number, kind: IssueKind, rule: string) => {
    const entry = flagged.get(i) ?? { kinds: new Set<IssueKind>(), rules: [] };
    entry.kinds.add(kind);
    entry.rules.push(rule);
    flagged.set(i, entry);
  };

  let duplicates = 0;
  let ohlcViolations = 0;
  let future = 0;
  let misaligned = 0;
  let previousBucket = Number.NaN;
  for (let i = 0; i < n; i++) {
    const ts = columns.ts[i]!;
    const bucket = alignTs(ts, tf);
    if (bucket !== ts) {
      misaligned++;
      flag(i, 'misaligned', 'misaligned-ts');
    }
    if (bucket === previousBucket) {
      duplicates++;
      flag(i, 'duplicate', 'duplicate-bucket');
    }
    previousBucket = bucket;
    if (ts > futureAfter) {
      future++;
      flag(i, 'future', 'future-ts');
    }
    const violations = validateCandle(candleAt(columns, i));
    if (violations.length > 0) {
      ohlcViolations++;
      for (const v of violations) flag(i, 'ohlc', v.rule);
    }
  }
  const spikes = findSpikes(columns.close, options.spike);
  for (const i of spikes) flag(i, 'outlier', 'spike');

  const { gaps, missingCandles } = findGaps(columns.ts, tf);
  const issues = [...flagged.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, { kinds, rules }]) => ({
      index,
      candle: candleAt(columns, index),
      kinds: [...kinds],
      rules,
    }));
  return {
    count: n,
    duplicates,
    missingCandles,
    gaps,
    ohlcViolations,
    outliers: spikes.length,
    future,
    misaligned,
    issues,
  };
}
