import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { MOM, mom } from './mom.js';

afterAll(reportWorstErrors);

describe('mom', () => {
  it('is x − x[period ago] (hand-checked)', () => {
    expect(Array.from(mom([1, 7, 12, 4, 5], 3))).toEqual([Number.NaN, Number.NaN, Number.NaN, 3, -2]);
  });

  for (const period of [1, 2, 5, 10, 30]) {
    it(`matches TA-Lib MOM(${period})`, async () => {
      await expectRealParity('MOM', 'MOM', [period], (close) => mom(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 1, max: 40 }),
      batch: (close, period) => mom(close, period),
      stream: (period) => new MOM(period),
    });
  });

  it('has TA-Lib lookback period and rejects bad periods', () => {
    expect(MOM.lookback()).toBe(10);
    expect(() => mom([1], 0)).toThrow(invalidIndicator(/MOM: period must be an integer in \[1, 100000\]/));
  });
});
