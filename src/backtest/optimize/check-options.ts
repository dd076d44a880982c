/** Checks the optimizer's numeric options and fills in their defaults; a bad value names its key. */

import { QuantLabError } from '../../core/errors.js';
import { didYouMean } from '../../strategies/spec/issues.js';
import { DEFAULT_MIN_TRADES } from './objective.js';
import { defaultWorkers } from './pool.js';
import { SEARCH_METHODS } from './sampler.js';
import type { OptimizeOptions } from './types.js';
import { DEFAULT_IN_SAMPLE_RATIO } from './walk-forward.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_MONTE_CARLO_RUNS = 1000;

export interface CheckedOptions {
  readonly trials: number | undefined;
  readonly minTrades: number;
  readonly seed: number;
  readonly workers: number;
  readonly walkForward: { readonly folds: number; readonly inSampleRatio: number } | undefined;
  readonly monteCarloRuns: number | undefined;
}

function invalid(key: string, flag: string, message: string, value: unknown): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `${flag} ${message} (got ${JSON.stringify(value)})`, {
    details: { key, value },
  });
}

function integer(key: string, flag: string, value: number | undefined, least: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < least)
    throw invalid(key, flag, `must be an integer ≥ ${least}`, value);
  return value;
}

export function checkOptions(options: OptimizeOptions): CheckedOptions {
  if (!SEARCH_METHODS.includes(options.method)) {
    const hint = didYouMean(String(options.method), SEARCH_METHODS);
    throw invalid('method', '--method', `must be one of ${SEARCH_METHODS.join(', ')}${hint}`, options.method);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw invalid('seed', '--seed', 'must be an integer', seed);
  let walkForward: CheckedOptions['walkForward'];
  if (options.walkForward !== undefined) {
    const folds = integer('walkForward.folds', '--walk-forward', options.walkForward.folds, 1)!;
    const inSampleRatio = options.walkForward.inSampleRatio ?? DEFAULT_IN_SAMPLE_RATIO;
    if (!(inSampleRatio > 0 && inSampleRatio < 1)) {
      throw invalid(
        'walkForward.inSampleRatio',
        'the in-sample ratio',
        'must be between 0 and 1',
        inSampleRatio,
      );
    }
    walkForward = { folds, inSampleRatio };
  }
  const monteCarloRuns =
    options.monteCarlo === undefined
      ? undefined
      : (integer('monteCarlo.runs', 'Monte Carlo runs', options.monteCarlo.runs, 1) ??
        DEFAULT_MONTE_CARLO_RUNS);
  return {
    trials: integer('trials', '--trials', options.trials, 1),
    minTrades: integer('minTrades', '--min-trades', options.minTrades, 0) ?? DEFAULT_MIN_TRADES,
    seed,
    workers: integer('workers', '--workers', options.workers, 0) ?? defaultWorkers(),
    walkForward,
    monteCarloRuns,
  };
}
