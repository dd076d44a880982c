/**
 * Rolling walk-forward arithmetic. With K folds and in-sample ratio r, the out-of-sample (OOS) windows are
 * K consecutive, non-overlapping windows of length L ending at the data's end; each is preceded by an
 * in-sample (IS) window of length I = r / (1 − r) × L (so I / (I + L) = r). The first IS window starts no
 * earlier than the data: K × L + I ≤ span. Lengths are whole bars (rounded down), so every boundary
 * falls on a bar open.
 *
 * The folds' OOS equity curves are then chained: each fold's curve, relative to its own start, continues
 * from where the previous fold ended (the first from the capital).
 */

import { QuantLabError } from '../../core/errors.js';
import { computeMetrics } from '../metrics/index.js';
import type { BacktestMetrics, BacktestTrade } from '../types.js';

export const DEFAULT_IN_SAMPLE_RATIO = 0.7;

export interface DataSpan {
  /** First bar's open time. */
  readonly start: number;
  /** Last bar's close time (exclusive end). */
  readonly end: number;
  readonly barMs: number;
}

export interface WalkForwardWindow {
  readonly inSample: [number, number];
  readonly outOfSample: [number, number];
}

export function walkForwardWindows(
  span: DataSpan,
  folds: number,
  inSampleRatio: number,
): WalkForwardWindow[] {
  const { start, end, barMs } = span;
  const bars = Math.floor((end - start) / barMs);
  const q = inSampleRatio / (1 - inSampleRatio);
  const oosBars = Math.floor(bars / (folds + q));
  const isBars = Math.floor(oosBars * q + 1e-9);
  if (oosBars < 1 || isBars < 1) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `--walk-forward ${folds}: ${bars} bars are too few for ${folds} folds with in-sample ratio ${inSampleRatio} (each window needs at least one bar)`,
      { details: { key: 'walkForward.folds', folds, bars } },
    );
  }
  const oos = oosBars * barMs;
  const is = isBars * barMs;
  const windows: WalkForwardWindow[] = [];
  for (let k = 0; k < folds; k += 1) {
    const oosStart = end - (folds - k) * oos;
    windows.push({ inSample: [oosStart - is, oosStart], outOfSample: [oosStart, oosStart + oos] });
  }
  return windows;
}

export interface FoldRun {
  readonly equity: ReadonlyArray<[number, number]>;
  readonly metrics: BacktestMetrics;
  readonly trades: readonly BacktestTrade[];
  /** OOS window length, for the time-weighted exposure. */
  readonly durationMs: number;
}

/** Chains the folds' equity curves, each relative to its own start, from `capital`. */
export function stitchEquity(runs: readonly FoldRun[], capital: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let level = capital;
  for (const run of runs) {
    const base = run.metrics.startEquity;
    if (run.equity.length === 0 || !(base > 0)) continue;
    for (const [ts, value] of run.equity) out.push([ts, (level * value) / base]);
    level = out[out.length - 1]![1];
  }
  return out;
}

/** Metrics of the stitched curve, with every fold's trades and summed fees and funding. */
export function stitchedMetrics(
  runs: readonly FoldRun[],
  stitched: ReadonlyArray<[number, number]>,
  capital: number,
  startTs: number,
): BacktestMetrics {
  const ts = Float64Array.from(stitched, (p) => p[0]);
  const equity = Float64Array.from(stitched, (p) => p[1]);
  let fees = 0;
  let funding = 0;
  let exposed = 0;
  let duration = 0;
  for (const run of runs) {
    fees += run.metrics.fees;
    funding += run.metrics.funding;
    exposed += run.metrics.exposure * run.durationMs;
    duration += run.durationMs;
  }
  return computeMetrics({
    ts,
    equity,
    length: stitched.length,
    startEquity: capital,
    trades: runs.flatMap((r) => r.trades),
    fees,
    funding,
    exposure: duration > 0 ? exposed / duration : 0,
    startTs,
  });
}
