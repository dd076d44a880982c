import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../core/market.js';
import { type AggregatedInfo, CandleAggregator } from './candle-aggregator.js';
import { inferTimeframe, resampleCandles } from './resample.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const T = Date.UTC(2024, 0, 1); // a Monday

const candle = (
  ts: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): Candle => ({
  ts,
  open,
  high,
  low,
  close,
  volume,
});

function minutes(start: number, n: number): Candle[] {
  return Array.from({ length: n }, (_, i) => candle(start + i * M, 10 + i, 20 + i, 5 + i, 11 + i, 1));
}

describe('resampleCandles', () => {
  it('aggregates open first, high max, low min, close last, volume sum', () => {
    const result = resampleCandles(minutes(T, 120), '1h', { fromTimeframe: '1m' });
    expect(result).toEqual({
      candles: [candle(T, 10, 79, 5, 70, 60), candle(T + H, 70, 139, 65, 130, 60)],
      partialLast: false,
      incompleteBuckets: 0,
    });
  });

  it('marks the partial last bucket and counts buckets with internal gaps', () => {
    const base = minutes(T, 150).filter((c) => c.ts !== T + 30 * M); // one minute missing in the first hour
    const result = resampleCandles(base, '1h');
    expect(result.partialLast).toBe(true);
    expect(result.incompleteBuckets).toBe(1);
    expect(result.candles.map((c) => [c.ts, c.volume])).toEqual([
      [T, 59],
      [T + H, 60],
      [T + 2 * H, 30],
    ]);
  });

  it('buckets weeks from Monday and calendar months', () => {
    const days = Array.from({ length: 62 }, (_, i) => candle(T + i * D, 1, 2, 0.5, 1.5, 1));
    const weeks = resampleCandles(days, '1w', { fromTimeframe: '1d' });
    expect(weeks.candles[0]!.ts).toBe(T);
    expect(weeks.candles[1]!.ts).toBe(T + 7 * D);
    expect(weeks.partialLast).toBe(true); // 62 days = 8 weeks and 6 days
    const months = resampleCandles(days, '1M', { fromTimeframe: '1d' });
    expect(months.candles.map((c) => [c.ts, c.volume])).toEqual([
      [Date.UTC(2024, 0, 1), 31],
      [Date.UTC(2024, 1, 1), 29],
      [Date.UTC(2024, 2, 1), 2],
    ]);
    expect(months.partialLast).toBe(true);
    const sundayStart = days.slice(6); // 2024-01-07 is a Sunday: the first week has one day
    expect(resampleCandles(sundayStart, '1w').candles[0]).toMatchObject({ ts: T, volume: 1 });
  });

  it('refuses unsorted input, impossible targets and uninferable timeframes', () => {
    expect(() => resampleCandles([candle(T + M, 1, 1, 1, 1, 1), candle(T, 1, 1, 1, 1, 1)], '1h')).toThrow(
      /ascending/,
    );
    expect(() => resampleCandles(minutes(T, 3), '1w', { fromTimeframe: '3d' })).toThrow(
      /cannot be aggregated/,
    );
    expect(() => inferTimeframe([candle(T, 1, 1, 1, 1, 1)])).toThrow(/fewer than two/);
    expect(() => inferTimeframe([candle(T, 1, 1, 1, 1, 1), candle(T + 7 * M, 1, 1, 1, 1, 1)])).toThrow(
      /no timeframe/,
    );
    expect(resampleCandles([], '1h')).toEqual({ candles: [], partialLast: false, incompleteBuckets: 0 });
  });
});

describe('CandleAggregator', () => {
  it('emits a bucket exactly when its last base candle arrives', () => {
    const emitted: Array<[Candle, AggregatedInfo]> = [];
    const agg = new CandleAggregator({
      from: '1m',
      to: '5m',
      onCandle: (c, info) => emitted.push([c, info]),
    });
    const base = minutes(T, 10);
    for (let i = 0; i < 4; i++) agg.push(base[i]!);
    expect(emitted).toHaveLength(0);
    expect(agg.pending()).toMatchObject({ ts: T, volume: 4 });
    agg.push(base[4]!);
    expect(emitted).toEqual([[candle(T, 10, 24, 5, 15, 5), { complete: true, baseCount: 5, expected: 5 }]]);
    expect(agg.pending()).toBeUndefined();
  });

  it('emits an incomplete bucket when a later bucket starts, and flushes the partial one', () => {
    const emitted: Array<[number, boolean, number]> = [];
    const agg = new CandleAggregator({
      from: '1m',
      to: '5m',
      onCandle: (c, info) => emitted.push([c.ts, info.complete, info.baseCount]),
    });
    const base = minutes(T, 12);
    for (const i of [0, 1, 2]) agg.push(base[i]!); // minutes 3 and 4 missing
    agg.push(base[6]!); // second bucket starts: the first one is done
    expect(emitted).toEqual([[T, false, 3]]);
    agg.push(base[11]!); // jumps over the rest of bucket 2 into bucket 3 (its first minute)
    expect(emitted).toEqual([
      [T, false, 3],
      [T + 5 * M, false, 1],
    ]);
    expect(agg.flush()).toMatchObject({ ts: T + 10 * M, volume: 1 });
    expect(emitted.at(-1)).toEqual([T + 10 * M, false, 1]);
    expect(agg.flush()).toBeUndefined();
  });

  it('emits two candles for one push when a bucket is left open and the next closes at once', () => {
    const emitted: number[] = [];
    const agg = new CandleAggregator({ from: '1m', to: '5m', onCandle: (c) => emitted.push(c.ts) });
    agg.push(minutes(T, 1)[0]!);
    agg.push(candle(T + 9 * M, 1, 1, 1, 1, 1)); // the last minute of the second bucket
    expect(emitted).toEqual([T, T + 5 * M]);
  });

  it('refuses out-of-order or repeated candles and impossible timeframes', () => {
    const agg = new CandleAggregator({ from: '1m', to: '1h', onCandle: () => {} });
    agg.push(minutes(T, 1)[0]!);
    expect(() => agg.push(minutes(T, 1)[0]!)).toThrow(/not after the previous one/);
    expect(() => new CandleAggregator({ from: '1h', to: '1m', onCandle: () => {} })).toThrow(
      /cannot be aggregated/,
    );
  });

  it('gives the same candles as the batch resampler for any gaps (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 400 }), (present) => {
        const base = minutes(T, present.length).filter((_, i) => present[i]);
        if (base.length === 0) return;
        const streamed: Candle[] = [];
        const agg = new CandleAggregator({ from: '1m', to: '15m', onCandle: (c) => streamed.push(c) });
        for (const c of base) agg.push(c);
        agg.flush();
        const batch = resampleCandles(base, '15m', { fromTimeframe: '1m' });
        expect(streamed).toEqual(batch.candles);
        // Volume is conserved and every candle's range covers its open and close.
        expect(streamed.reduce((s, c) => s + c.volume, 0)).toBe(base.length);
        for (const c of streamed)
          expect(c.low <= Math.min(c.open, c.close) && c.high >= Math.max(c.open, c.close)).toBe(true);
      }),
    );
  });
});
