import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { KAMA, kama } from './kama.js';

afterAll(reportWorstErrors);

describe('kama', () => {
  it('starts from the previous value and adapts with sc = (er·(2/3 − 2/31) + 2/31)² (hand-checked)', () => {
    // period 2 on [10, 11, 10, 12]: at index 2, er = |10 − 10| / (1 + 1) = 0, sc = (2/31)²,
    // kama = 11 + (10 − 11)·sc. At index 3 the net change 12 − 11 = 1 over volatility 1 + 2 = 3: er = 1/3.
    const values = kama([10, 11, 10, 12], 2);
    const slow = 2 / 31;
    const fastMinusSlow = 2 / 3 - slow;
    const first = 11 + (10 - 11) * slow * slow;
    const sc = ((1 / 3) * fastMinusSlow + slow) ** 2;
    expect(Number.isNaN(values[1]!)).toBe(true);
    expect(values[2]).toBeCloseTo(first, 14);
    expect(values[3]).toBeCloseTo(first + (12 - first) * sc, 14);
  });

  it('moves at the fastest rate on a straight rising line (er = 1)', () => {
    const values = kama([1, 2, 3, 4], 2);
    const fast = (2 / 3) ** 2;
    expect(values[2]).toBeCloseTo(2 + (3 - 2) * fast, 14);
  });

  for (const period of [2, 3, 5, 10, 14, 30]) {
    it(`matches TA-Lib KAMA(${period})`, async () => {
      await expectRealParity('KAMA', 'KAMA', [period], (close) => kama(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => kama(close, period),
      stream: (period) => new KAMA(period),
    });
  });

  it('has TA-Lib lookback period and rejects bad periods', () => {
    expect(KAMA.lookback(30)).toBe(30);
    expect(() => kama([1, 2], 1)).toThrow(invalidIndicator(/KAMA: period/));
  });
});
