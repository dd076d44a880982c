/**
 * Runs trial tasks, in a worker thread or in-process: the strategy's columnar fast path when it has one
 * and the configuration suits it, the event-driven kernel (`runBacktest`) otherwise.
 *
 * Caches live as long as the runner (one per worker): the data per `dataKey` (a task's freshly received
 * copy is dropped for the kept one, so identities are stable), its range slices, and per slice the
 * fast path's indicator cache — a sweep computes each SMA period once per slice, not once per trial.
 */

import type { StrategyDefinition } from '../../strategies/types.js';
import { fastPathFor, isUnsupported, SmaCache } from '../fast/index.js';
import { runBacktest } from '../run.js';
import type { BacktestData, BacktestMetrics, BacktestTrade, SeriesData } from '../types.js';
import { sliceData } from './shared-data.js';
import { EQUITY_POINTS, type StrategyRef, type TrialOutcome, type TrialTask } from './trial-task.js';

type ResolveDefinition = (ref: StrategyRef) => StrategyDefinition | Promise<StrategyDefinition>;

interface Slice {
  readonly data: BacktestData;
  smaCache?: SmaCache;
}

/** Data sets and slices kept per runner (walk-forward moves fold by fold, so a few suffice). */
const MAX_DATA_SETS = 2;
const MAX_SLICES = 4;
/**
 * Memory for cached indicator arrays per runner (each thread has one), shared out over the slices: a
 * 1-year 1m SMA is 4.2 MB, so a wide sweep could otherwise hold gigabytes across threads.
 */
const INDICATOR_CACHE_BYTES = 256 * 1024 * 1024;

function smaCacheFor(close: Float64Array): SmaCache {
  const perSlice = INDICATOR_CACHE_BYTES / MAX_SLICES / Math.max(1, close.byteLength);
  return new SmaCache(close, Math.min(64, Math.max(2, Math.floor(perSlice))));
}

interface Curve {
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  readonly length: number;
}

/** At most `limit` evenly spaced points of a curve, first and last included. */
export function downsampleCurve(curve: Curve, limit = EQUITY_POINTS): Array<[number, number]> {
  const n = curve.length;
  const count = Math.min(n, limit);
  const out: Array<[number, number]> = [];
  for (let k = 0; k < count; k += 1) {
    const i = count === 1 ? n - 1 : Math.round((k * (n - 1)) / (count - 1));
    out.push([curve.ts[i]!, curve.equity[i]!]);
  }
  return out;
}

function outcome(
  metrics: BacktestMetrics,
  trades: BacktestTrade[],
  curve: Curve,
  detail: boolean,
): TrialOutcome {
  const returns = tradeReturns(trades, curve, metrics.startEquity);
  return detail ? { metrics, returns, equity: downsampleCurve(curve), trades } : { metrics, returns };
}

/**
 * Each trade's net PnL as a fraction of the equity when it opened (the last equity point at or before its
 * entry; the capital before the first). Strategies sized by a fraction of equity make PnLs grow with the
 * account, so it is these returns, compounded, that a Monte Carlo may reshuffle.
 */
export function tradeReturns(trades: readonly BacktestTrade[], curve: Curve, capital: number): number[] {
  return trades.map((t) => {
    let lo = 0;
    let hi = curve.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (curve.ts[mid]! <= t.entryTime) lo = mid + 1;
      else hi = mid;
    }
    const equity = lo === 0 ? capital : curve.equity[lo - 1]!;
    return equity > 0 ? t.pnl / equity : 0;
  });
}

/** Insertion-ordered map trimmed to `limit` entries, oldest first out. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V {
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as K);
  return value;
}

export class TrialRunner {
  private readonly data = new Map<string, BacktestData>();
  private readonly slices = new Map<string, Slice>();

  constructor(private readonly resolveDefinition: ResolveDefinition) {}

  private sliceFor(task: TrialTask): Slice {
    const key = `${task.dataKey}|${task.range?.from ?? ''}|${task.range?.to ?? ''}`;
    const cached = this.slices.get(key);
    if (cached !== undefined) return cached;
    const data = this.data.get(task.dataKey) ?? remember(this.data, task.dataKey, task.data, MAX_DATA_SETS);
    const sliced = task.range === undefined ? data : sliceData(data, task.range);
    return remember(this.slices, key, { data: sliced }, MAX_SLICES);
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
    const detail = task.detail === true;
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
      slice.smaCache ??= smaCacheFor(main.close);
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
      if (!isUnsupported(run)) return outcome(run.metrics, run.trades, run, detail);
    }

    const output = runBacktest({
      definition,
      config,
      data: slice.data,
      instruments: task.instruments,
      ...(tradeFrom === undefined ? {} : { tradeFrom }),
      summaryOnly: true,
    });
    return outcome(output.result.metrics, output.result.trades, output.curve, detail);
  }
}

function mainSeries(
  data: BacktestData,
  symbol: string | undefined,
  timeframe: string,
): SeriesData | undefined {
  return data.series.find((s) => s.symbol === symbol && s.timeframe === timeframe);
}
