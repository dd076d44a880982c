/**
 * Runs one backtest over data already in memory (the kernel driven by a simulated clock, a replay of the
 * series and the simulated venue). SCAFFOLD: replaced by the kernel integration in this change.
 */

import type { StrategyDefinition } from '../strategies/types.js';
import type { BacktestChartData, BacktestConfig, BacktestData, BacktestResult } from './types.js';

export interface BacktestRunInput {
  // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
  readonly definition: StrategyDefinition<any>;
  readonly config: BacktestConfig;
  readonly data: BacktestData;
  /** Keep the strategy's signals (the look-ahead check compares them). */
  readonly recordSignals?: boolean;
  /** Result id; default a random one. */
  readonly id?: string;
}

export interface BacktestSignal {
  readonly ts: number;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface BacktestRunOutput {
  readonly result: BacktestResult;
  readonly chart: BacktestChartData;
  readonly signals: readonly BacktestSignal[];
}

export function runBacktest(_input: BacktestRunInput): BacktestRunOutput {
  throw new Error('runBacktest: kernel integration pending');
}
