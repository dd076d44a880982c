import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CMO, cmo } from './cmo.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { rsi } from './rsi.js';

afterAll(reportWorstErrors);

describe('cmo', () => {
  it('is 100·(gain − loss)/(gain + loss) over RSI’s smoothed averages (hand-checked)', () => {
    // Same averages as the RSI case: 100 at index 2, then gain 0.5 and loss 0.5 → 0.
    expect(Array.from(cmo([1, 2, 3, 2], 2))).toEqual([Number.NaN, Number.NaN, 100, 0]);
  });

  it('equals 2·RSI − 100 (the same averages, combined differently)', () => {
    const close = Array.from({ length: 80 }, (_, i) => 100 + 8 * Math.sin(i / 4) + (i % 3));
    const c = cmo(close, 9);
    const r = rsi(close, 9);
    for (let i = 9; i < close.length; i += 1) expect(c[i]).toBeCloseTo(2 * r[i]! - 100, 10);
  });

  for (const period of [2, 3, 5, 14, 30]) {
    it(`matches TA-Lib CMO(${period})`, async () => {
      await expectRealParity('CMO', 'CMO', [period], (close) => cmo(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => cmo(close, period),
      stream: (period) => new CMO(period),
    });
  });

  it('has TA-Lib lookback period and rejects bad periods', () => {
    expect(CMO.lookback(14)).toBe(14);
    expect(() => new CMO(1)).toThrow(invalidIndicator(/CMO: period/));
  });
});
