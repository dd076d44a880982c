/**
 * Where trials run: a piscina pool of worker threads (the default: one per available core), or the
 * calling thread when `workers` is 0 or 1 (tests, small sweeps), or a caller-supplied function (tests).
 * The worker script is the separate bundle dist/backtest-worker.js: `workerFilename()` finds it both from
 * the built CLI and from the TypeScript sources (vitest), which is why the built file must exist.
 */

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QuantLabError } from '../../core/errors.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import { TrialRunner } from './trial-runner.js';
import type { TrialOutcome, TrialTask, WorkerReply } from './trial-task.js';

export type EvaluateTrial = (task: TrialTask) => TrialOutcome | Promise<TrialOutcome>;

export interface TrialEvaluator {
  /**
   * Runs one task. `signal`: once aborted (another trial or fold failed), a task still waiting for a
   * worker is dropped (the promise rejects with the abort reason); one already running finishes.
   */
  run(task: TrialTask, signal?: AbortSignal): Promise<TrialOutcome>;
  close(): Promise<void>;
}

export const WORKER_BUNDLE = 'backtest-worker.js';

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * The worker bundle's path. From the bundle (dist/cli.js, or a code-split chunk in dist/chunks/) it is
 * beside the entry; from a TypeScript source (src/backtest/optimize/*.ts under vitest) it is the
 * repository's dist/, which the test setup builds.
 */
export function workerFilename(moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(moduleUrl);
  const dir = dirname(here);
  if (here.endsWith('.ts')) return resolve(dir, '../../../dist', WORKER_BUNDLE);
  return join(basename(dir) === 'chunks' ? dirname(dir) : dir, WORKER_BUNDLE);
}

export interface EvaluatorOptions {
  readonly workers: number;
  /** The strategy, for in-process runs (workers resolve `task.strategy` themselves). */
  readonly definition: StrategyDefinition;
  /** Replaces the backtest altogether (tests). */
  readonly evaluate?: EvaluateTrial;
  /** Overrides `workerFilename()`. */
  readonly workerFile?: string;
}

function inProcess(evaluate: EvaluateTrial): TrialEvaluator {
  return {
    run: async (task) => evaluate(task),
    close: async () => {},
  };
}

/**
 * Lets at most `permits` tasks through at once, first come first served. The pool gets no more tasks than
 * it has threads, so nothing waits in piscina's queue: tasks wait here, where an aborted optimisation
 * drops them. (Aborting a task piscina already runs would terminate its thread, and the reply the thread
 * had already posted then surfaces as an uncaught "Unexpected message from Worker".)
 */
export class TaskGate {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(permits: number) {
    this.free = Math.max(1, permits);
  }

  async enter(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the permit to the next waiting task, or frees it. */
  leave(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.free += 1;
  }
}

export async function createTrialEvaluator(options: EvaluatorOptions): Promise<TrialEvaluator> {
  if (options.evaluate !== undefined) return inProcess(options.evaluate);
  if (options.workers <= 1) {
    const runner = new TrialRunner(() => options.definition);
    return inProcess((task) => runner.run(task));
  }
  const filename = options.workerFile ?? workerFilename();
  if (!existsSync(filename)) {
    throw new QuantLabError(
      'QL_ERR_INTERNAL',
      `The optimizer's worker bundle ${filename} is missing: run \`npm run build\`, or use --workers 1.`,
      { details: { file: filename } },
    );
  }
  // Loaded on demand: the CLI must not pay for piscina at start-up.
  const { Piscina } = await import('piscina');
  const pool = new Piscina<TrialTask, WorkerReply>({
    filename,
    minThreads: options.workers,
    maxThreads: options.workers,
    // Tasks are CPU-bound and come in batches; keep threads (and their caches) between batches.
    idleTimeout: 60_000,
  });
  const gate = new TaskGate(options.workers);
  return {
    run: async (task, signal) => {
      await gate.enter();
      try {
        signal?.throwIfAborted();
        const reply = await pool.run(task);
        if ('failure' in reply) {
          const { code, message, details } = reply.failure;
          throw new QuantLabError(code, message, details === undefined ? {} : { details });
        }
        return reply;
      } finally {
        gate.leave();
      }
    },
    close: () => pool.destroy(),
  };
}
