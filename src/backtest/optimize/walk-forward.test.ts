import { describe, expect, it } from 'vitest';
import { smaCross } from '../../strategies/builtins/index.js';
import { optimize } from './optimize.js';
import { parseSearchSpace } from './space.js';
import { fakeMetrics, HOUR_MS, LINEAR_SWAP, smaCrossConfig, syntheticSeries, T0 } from './test-fixtures.js';
import type { TrialOutcome, TrialTask } from './trial-task.js';
import {
  type FoldRun,
  STITCHED_POINTS,
  stitchEquity,
  stitchedMetrics,
  thinCurve,
  walkForwardWindows,
} from './walk-forward.js';
import { walkForwardWarmupBars } from './walk-forward-run.js';

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

const curveOf = (points: Array<[number, number]>) => ({
  ts: Float64Array.from(points, (p) => p[0]),
  equity: Float64Array.from(points, (p) => p[1]),
});

describe('stitchEquity', () => {
  it("chains each fold's relative curve onto the previous end, from the capital", () => {
    const fold = (points: Array<[number, number]>): FoldRun => ({
      curve: curveOf(points),
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
    expect([...stitched.ts]).toEqual([h(1), h(2), h(3), h(4)]);
    expect([...stitched.equity]).toEqual([1_000, 1_100, 1_100, 990]);
    expect(stitched.scales).toEqual([0.1, 0.11]);
    expect(thinCurve(stitched)).toEqual([
      [h(1), 1_000],
      [h(2), 1_100],
      [h(3), 1_100],
      [h(4), 990],
    ]);
  });
});

describe('thinCurve', () => {
  it('keeps at most the limit, the first and last point, and every bucket low and high', () => {
    const n = 12_345;
    const equity = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 40));
    equity[6_173] = 1; // a one-point crash
    equity[9_001] = 500; // a one-point spike
    const points = thinCurve({ ts: Float64Array.from({ length: n }, (_, i) => i), equity }, 1_000);
    expect(points.length).toBeLessThanOrEqual(1_000);
    expect(points[0]).toEqual([0, equity[0]]);
    expect(points.at(-1)).toEqual([n - 1, equity[n - 1]]);
    expect(points).toContainEqual([6_173, 1]);
    expect(points).toContainEqual([9_001, 500]);
    for (let i = 1; i < points.length; i++) expect(points[i]![0]).toBeGreaterThan(points[i - 1]![0]);
  });
});

describe('stitched metrics', () => {
  it('see every point: a one-point trough that thinning to 5,000 points would skip still counts', () => {
    // 20,000 points of a steady climb, with one point at half the equity between two even samples.
    const n = 20_000;
    const ts = Float64Array.from({ length: n }, (_, i) => T0 + (i + 1) * 60_000);
    const equity = Float64Array.from({ length: n }, (_, i) => 10_000 + i);
    const trough = 10_001;
    equity[trough] = 5_000;
    const run: FoldRun = {
      curve: { ts, equity },
      metrics: fakeMetrics({ startEquity: 10_000 }),
      trades: [],
      durationMs: n * 60_000,
    };
    const stitched = stitchEquity([run], 10_000);
    const metrics = stitchedMetrics([run], stitched, 10_000, T0);
    const peak = 10_000 + trough - 1;
    expect(metrics.maxDrawdown).toBeCloseTo((peak - 5_000) / peak, 12);
    // Under water from the point before the trough to the point after it.
    expect(metrics.maxDrawdownDuration).toBe(2 * 60_000);
    // What an evenly spaced 5,000-point sample (the old thinning) would have reported: no drawdown at all.
    const every = Array.from({ length: 5_000 }, (_, k) => Math.round((k * (n - 1)) / 4_999));
    expect(every).not.toContain(trough);
    // The display curve is thinned but keeps the trough.
    const shown = thinCurve(stitched);
    expect(shown.length).toBeLessThanOrEqual(STITCHED_POINTS);
    expect(shown).toContainEqual([ts[trough], 5_000]);
  });

  it("scale each fold's trade PnLs and fees like its curve (stitched level at its start / capital)", () => {
    const trade = (pnl: number, fees: number) => ({
      symbol: 'X',
      side: 'long' as const,
      qty: 1,
      entryTime: h(0),
      entryPrice: 1,
      exitTime: h(1),
      exitPrice: 2,
      pnl,
      fees,
    });
    const fold = (from: number, end: number, pnl: number): FoldRun => ({
      curve: curveOf([
        [h(from), 10_000],
        [h(from + 1), end],
      ]),
      metrics: fakeMetrics({ startEquity: 10_000, fees: 10, funding: -4 }),
      trades: [trade(pnl, 10)],
      durationMs: 2 * HOUR_MS,
    });
    // Fold 1 doubles the account; fold 2 makes +10 % of 10,000 on its own capital = +2,000 stitched.
    const runs = [fold(0, 20_000, 10_000), fold(2, 11_000, 1_000)];
    const stitched = stitchEquity(runs, 10_000);
    expect(stitched.scales).toEqual([1, 2]);
    const m = stitchedMetrics(runs, stitched, 10_000, h(0));
    expect(m.endEquity).toBe(22_000);
    // Trades: +10,000 and +2,000 in the stitched account: their mean is the curve's gain per trade.
    expect(m.expectancy).toBe(6_000);
    expect(m.expectancy! * m.trades).toBe(m.endEquity - 10_000);
    expect(m.fees).toBe(10 + 20);
    expect(m.funding).toBe(-4 - 8);
  });
});

