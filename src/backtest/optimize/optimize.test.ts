import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { smaCross } from '../../strategies/builtins/index.js';
import type { FloatParam, StrategyDefinition } from '../../strategies/types.js';
import type { OptimizationSection } from '../report/types.js';
import { optimize } from './optimize.js';
import { parseSearchSpace } from './space.js';
import { fakeMetrics, LINEAR_SWAP, smaCrossConfig, syntheticSeries } from './test-fixtures.js';
import type { TrialOutcome, TrialTask } from './trial-task.js';
import type { OptimizeOptions } from './types.js';

/** A two-parameter definition for objective-only tests: trials never run it (the evaluator is faked). */
const coordinate = (description: string): FloatParam => ({
  type: 'float',
  default: 0,
  min: -5,
  max: 5,
  description,
});
const BOWL: StrategyDefinition = {
  apiVersion: 1,
  name: 'bowl',
  version: '1.0.0',
  description: 'a quadratic bowl, for the optimizer tests',
  params: { x: coordinate('x'), y: coordinate('y') },
  create() {
    throw new Error('never run');
  },
};

/** Higher is better; the peak (0) is at (1.3, −2.1). */
function bowlScore(params: Readonly<Record<string, unknown>>): number {
  const x = params['x'] as number;
  const y = params['y'] as number;
  return -((x - 1.3) ** 2 + (y + 2.1) ** 2);
}

function bowlEvaluator(delay?: () => number) {
  return async (task: TrialTask): Promise<TrialOutcome> => {
    // Random delays make trials finish out of order, as on a pool of workers.
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay()));
    return { metrics: fakeMetrics({ sharpe: bowlScore(task.params) }), returns: [0.01, -0.01] };
  };
}

function bowlOptions(overrides: Partial<OptimizeOptions>): OptimizeOptions {
  return {
    strategy: { kind: 'builtin', name: 'bowl' },
    definition: BOWL,
    space: parseSearchSpace({ x: { min: -5, max: 5 }, y: { min: -5, max: 5 } }, BOWL.params),
    method: 'tpe',
    trials: 40,
    objective: 'sharpe',
    workers: 0,
    config: smaCrossConfig({ strategy: 'bowl' }),
    instruments: [LINEAR_SWAP],
    data: { series: [syntheticSeries(100)] },
    evaluate: bowlEvaluator(),
    ...overrides,
  };
}

describe('optimize: determinism', () => {
  for (const method of ['random', 'tpe'] as const) {
    it(`${method}: the same seed gives the same trials whatever order trials finish in`, async () => {
      const inOrder = await optimize(bowlOptions({ method, seed: 7 }));
      const shuffled = await optimize(
        bowlOptions({ method, seed: 7, evaluate: bowlEvaluator(() => Math.floor(Math.random() * 4)) }),
      );
      expect(shuffled).toEqual(inOrder);
      expect(inOrder.trials).toHaveLength(40);
      expect(inOrder.trials.map((t) => t.index)).toEqual([...Array(40).keys()]);
      const other = await optimize(bowlOptions({ method, seed: 8 }));
      expect(other.trials[0]!.params).not.toEqual(inOrder.trials[0]!.params);
    });
  }

  it('TPE finds a better point than random search on average (same budget, 12 seeds)', async () => {
    let tpe = 0;
    let random = 0;
    for (let seed = 1; seed <= 12; seed += 1) {
      tpe += (await optimize(bowlOptions({ method: 'tpe', seed, trials: 60 }))).best!.score;
      random += (await optimize(bowlOptions({ method: 'random', seed, trials: 60 }))).best!.score;
    }
    // Mean distance² to the peak: about 0.17 for TPE against 0.50 for random search.
    expect(tpe / 12).toBeGreaterThan(random / 12 / 2);
  });
});

