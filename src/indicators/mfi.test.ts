import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';
import { MFI, mfi } from './mfi.js';

afterAll(reportWorstErrors);

describe('mfi against TA-Lib', () => {
  for (const period of [2, 3, 5, 14, 30]) {
    it(`MFI(${period}) matches TA-Lib`, async () => {
      for (const { label, bars } of parityCases()) {
        const { high, low, close, volume } = bars;
        const [expected] = await talib('MFI', [high, low, close, volume], [period]);
        expectTalibParity('MFI', mfi(high, low, close, volume, period), expected!, label);
      }
    });
  }
  it('keeps TA-Lib’s “total money flow below 1 is 0” rule', async () => {
    const high = [10, 11, 12, 11, 12, 13];
    const low = high.map((h) => h - 1);
    const close = high.map((h) => h - 0.5);
    const volume = high.map(() => 0.01);
    const [expected] = await talib('MFI', [high, low, close, volume], [2]);
    expect(Array.from(mfi(high, low, close, volume, 2))).toEqual(Array.from(expected!));
    expect(mfi(high, low, close, volume, 2)[5]).toBe(0);
  });
});

describe('mfi by hand', () => {
  it('is 100 · positive flow / total flow over the window', () => {
    // Typical prices 10, 11, 10.5, 12 with volumes 1, 2, 3, 4: flows +22, −31.5, +48.
    const tp = [10, 11, 10.5, 12];
    const volume = [1, 2, 3, 4];
    const values = mfi(tp, tp, tp, volume, 2);
    expect(Number.isNaN(values[1]!)).toBe(true);
    expect(values[2]).toBe(100 * (22 / (22 + 31.5)));
    expect(values[3]).toBe(100 * (48 / (48 + 31.5)));
  });
});

describe('streaming MFI', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer(),
        (n, p, s) => {
          const bars = randomOhlcv(n, s);
          const { high, low, close, volume } = bars;
          expectStreamEqualsBatch(new MFI(p), bars, { value: mfi(high, low, close, volume, p) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects period 1 and mismatched inputs', () => {
    expect(() => new MFI(1)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => mfi([1], [1], [1], [])).toThrow(/different lengths/);
  });
});
