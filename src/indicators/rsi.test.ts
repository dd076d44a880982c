import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { RSI, rsi } from './rsi.js';

afterAll(reportWorstErrors);

describe('rsi', () => {
  it('seeds Wilder’s averages with plain means, then smooths them (hand-checked)', () => {
    // period 2, changes +1, +1, −1, +2: seed gain (1+1)/2 = 1, loss 0 → 100;
    // then gain (1·1 + 0)/2 = 0.5, loss (0 + 1)/2 = 0.5 → 50; then gain (0.5 + 2)/2, loss 0.25 → 83.33…
    const values = rsi([1, 2, 3, 2, 4], 2);
    expect(Array.from(values.subarray(0, 4))).toEqual([Number.NaN, Number.NaN, 100, 50]);
    expect(values[4]).toBeCloseTo((100 * 1.25) / 1.5, 12);
  });

  it('is 0 on a flat series (TA-Lib’s zero test, not 50)', () => {
    expect(Array.from(rsi([5, 5, 5, 5], 2))).toEqual([Number.NaN, Number.NaN, 0, 0]);
  });

  it('computes on moves far below 1e-8 as the reference build does (its zero test is 1e-14)', async () => {
    const close = [1, 1 + 1e-10, 1 + 2e-10, 1 + 1e-10, 1 + 3e-10];
    const [expected] = await talib('RSI', [close], [2]);
    expect(Array.from(rsi(close, 2))).toEqual(Array.from(expected!));
    expect(rsi(close, 2)[2]).toBe(100);
  });

  for (const period of [2, 3, 5, 14, 30]) {
    it(`matches TA-Lib RSI(${period})`, async () => {
      await expectRealParity('RSI', 'RSI', [period], (close) => rsi(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => rsi(close, period),
      stream: (period) => new RSI(period),
    });
  });

  it('has TA-Lib lookback period and rejects bad periods', () => {
    expect(RSI.lookback(14)).toBe(14);
    expect(new RSI().period).toBe(14);
    expect(() => rsi([1, 2, 3], 1)).toThrow(invalidIndicator(/RSI: period/));
  });
});
