/**
 * One search over one range of the data: propose a batch, evaluate it in parallel, record the results in
 * index order, repeat. Batches of an adaptive sampler (TPE) have a fixed size and see only the trials
 * completed before them, so a seed gives the same trials with 1 worker or 64.
 *
 * Searches running side by side (walk-forward folds) share one AbortController: the first trial that
 * fails aborts it, and every search then stops before its next batch (queued pool tasks are dropped), so
 * nothing runs or reports progress once the optimisation has failed.
 */

import type { StrategyDefinition } from '../../strategies/types.js';
import { createRandom } from '../metrics/index.js';
import { CandidateGate, type Proposal } from './candidates.js';
import { GridSampler } from './grid-sampler.js';
import { type Objective, scoreMetrics } from './objective.js';
import type { TrialEvaluator } from './pool.js';
import { RandomSampler } from './random-sampler.js';
import {
  ADAPTIVE_BATCH,
  type CompletedTrial,
  FIXED_BATCH,
  type Sampler,
  type SearchMethod,
} from './sampler.js';
import type { SearchSpace } from './space.js';
import { TpeSampler } from './tpe-sampler.js';
import type { TrialOutcome, TrialRange, TrialTask } from './trial-task.js';
import type { OptimizationBest, OptimizationTrialResult } from './types.js';

export const DEFAULT_TRIALS = 100;

/** Everything a search needs besides its range and seed. */
export interface SearchSettings {
  readonly method: SearchMethod;
  readonly space: SearchSpace;
  readonly definition: StrategyDefinition;
  /** Cap (grid) or count (random, tpe). */
  readonly trials: number | undefined;
  readonly objective: Objective;
  readonly minTrades: number;
  readonly evaluator: TrialEvaluator;
  /** The task without its params, range and what it asks back. */
  readonly baseTask: Omit<TrialTask, 'params' | 'range' | 'detail' | 'returns'>;
  readonly progress: Progress;
  /** Aborted by the first failing trial (its error is the reason); checked before every batch and task. */
  readonly abort: AbortController;
}

export interface SearchOutcome {
  readonly trials: OptimizationTrialResult[];
  readonly best: OptimizationBest | undefined;
  /**
   * Compounded trade returns (net PnL / equity at entry) of the best trial, for the Monte Carlo; empty
   * unless the search asked for returns.
   */
  readonly bestReturns: readonly number[];
  /** Trials the strategy's fast path ran; undefined when the evaluator does not say (a test's function). */
  readonly fastPathTrials: number | undefined;
  readonly note: string | undefined;
}

export interface SearchRunOptions {
  /** This search's best is what progress reports (the main search, not the walk-forward folds). */
  readonly reportBest: boolean;
  /** Ask every trial for its trade returns (the main search when a Monte Carlo follows). */
  readonly returns: boolean;
}

/** Counts finished trials across every phase and reports them. */
export class Progress {
  done = 0;
  total = 0;
  best: OptimizationBest | undefined;

  constructor(
    private readonly report?: (done: number, total: number, best: OptimizationBest | undefined) => void,
  ) {}

  tick(): void {
    this.done += 1;
    this.report?.(this.done, Math.max(this.total, this.done), this.best);
  }
}

/** A sampler ready to run, and how many trials it will run at most. */
export interface PreparedSearch {
  readonly sampler: Sampler;
  readonly limit: number;
}

/** Builds the sampler of a search (a grid is enumerated and checked here, so `limit` is exact). */
export function prepareSearch(settings: SearchSettings, seed: number): PreparedSearch {
  const gate = new CandidateGate(settings.definition, settings.space, settings.baseTask.config.params);
  switch (settings.method) {
    case 'grid': {
      const sampler = new GridSampler(settings.space, gate, settings.trials);
      return { sampler, limit: sampler.planned };
    }
    case 'random':
      return {
        sampler: new RandomSampler(settings.space, gate, createRandom(seed)),
        limit: settings.trials ?? DEFAULT_TRIALS,
      };
    case 'tpe':
      return {
        sampler: new TpeSampler(settings.space, gate, createRandom(seed)),
        limit: settings.trials ?? DEFAULT_TRIALS,
      };
  }
}

/**
 * Runs one task unless the optimisation was aborted, and counts it in the progress. A failure aborts the
 * optimisation (with the error as the reason) before it propagates; an outcome that arrives after the
 * abort is dropped without a progress report.
 */
export async function runTask(settings: SearchSettings, task: TrialTask): Promise<TrialOutcome> {
  const { signal } = settings.abort;
  signal.throwIfAborted();
  let outcome: TrialOutcome;
  try {
    outcome = await settings.evaluator.run(task, signal);
  } catch (error) {
    settings.abort.abort(error);
    throw error;
  }
  signal.throwIfAborted();
  settings.progress.tick();
  return outcome;
}

/** Runs a prepared search on `range` (the whole data when undefined). */
export async function runSearch(
  settings: SearchSettings,
  prepared: PreparedSearch,
  range: TrialRange | undefined,
  options: SearchRunOptions,
): Promise<SearchOutcome> {
  const { sampler, limit } = prepared;
  const batch = sampler.adaptive ? ADAPTIVE_BATCH : FIXED_BATCH;
  const history: CompletedTrial[] = [];
  const trials: OptimizationTrialResult[] = [];
  let best: OptimizationBest | undefined;
  let bestReturns: readonly number[] = [];
  let fastPathTrials: number | undefined;

  while (trials.length < limit) {
    // Another search (a walk-forward fold) failed: stop before proposing or running anything more.
    settings.abort.signal.throwIfAborted();
    const proposals = sampler.propose(Math.min(batch, limit - trials.length), history);
    if (proposals.length === 0) break;
    const outcomes = await Promise.all(
      proposals.map((proposal: Proposal) =>
        runTask(settings, {
          ...settings.baseTask,
          params: proposal.params,
          ...(range === undefined ? {} : { range }),
          ...(options.returns ? { returns: true } : {}),
        }),
      ),
    );
    proposals.forEach((proposal, i) => {
      const { metrics, returns = [], fastPath } = outcomes[i]!;
      if (fastPath !== undefined) fastPathTrials = (fastPathTrials ?? 0) + (fastPath ? 1 : 0);
      const index = trials.length;
      const score = scoreMetrics(settings.objective, metrics, settings.minTrades);
      const params = { ...proposal.params };
      trials.push({ index, params, score, metrics });
      history.push({ index, candidate: proposal.candidate, score });
      // Strictly greater: on a tie the earlier trial stays best, whatever order the workers finished in.
      if (score !== null && (best === undefined || score > best.score)) {
        best = { params, score, metrics };
        bestReturns = returns;
      }
    });
    if (options.reportBest) settings.progress.best = best;
  }
  // A search that ends early frees its share of the progress total.
  settings.progress.total -= limit - trials.length;
  return { trials, best, bestReturns, fastPathTrials, note: sampler.note };
}
