/**
 * The worker-thread entry of the optimizer's pool (piscina calls the default export once per task).
 * Built as its own bundle, dist/backtest-worker.js; see pool.ts for how the parent finds it.
 *
 * A failure comes back as a value, not a throw: structured cloning would strip a QuantLabError down to a
 * plain Error, losing the code and details the CLI reports. A detailed outcome's equity curve (two
 * Float64Arrays the runner allocated for this reply) is transferred to the parent, not copied.
 */

import { move, transferableSymbol, valueSymbol } from 'piscina';
import { toQuantLabError } from '../../core/errors.js';
import { cachedStrategyResolver } from './strategy-ref.js';
import { TrialRunner } from './trial-runner.js';
import type { TrialTask, WorkerReply } from './trial-task.js';

const runner = new TrialRunner(cachedStrategyResolver());

export default async function runTrialTask(task: TrialTask): Promise<WorkerReply> {
  try {
    const outcome = await runner.run(task);
    if (outcome.curve === undefined) return outcome;
    // piscina posts the value with these buffers in its transfer list (see Piscina.move).
    const transferable = {
      [transferableSymbol]: [outcome.curve.ts.buffer, outcome.curve.equity.buffer],
      [valueSymbol]: outcome,
    };
    return move(transferable as never) as unknown as WorkerReply;
  } catch (error) {
    const failure = toQuantLabError(error);
    return {
      failure: {
        code: failure.code,
        message: failure.message,
        ...(failure.details === undefined ? {} : { details: failure.details }),
      },
    };
  }
}
