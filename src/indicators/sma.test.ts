import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectDefinedFrom,
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { SMA, sma } from './sma.js';

afterAll(reportWorstErrors);

describe('sma', () => {
  it('averages the last period values (hand-checked)', () => {
    expect(Array.from(sma([1, 2, 3, 4, 5], 3))).toEqual([Number.NaN, Number.NaN, 2, 3, 4]);
    expect(Array.from(sma(new Float64Array([4, 8, 6]), 2))).toEqual([Number.NaN, 6, 7]);
  });

  it('is NaN during the lookback, all NaN for a short series, empty for an empty one', () => {
    expectDefinedFrom(sma([5, 4, 3, 2, 1, 0], 4), 3);
    expect(Array.from(sma([1, 2], 3))).toEqual([Number.NaN, Number.NaN]);
    expect(sma([], 3)).toEqual(new Float64Array(0));
  });

  for (const period of [2, 3, 5, 14, 30, 100]) {
    it(`matches TA-Lib SMA(${period})`, async () => {
      await expectRealParity('SMA', 'SMA', [period], (close) => sma(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => sma(close, period),
      stream: (period) => new SMA(period),
    });
  });

  it('has TA-Lib lookback period − 1 and the default period 30', () => {
    expect(SMA.lookback(30)).toBe(29);
    expect(new SMA().lookback).toBe(29);
    expect(new SMA().period).toBe(30);
  });

  it('rejects periods outside TA-Lib range with QL_ERR_INDICATOR_INVALID', () => {
    for (const bad of [1, 0, -3, 2.5, Number.NaN, 100_001]) {
      expect(() => sma([1, 2, 3], bad)).toThrow(
        invalidIndicator(/SMA: period must be an integer in \[2, 100000\]/),
      );
      expect(() => new SMA(bad)).toThrow(invalidIndicator(/period/));
    }
    expect(() => sma({ length: 3 } as unknown as number[], 2)).toThrow(invalidIndicator(/Float64Array/));
  });
});
