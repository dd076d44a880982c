import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { emaCross, smaCross } from '../../strategies/builtins/index.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import { optimize } from './optimize.js';
import { TaskGate, workerFilename } from './pool.js';
import { parseSearchSpace } from './space.js';
import { LINEAR_SWAP, smaCrossConfig, syntheticSeries } from './test-fixtures.js';
import type { OptimizeOptions } from './types.js';

describe('workerFilename', () => {
  it('is beside the bundle entry, also from a code-split chunk', () => {
    expect(workerFilename('file:///opt/ql/dist/cli.js')).toBe('/opt/ql/dist/backtest-worker.js');
    expect(workerFilename('file:///opt/ql/dist/chunks/optimize-AB12.js')).toBe(
      '/opt/ql/dist/backtest-worker.js',
    );
  });

  it("is the repository's dist/ from the TypeScript sources", () => {
    const source = pathToFileURL(resolve('src/backtest/optimize/pool.ts')).href;
    expect(workerFilename(source)).toBe(resolve('dist/backtest-worker.js'));
  });
});

/** A real optimisation over synthetic candles: the fast path (sma-cross) or the kernel (ema-cross). */
function realOptions(definition: StrategyDefinition, overrides: Partial<OptimizeOptions>): OptimizeOptions {
  return {
    strategy: { kind: 'builtin', name: definition.name },
    definition,
    space: parseSearchSpace(
      { fast: { min: 3, max: 12 }, slow: { min: 10, max: 40, step: 5 }, mode: ['long-only', 'long-short'] },
      definition.params,
    ),
    method: 'tpe',
    trials: 24,
    seed: 3,
    objective: 'sharpe',
    config: smaCrossConfig({ strategy: definition.name }),
    instruments: [LINEAR_SWAP],
    data: { series: [syntheticSeries(800)] },
    ...overrides,
  };
}

describe('TaskGate', () => {
  it('lets `permits` tasks through, the rest in arrival order as permits are handed back', async () => {
    const gate = new TaskGate(2);
    const order: number[] = [];
    const entered = [1, 2, 3, 4].map((k) => gate.enter().then(() => order.push(k)));
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual([1, 2]);
    gate.leave();
    await entered[2];
    expect(order).toEqual([1, 2, 3]);
    gate.leave();
    await entered[3];
    expect(order).toEqual([1, 2, 3, 4]);
  });
});

describe('optimize on worker threads', () => {
  it('the built worker bundle exists (scripts/build.mjs entry backtest-worker)', () => {
    expect(existsSync(workerFilename()), `${workerFilename()} is missing: the build needs its entry`).toBe(
      true,
    );
  });

  it('2 piscina workers give exactly the in-process result (sma-cross, fast path)', async () => {
    const progress: number[] = [];
    const pooled = await optimize(
      realOptions(smaCross, {
        workers: 2,
        walkForward: { folds: 2 },
        onProgress: (done) => progress.push(done),
      }),
    );
    const local = await optimize(realOptions(smaCross, { workers: 1, walkForward: { folds: 2 } }));
    expect(pooled).toEqual(local);
    expect(pooled.trials).toHaveLength(24);
    expect(pooled.trials.some((t) => t.metrics.trades > 0)).toBe(true);
    expect(pooled.best).toBeDefined();
    expect(pooled.walkForward!.folds).toHaveLength(2);
    expect(pooled.walkForward!.stitchedEquity.length).toBeGreaterThan(10);
    expect(progress).toHaveLength(24 * 3 + 2);
    // Every sma-cross trial ran on the columnar fast path.
    expect(pooled.fastPathTrials).toBe(24);
  });

  it('2 piscina workers give exactly the in-process result (ema-cross, the kernel)', async () => {
    const options = { method: 'random', trials: 10 } as const;
    const pooled = await optimize(realOptions(emaCross, { ...options, workers: 2 }));
    const local = await optimize(realOptions(emaCross, { ...options, workers: 0 }));
    expect(pooled).toEqual(local);
    expect(pooled.trials.some((t) => t.metrics.trades > 0)).toBe(true);
    // ema-cross has no fast path: every trial ran on the kernel.
    expect(pooled.fastPathTrials).toBe(0);
  });

  it('a failing pooled optimisation reports no progress once it has rejected', async () => {
    let rejected = false;
    let lateProgress = 0;
    const failure = await optimize(
      realOptions(smaCross, {
        workers: 2,
        walkForward: { folds: 3 },
        // Negative capital: the simulated venue refuses it, on every trial (8 tasks at once on 2 threads).
        config: smaCrossConfig({ strategy: 'sma-cross', capital: -1 }),
        onProgress: () => {
          if (rejected) lateProgress += 1;
        },
      }),
    ).catch((error: unknown) => error);
    rejected = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((failure as Error).message).toContain('capital');
    expect(lateProgress).toBe(0);
  });

  it("a worker's error keeps its code and message", async () => {
    const failure = await optimize(
      realOptions(smaCross, { workers: 2, strategy: { kind: 'spec', file: '/nonexistent/strategy.json' } }),
    ).catch((error: unknown) => error);
    expect(isQuantLabError(failure, 'QL_ERR_NOT_FOUND')).toBe(true);
    expect((failure as Error).message).toContain('/nonexistent/strategy.json');
  });
});
