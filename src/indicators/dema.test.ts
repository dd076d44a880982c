import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMA, dema } from './dema.js';
import { ema } from './ema.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';

afterAll(reportWorstErrors);

describe('dema', () => {
  it('is 2·EMA − EMA(EMA), the second EMA seeded over the first one’s values (hand-checked)', () => {
    const close = [3, 1, 4, 1, 5, 9, 2, 6];
    const first = ema(close, 3);
    const second = ema(first.subarray(2), 3);
    const values = dema(close, 3);
    expect(Array.from(values.subarray(0, 4)).every(Number.isNaN)).toBe(true);
    for (let i = 4; i < close.length; i += 1) expect(values[i]).toBe(2 * first[i]! - second[i - 2]!);
  });

  it('follows a straight line without lag', () => {
    const line = Array.from({ length: 20 }, (_, i) => 10 + 0.5 * i);
    const values = dema(line, 4);
    for (let i = 6; i < line.length; i += 1) expect(values[i]).toBeCloseTo(line[i]!, 12);
  });

  for (const period of [2, 3, 5, 14, 30]) {
    it(`matches TA-Lib DEMA(${period})`, async () => {
      await expectRealParity('DEMA', 'DEMA', [period], (close) => dema(close, period));
    });
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.integer({ min: 2, max: 30 }),
      batch: (close, period) => dema(close, period),
      stream: (period) => new DEMA(period),
    });
  });

  it('has TA-Lib lookback 2·(period − 1) and rejects bad periods', () => {
    expect(DEMA.lookback(30)).toBe(58);
    expect(new DEMA(2).lookback).toBe(2);
    expect(() => dema([1], 1)).toThrow(invalidIndicator(/DEMA: period/));
  });
});
