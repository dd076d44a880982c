/**
 * Rolling walk-forward arithmetic. With K folds and in-sample ratio r, the out-of-sample (OOS) windows are
 * K consecutive, non-overlapping windows of length L ending at the data's end; each is preceded by an
 * in-sample (IS) window of length I = r / (1 − r) × L (so I / (I + L) = r). The first IS window starts no
 * earlier than the data: K × L + I ≤ span. Lengths are whole bars (rounded down), so every boundary
 * falls on a bar open.
 *
 * The folds' OOS equity curves are then chained: each fold's curve, relative to its own start, continues
 * from where the previous fold ended (the first from the capital). The stitched metrics are computed on
 * every point of the chained curves (thinning would miss troughs: a shallower drawdown, a shorter time
 * under water, a smoother Sharpe); only the `stitchedEquity` shown in reports is thinned. Each fold's
 * trades are scaled like its curve (PnL and fees × the stitched level at the fold's start / the fold's
 * capital), so expectancy, profit factor and fees describe the stitched account, not K separate ones.
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
  /** First candle's open, warm-up candles included (where in-sample warm-ups may start); default `start`. */
  readonly dataStart?: number;
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
  /** The fold's out-of-sample equity curve, every point. */
  readonly curve: { readonly ts: Float64Array; readonly equity: Float64Array };
  readonly metrics: BacktestMetrics;
  readonly trades: readonly BacktestTrade[];
  /** OOS window length, for the time-weighted exposure. */
  readonly durationMs: number;
}

export interface StitchedCurve {
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  /** Per fold, the factor its curve and trades were scaled by: stitched level at its start / its capital. */
  readonly scales: readonly number[];
}

/** Most points of the stitched curve a result carries (for charts; its metrics use every point). */
export const STITCHED_POINTS = 5000;

/** Chains the folds' equity curves, each relative to its own start, from `capital`: every point. */
export function stitchEquity(runs: readonly FoldRun[], capital: number): StitchedCurve {
  let total = 0;
  for (const run of runs) total += run.curve.ts.length;
  const ts = new Float64Array(total);
  const equity = new Float64Array(total);
  const scales: number[] = [];
  let n = 0;
  let level = capital;
  for (const run of runs) {
    const base = run.metrics.startEquity;
    const points = run.curve.ts.length;
    const scale = base > 0 ? level / base : 0;
    scales.push(scale);
    if (points === 0 || !(base > 0)) continue;
    ts.set(run.curve.ts, n);
    for (let i = 0; i < points; i += 1) equity[n + i] = run.curve.equity[i]! * scale;
    n += points;
    level = equity[n - 1]!;
  }
  return { ts: ts.subarray(0, n), equity: equity.subarray(0, n), scales };
}

/**
 * At most `limit` points of a curve for display: the curve cut into equal-count buckets, each keeping its
 * lowest and highest point in time order (so the deepest trough and the highest peak survive), plus the
 * first and the last point.
 */
export function thinCurve(
  curve: { readonly ts: Float64Array; readonly equity: Float64Array },
  limit = STITCHED_POINTS,
): Array<[number, number]> {
  const { ts, equity } = curve;
  const n = ts.length;
  const out: Array<[number, number]> = [];
  if (n <= limit) {
    for (let i = 0; i < n; i += 1) out.push([ts[i]!, equity[i]!]);
    return out;
  }
  const push = (i: number) => {
    if (out.length === 0 || out[out.length - 1]![0] !== ts[i]) out.push([ts[i]!, equity[i]!]);
  };
  // The first and the last point are kept apart from the buckets.
  const buckets = Math.max(1, Math.floor((limit - 2) / 2));
  const size = (n - 2) / buckets;
  push(0);
  for (let b = 0; b < buckets; b += 1) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    if (from >= to) continue;
    let min = from;
    let max = from;
    for (let i = from + 1; i < to; i += 1) {
      if (equity[i]! < equity[min]!) min = i;
      if (equity[i]! > equity[max]!) max = i;
    }
    push(Math.min(min, max));
    if (max !== min) push(Math.max(min, max));
  }
  push(n - 1);
  return out;
}

/** A fold's trade in the stitched account: PnL and fees × `scale`. */
function scaledTrade(trade: BacktestTrade, scale: number): BacktestTrade {
  return { ...trade, pnl: trade.pnl * scale, fees: trade.fees * scale };
}

/**
 * Metrics of the stitched curve (every point), with every fold's trades, fees and funding scaled by its
 * factor (see `stitchEquity`).
 */
export function stitchedMetrics(
  runs: readonly FoldRun[],
  stitched: StitchedCurve,
  capital: number,
  startTs: number,
): BacktestMetrics {
  let fees = 0;
  let funding = 0;
  let exposed = 0;
  let duration = 0;
  const trades: BacktestTrade[] = [];
  runs.forEach((run, k) => {
    const scale = stitched.scales[k] ?? 0;
    fees += run.metrics.fees * scale;
    funding += run.metrics.funding * scale;
    exposed += run.metrics.exposure * run.durationMs;
    duration += run.durationMs;
    for (const trade of run.trades) trades.push(scaledTrade(trade, scale));
  });
  return computeMetrics({
    ts: stitched.ts,
    equity: stitched.equity,
    length: stitched.ts.length,
    startEquity: capital,
    trades,
    fees,
    funding,
    exposure: duration > 0 ? exposed / duration : 0,
    startTs,
  });
}
