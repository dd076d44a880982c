/**
 * Runs trial tasks, in a worker thread or in-process: the strategy's columnar fast path when it has one
 * and the configuration suits it, the event-driven kernel (`runBacktest`) otherwise.
 *
 * Caches live as long as the runner (one per worker): the data per `dataKey` (a task's freshly received
 * copy is dropped for the kept one, so identities are stable), its range slices, and per slice the
 * fast path's indicator cache — a sweep computes each SMA period once per slice, not once per trial. Both
 * caches drop the least recently used entry first; the slice cache holds at least `task.slices` entries,
 * so walk-forward folds searching side by side (an in-sample and an out-of-sample slice each) do not
 * evict one another's slices and SMAs.
 */

import { lastAtOrBefore } from '../../core/sorted-search.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import { fastPathFor, isUnsupported, SmaCache } from '../fast/index.js';
import { runBacktest } from '../run.js';
import type { BacktestData, BacktestMetrics, BacktestTrade, SeriesData } from '../types.js';
import { sliceData } from './shared-data.js';
import type { StrategyRef, TrialOutcome, TrialTask } from './trial-task.js';

type ResolveDefinition = (ref: StrategyRef) => StrategyDefinition | Promise<StrategyDefinition>;

interface Slice {
  readonly data: BacktestData;
  smaCache?: SmaCache;
}

/** Data sets kept per runner (one optimisation uses one). */
const MAX_DATA_SETS = 2;
/** Slices kept per runner unless a task asks for more: the full range and one walk-forward fold. */
export const DEFAULT_SLICES = 4;
/**
 * Memory for cached indicator arrays per runner (each thread has one), shared out over the slices: a
 * 1-year 1m SMA is 4.2 MB, so a wide sweep could otherwise hold gigabytes across threads.
 */
const INDICATOR_CACHE_BYTES = 256 * 1024 * 1024;

function smaCacheFor(close: Float64Array, slices: number): SmaCache {
  const perSlice = INDICATOR_CACHE_BYTES / slices / Math.max(1, close.byteLength);
  return new SmaCache(close, Math.min(64, Math.max(2, Math.floor(perSlice))));
}

interface Curve {
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  readonly length: number;
}

/**
 * Each trade's net PnL as a fraction of the equity when it opened (the last equity point at or before its
 * entry; the capital before the first). Strategies sized by a fraction of equity make PnLs grow with the
 * account, so it is these returns, compounded, that a Monte Carlo may reshuffle.
 */
export function tradeReturns(trades: readonly BacktestTrade[], curve: Curve, capital: number): number[] {
  return trades.map((t) => {
    // lastAtOrBefore(values, x, n): the third argument is the point count (not a start index).
    const i = lastAtOrBefore(curve.ts, t.entryTime, curve.length);
    const equity = i < 0 ? capital : curve.equity[i]!;
    return equity > 0 ? t.pnl / equity : 0;
  });
}

function outcome(
  task: TrialTask,
  metrics: BacktestMetrics,
  trades: () => BacktestTrade[],
  curve: Curve,
  fastPath: boolean,
): TrialOutcome {
  const detail = task.detail === true;
  // Trades are built only when something reads them (the fast path builds them lazily).
  const list = detail || task.returns === true ? trades() : undefined;
  return {
    metrics,
    fastPath,
    ...(task.returns === true ? { returns: tradeReturns(list!, curve, metrics.startEquity) } : {}),
    ...(detail
      ? {
          // Own copies: the fast path's times are a view of the slice's shared cache, and the reply may
          // transfer its buffers to the parent.
          curve: { ts: curve.ts.slice(0, curve.length), equity: curve.equity.slice(0, curve.length) },
          trades: list!,
        }
      : {}),
  };
}

/** Looks `key` up and marks it most recently used. */
function recall<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

/** Inserts `key` as most recently used, dropping least recently used entries beyond `limit`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as K);
  return value;
}

export class TrialRunner {
  private readonly data = new Map<string, BacktestData>();
  private readonly slices = new Map<string, Slice>();
  private sliceLimit: number;

  constructor(
    private readonly resolveDefinition: ResolveDefinition,
    slices = DEFAULT_SLICES,
  ) {
    this.sliceLimit = Math.max(1, slices);
  }

  private built = 0;

  /** Slices currently kept (tests). */
  get cachedSlices(): number {
    return this.slices.size;
  }

  /** Slices built so far, cache misses (tests). */
  get slicesBuilt(): number {
    return this.built;
  }

  private sliceFor(task: TrialTask): Slice {
    if (task.slices !== undefined && task.slices > this.sliceLimit) this.sliceLimit = task.slices;
    const key = `${task.dataKey}|${task.range?.from ?? ''}|${task.range?.to ?? ''}`;
    const cached = recall(this.slices, key);
    if (cached !== undefined) return cached;
    const data =
      recall(this.data, task.dataKey) ?? remember(this.data, task.dataKey, task.data, MAX_DATA_SETS);
    const sliced = task.range === undefined ? data : sliceData(data, task.range);
    this.built += 1;
    return remember(this.slices, key, { data: sliced }, this.sliceLimit);
  }

  async run(task: TrialTask): Promise<TrialOutcome> {
    const definition = await this.resolveDefinition(task.strategy);
    const slice = this.sliceFor(task);
    const { range } = task;
    const config = {
      ...task.config,
      params: task.params,
      ...(range === undefined ? {} : { from: range.from, to: range.to }),
    };
    const tradeFrom = range?.tradeFrom;

    const fast = fastPathFor(definition.name);
    const main = mainSeries(slice.data, config.symbols[0], config.timeframe);
    const instrument = task.instruments.find((i) => i.symbol === config.symbols[0]);
    if (
      fast !== undefined &&
      main !== undefined &&
      instrument !== undefined &&
      slice.data.series.length === 1
    ) {
      slice.smaCache ??= smaCacheFor(main.close, this.sliceLimit);
      const run = fast({
        series: main,
        config,
        instrument,
        params: task.params,
        funding: slice.data.funding?.[main.symbol],
        marks: slice.data.marks?.[main.symbol],
        tradeFrom,
        smaCache: slice.smaCache,
      });
      if (!isUnsupported(run)) return outcome(task, run.metrics, () => run.trades, run, true);
    }

    const output = runBacktest({
      definition,
      config,
      data: slice.data,
      instruments: task.instruments,
      ...(tradeFrom === undefined ? {} : { tradeFrom }),
      summaryOnly: true,
    });
    return outcome(task, output.result.metrics, () => output.result.trades, output.curve, false);
  }
}

function mainSeries(
  data: BacktestData,
  symbol: string | undefined,
  timeframe: string,
): SeriesData | undefined {
  return data.series.find((s) => s.symbol === symbol && s.timeframe === timeframe);
}
