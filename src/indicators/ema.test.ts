import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EMA, ema } from './ema.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';

afterAll(reportWorstErrors);

describe('ema', () => {
  it('seeds with the SMA of the first period values, then smooths with k = 2/(period+1) (hand-checked)', () => {
    // period 3: k = 0.5, seed (1+2+3)/3 = 2 at index 2, then 2 + (6−2)/2 = 4, then 4 + (2−4)/2 = 3.
    expect(Array.from(ema([1, 2, 3, 6, 2], 3))).toEqual([Number.NaN, Number.NaN, 2, 4, 3]);
  });

  for (const period of [2, 3, 5, 14, 30, 100]) {
    it(`matches TA-Lib EMA(${period})`, async () => {
      await expectRealParity('EMA', 'EMA', [period], (close) => ema(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => ema(close, period),
      stream: (period) => new EMA(period),
    });
  });

  it('has TA-Lib lookback period − 1', () => {
    expect(EMA.lookback(12)).toBe(11);
    expect(new EMA(26).lookback).toBe(25);
  });

  it('rejects bad periods', () => {
    for (const bad of [1, 0, 3.5, 100_001]) {
      expect(() => ema([1, 2, 3], bad)).toThrow(invalidIndicator(/EMA: period/));
      expect(() => new EMA(bad)).toThrow(invalidIndicator(/EMA: period/));
    }
  });
});
