import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';
import { SAR, sar } from './sar.js';

afterAll(reportWorstErrors);

describe('sar against TA-Lib', () => {
  for (const [acceleration, maximum] of [
    [0.02, 0.2],
    [0.01, 0.1],
    [0.1, 0.5],
    [0.3, 0.2],
    [0, 0],
    [0.2, 2],
  ] as const) {
    it(`SAR(${acceleration}, ${maximum}) matches TA-Lib`, async () => {
      for (const { label, bars } of parityCases()) {
        const [expected] = await talib('SAR', [bars.high, bars.low], [acceleration, maximum]);
        expectTalibParity('SAR', sar(bars.high, bars.low, acceleration, maximum), expected!, label);
      }
    });
  }
});

describe('sar by hand', () => {
  it('starts short when bar 1 has the larger −DM, from bar 0’s high', () => {
    // Bar 1: up = 9 − 10 = −1, down = 8 − 6 = 2 → short; SAR = high0 = 10, EP = low1 = 6.
    const values = sar([10, 9, 8], [8, 6, 5], 0.02, 0.2);
    expect(Number.isNaN(values[0]!)).toBe(true);
    expect(values[1]).toBe(10);
    // Bar 2 reports the SAR computed at bar 1: 10 + 0.02·(6 − 10) = 9.92, clipped up to ≥ high1 = 9.
    expect(values[2]).toBe(10 + 0.02 * (6 - 10));
  });
  it('starts long on a tie and reverses when the low reaches the SAR', () => {
    const stream = new SAR();
    stream.update(10, 8);
    expect(stream.update(11, 9)).toBe(8);
    expect(stream.long).toBe(true);
    stream.update(7, 6); // low 6 <= SAR → reverse to short at EP 11
    expect([stream.value, stream.long]).toEqual([11, false]);
  });
});

describe('streaming SAR', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (n, acceleration, maximum, s) => {
          const bars = randomOhlcv(n, s);
          const batch = sar(bars.high, bars.low, acceleration, maximum);
          expectStreamEqualsBatch(new SAR(acceleration, maximum), bars, { value: batch });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects negative or non-finite factors and mismatched inputs', () => {
    expect(() => new SAR(-0.01)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => sar([1], [1], 0.02, Number.POSITIVE_INFINITY)).toThrow(/maximum/);
    expect(() => sar([1], [1, 2])).toThrow(/different lengths/);
  });
});
