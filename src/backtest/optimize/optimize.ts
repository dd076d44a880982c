/**
 * `optimize`: searches a strategy's parameter space (grid, random or TPE) for the best objective over the
 * data, optionally validates the choice out of sample by rolling walk-forward and bootstraps the best
 * parameters' compounded trade returns (Monte Carlo). Trials run on worker threads; the result is the same
 * for a seed whatever the number of workers. The first failure aborts everything still to run.
 */

import { randomUUID } from 'node:crypto';
import { QuantLabError } from '../../core/errors.js';
import { monteCarlo } from '../metrics/index.js';
import { checkOptions } from './check-options.js';
import { parseObjective } from './objective.js';
import { createTrialEvaluator } from './pool.js';
import { ADAPTIVE_BATCH, type SearchMethod } from './sampler.js';
import { Progress, prepareSearch, runSearch, type SearchSettings } from './search.js';
import { shareData } from './shared-data.js';
import type { OptimizationResult, OptimizeOptions } from './types.js';
import { walkForwardWindows } from './walk-forward.js';
import { dataSpan, runWalkForward, walkForwardWarmupBars } from './walk-forward-run.js';

function noCandidate(note: string | undefined): QuantLabError {
  return new QuantLabError(
    'QL_ERR_INVALID_INPUT',
    `--space: no candidate satisfies the constraints and the strategy's own checks${note === undefined ? '' : ` (${note})`}.`,
    { details: { key: 'space' } },
  );
}

/**
 * More threads than trials that can run at once only cost start-up time and memory: TPE runs one batch
 * per search at a time (the folds' searches run side by side); grid and random at most `trials` each.
 */
function usefulThreads(method: SearchMethod, trials: number | undefined, folds: number): number {
  const perSearch = method === 'tpe' ? ADAPTIVE_BATCH : (trials ?? Number.POSITIVE_INFINITY);
  return perSearch * Math.max(1, folds);
}

export async function optimize(options: OptimizeOptions): Promise<OptimizationResult> {
  const checked = checkOptions(options);
  const objective = parseObjective(options.objective);
  // Fail on too little data before any trial runs.
  const span =
    checked.walkForward === undefined ? undefined : dataSpan(options.data, options.config, options.tradeFrom);
  const windows =
    span === undefined || checked.walkForward === undefined
      ? undefined
      : walkForwardWindows(span, checked.walkForward.folds, checked.walkForward.inSampleRatio);
  const workers = Math.min(
    checked.workers,
    usefulThreads(options.method, checked.trials, windows?.length ?? 0),
  );
  const pooled = options.evaluate === undefined && workers > 1;
  const evaluator = await createTrialEvaluator({
    workers,
    definition: options.definition,
    ...(options.evaluate === undefined ? {} : { evaluate: options.evaluate }),
    ...(options.workerFile === undefined ? {} : { workerFile: options.workerFile }),
  });
  const progress = new Progress(options.onProgress);
  // Aborted by the first failure: concurrent searches stop, nothing reports progress afterwards.
  const abort = new AbortController();
  try {
    const folds = windows?.length ?? 0;
    const search: SearchSettings = {
      method: options.method,
      space: options.space,
      definition: options.definition,
      trials: checked.trials,
      objective,
      minTrades: checked.minTrades,
      evaluator,
      baseTask: {
        strategy: options.strategy,
        config: options.config,
        instruments: options.instruments,
        // Copied once into shared memory: every task then shares it with the workers instead of cloning.
        data: pooled ? shareData(options.data) : options.data,
        dataKey: randomUUID(),
        // Folds search side by side: an in-sample and an out-of-sample slice each, plus the full range.
        slices: 2 * folds + 2,
      },
      progress,
      abort,
    };
    const main = prepareSearch(search, checked.seed);
    if (main.limit === 0) throw noCandidate(main.sampler.note);
    // Grid folds plan as many trials as the main grid (same space); random/TPE the same count.
    progress.total = main.limit * (1 + folds) + folds;

    // Candles before `tradeFrom` warm the indicators up; trading (and every metric) starts there.
    const whole =
      options.tradeFrom === undefined
        ? undefined
        : { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY, tradeFrom: options.tradeFrom };
    const monteCarloRuns = checked.monteCarloRuns;
    const outcome = await runSearch(search, main, whole, {
      reportBest: true,
      returns: monteCarloRuns !== undefined,
    });
    if (outcome.trials.length === 0) throw noCandidate(outcome.note);
    const notes = outcome.note === undefined ? [] : [outcome.note];
    const result: OptimizationResult = {
      method: options.method,
      objective: objective.text,
      seed: checked.seed,
      minTrades: checked.minTrades,
      trials: outcome.trials,
      best: outcome.best,
      notes,
      ...(outcome.fastPathTrials === undefined ? {} : { fastPathTrials: outcome.fastPathTrials }),
    };
    if (outcome.best === undefined) {
      notes.push(
        `no trial could be scored (each needs at least ${checked.minTrades} trade(s) and a defined ${objective.text})`,
      );
    }
    if (windows !== undefined && span !== undefined && checked.walkForward !== undefined) {
      const warmUp = {
        bars: walkForwardWarmupBars(options.space, options.definition, options.config.params),
        barMs: span.barMs,
        dataStart: span.dataStart ?? span.start,
      };
      const walk = await runWalkForward(
        search,
        windows,
        warmUp,
        checked.seed,
        checked.walkForward.inSampleRatio,
      );
      result.walkForward = walk.result;
      notes.push(...walk.notes);
    }
    if (monteCarloRuns !== undefined && outcome.best !== undefined) {
      // The best trial's compounded trade returns, resampled (metrics/monte-carlo.ts).
      result.monteCarlo = monteCarlo(outcome.bestReturns, {
        startEquity: options.config.capital,
        compounding: true,
        runs: monteCarloRuns,
        seed: checked.seed,
      });
    }
    return result;
  } catch (error) {
    abort.abort(error);
    throw error;
  } finally {
    await evaluator.close();
  }
}
