import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { StdDev, stddev } from './stddev.js';

afterAll(reportWorstErrors);

describe('stddev', () => {
  it('is the population standard deviation times nbDev (hand-checked)', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, population variance 4, σ 2.
    const values = stddev([2, 4, 4, 4, 5, 5, 7, 9], 8, 1);
    expect(values[7]).toBeCloseTo(2, 14);
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9], 8, 1.5)[7]).toBeCloseTo(3, 14);
    expect(stddev([1, 3], 2)[1]).toBeCloseTo(1, 14);
  });

  it('is exactly 0 when the window is flat', () => {
    expect(Array.from(stddev([40_000.1, 40_000.1, 40_000.1, 40_000.1], 3))).toEqual([
      Number.NaN,
      Number.NaN,
      0,
      0,
    ]);
  });

  it('uses the reference build’s 1e-14 zero test: σ of a 1e-12 variance shows, of a 1e-14 one is 0', async () => {
    for (const step of [1e-5, 1e-6, 1e-7, 1e-8]) {
      const close = [0, 2 * step, 0, 2 * step];
      const [expected] = await talib('STDDEV', [close], [2, 1]);
      expect(Array.from(stddev(close, 2, 1)), `step ${step}`).toEqual(Array.from(expected!));
    }
    expect(stddev([0, 2e-6], 2)[1]).toBeCloseTo(1e-6, 18);
    expect(stddev([0, 2e-7], 2)[1]).toBe(0);
  });

  for (const [period, nbDev] of [
    [2, 1],
    [5, 1],
    [5, 2.5],
    [14, -1],
    [30, 1],
  ] as const) {
    it(`matches TA-Lib STDDEV(${period}, ${nbDev})`, async () => {
      await expectRealParity('STDDEV', 'STDDEV', [period, nbDev], (close) => stddev(close, period, nbDev));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.tuple(fc.integer({ min: 2, max: 40 }), fc.double({ min: -3, max: 3, noNaN: true })),
      batch: (close, [period, nbDev]) => stddev(close, period, nbDev),
      stream: ([period, nbDev]) => new StdDev(period, nbDev),
    });
  });

  it('has TA-Lib lookback period − 1 and rejects bad parameters', () => {
    expect(StdDev.lookback()).toBe(4);
    expect(() => stddev([1], 1)).toThrow(invalidIndicator(/STDDEV: period/));
    expect(() => stddev([1], 5, Number.POSITIVE_INFINITY)).toThrow(
      invalidIndicator(/nbDev must be a finite number/),
    );
  });
});
