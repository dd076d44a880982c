import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData, sharedDataPath } from '../../test/support/shared-data.js';
import { Donchian, donchian } from './donchian.js';
import { readCsvColumns } from './internal/csv-columns.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';

/** The definition written the slow, obvious way. */
function naiveDonchian(high: ArrayLike<number>, low: ArrayLike<number>, period: number) {
  const upper: number[] = [];
  const lower: number[] = [];
  for (let i = 0; i < high.length; i += 1) {
    const from = i - period + 1;
    upper.push(from < 0 ? Number.NaN : Math.max(...Array.from(high).slice(from, i + 1)));
    lower.push(from < 0 ? Number.NaN : Math.min(...Array.from(low).slice(from, i + 1)));
  }
  return { upper, lower, middle: upper.map((u, i) => (u + lower[i]!) / 2) };
}

describe('donchian', () => {
  it('is the highest high, lowest low and their midpoint of the last period bars', () => {
    const { upper, middle, lower } = donchian([3, 5, 4, 2], [1, 2, 0, 1], 2);
    expect(Array.from(upper)).toEqual([Number.NaN, 5, 5, 4]);
    expect(Array.from(lower)).toEqual([Number.NaN, 1, 0, 0]);
    expect(Array.from(middle)).toEqual([Number.NaN, 3, 2.5, 2]);
  });
  it('equals the naive definition on random series', () => {
    for (const [n, period, seed] of [
      [300, 20, 1],
      [50, 1, 2],
      [10, 10, 3],
      [5, 8, 4],
    ] as const) {
      const bars = randomOhlcv(n, seed);
      const ours = donchian(bars.high, bars.low, period);
      const naive = naiveDonchian(bars.high, bars.low, period);
      expect(Array.from(ours.upper)).toEqual(naive.upper);
      expect(Array.from(ours.lower)).toEqual(naive.lower);
      expect(Array.from(ours.middle)).toEqual(naive.middle);
    }
  });
  it('streams exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        (n, p, s) => {
          const bars = randomOhlcv(n, s);
          expectStreamEqualsBatch(new Donchian(p), bars, { ...donchian(bars.high, bars.low, p) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects bad periods and mismatched inputs', () => {
    expect(() => new Donchian(0)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => donchian([1, 2], [1])).toThrow(/different lengths/);
  });
});

describeWithSharedData('donchian on the StockCharts worksheet', () => {
  it('matches cs-dc.csv (period 20) and, shifted one bar, cs-dc2.csv', () => {
    const sheet = readCsvColumns(sharedDataPath('indicators', 'bukosabino-ta', 'cs-dc.csv'));
    const shifted = readCsvColumns(sharedDataPath('indicators', 'bukosabino-ta', 'cs-dc2.csv'));
    const ours = donchian(sheet.high!, sheet.low!, 20);
    let compared = 0;
    for (let i = 0; i < ours.upper.length; i += 1) {
      if (Number.isNaN(sheet.upper_band![i]!)) {
        expect(Number.isNaN(ours.upper[i]!), `row ${i}`).toBe(true);
        continue;
      }
      expect(ours.upper[i]).toBe(sheet.upper_band![i]);
      expect(ours.lower[i]).toBe(sheet.lower_band![i]);
      // The sheet rounds the middle band to cents (49.395 shows as 49.40).
      expect(Math.abs(ours.middle[i]! - sheet.middle_band![i]!)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(ours.upper[i - 1]).toEqual(shifted.upper_band![i]);
      compared += 1;
    }
    expect(compared).toBe(11);
  });
});
