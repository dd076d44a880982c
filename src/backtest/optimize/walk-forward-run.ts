/**
 * Running a walk-forward: for each fold, a search on its in-sample window, then one out-of-sample run of
 * the in-sample best from the in-sample start (indicators warm) with trading from the OOS start. Folds are
 * independent (own seed, own sampler), so they run concurrently and still give the same result.
 */

import { QuantLabError } from '../../core/errors.js';
import { nominalTimeframeMs, parseTimeframe } from '../../core/timeframe.js';
import type { BacktestConfig, BacktestData } from '../types.js';
import { prepareSearch, runSearch, type SearchSettings } from './search.js';
import type { WalkForwardFoldResult, WalkForwardResult } from './types.js';
import {
  type DataSpan,
  type FoldRun,
  stitchEquity,
  stitchedMetrics,
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
  return { start: first, end: series.ts[series.ts.length - 1]! + barMs, barMs };
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
  k: number,
  seed: number,
): Promise<FoldOutcome> {
  const [isFrom, isTo] = window.inSample;
  const [oosFrom, oosTo] = window.outOfSample;
  const outcome = await runSearch(
    search,
    prepareSearch(search, foldSeed(seed, k)),
    { from: isFrom, to: isTo },
    false,
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
  const oos = await search.evaluator.run({
    ...search.baseTask,
    params: chosen.params,
    range: { from: isFrom, to: oosTo, tradeFrom: oosFrom },
    detail: true,
  });
  search.progress.tick();
  return {
    fold: {
      inSample: [isFrom, isTo],
      outOfSample: [oosFrom, oosTo],
      params: chosen.params,
      inSampleScore: outcome.best?.score ?? null,
      outOfSampleMetrics: oos.metrics,
    },
    run: {
      equity: oos.equity ?? [],
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
  seed: number,
  inSampleRatio: number,
): Promise<{ result: WalkForwardResult; notes: string[] }> {
  const outcomes = await Promise.all(windows.map((window, k) => runFold(search, window, k, seed)));
  const runs = outcomes.map((o) => o.run);
  const capital = search.baseTask.config.capital;
  const stitched = stitchEquity(runs, capital);
  const metrics = stitchedMetrics(runs, stitched, capital, windows[0]!.outOfSample[0]);
  return {
    result: { inSampleRatio, folds: outcomes.map((o) => o.fold), stitchedEquity: stitched, metrics },
    notes: outcomes.flatMap((o) => (o.note === undefined ? [] : [o.note])),
  };
}
