import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { T3, t3 } from './t3.js';

afterAll(reportWorstErrors);

describe('t3', () => {
  it('keeps a constant series constant (its coefficients sum to 1)', () => {
    const values = t3(new Array(30).fill(7.5), 3, 0.7);
    for (let i = 12; i < 30; i += 1) expect(values[i]).toBeCloseTo(7.5, 13);
    expect(Number.isNaN(values[11]!)).toBe(true);
  });

  for (const [period, vFactor] of [
    [2, 0.7],
    [3, 0],
    [5, 0.7],
    [5, 1],
    [10, 0.5],
  ] as const) {
    it(`matches TA-Lib T3(${period}, ${vFactor})`, async () => {
      await expectRealParity('T3', 'T3', [period, vFactor], (close) => t3(close, period, vFactor));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.tuple(fc.integer({ min: 2, max: 12 }), fc.double({ min: 0, max: 1, noNaN: true })),
      batch: (close, [period, vFactor]) => t3(close, period, vFactor),
      stream: ([period, vFactor]) => new T3(period, vFactor),
    });
  });

  it('has TA-Lib lookback 6·(period − 1) and rejects bad parameters', () => {
    expect(T3.lookback(5)).toBe(24);
    expect(() => t3([1], 1)).toThrow(invalidIndicator(/T3: period/));
    expect(() => new T3(5, 1.5)).toThrow(invalidIndicator(/vFactor/));
    expect(() => new T3(5, Number.NaN)).toThrow(invalidIndicator(/vFactor/));
  });
});
