/**
 * Candle data for worker threads: copied once into SharedArrayBuffers in the parent, so posting a task
 * shares the memory instead of cloning it; a worker slices its range with a binary search and zero-copy
 * `subarray` views.
 */

import { lowerBound } from '../../core/sorted-search.js';
import type { FundingSeries, MarkSeries } from '../../venues/simulated/types.js';
import type { BacktestData, SeriesData } from '../types.js';
import type { TrialRange } from './trial-task.js';

/** The same values in a SharedArrayBuffer (returned as is when already shared). */
export function toShared(array: Float64Array): Float64Array {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const shared = new Float64Array(new SharedArrayBuffer(array.byteLength));
  shared.set(array);
  return shared;
}

function mapRecord<T, U>(record: Readonly<Record<string, T>> | undefined, f: (value: T) => U) {
  if (record === undefined) return undefined;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

function assemble(
  series: SeriesData[],
  funding: Record<string, FundingSeries> | undefined,
  marks: Record<string, MarkSeries> | undefined,
): BacktestData {
  return { series, ...(funding === undefined ? {} : { funding }), ...(marks === undefined ? {} : { marks }) };
}

/** A copy of `data` whose columns live in shared memory (done once per optimisation). */
export function shareData(data: BacktestData): BacktestData {
  const series = data.series.map((s) => ({
    symbol: s.symbol,
    timeframe: s.timeframe,
    ts: toShared(s.ts),
    open: toShared(s.open),
    high: toShared(s.high),
    low: toShared(s.low),
    close: toShared(s.close),
    volume: toShared(s.volume),
  }));
  const funding = mapRecord(data.funding, (f) => ({ ts: toShared(f.ts), rate: toShared(f.rate) }));
  const marks = mapRecord(data.marks, (m) => ({ ts: toShared(m.ts), price: toShared(m.price) }));
  return assemble(series, funding, marks);
}

function sliceSeries(s: SeriesData, from: number, to: number): SeriesData {
  const a = lowerBound(s.ts, from);
  const b = lowerBound(s.ts, to);
  return {
    symbol: s.symbol,
    timeframe: s.timeframe,
    ts: s.ts.subarray(a, b),
    open: s.open.subarray(a, b),
    high: s.high.subarray(a, b),
    low: s.low.subarray(a, b),
    close: s.close.subarray(a, b),
    volume: s.volume.subarray(a, b),
  };
}

/**
 * The candles with from ≤ ts < to, as views. Funding and marks keep their history before `from` (a run
 * may look up the latest known rate) and lose everything from `to` on.
 */
export function sliceData(data: BacktestData, range: TrialRange): BacktestData {
  const series = data.series.map((s) => sliceSeries(s, range.from, range.to));
  const funding = mapRecord(data.funding, (f) => {
    const end = lowerBound(f.ts, range.to);
    return { ts: f.ts.subarray(0, end), rate: f.rate.subarray(0, end) };
  });
  const marks = mapRecord(data.marks, (m) => {
    const end = lowerBound(m.ts, range.to);
    return { ts: m.ts.subarray(0, end), price: m.price.subarray(0, end) };
  });
  return assemble(series, funding, marks);
}
