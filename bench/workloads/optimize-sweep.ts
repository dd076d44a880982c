import { optimize, parseSearchSpace } from '../../src/backtest/optimize/index.js';
import { smaCross } from '../../src/strategies/builtins/ma-cross.js';
import type { Workload } from '../harness.js';
import { type BenchBacktestInput, benchBacktestInput } from './backtest.js';

const PERIODS = [5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 250, 300];
let input: BenchBacktestInput | undefined;

/**
 * `optimize-sweep`: sma-cross over 500,000 1m bars for every fast < slow pair of 20 periods (190 trials),
 * grid search on 2 worker threads (the columnar fast path inside each), from the call to the last result.
 * Peak memory (the process's maximum resident set, workers included) is logged with each run.
 */
export const optimizeSweep: Workload = {
  name: 'optimize-sweep',
  unit: 'ms',
  better: 'lower',
  target: 3000,
  async setup(ctx) {
    input = benchBacktestInput(ctx.quick ? 100_000 : 500_000);
  },
  async run(ctx) {
    const { config, data, instrument } = input!;
    const space = parseSearchSpace(
      { fast: PERIODS, slow: PERIODS, constraints: ['fast < slow'] },
      smaCross.params,
    );
    const started = performance.now();
    const result = await optimize({
      strategy: { kind: 'builtin', name: 'sma-cross' },
      definition: smaCross,
      space,
      method: 'grid',
      objective: 'sharpe',
      workers: 2,
      config,
      instruments: [instrument],
      data,
    });
    const elapsed = performance.now() - started;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    ctx.log(
      `optimize-sweep: ${result.trials.length} trials in ${elapsed.toFixed(0)} ms, peak RSS ${peakMb.toFixed(0)} MB, best ${JSON.stringify(result.best?.params)}`,
    );
    if (result.trials.length !== 190)
      throw new Error(`optimize-sweep: expected 190 trials, got ${result.trials.length}`);
    return elapsed;
  },
};
