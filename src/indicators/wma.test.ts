import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { WMA, wma } from './wma.js';

afterAll(reportWorstErrors);

describe('wma', () => {
  it('weights 1…period from oldest to newest (hand-checked)', () => {
    const values = wma([1, 5, 2, 8], 3);
    expect(Number.isNaN(values[1]!)).toBe(true);
    expect(values[2]).toBeCloseTo((1 * 1 + 2 * 5 + 3 * 2) / 6, 14);
    expect(values[3]).toBeCloseTo((1 * 5 + 2 * 2 + 3 * 8) / 6, 14);
  });

  for (const period of [2, 3, 5, 14, 30, 100]) {
    it(`matches TA-Lib WMA(${period})`, async () => {
      await expectRealParity('WMA', 'WMA', [period], (close) => wma(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => wma(close, period),
      stream: (period) => new WMA(period),
    });
  });

  it('has TA-Lib lookback period − 1 and rejects bad periods', () => {
    expect(WMA.lookback(9)).toBe(8);
    expect(() => wma([1], 1)).toThrow(invalidIndicator(/WMA: period/));
    expect(() => new WMA(0)).toThrow(invalidIndicator(/WMA: period/));
  });
});
