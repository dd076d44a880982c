import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { CCI, cci } from './cci.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';

afterAll(reportWorstErrors);

describe('cci against TA-Lib', () => {
  for (const period of [2, 3, 5, 14, 20, 40]) {
    it(`CCI(${period}) matches TA-Lib`, async () => {
      for (const { label, bars } of parityCases()) {
        const [expected] = await talib('CCI', [bars.high, bars.low, bars.close], [period]);
        expectTalibParity('CCI', cci(bars.high, bars.low, bars.close, period), expected!, label);
      }
    });
  }
});

describe('cci by hand', () => {
  it('is (tp − mean) / (0.015 · mean deviation), 0 on a flat window', () => {
    // Typical prices 1, 2, 4 (high = low = close): mean 7/3, deviations 4/3, 1/3, 5/3 → md 10/9.
    const tp = [1, 2, 4, 4, 4, 4];
    const values = cci(tp, tp, tp, 3);
    expect(Number.isNaN(values[1]!)).toBe(true);
    expect(values[2]).toBeCloseTo((4 - 7 / 3) / (0.015 * (10 / 9)), 10);
    expect(values[5]).toBe(0);
  });
});

describe('streaming CCI', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer(),
        (n, p, s) => {
          const bars = randomOhlcv(n, s);
          expectStreamEqualsBatch(new CCI(p), bars, { value: cci(bars.high, bars.low, bars.close, p) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects period 1 and mismatched inputs', () => {
    expect(() => cci([1], [1], [1], 1)).toThrow(
      expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }),
    );
    expect(() => cci([1], [1], [1, 1])).toThrow(/different lengths/);
  });
});
