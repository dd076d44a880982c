import { describe, expect, it } from 'vitest';
import {
  aggregateCandles,
  downsampleLine,
  drawdownCurve,
  floorIndex,
  MAX_CHART_BARS,
  sharedLineIndices,
} from './downsample.js';

function minuteCandles(n: number, start = Date.UTC(2024, 0, 1)) {
  const ts = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = start + i * 60_000;
    open[i] = 100 + i;
    close[i] = 100.5 + i;
    high[i] = 101 + i + (i % 7);
    low[i] = 99 + i - (i % 5);
  }
  return { ts, open, high, low, close, volume: new Float64Array(n) };
}

describe('aggregateCandles', () => {
  it('keeps short series as they are', () => {
    const out = aggregateCandles(minuteCandles(100));
    expect(out.bucketMs).toBe(0);
    expect(out.ts).toHaveLength(100);
  });

  it('aggregates a year of 1m candles into 30m buckets under the limit, OHLC preserved', () => {
    const candles = minuteCandles(525_600);
    const out = aggregateCandles(candles);
    expect(out.bucketMs).toBe(30 * 60_000);
    expect(out.ts.length).toBeLessThanOrEqual(MAX_CHART_BARS);
    expect(out.ts.length).toBe(17_520);
    expect(out.sourceBars).toBe(525_600);
    // First bucket = candles 0..29.
    expect(out.ts[0]).toBe(candles.ts[0]);
    expect(out.open[0]).toBe(candles.open[0]);
    expect(out.close[0]).toBe(candles.close[29]);
    expect(out.high[0]).toBe(Math.max(...candles.high.slice(0, 30)));
    expect(out.low[0]).toBe(Math.min(...candles.low.slice(0, 30)));
  });
});

describe('downsampleLine', () => {
  it('keeps each bucket min and max, the extremes and the final value', () => {
    const points: Array<[number, number]> = Array.from({ length: 100_000 }, (_, i) => [
      i * 1000,
      Math.sin(i / 50),
    ]);
    points[43_210]![1] = -5;
    points[77_777]![1] = 9;
    const out = downsampleLine(points, 1_000);
    expect(out.length).toBeLessThanOrEqual(1_000);
    expect(out.some(([, v]) => v === -5)).toBe(true);
    expect(out.some(([, v]) => v === 9)).toBe(true);
    expect(out[out.length - 1]).toEqual(points[points.length - 1]);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });

  it('returns short series unchanged', () => {
    expect(
      downsampleLine([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('sharedLineIndices', () => {
  it("keeps every series' bucket extremes and the last point, within the limit, in order", () => {
    const n = 50_000;
    const a = Array.from({ length: n }, (_, i) => Math.sin(i / 30));
    const b = Array.from({ length: n }, (_, i) => Math.cos(i / 70));
    a[12_345] = -9;
    b[33_333] = 7;
    const keep = sharedLineIndices(n, [(i) => a[i]!, (i) => b[i]!], 1_001);
    expect(keep.length).toBeLessThanOrEqual(1_001);
    expect(keep).toContain(12_345);
    expect(keep).toContain(33_333);
    expect(keep.at(-1)).toBe(n - 1);
    for (let i = 1; i < keep.length; i++) expect(keep[i]!).toBeGreaterThan(keep[i - 1]!);
    expect(sharedLineIndices(3, [(i) => a[i]!])).toEqual([0, 1, 2]);
  });
});

describe('drawdownCurve and floorIndex', () => {
  it('measures the fall under the running peak', () => {
    expect(
      drawdownCurve(
        [
          [0, 100],
          [1, 120],
          [2, 90],
          [3, 130],
        ],
        100,
      ).map(([, v]) => v),
    ).toEqual([0, 0, -0.25, 0]);
  });

  it('starts the peak at the starting equity: a run losing from its first point is under water at once', () => {
    const curve: Array<[number, number]> = [
      [0, 90],
      [1, 80],
      [2, 95],
    ];
    expect(drawdownCurve(curve, 100).map(([, v]) => v)).toEqual([
      expect.closeTo(-0.1, 12),
      expect.closeTo(-0.2, 12),
      expect.closeTo(-0.05, 12),
    ]);
  });

  it('finds the bar containing a time', () => {
    const times = [10, 20, 30];
    expect(floorIndex(times, 5)).toBe(0);
    expect(floorIndex(times, 20)).toBe(1);
    expect(floorIndex(times, 29)).toBe(1);
    expect(floorIndex(times, 99)).toBe(2);
  });
});
