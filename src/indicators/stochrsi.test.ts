import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { ma } from './ma.js';
import { MAType } from './ma-type.js';
import { rsi } from './rsi.js';
import { StochRSI, stochrsi } from './stochrsi.js';

afterAll(reportWorstErrors);

const TYPES: MAType[] = [0, 1, 2, 3, 4, 5, 6, 8] as MAType[];

describe('stochrsi', () => {
  it('is the fast stochastic of RSI, smoothed by an MA for d (hand-checked against rsi and ma)', () => {
    const close = Array.from({ length: 60 }, (_, i) => 30 + 3 * Math.sin(i / 2.5) + (i % 5) * 0.2);
    const r = rsi(close, 6);
    const { k, d } = stochrsi(close, 6, 4, 3, MAType.EMA);
    const rawK = new Float64Array(close.length).fill(Number.NaN);
    for (let i = 9; i < close.length; i += 1) {
      const window = Array.from(r.subarray(i - 3, i + 1));
      const lowest = Math.min(...window);
      const highest = Math.max(...window);
      rawK[i] = highest === lowest ? 0 : (r[i]! - lowest) / ((highest - lowest) / 100);
    }
    const smoothed = ma(rawK.subarray(9), 3, MAType.EMA);
    expect(Array.from(k.subarray(0, 11)).every(Number.isNaN)).toBe(true);
    for (let i = 11; i < close.length; i += 1) {
      expect(k[i]).toBe(rawK[i]);
      expect(d[i]).toBe(smoothed[i - 9]);
    }
  });

  it('gives k = 0 when the RSI window is flat', () => {
    const { k } = stochrsi(new Array(30).fill(3), 5, 3, 1);
    expect(Array.from(k.subarray(7))).toEqual(new Array(23).fill(0));
  });

  for (const maType of TYPES) {
    for (const [period, fastK, fastD] of [
      [14, 5, 3],
      [2, 1, 1],
      [5, 14, 2],
      [9, 3, 7],
    ] as const) {
      it(`matches TA-Lib STOCHRSI(${period}, ${fastK}, ${fastD}, ${maType})`, async () => {
        await expectRealParity(
          'STOCHRSI',
          'STOCHRSI',
          [period, fastK, fastD, maType],
          (c) => stochrsi(c, period, fastK, fastD, maType),
          ['k', 'd'],
        );
      });
    }
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.tuple(
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...TYPES),
      ),
      batch: (c, [period, fastK, fastD, maType]) => stochrsi(c, period, fastK, fastD, maType),
      stream: ([period, fastK, fastD, maType]) => new StochRSI(period, fastK, fastD, maType),
      numRuns: 120,
    });
  });

  it('names its outputs k and d, defaults to (14, 5, 3, SMA) with lookback 20', () => {
    const stream = new StochRSI();
    expect([stream.outputs, stream.lookback, StochRSI.lookback(14, 5, 3, MAType.TEMA)]).toEqual([
      ['k', 'd'],
      20,
      24,
    ]);
    expect(Number.isNaN(stream.d)).toBe(true);
  });

  it('rejects bad parameters', () => {
    expect(() => stochrsi([1], 1)).toThrow(invalidIndicator(/STOCHRSI: period/));
    expect(() => stochrsi([1], 14, 0)).toThrow(invalidIndicator(/fastKPeriod/));
    expect(() => new StochRSI(14, 5, 0)).toThrow(invalidIndicator(/fastDPeriod/));
    expect(() => new StochRSI(14, 5, 3, 'EMA3' as never)).toThrow(
      invalidIndicator(/STOCHRSI: maType must be/),
    );
  });
});
