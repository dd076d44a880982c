/**
 * What one trial sends to a worker and gets back. The task must survive structured cloning: the strategy
 * travels as a reference (a worker resolves and caches it), the candles as SharedArrayBuffer-backed
 * columns (shared, never copied), and the reply is small — metrics, plus the trades' compounded returns
 * when asked (the main search, for the Monte Carlo of its best trial), plus the full equity curve (two
 * Float64Arrays, transferred rather than copied) and the trades when asked (walk-forward's out-of-sample
 * runs).
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
  /** Return the whole equity curve and the trades too (walk-forward's out-of-sample runs). */
  readonly detail?: boolean;
  /** Return each trade's compounded return (`TrialOutcome.returns`), for a Monte Carlo of the best trial. */
  readonly returns?: boolean;
  /**
   * Range slices the runner should keep (least recently used out): the optimisation's concurrent ranges,
   * 2 per walk-forward fold (in-sample search, out-of-sample run) + the full range + one spare.
   */
  readonly slices?: number;
}

/** An equity curve as columns of the same length: times (bar close, epoch ms) and equity. */
export interface TrialCurve {
  readonly ts: Float64Array;
  readonly equity: Float64Array;
}

export interface TrialOutcome {
  readonly metrics: BacktestMetrics;
  /**
   * Each trade's net PnL as a fraction of the equity when it opened, in order — what the optimizer's Monte
   * Carlo resamples and compounds. Only when the task asked for `returns`.
   */
  readonly returns?: number[];
  /** The full equity curve (every point, own buffers), only with `detail`. */
  readonly curve?: TrialCurve;
  /** Only with `detail`. */
  readonly trades?: BacktestTrade[];
  /** True when the strategy's columnar fast path ran the trial, false when the kernel did. */
  readonly fastPath?: boolean;
}

/** What a worker thread answers: the outcome, or its error in cloneable form. */
export type WorkerReply =
  | TrialOutcome
  | { readonly failure: { code: ErrorCode; message: string; details?: Record<string, unknown> } };
