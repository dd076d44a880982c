/**
 * What one trial sends to a worker and gets back. The task must survive structured cloning: the strategy
 * travels as a reference (a worker resolves and caches it), the candles as SharedArrayBuffer-backed
 * columns (shared, never copied), and the reply is small — metrics and trade PnLs, plus the equity curve
 * and trades only when asked (walk-forward's out-of-sample runs).
 */

import type { ErrorCode } from '../../core/errors.js';
import type { Instrument } from '../../core/instrument.js';
import type { BacktestConfig, BacktestData, BacktestMetrics, BacktestTrade } from '../types.js';

/** How a worker finds the strategy: a built-in by name, a spec file, or a plugin file (absolute paths). */
export type StrategyRef =
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'spec'; readonly file: string }
  | { readonly kind: 'plugin'; readonly file: string };

/** A slice of the data to run on, epoch ms: candles with from ≤ ts < to; before tradeFrom only warm-up. */
export interface TrialRange {
  readonly from: number;
  readonly to: number;
  readonly tradeFrom?: number;
}

export interface TrialTask {
  readonly strategy: StrategyRef;
  /** Fully resolved parameters (defaults applied). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The run's configuration; its `params` are replaced by the task's. */
  readonly config: BacktestConfig;
  /** The instruments of `config.symbols`. */
  readonly instruments: readonly Instrument[];
  readonly data: BacktestData;
  /**
   * Names `data` for the whole optimisation: a worker keeps the first copy it receives under this key, so
   * its slices and indicator caches stay the same objects from one task to the next.
   */
  readonly dataKey: string;
  readonly range?: TrialRange;
  /** Return the equity curve (at most EQUITY_POINTS points) and the trades too. */
  readonly detail?: boolean;
}

export interface TrialOutcome {
  readonly metrics: BacktestMetrics;
  /** Net PnL of each trade, in order (Monte Carlo resamples these). */
  readonly returns: number[];
  readonly equity?: Array<[number, number]>;
  readonly trades?: BacktestTrade[];
}

/** What a worker thread answers: the outcome, or its error in cloneable form. */
export type WorkerReply =
  | TrialOutcome
  | { readonly failure: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

/** Largest equity curve a detailed trial returns (downsampled beyond). */
export const EQUITY_POINTS = 5000;
