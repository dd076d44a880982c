/**
 * Running a walk-forward: for each fold, a search on its in-sample window (indicators warmed on the bars
 * before it, as the CLI warms a backtest up before --from), then one out-of-sample run of the in-sample
 * best from the in-sample start (indicators warm) with trading from the OOS start. Folds are independent
 * (own seed, own sampler), so they run concurrently and still give the same result; the first failure
 * aborts the others (search.ts).
 */

import { QuantLabError } from '../../core/errors.js';
import { nominalTimeframeMs, parseTimeframe } from '../../core/timeframe.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import { defaultWarmupBars } from '../session.js';
import type { BacktestConfig, BacktestData } from '../types.js';
import { prepareSearch, runSearch, runTask, type SearchSettings } from './search.js';
import type { SearchSpace } from './space.js';
import type { TrialRange } from './trial-task.js';
import type { WalkForwardFoldResult, WalkForwardResult } from './types.js';
import {
  type DataSpan,
  type FoldRun,
  STITCHED_POINTS,
  stitchEquity,
  stitchedMetrics,
  thinCurve,
  type WalkForwardWindow,
} from './walk-forward.js';

/** The main series' extent: the setup's first symbol at its timeframe (else the first series). */
export function dataSpan(data: BacktestData, config: BacktestConfig, tradeFrom?: number): DataSpan {
  const series =
    data.series.find((s) => s.symbol === config.symbols[0] && s.timeframe === config.timeframe) ??
    data.series[0];
  if (series === undefined || series.ts.length === 0) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', 'No candles to optimise on.', {
      details: { key: 'data', symbol: config.symbols[0], timeframe: config.timeframe },
    });
  }
  const barMs = nominalTimeframeMs(parseTimeframe(series.timeframe));
  // Candles before `tradeFrom` only warm up: the windows cover the tradable span.
  const first = tradeFrom === undefined ? series.ts[0]! : Math.max(series.ts[0]!, tradeFrom);
  return { start: first, end: series.ts[series.ts.length - 1]! + barMs, barMs, dataStart: series.ts[0]! };
}

/** The largest integer anywhere in the space: range bounds and steps, choices, fixed values. */
function largestInteger(space: SearchSpace): number {
  let largest = 0;
  const visit = (value: unknown) => {
    if (typeof value === 'number' && Number.isInteger(value) && value > largest) largest = value;
  };
  for (const d of space.dimensions) {
    if (d.kind === 'range') {
      visit(d.min);
      visit(d.max);
      visit(d.step);
    } else {
      for (const v of d.values) visit(v);
    }
  }
  for (const v of Object.values(space.fixed)) visit(v);
  return largest;
}

/**
 * Warm-up of the in-sample searches, in base-timeframe bars: the CLI's rule (session.ts
 * `defaultWarmupBars`: 3 × the largest integer parameter, 100 to 10,000 bars) over the strategy's
 * defaults, the run's parameters and the largest integer in the space, as `quantlab optimize` loads
 * candles before --from.
 */
export function walkForwardWarmupBars(
  space: SearchSpace,
  definition: Pick<StrategyDefinition, 'params'>,
  params: Readonly<Record<string, unknown>>,
): number {
  const merged: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition.params))
    if ('default' in spec) merged[name] = spec.default;
  return defaultWarmupBars({ ...merged, ...params, largest: largestInteger(space) });
}

/** Where fold searches may start warming up: never before the data, `bars` base bars before their window. */
export interface WarmUp {
  readonly bars: number;
  readonly barMs: number;
  /** First candle's open time (warm-up candles included). */
  readonly dataStart: number;
}

/** A fold's in-sample search range: trading on [isFrom, isTo), indicators warmed on the bars before. */
export function inSampleRange(window: WalkForwardWindow, warmUp: WarmUp): TrialRange {
  const [isFrom, isTo] = window.inSample;
  const from = Math.max(warmUp.dataStart, isFrom - warmUp.bars * warmUp.barMs);
  return { from: Math.min(from, isFrom), to: isTo, tradeFrom: isFrom };
}

/** Seed of fold k's search: distinct per fold, fixed by the optimisation's seed. */
export function foldSeed(seed: number, fold: number): number {
  return seed + fold + 1;
}

interface FoldOutcome {
  readonly fold: WalkForwardFoldResult;
  readonly run: FoldRun;
  readonly note: string | undefined;
}

async function runFold(
  search: SearchSettings,
  window: WalkForwardWindow,
  warmUp: WarmUp,
  k: number,
  seed: number,
): Promise<FoldOutcome> {
  const [isFrom, isTo] = window.inSample;
  const [oosFrom, oosTo] = window.outOfSample;
  const outcome = await runSearch(
    search,
    prepareSearch(search, foldSeed(seed, k)),
    inSampleRange(window, warmUp),
    {
      reportBest: false,
      returns: false,
    },
  );
  const chosen = outcome.best ?? outcome.trials[0];
  if (chosen === undefined) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `Walk-forward fold ${k + 1}: no valid candidate to run.`,
      {
        details: { key: 'space', fold: k + 1 },
      },
    );
  }
  // runTask refuses to start once another fold has failed.
  const oos = await runTask(search, {
    ...search.baseTask,
    params: chosen.params,
    range: { from: isFrom, to: oosTo, tradeFrom: oosFrom },
    detail: true,
  });
  return {
    fold: {
      inSample: [isFrom, isTo],
      outOfSample: [oosFrom, oosTo],
      params: chosen.params,
      inSampleScore: outcome.best?.score ?? null,
      outOfSampleMetrics: oos.metrics,
    },
    run: {
      curve: oos.curve ?? { ts: new Float64Array(0), equity: new Float64Array(0) },
      metrics: oos.metrics,
      trades: oos.trades ?? [],
      durationMs: oosTo - oosFrom,
    },
    note:
      outcome.best === undefined
        ? `walk-forward fold ${k + 1}: no in-sample trial could be scored; its first trial's parameters ran out of sample`
        : undefined,
  };
}

export async function runWalkForward(
  search: SearchSettings,
  windows: readonly WalkForwardWindow[],
  warmUp: WarmUp,
  seed: number,
  inSampleRatio: number,
): Promise<{ result: WalkForwardResult; notes: string[] }> {
  const outcomes = await Promise.all(
    windows.map((window, k) =>
      runFold(search, window, warmUp, k, seed).catch((error: unknown) => {
        // The other folds stop before their next batch or out-of-sample run.
        search.abort.abort(error);
        throw error;
      }),
    ),
  );
  const runs = outcomes.map((o) => o.run);
  const capital = search.baseTask.config.capital;
  const stitched = stitchEquity(runs, capital);
  const metrics = stitchedMetrics(runs, stitched, capital, windows[0]!.outOfSample[0]);
  return {
    result: {
      inSampleRatio,
      folds: outcomes.map((o) => o.fold),
      // Thinned for display only: the metrics above saw every point.
      stitchedEquity: thinCurve(stitched, STITCHED_POINTS),
      metrics,
    },
    notes: outcomes.flatMap((o) => (o.note === undefined ? [] : [o.note])),
  };
}
