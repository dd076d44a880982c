import { describe, expect, it } from 'vitest';
import { lowerBound } from '../../core/sorted-search.js';
import { shareData, sliceData } from './shared-data.js';
import { HOUR_MS, syntheticSeries, T0 } from './test-fixtures.js';

describe('shared data', () => {
  const data = {
    series: [syntheticSeries(10)],
    funding: { X: { ts: Float64Array.of(T0, T0 + 5 * HOUR_MS), rate: Float64Array.of(0.1, 0.2) } },
  };

  it('copies every column into shared memory once, values unchanged', () => {
    const shared = shareData(data);
    const series = shared.series[0]!;
    for (const column of [series.ts, series.open, series.close, shared.funding!['X']!.rate]) {
      expect(column.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    expect([...series.close]).toEqual([...data.series[0]!.close]);
    expect(shareData(shared).series[0]!.close).toBe(series.close);
  });

  it('slices [from, to) by binary search, as views of the same memory', () => {
    const shared = shareData(data);
    const sliced = sliceData(shared, { from: T0 + 2 * HOUR_MS, to: T0 + 5 * HOUR_MS });
    const series = sliced.series[0]!;
    expect([...series.ts]).toEqual([2, 3, 4].map((i) => T0 + i * HOUR_MS));
    expect(series.close.buffer).toBe(shared.series[0]!.close.buffer);
    expect([...sliced.funding!['X']!.ts]).toEqual([T0]);
    expect(lowerBound(series.ts, 0)).toBe(0);
    expect(lowerBound(series.ts, T0 + 3.5 * HOUR_MS)).toBe(2);
    expect(lowerBound(series.ts, Number.POSITIVE_INFINITY)).toBe(3);
  });
});
