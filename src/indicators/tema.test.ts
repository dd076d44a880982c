import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ema } from './ema.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { TEMA, tema } from './tema.js';

afterAll(reportWorstErrors);

describe('tema', () => {
  it('is 3·e1 − 3·e2 + e3 over chained, separately seeded EMAs (hand-checked)', () => {
    const close = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const e1 = ema(close, 3);
    const e2 = ema(e1.subarray(2), 3);
    const e3 = ema(e2.subarray(2), 3);
    const values = tema(close, 3);
    expect(Array.from(values.subarray(0, 6)).every(Number.isNaN)).toBe(true);
    for (let i = 6; i < close.length; i += 1) {
      expect(values[i]).toBe(e3[i - 4]! + (3 * e1[i]! - 3 * e2[i - 2]!));
    }
  });

  it('follows a straight line without lag', () => {
    const line = Array.from({ length: 30 }, (_, i) => 100 - 0.25 * i);
    const values = tema(line, 5);
    for (let i = 12; i < line.length; i += 1) expect(values[i]).toBeCloseTo(line[i]!, 11);
  });

  for (const period of [2, 3, 5, 14, 30]) {
    it(`matches TA-Lib TEMA(${period})`, async () => {
      await expectRealParity('TEMA', 'TEMA', [period], (close) => tema(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 25 }),
      batch: (close, period) => tema(close, period),
      stream: (period) => new TEMA(period),
    });
  });

  it('has TA-Lib lookback 3·(period − 1) and rejects bad periods', () => {
    expect(TEMA.lookback(30)).toBe(87);
    expect(() => new TEMA(1)).toThrow(invalidIndicator(/TEMA: period/));
  });
});
