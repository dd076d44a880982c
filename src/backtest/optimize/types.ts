/**
 * The optimizer's input and output. The result is plain JSON, deterministic for a seed whatever the
 * number of workers, and fits the report's `OptimizationSection` (src/backtest/report/types.ts).
 */

import type { Instrument } from '../../core/instrument.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import type { MonteCarloResult } from '../metrics/index.js';
import type { BacktestConfig, BacktestData, BacktestMetrics } from '../types.js';
import type { EvaluateTrial } from './pool.js';
import type { SearchMethod } from './sampler.js';
import type { SearchSpace } from './space.js';
import type { StrategyRef } from './trial-task.js';

export interface WalkForwardOptions {
  /** Number of out-of-sample windows, integer ≥ 1. */
  readonly folds: number;
  /** In-sample share of each fold's window, IS / (IS + OOS), in (0, 1); default 0.7. */
  readonly inSampleRatio?: number;
}

export interface OptimizeOptions {
  /** How worker threads load the strategy. */
  readonly strategy: StrategyRef;
  /** The same strategy, loaded (its parameter table checks candidates; in-process runs use it). */
  readonly definition: StrategyDefinition;
  /** From `parseSearchSpace(json, definition.params)`. */
  readonly space: SearchSpace;
  readonly method: SearchMethod;
  /** Trials to run: required for random/tpe (default 100); for grid a cap on the grid (default all). */
  readonly trials?: number;
  /** A named objective (sharpe, sortino, calmar, total-return, profit-factor, cagr) or an expression. */
  readonly objective: string;
  /** Trials with fewer trades score null (default 1). */
  readonly minTrades?: number;
  /** Default 1. */
  readonly seed?: number;
  /** Worker threads (default os.availableParallelism()); 0 or 1 runs in the calling thread. */
  readonly workers?: number;
  /**
   * The run's configuration. Each trial's params are `config.params` (for what the space does not name;
   * the strategy's defaults otherwise) overlaid by the space's fixed values and the candidate.
   */
  readonly config: BacktestConfig;
  /** The instruments of `config.symbols`. */
  readonly instruments: readonly Instrument[];
  readonly data: BacktestData;
  /** Candles opening before this time only warm indicators up (the CLI's --from); default: trade them all. */
  readonly tradeFrom?: number;
  readonly walkForward?: WalkForwardOptions;
  /**
   * Bootstrap the best parameters' trades (runs default 1000): each trade's net PnL as a fraction of the
   * equity when it opened, resampled and compounded from the capital (metrics/monte-carlo.ts).
   */
  readonly monteCarlo?: { readonly runs?: number };
  /** After each finished trial (all phases): trials done, trials planned, the best so far. */
  readonly onProgress?: (done: number, total: number, best: OptimizationBest | undefined) => void;
  /** Replaces the backtest of each trial (tests). */
  readonly evaluate?: EvaluateTrial;
  /** Overrides the worker bundle's path. */
  readonly workerFile?: string;
}

export interface OptimizationTrialResult {
  /** Order of proposal, from 0. */
  index: number;
  /** The trial's full parameters (defaults applied). */
  params: Record<string, unknown>;
  /** Objective value, higher is better; null when unscorable (too few trades, undefined metric). */
  score: number | null;
  metrics: BacktestMetrics;
}

export interface OptimizationBest {
  params: Record<string, unknown>;
  score: number;
  metrics: BacktestMetrics;
}

export interface WalkForwardFoldResult {
  /** Epoch ms, [from, to). */
  inSample: [number, number];
  outOfSample: [number, number];
  /** The in-sample best (or, when no in-sample trial could be scored, the first in-sample trial). */
  params: Record<string, unknown>;
  inSampleScore: number | null;
  outOfSampleMetrics: BacktestMetrics;
}

export interface WalkForwardResult {
  inSampleRatio: number;
  folds: WalkForwardFoldResult[];
  /**
   * The folds' out-of-sample equity chained end to start, from the capital: [ts, equity], thinned for
   * display to at most 5,000 points (each bucket's low and high kept).
   */
  stitchedEquity: Array<[number, number]>;
  /**
   * Metrics of the stitched curve (every point, not the thinned one) and of every fold's out-of-sample
   * trades, their PnL and fees scaled like the fold's curve (stitched level at its start / capital).
   */
  metrics: BacktestMetrics;
}

export interface OptimizationResult {
  method: SearchMethod;
  objective: string;
  seed: number;
  minTrades: number;
  trials: OptimizationTrialResult[];
  best: OptimizationBest | undefined;
  /** What the reader should know: a grid cut by --trials, a search that ran out of candidates … */
  notes: string[];
  walkForward?: WalkForwardResult;
  /** The best trial's compounded trade returns, resampled (see `OptimizeOptions.monteCarlo`). */
  monteCarlo?: MonteCarloResult;
  /**
   * How many of `trials` the strategy's columnar fast path ran (the rest ran on the kernel); absent when
   * a caller-supplied `evaluate` ran them.
   */
  fastPathTrials?: number;
}
