/**
 * Rows a venue sent that failed validation go to `candle_quarantine` with the rules they broke and the row
 * as it arrived, so `data check` counts them and a person can judge them. Writing the same page twice
 * (a resumed or repeated download) replaces its earlier quarantine rows instead of doubling them.
 */

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../storage/index.js';
import type { RejectedRow } from './pages.js';

export interface QuarantineTarget {
  exchange: string;
  /** The series symbol (`BTC/USDT:USDT#mark` for mark-price candles). */
  symbol: string;
  /** '' for funding rates. */
  timeframe: string;
  /** e.g. `download okx`. */
  source: string;
}

/** Writes `rows` (inside the caller's transaction); returns how many were quarantined. */
export async function quarantineRows(
  db: Kysely<DatabaseSchema>,
  target: QuarantineTarget,
  rows: readonly RejectedRow[],
  detectedAt: number,
): Promise<number> {
  if (rows.length === 0) return 0;
  const timestamps = rows.map((r) => r.ts).filter((ts): ts is number => ts !== null);
  if (timestamps.length > 0) {
    await db
      .deleteFrom('candle_quarantine')
      .where('exchange', '=', target.exchange)
      .where('symbol', '=', target.symbol)
      .where('timeframe', '=', target.timeframe)
      .where('source', '=', target.source)
      .where('ts', 'in', timestamps)
      .execute();
  }
  await db
    .insertInto('candle_quarantine')
    .values(
      rows.map((r) => ({
        exchange: target.exchange,
        symbol: target.symbol,
        timeframe: target.timeframe,
        ts: r.ts,
        reason: r.reason,
        raw: JSON.stringify(r.raw ?? null),
        source: target.source,
        detected_at: detectedAt,
      })),
    )
    .execute();
  return rows.length;
}
