import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { ADX, adx, MinusDI, minusDi, PlusDI, plusDi } from './adx.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';

afterAll(reportWorstErrors);

describe('adx / plusDi / minusDi against TA-Lib', () => {
  const cases = parityCases();
  for (const period of [1, 2, 3, 14, 25]) {
    it(`PLUS_DI(${period}) and MINUS_DI(${period}) match TA-Lib`, async () => {
      for (const { label, bars } of cases) {
        const inputs = [bars.high, bars.low, bars.close];
        const [plus] = await talib('PLUS_DI', inputs, [period]);
        const [minus] = await talib('MINUS_DI', inputs, [period]);
        expectTalibParity('PLUS_DI', plusDi(bars.high, bars.low, bars.close, period), plus!, label);
        expectTalibParity('MINUS_DI', minusDi(bars.high, bars.low, bars.close, period), minus!, label);
      }
    });
  }
  for (const period of [2, 3, 14, 25]) {
    it(`ADX(${period}) matches TA-Lib`, async () => {
      for (const { label, bars } of cases) {
        const [expected] = await talib('ADX', [bars.high, bars.low, bars.close], [period]);
        expectTalibParity('ADX', adx(bars.high, bars.low, bars.close, period), expected!, label);
      }
    });
  }
  it('keeps TA-Lib’s zero rule on constant prices (DI = 0, ADX carries 0)', async () => {
    const flat = new Float64Array(40).fill(5);
    const [expected] = await talib('ADX', [flat, flat, flat], [5]);
    const ours = adx(flat, flat, flat, 5);
    expectTalibParity('ADX', ours, expected!, 'flat');
    expect(ours[9]).toBe(0);
    expect(plusDi(flat, flat, flat, 5)[5]).toBe(0);
  });
});

describe('directional movement by hand', () => {
  // Bar 1: up 2, down -1 → +DM 2. Bar 2: up -3, down 4 → -DM 4. Bar 3: up 1, down 1 → neither.
  const high = [10, 12, 9, 10];
  const low = [8, 9, 5, 4];
  const close = [9, 11, 6, 7];
  it('PLUS_DI(1) and MINUS_DI(1) are one-bar DM over the true range (no factor 100)', () => {
    expect(Array.from(plusDi(high, low, close, 1))).toEqual([Number.NaN, 2 / 3, 0, 0]);
    expect(Array.from(minusDi(high, low, close, 1))).toEqual([Number.NaN, 0, 4 / 6, 0]);
  });
  it('PLUS_DI(2) sums one bar, then smooths the Wilder way', () => {
    // bar 1 sums +DM 2, TR 3; bar 2: +DM 2 − 1 = 1, TR 3 − 1.5 + 6 = 7.5.
    expect(plusDi(high, low, close, 2)[2]).toBe(100 * (1 / 7.5));
    expect(minusDi(high, low, close, 2)[2]).toBe(100 * (4 / 7.5));
  });
});

describe('streaming ADX, PlusDI, MinusDI', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 2, max: 20 }),
        fc.integer(),
        (n, p, s) => {
          const bars = randomOhlcv(n, s);
          const { high, low, close } = bars;
          expectStreamEqualsBatch(new ADX(p), bars, { value: adx(high, low, close, p) });
          expectStreamEqualsBatch(new PlusDI(p), bars, { value: plusDi(high, low, close, p) });
          expectStreamEqualsBatch(new MinusDI(p - 1), bars, { value: minusDi(high, low, close, p - 1) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('has TA-Lib’s lookbacks', () => {
    expect([new ADX(14).lookback, new PlusDI(14).lookback, new MinusDI(1).lookback]).toEqual([27, 14, 1]);
  });
});

describe('adx validation', () => {
  it('rejects bad periods and mismatched inputs', () => {
    expect(() => adx([1], [1], [1], 1)).toThrow(
      expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }),
    );
    expect(() => new PlusDI(0)).toThrow(/period/);
    expect(() => minusDi([1], [1, 2], [1])).toThrow(/different lengths/);
  });
});
