import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { AD, ADOSC, ad, adosc } from './ad.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';

afterAll(reportWorstErrors);

describe('ad / adosc against TA-Lib', () => {
  it('AD matches TA-Lib', async () => {
    for (const { label, bars } of parityCases()) {
      const { high, low, close, volume } = bars;
      const [expected] = await talib('AD', [high, low, close, volume], []);
      expectTalibParity('AD', ad(high, low, close, volume), expected!, label);
    }
  });
  for (const [fast, slow] of [
    [3, 10],
    [2, 2],
    [10, 3],
    [5, 21],
  ] as const) {
    it(`ADOSC(${fast}, ${slow}) matches TA-Lib`, async () => {
      for (const { label, bars } of parityCases()) {
        const { high, low, close, volume } = bars;
        const [expected] = await talib('ADOSC', [high, low, close, volume], [fast, slow]);
        expectTalibParity('ADOSC', adosc(high, low, close, volume, fast, slow), expected!, label);
      }
    });
  }
});

describe('ad / adosc by hand', () => {
  const high = [10, 10, 12, 11];
  const low = [8, 10, 10, 9];
  const close = [9.5, 10, 10.5, 9];
  const volume = [100, 50, 40, 10];
  it('accumulates the close location value times volume, skipping flat bars', () => {
    // CLV: (1.5 − 0.5)/2 = 0.5 → +50; flat bar → +0; (0.5 − 1.5)/2 = −0.5 → −20; −1 → −10.
    expect(Array.from(ad(high, low, close, volume))).toEqual([50, 50, 30, 20]);
  });
  it('seeds both EMAs with the first AD value', () => {
    const values = adosc(high, low, close, volume, 2, 3);
    expect(Number.isNaN(values[1]!)).toBe(true);
    const fast = [50];
    const slow = [50];
    for (const x of [50, 30]) {
      fast.push((2 / 3) * x + (1 - 2 / 3) * fast.at(-1)!);
      slow.push(0.5 * x + (1 - 0.5) * slow.at(-1)!);
    }
    expect(values[2]).toBe(fast[2]! - slow[2]!);
  });
});

describe('streaming AD, ADOSC', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 2, max: 15 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer(),
        (n, fast, slow, s) => {
          const bars = randomOhlcv(n, s);
          const { high, low, close, volume } = bars;
          expectStreamEqualsBatch(new AD(), bars, { value: ad(high, low, close, volume) });
          expectStreamEqualsBatch(new ADOSC(fast, slow), bars, {
            value: adosc(high, low, close, volume, fast, slow),
          });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects bad periods and mismatched inputs', () => {
    expect(() => new ADOSC(1, 10)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => adosc([1], [1], [1], [1], 3, 1.5)).toThrow(/slowPeriod/);
    expect(() => ad([1], [1], [1], [1, 2])).toThrow(/different lengths/);
  });
});
