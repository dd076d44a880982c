import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';
import { OBV, obv } from './obv.js';

afterAll(reportWorstErrors);

describe('obv', () => {
  it('matches TA-Lib', async () => {
    for (const { label, bars } of parityCases()) {
      const [expected] = await talib('OBV', [bars.close, bars.volume], []);
      expectTalibParity('OBV', obv(bars.close, bars.volume), expected!, label);
    }
  });
  it('starts at the first volume and adds, subtracts or keeps by the close', () => {
    expect(Array.from(obv([10, 11, 11, 9, 12], [5, 1, 2, 3, 4]))).toEqual([5, 6, 6, 3, 7]);
  });
  it('streams exactly the batch values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer(), (n, s) => {
        const bars = randomOhlcv(n, s);
        expectStreamEqualsBatch(new OBV(), bars, { value: obv(bars.close, bars.volume) });
      }),
      { numRuns: 40 },
    );
  });
  it('rejects inputs of different lengths', () => {
    expect(() => obv([1, 2], [1])).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
  });
});
