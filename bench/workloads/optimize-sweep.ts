import { optimize, parseSearchSpace } from '../../src/backtest/optimize/index.js';
import { smaCross } from '../../src/strategies/builtins/ma-cross.js';
import type { Workload } from '../harness.js';
import { type BenchBacktestInput, benchBacktestInput } from './backtest.js';

const PERIODS = [5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 250, 300];
let input: BenchBacktestInput | undefined;

/**
 * `optimize-sweep`: sma-cross over 500,000 1m bars for every fast < slow pair of 20 periods (190 trials),
 * grid search on 2 worker threads (the columnar fast path inside each), from the call to the last result.
 * Logged with each run: how many trials the fast path ran and how many fell back to the kernel, and
 * memory. Worker threads share the process, so its resident set covers them; two figures, neither of them
 * the sweep's alone: the highest RSS sampled (every 10 ms) while the sweep ran — which still counts what
 * the process held before it — and the process's lifetime peak (`resourceUsage().maxRSS`), which may come
 * from an earlier workload of the same bench run.
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
    let sampledPeak = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
    }, 10);
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
    clearInterval(sampler);
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    // maxRSS is in KiB.
    const lifetimePeak = process.resourceUsage().maxRSS * 1024;
    const fast = result.fastPathTrials ?? 0;
    ctx.log(
      `optimize-sweep: ${result.trials.length} trials in ${elapsed.toFixed(0)} ms ` +
        `(${fast} on the fast path, ${result.trials.length - fast} on the kernel); ` +
        `RSS sampled during the sweep peaked at ${mb(sampledPeak)} (the whole process, workers included), ` +
        `process lifetime peak ${mb(lifetimePeak)} (may come from earlier workloads); ` +
        `best ${JSON.stringify(result.best?.params)}`,
    );
    if (result.trials.length !== 190)
      throw new Error(`optimize-sweep: expected 190 trials, got ${result.trials.length}`);
    if (result.fastPathTrials === undefined)
      throw new Error('optimize-sweep: the result does not say which trials took the fast path');
    return elapsed;
  },
};
