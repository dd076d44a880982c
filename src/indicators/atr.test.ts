import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { ATR, atr, NATR, natr, TRange, trange } from './atr.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';

afterAll(reportWorstErrors);

describe('trange / atr / natr against TA-Lib', () => {
  const cases = parityCases();

  it('TRANGE matches TA-Lib', async () => {
    for (const { label, bars } of cases) {
      const [expected] = await talib('TRANGE', [bars.high, bars.low, bars.close], []);
      expectTalibParity('TRANGE', trange(bars.high, bars.low, bars.close), expected!, label);
    }
  });

  for (const period of [1, 2, 5, 14, 30]) {
    it(`ATR(${period}) and NATR(${period}) match TA-Lib`, async () => {
      for (const { label, bars } of cases) {
        const inputs = [bars.high, bars.low, bars.close];
        const [expectedAtr] = await talib('ATR', inputs, [period]);
        const [expectedNatr] = await talib('NATR', inputs, [period]);
        expectTalibParity('ATR', atr(bars.high, bars.low, bars.close, period), expectedAtr!, label);
        expectTalibParity('NATR', natr(bars.high, bars.low, bars.close, period), expectedNatr!, label);
      }
    });
  }
});

describe('atr by hand', () => {
  // Bars chosen so each true-range branch wins once: high-low, |high-prevClose| (gap up), |low-prevClose|.
  const high = [10, 11, 15, 12, 11];
  const low = [9, 10, 14, 8, 10];
  const close = [10, 10.5, 14.5, 9, 10.5];
  it('computes the true range of each bar after the first', () => {
    expect(Array.from(trange(high, low, close))).toEqual([Number.NaN, 1, 4.5, 6.5, 2]);
  });
  it('seeds with the mean of the first period true ranges, then smooths the Wilder way', () => {
    const values = atr(high, low, close, 2);
    expect(Number.isNaN(values[1]!)).toBe(true);
    expect(values[2]).toBe((1 + 4.5) / 2);
    expect(values[3]).toBe((2.75 * 1 + 6.5) / 2);
    expect(values[4]).toBe((4.625 * 1 + 2) / 2);
    expect(natr(high, low, close, 2)[4]).toBeCloseTo((3.3125 / 10.5) * 100, 12);
  });
  it('treats period 1 as the true range, and so does NATR (a TA-Lib quirk)', () => {
    expect(Array.from(atr(high, low, close, 1))).toEqual(Array.from(trange(high, low, close)));
    expect(Array.from(natr(high, low, close, 1))).toEqual(Array.from(trange(high, low, close)));
  });
});

describe('streaming ATR, NATR, TRange', () => {
  it('yields exactly the batch values, and again after reset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer(),
        (n, p, s) => {
          const bars = randomOhlcv(n, s);
          const { high, low, close } = bars;
          expectStreamEqualsBatch(new ATR(p), bars, { value: atr(high, low, close, p) });
          expectStreamEqualsBatch(new NATR(p), bars, { value: natr(high, low, close, p) });
          expectStreamEqualsBatch(new TRange(), bars, { value: trange(high, low, close) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('describes itself', () => {
    const stream = new ATR(14);
    expect([stream.input, stream.outputs, stream.lookback, stream.ready]).toEqual([
      'hlc',
      ['value'],
      14,
      false,
    ]);
    expect(Number.isNaN(stream.output())).toBe(true);
    expect(() => stream.output('upper')).toThrow(/no output named upper/);
  });
});

describe('atr validation', () => {
  it('rejects bad periods and inputs of different lengths with QL_ERR_INDICATOR_INVALID', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(() => atr([1], [1], [1], bad)).toThrow(
        expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }),
      );
      expect(() => new NATR(bad)).toThrow(/period/);
    }
    expect(() => atr([1, 2], [1], [1, 2])).toThrow(
      expect.objectContaining({
        code: 'QL_ERR_INDICATOR_INVALID',
        message: expect.stringMatching(/lengths/),
      }),
    );
    expect(() => trange([1], [1], [1, 2])).toThrow(/different lengths/);
  });
  it('returns empty output for empty input', () => {
    expect(atr([], [], []).length).toBe(0);
  });
});
