import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TA_MA_TYPE, talib } from '../../test/support/talib.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';
import { MAType } from './ma-type.js';
import { Stoch, stoch } from './stoch.js';

afterAll(reportWorstErrors);

describe('stoch against TA-Lib', () => {
  const cases = parityCases();
  const settings: [number, number, MAType, number, MAType][] = [
    [5, 3, MAType.SMA, 3, MAType.SMA],
    [1, 1, MAType.SMA, 1, MAType.SMA],
    [14, 1, MAType.SMA, 3, MAType.SMA],
    [9, 3, MAType.EMA, 5, MAType.WMA],
    [5, 4, MAType.DEMA, 2, MAType.TEMA],
    [7, 6, MAType.TRIMA, 3, MAType.KAMA],
    [5, 3, MAType.T3, 2, MAType.EMA],
  ];
  for (const [fastK, slowK, slowKType, slowD, slowDType] of settings) {
    it(`STOCH(${fastK}, ${slowK}, ${slowKType}, ${slowD}, ${slowDType}) matches TA-Lib`, async () => {
      for (const { label, bars } of cases) {
        const [k, d] = await talib(
          'STOCH',
          [bars.high, bars.low, bars.close],
          [fastK, slowK, slowKType, slowD, slowDType],
          2,
        );
        const ours = stoch(bars.high, bars.low, bars.close, fastK, slowK, slowKType, slowD, slowDType);
        expectTalibParity('STOCH.k', ours.k, k!, label);
        expectTalibParity('STOCH.d', ours.d, d!, label);
      }
    });
  }
  it('uses TA_MA_TYPE codes', () => {
    expect([MAType.SMA, MAType.EMA, MAType.T3]).toEqual([TA_MA_TYPE.SMA, TA_MA_TYPE.EMA, TA_MA_TYPE.T3]);
  });
});

describe('stoch by hand', () => {
  it('is (close − LL) / (HH − LL) · 100 averaged twice, 0 on a flat window', () => {
    const high = [10, 12, 11, 13, 9, 9, 9, 9];
    const low = [8, 9, 9, 10, 9, 9, 9, 9];
    const close = [9, 11, 10, 12, 9, 9, 9, 9];
    const { k, d } = stoch(high, low, close, 2, 1, MAType.SMA, 1, MAType.SMA);
    expect(Number.isNaN(k[0]!)).toBe(true);
    // bar 1: HH 12, LL 8 → (11 − 8) / 4 · 100; bar 3: HH 13, LL 9 → 75; bar 6: flat window → 0.
    expect([k[1], k[3], k[6]]).toEqual([75, 75, 0]);
    expect(d[3]).toBe(75);
    const slow = stoch(high, low, close, 2, 2, MAType.SMA, 2, MAType.SMA);
    expect(slow.k[3]).toBeCloseTo((((10 - 9) / 3) * 100 + 75) / 2, 12);
    expect(Number.isNaN(slow.k[2]!)).toBe(true); // %K is hidden until %D starts, as in TA-Lib
  });
});

describe('streaming Stoch', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(MAType.SMA, MAType.EMA, MAType.WMA, MAType.T3),
        fc.integer(),
        (n, fastK, slow, type, seed) => {
          const bars = randomOhlcv(n, seed);
          const batch = stoch(bars.high, bars.low, bars.close, fastK, slow, type, slow + 1, MAType.SMA);
          expectStreamEqualsBatch(new Stoch(fastK, slow, type, slow + 1, MAType.SMA), bars, { ...batch });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('exposes k and d', () => {
    const stream = new Stoch();
    expect([stream.outputs, stream.lookback, stream.input]).toEqual([['k', 'd'], 8, 'hlc']);
  });
});

describe('stoch validation', () => {
  it('rejects bad periods, MA types and lengths', () => {
    expect(() => stoch([1], [1], [1], 0)).toThrow(
      expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }),
    );
    expect(() => new Stoch(5, 0)).toThrow(/slowKPeriod/);
    expect(() => new Stoch(5, 3, 9 as MAType)).toThrow(/maType/);
    expect(() => stoch([1, 2], [1, 2], [1])).toThrow(/different lengths/);
  });
});
