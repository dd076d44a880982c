import { describe, expect, it } from 'vitest';
import { smaCross } from '../../strategies/builtins/index.js';
import { optimize } from './optimize.js';
import { parseSearchSpace } from './space.js';
import { fakeMetrics, HOUR_MS, LINEAR_SWAP, smaCrossConfig, syntheticSeries, T0 } from './test-fixtures.js';
import type { TrialOutcome, TrialTask } from './trial-task.js';
import { type FoldRun, stitchEquity, walkForwardWindows } from './walk-forward.js';

const h = (n: number) => T0 + n * HOUR_MS;

describe('walkForwardWindows', () => {
  it('4 folds at 0.7 over 1000 hourly bars', () => {
    // L = ⌊1000 / (4 + 0.7/0.3)⌋ = ⌊157.9⌋ = 157 bars; I = ⌊157 × 7/3⌋ = ⌊366.3⌋ = 366 bars.
    const windows = walkForwardWindows({ start: h(0), end: h(1000), barMs: HOUR_MS }, 4, 0.7);
    expect(windows).toEqual([
      { inSample: [h(6), h(372)], outOfSample: [h(372), h(529)] },
      { inSample: [h(163), h(529)], outOfSample: [h(529), h(686)] },
      { inSample: [h(320), h(686)], outOfSample: [h(686), h(843)] },
      { inSample: [h(477), h(843)], outOfSample: [h(843), h(1000)] },
    ]);
  });

  it('3 folds at 0.5 over 100 bars tile the data exactly', () => {
    const windows = walkForwardWindows({ start: h(0), end: h(100), barMs: HOUR_MS }, 3, 0.5);
    expect(windows.map((w) => [w.inSample, w.outOfSample])).toEqual([
      [
        [h(0), h(25)],
        [h(25), h(50)],
      ],
      [
        [h(25), h(50)],
        [h(50), h(75)],
      ],
      [
        [h(50), h(75)],
        [h(75), h(100)],
      ],
    ]);
  });

  it('refuses folds shorter than a bar', () => {
    expect(() => walkForwardWindows({ start: h(0), end: h(10), barMs: HOUR_MS }, 12, 0.7)).toThrow(/too few/);
  });
});

describe('stitchEquity', () => {
  it("chains each fold's relative curve onto the previous end, from the capital", () => {
    const fold = (equity: Array<[number, number]>): FoldRun => ({
      equity,
      metrics: fakeMetrics({ startEquity: 10_000 }),
      trades: [],
      durationMs: 2 * HOUR_MS,
    });
    const stitched = stitchEquity(
      [
        fold([
          [h(1), 10_000],
          [h(2), 11_000],
        ]),
        fold([
          [h(3), 10_000],
          [h(4), 9_000],
        ]),
      ],
      1_000,
    );
    expect(stitched).toEqual([
      [h(1), 1_000],
      [h(2), 1_100],
      [h(3), 1_100],
      [h(4), 990],
    ]);
  });
});

describe('optimize with walk-forward', () => {
  it('searches each in-sample window, then runs the best out of sample from a warm start', async () => {
    const tasks: TrialTask[] = [];
    const evaluate = (task: TrialTask): TrialOutcome => {
      tasks.push(task);
      const metrics = fakeMetrics({ sharpe: task.params['fast'] as number, startEquity: 10_000 });
      if (task.detail !== true) return { metrics, returns: [0.0001] };
      // Out of sample: +10 % over the window.
      const [from, to] = [task.range!.tradeFrom!, task.range!.to];
      return {
        metrics,
        returns: [0.1],
        equity: [
          [from + HOUR_MS, 10_000],
          [to, 11_000],
        ],
        trades: [
          {
            symbol: 'X',
            side: 'long',
            qty: 1,
            entryTime: from,
            entryPrice: 1,
            exitTime: to,
            exitPrice: 2,
            pnl: 1000,
            fees: 0,
          },
        ],
      };
    };
    const progress: Array<[number, number]> = [];
    const result = await optimize({
      strategy: { kind: 'builtin', name: 'sma-cross' },
      definition: smaCross,
      space: parseSearchSpace({ fast: [3, 4, 5], slow: [20] }, smaCross.params),
      method: 'grid',
      objective: 'sharpe',
      workers: 0,
      config: smaCrossConfig(),
      instruments: [LINEAR_SWAP],
      data: { series: [syntheticSeries(100)] },
      walkForward: { folds: 3, inSampleRatio: 0.5 },
      evaluate,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const wf = result.walkForward!;
    expect(wf.inSampleRatio).toBe(0.5);
    expect(wf.folds.map((f) => [f.inSample, f.outOfSample])).toEqual([
      [
        [h(0), h(25)],
        [h(25), h(50)],
      ],
      [
        [h(25), h(50)],
        [h(50), h(75)],
      ],
      [
        [h(50), h(75)],
        [h(75), h(100)],
      ],
    ]);
    expect(wf.folds.every((f) => f.params['fast'] === 5 && f.inSampleScore === 5)).toBe(true);
    const oos = tasks.filter((t) => t.detail === true);
    expect(oos.map((t) => t.range)).toEqual([
      { from: h(0), to: h(50), tradeFrom: h(25) },
      { from: h(25), to: h(75), tradeFrom: h(50) },
      { from: h(50), to: h(100), tradeFrom: h(75) },
    ]);
    const inSample = tasks.filter((t) => t.detail !== true && t.range !== undefined);
    expect(inSample).toHaveLength(9);
    expect(inSample.every((t) => t.range!.tradeFrom === undefined)).toBe(true);
    // Three folds of +10 % each, chained.
    expect(wf.stitchedEquity).toHaveLength(6);
    expect(wf.stitchedEquity.at(-1)![1]).toBeCloseTo(10_000 * 1.1 ** 3);
    expect(wf.metrics.totalReturn).toBeCloseTo(1.1 ** 3 - 1);
    expect(wf.metrics.trades).toBe(3);
    // 3 full-range trials + 3 folds × (3 in-sample + 1 out-of-sample).
    expect(progress.at(-1)).toEqual([15, 15]);
  });

  it('refuses walk-forward on too little data before running any trial', async () => {
    let ran = 0;
    await expect(
      optimize({
        strategy: { kind: 'builtin', name: 'sma-cross' },
        definition: smaCross,
        space: parseSearchSpace({ fast: [3] }, smaCross.params),
        method: 'grid',
        objective: 'sharpe',
        workers: 0,
        config: smaCrossConfig(),
        instruments: [LINEAR_SWAP],
        data: { series: [syntheticSeries(5)] },
        walkForward: { folds: 10 },
        evaluate: () => {
          ran += 1;
          return { metrics: fakeMetrics(), returns: [] };
        },
      }),
    ).rejects.toThrow(/too few/);
    expect(ran).toBe(0);
  });
});
