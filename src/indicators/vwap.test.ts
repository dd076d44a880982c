import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData, sharedDataPath } from '../../test/support/shared-data.js';
import { readCsvColumns } from './internal/csv-columns.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { VWAP, vwap } from './vwap.js';

describe('vwap', () => {
  const high = [11, 12, 13, 14];
  const low = [9, 10, 11, 12];
  const close = [10, 11, 12, 13];
  const volume = [1, 3, 0, 2];
  it('is cumulative Σ(tp · v) / Σv without a period', () => {
    expect(Array.from(vwap(high, low, close, volume))).toEqual([10, 43 / 4, 43 / 4, 69 / 6]);
  });
  it('is the same over the last period bars with a period, NaN when they carry no volume', () => {
    expect(Array.from(vwap(high, low, close, volume, 2))).toEqual([Number.NaN, 43 / 4, 11, 13]);
    expect(Array.from(vwap([1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 0, 0], 2))).toEqual([
      Number.NaN,
      1,
      Number.NaN,
    ]);
    expect(Number.isNaN(vwap([1], [1], [1], [0])[0]!)).toBe(true);
  });
  it('stays exact over long series (rolling sums are re-added once per window)', () => {
    const bars = randomOhlcv(20_000, 9, { start: 40_000 });
    const values = vwap(bars.high, bars.low, bars.close, bars.volume, 50);
    for (const i of [49, 5_000, 19_999]) {
      let pv = 0;
      let v = 0;
      for (let j = i - 49; j <= i; j += 1) {
        pv += ((bars.high[j]! + bars.low[j]! + bars.close[j]!) / 3) * bars.volume[j]!;
        v += bars.volume[j]!;
      }
      expect(Math.abs(values[i]! - pv / v) / (pv / v)).toBeLessThan(1e-13);
    }
  });
  it('streams exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.integer(),
        (n, period, s) => {
          const bars = randomOhlcv(n, s);
          const batch = vwap(bars.high, bars.low, bars.close, bars.volume, period);
          expectStreamEqualsBatch(new VWAP(period), bars, { value: batch });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects bad periods and mismatched inputs', () => {
    expect(() => new VWAP(0)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => vwap([1], [1], [1], [1, 2])).toThrow(/different lengths/);
  });
});

describeWithSharedData('vwap on the StockCharts worksheet', () => {
  it('matches cs-vwap.csv: 14-bar rolling VWAP, and cumulative VWAP over its first 14 rows', () => {
    const sheet = readCsvColumns(sharedDataPath('indicators', 'bukosabino-ta', 'cs-vwap.csv'));
    const { High, Low, Close, Volume } = sheet;
    const rolling = vwap(High!, Low!, Close!, Volume!, 14);
    const cumulative = vwap(High!, Low!, Close!, Volume!);
    const expected = sheet.vwap!;
    for (let row = 0; row < expected.length; row += 1) {
      // The sheet's window is partial (cumulative) until it holds 14 rows.
      const ours = row < 14 ? cumulative[row]! : rolling[row]!;
      expect(Math.abs(ours - expected[row]!) / expected[row]!, `row ${row}`).toBeLessThan(1e-12);
      if (row < 13) expect(Number.isNaN(rolling[row]!)).toBe(true);
    }
    expect(expected.length).toBe(30);
  });
});