describe('optimize: scoring', () => {
  it('the best is the highest score; ties keep the earlier trial', async () => {
    const result = await optimize(
      bowlOptions({
        method: 'grid',
        space: parseSearchSpace({ x: [1, 2, 3], y: [0] }, BOWL.params),
        evaluate: (task) => ({
          metrics: fakeMetrics({ sharpe: task.params['x'] === 1 ? 1 : 2 }),
          returns: [],
        }),
      }),
    );
    expect(result.trials.map((t) => t.score)).toEqual([1, 2, 2]);
    expect(result.best).toMatchObject({ params: { x: 2, y: 0 }, score: 2 });
  });

  it('a trial with fewer than minTrades trades scores null and is never best', async () => {
    const result = await optimize(
      bowlOptions({
        method: 'grid',
        space: parseSearchSpace({ x: [-4, 0, 1, 2], y: [-2] }, BOWL.params),
        minTrades: 5,
        evaluate: (task) => ({
          // The best objective value (x = 1) comes with too few trades.
          metrics: fakeMetrics({ sharpe: bowlScore(task.params), trades: task.params['x'] === 1 ? 4 : 5 }),
          returns: [],
        }),
      }),
    );
    expect(result.trials.map((t) => t.score === null)).toEqual([false, false, true, false]);
    expect(result.best!.params['x']).toBe(2);
    expect(result.minTrades).toBe(5);
  });

  it('with no scorable trial there is no best, and a note says why', async () => {
    const result = await optimize(
      bowlOptions({
        method: 'random',
        trials: 5,
        evaluate: () => ({ metrics: fakeMetrics({ trades: 0 }), returns: [] }),
      }),
    );
    expect(result.best).toBeUndefined();
    expect(result.notes.join(' ')).toContain('no trial could be scored');
  });

  it('custom objectives score from the metrics', async () => {
    const result = await optimize(
      bowlOptions({
        method: 'grid',
        space: parseSearchSpace({ x: [0], y: [0] }, BOWL.params),
        objective: 'sharpe * (1 - maxDrawdown)',
        evaluate: () => ({ metrics: fakeMetrics({ sharpe: 2, maxDrawdown: 0.25 }), returns: [] }),
      }),
    );
    expect(result.objective).toBe('sharpe * (1 - maxDrawdown)');
    expect(result.best!.score).toBeCloseTo(1.5);
  });
});

describe('optimize: grid, constraints, progress, Monte Carlo, options', () => {
  const smaOptions = (overrides: Partial<OptimizeOptions>): OptimizeOptions =>
    bowlOptions({
      strategy: { kind: 'builtin', name: 'sma-cross' },
      definition: smaCross,
      config: smaCrossConfig(),
      space: parseSearchSpace({ fast: { min: 3, max: 22 }, slow: { min: 3, max: 22 } }, smaCross.params),
      method: 'grid',
      trials: undefined,
      evaluate: (task) => ({
        metrics: fakeMetrics({ sharpe: (task.params['slow'] as number) - (task.params['fast'] as number) }),
        returns: [0.01, -0.005, 0.02],
      }),
      ...overrides,
    });

  it('never evaluates a candidate the strategy refuses, and reports progress to the planned total', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const progress: Array<[number, number]> = [];
    const result = await optimize(
      smaOptions({
        evaluate: (task) => {
          seen.push({ ...task.params });
          return { metrics: fakeMetrics({ sharpe: 1 }), returns: [] };
        },
        onProgress: (done, total) => progress.push([done, total]),
      }),
    );
    expect(result.trials).toHaveLength(190);
    expect(seen.every((p) => (p['fast'] as number) < (p['slow'] as number))).toBe(true);
    expect(progress.at(-1)).toEqual([190, 190]);
    expect(result.trials[0]!.params).toEqual({ fast: 3, slow: 4, mode: 'long-only', fraction: 1 });
  });

  it("parameters the space does not name keep the configuration's values", async () => {
    const result = await optimize(
      smaOptions({ trials: 1, config: smaCrossConfig({ params: { mode: 'long-short', unknown: 1 } }) }),
    );
    expect(result.trials[0]!.params).toEqual({ fast: 3, slow: 4, mode: 'long-short', fraction: 1 });
  });

  it('notes a grid cut by --trials; bootstraps the best trades when asked', async () => {
    const result = await optimize(smaOptions({ trials: 20, monteCarlo: { runs: 200 } }));
    expect(result.trials).toHaveLength(20);
    expect(result.notes[0]).toContain('--trials 20 evaluates only the first 20');
    expect(result.monteCarlo).toMatchObject({ runs: 200 });
    expect(result.monteCarlo!.returns.mean).toBeGreaterThan(0);
  });

  it('refuses bad options naming the key', async () => {
    const keyOf = async (overrides: Partial<OptimizeOptions>) => {
      try {
        await optimize(smaOptions(overrides));
      } catch (error) {
        if (isQuantLabError(error, 'QL_ERR_INVALID_INPUT')) return error.details?.['key'];
        throw error;
      }
      return undefined;
    };
    expect(await keyOf({ trials: 0 })).toBe('trials');
    expect(await keyOf({ workers: -1 })).toBe('workers');
    expect(await keyOf({ method: 'annealing' as never })).toBe('method');
    expect(await keyOf({ objective: 'sharpie' })).toBe('objective');
    expect(await keyOf({ walkForward: { folds: 0 } })).toBe('walkForward.folds');
    expect(await keyOf({ walkForward: { folds: 2, inSampleRatio: 1 } })).toBe('walkForward.inSampleRatio');
    expect(await keyOf({ monteCarlo: { runs: 1.5 } })).toBe('monteCarlo.runs');
    expect(
      await keyOf({
        space: parseSearchSpace({ fast: [30], slow: [10] }, smaCross.params),
      }),
    ).toBe('space');
  });

  it('fits the report’s OptimizationSection', async () => {
    const result = await optimize(smaOptions({ trials: 5, monteCarlo: {} }));
    const section: OptimizationSection = result;
    expect(JSON.parse(JSON.stringify(section))).toEqual(result);
  });
});
