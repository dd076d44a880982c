import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  floatWalk,
  invalidIndicator,
} from './internal/real-test-support.js';
import { relativeDifference, reportWorstErrors } from './internal/talib-parity.js';
import { LinearReg, linearreg } from './linearreg.js';

afterAll(reportWorstErrors);

describe('linearreg', () => {
  it('is the least-squares line’s value at the latest bar (hand-checked)', () => {
    // y = 2x + 1 exactly → the line itself; [1, 3, 2]: slope 0.5, mean 2 → 2 + 0.5 = 2.5.
    expect(Array.from(linearreg([1, 3, 5, 7], 3)).slice(2)).toEqual([5, 7]);
    expect(linearreg([1, 3, 2], 3)[2]).toBeCloseTo(2.5, 14);
  });

  for (const period of [2, 3, 5, 14, 30, 200]) {
    it(`matches TA-Lib LINEARREG(${period})`, async () => {
      await expectRealParity('LINEARREG', 'LINEARREG', [period], (close) => linearreg(close, period));
    });
  }

  it('does not drift from TA-Lib over a long series (its running sums are re-added every period values)', async () => {
    const close = floatWalk(100_000, 5, 40_000, 0.001);
    const [expected] = await talib('LINEARREG', [close], [5]);
    expect(relativeDifference(linearreg(close, 5), expected!).maxRelativeError).toBeLessThan(1e-13);
  });

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 40 }),
      batch: (close, period) => linearreg(close, period),
      stream: (period) => new LinearReg(period),
    });
  });

  it('has TA-Lib lookback period − 1 and rejects bad periods', () => {
    expect(LinearReg.lookback()).toBe(13);
    expect(() => linearreg([1], 1)).toThrow(invalidIndicator(/LINEARREG: period/));
  });
});
