import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { donchian } from './donchian.js';
import { Ichimoku, ichimoku } from './ichimoku.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';

describe('ichimoku', () => {
  it('computes each line as the midpoint of its window, by hand', () => {
    const high = [10, 12, 11, 14];
    const low = [8, 9, 7, 10];
    const { tenkan, kijun, senkouA, senkouB } = ichimoku(high, low, 2, 3, 4);
    expect(Array.from(tenkan)).toEqual([Number.NaN, 10, 9.5, 10.5]);
    expect(Array.from(kijun)).toEqual([Number.NaN, Number.NaN, 9.5, 10.5]);
    expect(Array.from(senkouA)).toEqual([Number.NaN, Number.NaN, 9.5, 10.5]);
    expect(Array.from(senkouB)).toEqual([Number.NaN, Number.NaN, Number.NaN, 10.5]);
  });
  it('equals Donchian midpoints, undisplaced', () => {
    const bars = randomOhlcv(300, 11);
    const lines = ichimoku(bars.high, bars.low);
    const mid = (p: number) => donchian(bars.high, bars.low, p).middle;
    expect(Array.from(lines.tenkan)).toEqual(Array.from(mid(9)));
    expect(Array.from(lines.kijun)).toEqual(Array.from(mid(26)));
    expect(Array.from(lines.senkouB)).toEqual(Array.from(mid(52)));
    expect(Array.from(lines.senkouA)).toEqual(Array.from(mid(9), (t, i) => (t + mid(26)[i]!) / 2));
  });
  it('never uses later bars: a prefix gives the same values', () => {
    const bars = randomOhlcv(200, 12);
    const full = ichimoku(bars.high, bars.low);
    const prefix = ichimoku(bars.high.subarray(0, 120), bars.low.subarray(0, 120));
    for (const name of ['tenkan', 'kijun', 'senkouA', 'senkouB'] as const) {
      expect(Array.from(prefix[name])).toEqual(Array.from(full[name].subarray(0, 120)));
    }
  });
  it('streams exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 3, maxLength: 3 }),
        fc.integer(),
        (n, [a, b, c], s) => {
          const bars = randomOhlcv(n, s);
          expectStreamEqualsBatch(new Ichimoku(a, b, c), bars, { ...ichimoku(bars.high, bars.low, a, b, c) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('reports the slowest line’s lookback and rejects bad input', () => {
    expect(new Ichimoku().lookback).toBe(51);
    expect(() => new Ichimoku(9, 0)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => ichimoku([1], [1, 2])).toThrow(/different lengths/);
  });
});
