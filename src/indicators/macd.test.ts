import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ema } from './ema.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { MACD, macd } from './macd.js';

afterAll(reportWorstErrors);

const OUTPUTS = ['macd', 'signal', 'hist'];

describe('macd', () => {
  const close = Array.from({ length: 60 }, (_, i) => 100 + 5 * Math.sin(i / 5) + 0.1 * i);

  it('aligns the fast EMA’s seed to the slow one (TA-Lib), then takes EMA(signal) of the line', () => {
    const result = macd(close, 3, 6, 4);
    // The fast EMA(3) is seeded with the mean of close[3..5], not of close[0..2].
    const fast = ema(close.slice(3), 3);
    const slow = ema(close, 6);
    const line = Array.from({ length: close.length - 5 }, (_, i) => fast[i + 2]! - slow[i + 5]!);
    const signal = ema(line, 4);
    expect(Array.from(result.macd.subarray(0, 8)).every(Number.isNaN)).toBe(true);
    for (let i = 8; i < close.length; i += 1) {
      expect(result.macd[i]).toBe(line[i - 5]);
      expect(result.signal[i]).toBe(signal[i - 5]);
      expect(result.hist[i]).toBe(line[i - 5]! - signal[i - 5]!);
    }
  });

  it('swaps fast and slow when fast is the longer one, as TA-Lib does', () => {
    expect(macd(close, 26, 12, 9)).toEqual(macd(close, 12, 26, 9));
    expect(new MACD(26, 12, 9).fastPeriod).toBe(12);
  });

  for (const [fast, slow, signal] of [
    [12, 26, 9],
    [2, 3, 2],
    [5, 5, 5],
    [3, 10, 16],
    [26, 12, 9],
  ] as const) {
    it(`matches TA-Lib MACD(${fast}, ${slow}, ${signal})`, async () => {
      await expectRealParity(
        'MACD',
        'MACD',
        [fast, slow, signal],
        (c) => macd(c, fast, slow, signal),
        OUTPUTS,
      );
    });
  }

  it('with signal period 1 has signal ≈ macd from lookback slow − 1 (TA-Lib’s build garbles this case)', () => {
    const result = macd(close, 3, 6, 1);
    expect(MACD.lookback(3, 6, 1)).toBe(5);
    expect(Number.isNaN(result.macd[4]!)).toBe(true);
    for (let i = 5; i < close.length; i += 1) expect(result.signal[i]).toBeCloseTo(result.macd[i]!, 12);
  });

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.tuple(
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
      ),
      batch: (c, [fast, slow, signal]) => macd(c, fast, slow, signal),
      stream: ([fast, slow, signal]) => new MACD(fast, slow, signal),
    });
  });

  it('names its outputs and has TA-Lib lookback (slow − 1) + (signal − 1)', () => {
    const stream = new MACD();
    expect([stream.outputs, stream.lookback, MACD.lookback(12, 26, 9)]).toEqual([OUTPUTS, 33, 33]);
    expect(() => stream.output('upper')).toThrow(invalidIndicator(/no output named upper/));
    expect(Number.isNaN(stream.signal)).toBe(true);
  });

  it('rejects bad periods', () => {
    expect(() => macd([1], 1, 26, 9)).toThrow(invalidIndicator(/MACD: fastPeriod/));
    expect(() => macd([1], 12, 0, 9)).toThrow(invalidIndicator(/MACD: slowPeriod/));
    expect(() => new MACD(12, 26, 0)).toThrow(invalidIndicator(/MACD: signalPeriod/));
  });
});
