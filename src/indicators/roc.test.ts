import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { ROC, roc } from './roc.js';

afterAll(reportWorstErrors);

describe('roc', () => {
  it('is ((x / x[period ago]) − 1)·100 (hand-checked)', () => {
    const values = roc([100, 110, 99, 121], 2);
    expect(Number.isNaN(values[1]!)).toBe(true);
    expect(values[2]).toBeCloseTo(-1, 12);
    expect(values[3]).toBeCloseTo(10, 12);
  });

  it('gives 0 instead of Infinity when the earlier value is 0 (TA-Lib)', () => {
    expect(Array.from(roc([0, 5, 10], 1))).toEqual([Number.NaN, 0, 100]);
  });

  for (const period of [1, 2, 5, 10, 30]) {
    it(`matches TA-Lib ROC(${period})`, async () => {
      await expectRealParity('ROC', 'ROC', [period], (close) => roc(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 1, max: 40 }),
      batch: (close, period) => roc(close, period),
      stream: (period) => new ROC(period),
    });
  });

  it('has TA-Lib lookback period and rejects bad periods', () => {
    expect(new ROC(12).lookback).toBe(12);
    expect(() => new ROC(-1)).toThrow(invalidIndicator(/ROC: period/));
  });
});
