/** Input of the HTML report: one run, several runs over the same data (a comparison), optionally an optimizer section. */

import type { BacktestChartData, BacktestMetrics, BacktestResult } from '../types.js';

export interface ReportRun {
  readonly result: BacktestResult;
  /** Candles and fills of the run's main symbol; only the first run's is drawn. */
  readonly chart?: BacktestChartData;
}

export interface ReportInput {
  readonly title?: string;
  /** 1 = single backtest; several = comparison (same data). */
  readonly runs: readonly ReportRun[];
  /** Optional optimizer section (walk-forward and Monte Carlo). */
  readonly optimization?: OptimizationSection;
}

export interface OptimizationTrial {
  params: Record<string, unknown>;
  /** Objective value, higher is better; null when the trial could not be scored. */
  score: number | null;
  metrics: BacktestMetrics;
}

export interface WalkForwardFold {
  /** Epoch ms [from, to). */
  inSample: [number, number];
  outOfSample: [number, number];
  params: Record<string, unknown>;
  inSampleScore: number | null;
  outOfSampleMetrics: BacktestMetrics;
}

export interface WalkForwardSection {
  folds: ReadonlyArray<WalkForwardFold>;
  /** Out-of-sample equity of every fold, chained: [ts, equity]. */
  stitchedEquity: Array<[number, number]>;
  metrics: BacktestMetrics;
}

export interface Percentiles {
  p5: number;
  p50: number;
  p95: number;
  mean: number;
}

export interface MonteCarloSection {
  runs: number;
  returns: Percentiles;
  maxDrawdown: Percentiles;
  /** Share of resampled paths that reached 0 equity (ruin); absent in older results. */
  ruined?: number;
}

export interface OptimizationSection {
  readonly objective: string;
  readonly method: string;
  readonly trials: ReadonlyArray<OptimizationTrial>;
  readonly best?: { params: Record<string, unknown>; score: number | null };
  readonly walkForward?: WalkForwardSection;
  readonly monteCarlo?: MonteCarloSection;
}
