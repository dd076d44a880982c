/**
 * From parsed rows to a clean candle series: optional alignment to the timeframe, sorting (files may be
 * newest first), and duplicate timestamps resolved.
 *
 * Duplicates: rows with the same timestamp and identical values collapse into one and are counted. When the
 * values differ, the FIRST row in file order is kept (as pandas' `drop_duplicates(keep='first')`) and each
 * other one is quarantined as `duplicate-conflict`, naming the kept row. In CryptoDataDownload's spot files
 * this keeps the full-precision millisecond rows, which come first, over the rounded seconds rows.
 *
 * Volume: a file whose volume is empty in every row (mark-price candles) has no volume; it is stored as 0 and
 * said so. An empty volume in only some rows quarantines those rows (`volume-missing`).
 */

import type { Candle } from '../../core/market.js';
import { alignTs, type Timeframe } from '../../core/timeframe.js';
import type { ParsedRows, RowProblem } from './rows.js';

export type RowOrder = 'ascending' | 'descending' | 'unordered' | 'empty';

export interface NormalisedCandles {
  /** Ascending, one per timestamp. */
  candles: Candle[];
  /** Every problem: the parser's, missing volumes, conflicting duplicates. */
  problems: RowProblem[];
  duplicates: { collapsed: number; conflicting: number };
  /** The order of the rows in the file. */
  order: RowOrder;
  /** True when no row had a volume (stored as 0). */
  volumeAbsent: boolean;
  /** With `align`: rows whose timestamp was moved to its bucket start. Without: rows not on a bucket start. */
  misaligned: number;
}

export interface NormaliseOptions {
  timeframe: Timeframe;
  /** Floor every timestamp to the start of its timeframe bucket (month-end labelled monthly data, …). */
  align?: boolean;
  /** How positions are named in messages: `line` (CSV) or `record`. */
  positionLabel: 'line' | 'record';
}

function rowOrder(ts: readonly number[]): RowOrder {
  if (ts.length === 0) return 'empty';
  let up = 0;
  let down = 0;
  for (let i = 1; i < ts.length; i++) {
    if (ts[i]! > ts[i - 1]!) up++;
    else if (ts[i]! < ts[i - 1]!) down++;
  }
  if (down === 0) return 'ascending';
  return up === 0 ? 'descending' : 'unordered';
}

export function normaliseRows(parsed: ParsedRows, options: NormaliseOptions): NormalisedCandles {
  const { rows } = parsed;
  const problems = [...parsed.problems];
  const label = options.positionLabel;
  const n = rows.length;
  const order = rowOrder(rows.ts);

  let volumeAbsent = n > 0;
  for (let i = 0; i < n && volumeAbsent; i++) if (!Number.isNaN(rows.volume[i]!)) volumeAbsent = false;

  const ts = new Float64Array(n);
  let misaligned = 0;
  for (let i = 0; i < n; i++) {
    const t = rows.ts[i]!;
    const bucket = alignTs(t, options.timeframe);
    if (bucket !== t) misaligned++;
    ts[i] = options.align ? bucket : t;
  }

  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!volumeAbsent && Number.isNaN(rows.volume[i]!)) {
      problems.push({
        position: rows.position[i]!,
        ts: ts[i]!,
        reason: 'volume-missing',
        message: `${label} ${rows.position[i]}: the volume is empty or NULL (other rows have one)`,
        raw: parsed.describeRaw(rows.raw[i]),
      });
    } else keep.push(i);
  }
  // Stable by file order within a timestamp, so "first in the file" is well defined.
  keep.sort((a, b) => ts[a]! - ts[b]! || a - b);

  const candles: Candle[] = [];
  const duplicates = { collapsed: 0, conflicting: 0 };
  let kept = -1;
  for (const i of keep) {
    if (kept >= 0 && ts[i] === ts[kept]) {
      if (sameValues(parsed, i, kept)) duplicates.collapsed++;
      else {
        duplicates.conflicting++;
        problems.push({
          position: rows.position[i]!,
          ts: ts[i]!,
          reason: 'duplicate-conflict',
          message: `${label} ${rows.position[i]}: same timestamp as ${label} ${rows.position[kept]} (kept) with different values`,
          raw: parsed.describeRaw(rows.raw[i]),
        });
      }
      continue;
    }
    kept = i;
    candles.push({
      ts: ts[i]!,
      open: rows.open[i]!,
      high: rows.high[i]!,
      low: rows.low[i]!,
      close: rows.close[i]!,
      volume: volumeAbsent ? 0 : rows.volume[i]!,
    });
  }
  problems.sort((a, b) => a.position - b.position);
  return { candles, problems, duplicates, order, volumeAbsent, misaligned };
}

function sameValues(parsed: ParsedRows, a: number, b: number): boolean {
  const r = parsed.rows;
  return (
    r.open[a] === r.open[b] &&
    r.high[a] === r.high[b] &&
    r.low[a] === r.low[b] &&
    r.close[a] === r.close[b] &&
    Object.is(r.volume[a], r.volume[b])
  );
}
