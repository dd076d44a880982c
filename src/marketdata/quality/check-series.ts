/**
 * `data check` on a stored series: read it, run the checks, and with `quarantine` move the flagged candles
 * to `candle_quarantine` (one transaction; nothing is lost, the reason is kept). By default nothing moves:
 * the check reports. Outliers move only with `quarantineOutliers`, because a spike can be a real flash
 * crash, and removing it leaves a gap.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Timeframe } from '../../core/timeframe.js';
import type { Database } from '../../storage/index.js';
import { checkCandles, type IssueKind, type QualityOptions, type QualityReport } from './check-candles.js';
import type { Gap } from './gaps.js';
import { moveToQuarantine, type SeriesKey } from './quarantine-store.js';

export interface CheckSeriesOptions extends QualityOptions {
  from?: number;
  to?: number;
  /** Move candles with OHLC violations, misaligned or future timestamps, or a duplicate bucket. */
  quarantine?: boolean;
  /** Also move outliers (only together with `quarantine`). */
  quarantineOutliers?: boolean;
}

export interface CheckSeriesResult {
  report: QualityReport;
  /** Candles moved to the quarantine by this check. */
  quarantined: number;
}

/** The `data check --json` contract (DESIGN.md §4.3), exactly these keys. */
export interface CheckJson {
  count: number;
  duplicates: number;
  missingCandles: number;
  gaps: Gap[];
  ohlcViolations: number;
  outliers: number;
  quarantined: number;
}

export const QUARANTINE_SOURCE = 'data check';

const ALWAYS_MOVED: readonly IssueKind[] = ['ohlc', 'duplicate', 'future', 'misaligned'];

export async function checkSeries(
  database: Database,
  key: SeriesKey & { timeframe: Timeframe },
  options: CheckSeriesOptions = {},
): Promise<CheckSeriesResult> {
  const { exchange, symbol, timeframe } = key;
  const columns = await database.candles.rangeColumns(exchange, symbol, timeframe, options.from, options.to);
  if (columns.ts.length === 0) {
    throw new QuantLabError(
      'QL_ERR_NOT_FOUND',
      `no candles stored for ${exchange} ${symbol} ${timeframe}${options.from !== undefined || options.to !== undefined ? ' in that range' : ''} (see quantlab data list)`,
      { details: { exchange, symbol, timeframe } },
    );
  }
  const report = checkCandles(columns, timeframe, options);
  let quarantined = 0;
  if (options.quarantine) {
    const moved = options.quarantineOutliers ? [...ALWAYS_MOVED, 'outlier'] : ALWAYS_MOVED;
    const items = report.issues
      .filter((issue) => issue.kinds.some((k) => moved.includes(k)))
      .map((issue) => ({ candle: issue.candle, reason: issue.rules.join(',') }));
    quarantined = await moveToQuarantine(database, key, items, QUARANTINE_SOURCE, options.now);
  }
  return { report, quarantined };
}

export function toCheckJson({ report, quarantined }: CheckSeriesResult): CheckJson {
  return {
    count: report.count,
    duplicates: report.duplicates,
    missingCandles: report.missingCandles,
    gaps: report.gaps,
    ohlcViolations: report.ohlcViolations,
    outliers: report.outliers,
    quarantined,
  };
}
