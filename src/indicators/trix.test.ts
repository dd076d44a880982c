import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ema } from './ema.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { roc } from './roc.js';
import { TRIX, trix } from './trix.js';

afterAll(reportWorstErrors);

describe('trix', () => {
  it('is the 1-bar ROC of a triple EMA, each EMA seeded over its own inputs (hand-checked)', () => {
    const close = Array.from({ length: 20 }, (_, i) => 10 + Math.sqrt(i) + (i % 4) * 0.3);
    const e3 = ema(ema(ema(close, 3).subarray(2), 3).subarray(2), 3).subarray(2);
    const expected = roc(e3, 1);
    const values = trix(close, 3);
    expect(Array.from(values.subarray(0, 7)).every(Number.isNaN)).toBe(true);
    for (let i = 7; i < close.length; i += 1) expect(values[i]).toBe(expected[i - 6]);
  });

  it('with period 1 is ROC(1) (TA-Lib’s build garbles this case)', () => {
    const close = [5, 6, 3, 9, 9, 2];
    expect(trix(close, 1)).toEqual(roc(close, 1));
    expect(TRIX.lookback(1)).toBe(1);
  });

  for (const period of [2, 3, 5, 14, 30]) {
    it(`matches TA-Lib TRIX(${period})`, async () => {
      await expectRealParity('TRIX', 'TRIX', [period], (close) => trix(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 1, max: 25 }),
      batch: (close, period) => trix(close, period),
      stream: (period) => new TRIX(period),
    });
  });

  it('has TA-Lib lookback 3·(period − 1) + 1 and rejects bad periods', () => {
    expect(TRIX.lookback(30)).toBe(88);
    expect(() => trix([1], 0)).toThrow(invalidIndicator(/TRIX: period/));
  });
});
