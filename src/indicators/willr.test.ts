import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';
import { WillR, willr } from './willr.js';

afterAll(reportWorstErrors);

describe('willr against TA-Lib', () => {
  for (const period of [2, 3, 5, 14, 30]) {
    it(`WILLR(${period}) matches TA-Lib`, async () => {
      for (const { label, bars } of parityCases()) {
        const [expected] = await talib('WILLR', [bars.high, bars.low, bars.close], [period]);
        expectTalibParity('WILLR', willr(bars.high, bars.low, bars.close, period), expected!, label);
      }
    });
  }
});

describe('willr by hand', () => {
  it('is −100 · (HH − close) / (HH − LL), 0 on a flat window', () => {
    const values = willr([10, 12, 11, 5, 5], [8, 9, 9, 5, 5], [9, 11, 9, 5, 5], 2);
    expect(Number.isNaN(values[0]!)).toBe(true);
    expect(values[1]).toBe((12 - 11) / ((12 - 8) / -100));
    expect(values[2]).toBeCloseTo(-100, 12);
    expect(values[4]).toBe(0);
  });
});

describe('streaming WillR', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer(),
        (n, p, s) => {
          const bars = randomOhlcv(n, s);
          expectStreamEqualsBatch(new WillR(p), bars, { value: willr(bars.high, bars.low, bars.close, p) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects period 1 and mismatched inputs', () => {
    expect(() => new WillR(1)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => willr([1], [1], [])).toThrow(/different lengths/);
  });
});
