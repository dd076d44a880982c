import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { sma } from './sma.js';
import { TRIMA, trima } from './trima.js';

afterAll(reportWorstErrors);

describe('trima', () => {
  it('uses TA-Lib’s odd and even triangular weights (hand-checked)', () => {
    // odd 3: weights 1,2,1 over 4; even 4: weights 1,2,2,1 over 6.
    const close = [1, 5, 2, 8, 3];
    expect(Array.from(trima(close, 3))).toEqual([Number.NaN, Number.NaN, 3.25, 4.25, 5.25]);
    const even = trima(close, 4);
    expect(even[3]).toBeCloseTo((1 + 10 + 4 + 8) / 6, 14);
    expect(even[4]).toBeCloseTo((5 + 4 + 16 + 3) / 6, 14);
  });

  it('equals an SMA of an SMA: (n+1)/2 twice when odd, n/2 + 1 then n/2 when even', () => {
    const close = Array.from({ length: 60 }, (_, i) => 50 + 10 * Math.sin(i / 3) + (i % 7));
    const odd = sma(sma(close, 4).subarray(3), 4);
    const even = sma(sma(close, 4).subarray(3), 3);
    const trima7 = trima(close, 7);
    const trima6 = trima(close, 6);
    for (let i = 6; i < close.length; i += 1) expect(trima7[i]).toBeCloseTo(odd[i - 3]!, 11);
    for (let i = 5; i < close.length; i += 1) expect(trima6[i]).toBeCloseTo(even[i - 3]!, 11);
  });

  for (const period of [2, 3, 4, 5, 14, 30, 31]) {
    it(`matches TA-Lib TRIMA(${period})`, async () => {
      await expectRealParity('TRIMA', 'TRIMA', [period], (close) => trima(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => trima(close, period),
      stream: (period) => new TRIMA(period),
    });
  });

  it('has TA-Lib lookback period − 1 and rejects bad periods', () => {
    expect(TRIMA.lookback(30)).toBe(29);
    expect(() => trima([1, 2], 1)).toThrow(invalidIndicator(/TRIMA: period/));
  });
});