describe('optimize with walk-forward', () => {
  it('searches each in-sample window, then runs the best out of sample from a warm start', async () => {
    const tasks: TrialTask[] = [];
    const evaluate = (task: TrialTask): TrialOutcome => {
      tasks.push(task);
      const metrics = fakeMetrics({ sharpe: task.params['fast'] as number, startEquity: 10_000 });
      if (task.detail !== true) return { metrics };
      // Out of sample: +10 % over the window.
      const [from, to] = [task.range!.tradeFrom!, task.range!.to];
      return {
        metrics,
        curve: curveOf([
          [from + HOUR_MS, 10_000],
          [to, 11_000],
        ]),
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
    // Trading on the in-sample window, warmed up on up to 100 bars before it (here: from the first candle).
    expect(inSample.map((t) => t.range)).toEqual(
      [
        [h(0), h(25), h(0)],
        [h(0), h(50), h(25)],
        [h(0), h(75), h(50)],
      ].flatMap(([from, to, tradeFrom]) => Array(3).fill({ from, to, tradeFrom })),
    );
    // Three folds of +10 % each, chained.
    expect(wf.stitchedEquity).toHaveLength(6);
    expect(wf.stitchedEquity.at(-1)![1]).toBeCloseTo(10_000 * 1.1 ** 3);
    expect(wf.metrics.totalReturn).toBeCloseTo(1.1 ** 3 - 1);
    expect(wf.metrics.trades).toBe(3);
    // Each fold's +1,000 trade and 12 of fees, scaled to the stitched account (× 1, 1.1, 1.21).
    expect(wf.metrics.expectancy).toBeCloseTo((1_000 + 1_100 + 1_210) / 3, 9);
    expect(wf.metrics.expectancy! * 3).toBeCloseTo(wf.metrics.endEquity - 10_000, 6);
    expect(wf.metrics.fees).toBeCloseTo(12 * (1 + 1.1 + 1.21), 9);
    // No Monte Carlo asked: no trial was asked for its trade returns.
    expect(tasks.some((t) => t.returns === true)).toBe(false);
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
          return { metrics: fakeMetrics() };
        },
      }),
    ).rejects.toThrow(/too few/);
    expect(ran).toBe(0);
  });

  it("reports the stitched metrics of every out-of-sample point, thinning only the result's curve", async () => {
    // Each fold's out-of-sample run returns 20,000 points: a slow climb with one point at half the equity.
    const n = 20_000;
    const trough = 10_001;
    const evaluate = (task: TrialTask): TrialOutcome => {
      const metrics = fakeMetrics({ sharpe: 1, startEquity: 10_000 });
      if (task.detail !== true) return { metrics };
      const from = task.range!.tradeFrom!;
      const step = (task.range!.to - from) / n;
      const ts = Float64Array.from({ length: n }, (_, i) => from + (i + 1) * step);
      const equity = Float64Array.from({ length: n }, (_, i) => 10_000 + i * 0.01);
      equity[trough] = 5_000;
      return { metrics, curve: { ts, equity }, trades: [] };
    };
    const result = await optimize({
      strategy: { kind: 'builtin', name: 'sma-cross' },
      definition: smaCross,
      space: parseSearchSpace({ fast: [3], slow: [20] }, smaCross.params),
      method: 'grid',
      objective: 'sharpe',
      workers: 0,
      config: smaCrossConfig(),
      instruments: [LINEAR_SWAP],
      data: { series: [syntheticSeries(100)] },
      walkForward: { folds: 2, inSampleRatio: 0.5 },
      evaluate,
    });
    const wf = result.walkForward!;
    const peak = 10_000 + (trough - 1) * 0.01;
    expect(wf.metrics.maxDrawdown).toBeCloseTo((peak - 5_000) / peak, 9);
    expect(wf.stitchedEquity.length).toBeLessThanOrEqual(STITCHED_POINTS);
    expect(Math.min(...wf.stitchedEquity.map(([, v]) => v))).toBeLessThan(6_000);
  });

  it('warms each in-sample search up on the bars before its window (the CLI rule), never before the data', async () => {
    const tasks: TrialTask[] = [];
    const options = {
      strategy: { kind: 'builtin', name: 'sma-cross' },
      definition: smaCross,
      // The largest integer in the space is 50: 3 × 50 = 150 bars of warm-up.
      space: parseSearchSpace({ fast: [3], slow: [50] }, smaCross.params),
      method: 'grid',
      objective: 'sharpe',
      workers: 0,
      config: smaCrossConfig(),
      instruments: [LINEAR_SWAP],
      data: { series: [syntheticSeries(1_000)] },
      walkForward: { folds: 3, inSampleRatio: 0.5 },
      evaluate: (task: TrialTask): TrialOutcome => {
        tasks.push(task);
        return { metrics: fakeMetrics(), curve: curveOf([[task.range?.to ?? h(1_000), 10_000]]) };
      },
    } as const;
    expect(walkForwardWarmupBars(options.space, smaCross, {})).toBe(150);
    const inSampleRanges = () =>
      tasks
        .filter(
          (t) => t.detail !== true && t.range !== undefined && t.range.from !== Number.NEGATIVE_INFINITY,
        )
        .map((t) => t.range);

    // 1,000 bars, 3 folds at 0.5: windows of 250 bars. The first fold starts at the data: no warm-up.
    await optimize(options);
    expect(inSampleRanges()).toEqual([
      { from: h(0), to: h(250), tradeFrom: h(0) },
      { from: h(250 - 150), to: h(500), tradeFrom: h(250) },
      { from: h(500 - 150), to: h(750), tradeFrom: h(500) },
    ]);

    // With --from at bar 200 the windows cover bars 200…1000 (200 bars each); the first fold warms up on
    // the candles loaded before --from, the later ones on their predecessors' bars.
    tasks.length = 0;
    await optimize({ ...options, tradeFrom: h(200) });
    expect(inSampleRanges()).toEqual([
      { from: h(200 - 150), to: h(400), tradeFrom: h(200) },
      { from: h(400 - 150), to: h(600), tradeFrom: h(400) },
      { from: h(600 - 150), to: h(800), tradeFrom: h(600) },
    ]);

    // --from at bar 100: only 100 candles before it, so the first fold's warm-up starts at the first candle.
    tasks.length = 0;
    await optimize({ ...options, tradeFrom: h(100) });
    expect(inSampleRanges()[0]).toEqual({ from: h(0), to: h(325), tradeFrom: h(100) });
  });

  it('stops every fold once one fails: no trial starts and no progress is reported afterwards', async () => {
    let failedAt = -1;
    let calls = 0;
    let callsAfterFailure = 0;
    let fold2Calls = 0;
    let progressAfterRejection = 0;
    let rejected = false;
    const evaluate = async (task: TrialTask): Promise<TrialOutcome> => {
      calls += 1;
      if (failedAt >= 0) callsAfterFailure += 1;
      // Fold 2's in-sample window trades from h(25): its 10th trial (second batch) fails.
      const failing = task.range?.tradeFrom === h(25) && task.detail !== true && ++fold2Calls === 10;
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (failing) {
        failedAt = calls;
        throw new Error('fold 2 broke');
      }
      return {
        metrics: fakeMetrics({ sharpe: task.params['fast'] as number }),
        curve: curveOf([[task.range?.to ?? h(100), 10_000]]),
      };
    };
    const run = optimize({
      strategy: { kind: 'builtin', name: 'sma-cross' },
      definition: smaCross,
      space: parseSearchSpace({ fast: { min: 2, max: 15 }, slow: { min: 20, max: 40 } }, smaCross.params),
      // TPE: batches of 8, so each fold has 5 batches to run.
      method: 'tpe',
      trials: 40,
      objective: 'sharpe',
      workers: 0,
      config: smaCrossConfig(),
      instruments: [LINEAR_SWAP],
      data: { series: [syntheticSeries(100)] },
      walkForward: { folds: 3, inSampleRatio: 0.5 },
      evaluate,
      onProgress: () => {
        if (rejected) progressAfterRejection += 1;
      },
    });
    await expect(run).rejects.toThrow('fold 2 broke');
    rejected = true;
    // Whatever was still in flight settles; nothing new may start.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failedAt).toBeGreaterThan(0);
    // Folds 1 and 3 had more batches to run (40 trials each) but started none after the failure.
    expect(callsAfterFailure).toBe(0);
    expect(calls).toBeLessThan(40 + 3 * 40);
    expect(progressAfterRejection).toBe(0);
  });
});
