import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData, sharedDataPath } from '../../test/support/shared-data.js';
import { atr } from './atr.js';
import { ema } from './ema.js';
import { readCsvColumns } from './internal/csv-columns.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { Keltner, keltner } from './keltner.js';

describe('keltner', () => {
  it('is EMA(close) ± multiplier · ATR, from the later of the two lookbacks', () => {
    const bars = randomOhlcv(200, 5);
    const { high, low, close } = bars;
    for (const [period, multiplier, atrPeriod] of [
      [20, 2, 10],
      [5, 1.5, 14],
      [2, 0, 1],
    ] as const) {
      const ours = keltner(high, low, close, period, multiplier, atrPeriod);
      const middle = ema(close, period);
      const range = atr(high, low, close, atrPeriod);
      const lookback = Math.max(period - 1, atrPeriod);
      for (let i = 0; i < close.length; i += 1) {
        if (i < lookback) {
          expect([ours.upper[i], ours.middle[i], ours.lower[i]]).toEqual([
            Number.NaN,
            Number.NaN,
            Number.NaN,
          ]);
          continue;
        }
        expect(ours.middle[i]).toBe(middle[i]);
        expect(ours.upper[i]).toBe(middle[i]! + multiplier * range[i]!);
        expect(ours.lower[i]).toBe(middle[i]! - multiplier * range[i]!);
      }
    }
  });
  it('streams exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 2, max: 25 }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer(),
        (n, period, multiplier, atrPeriod, s) => {
          const bars = randomOhlcv(n, s);
          const batch = keltner(bars.high, bars.low, bars.close, period, multiplier, atrPeriod);
          expectStreamEqualsBatch(new Keltner(period, multiplier, atrPeriod), bars, { ...batch });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects bad parameters and mismatched inputs', () => {
    expect(() => new Keltner(1)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => new Keltner(20, -1)).toThrow(/multiplier/);
    expect(() => new Keltner(20, 2, 0)).toThrow(/atrPeriod/);
    expect(() => keltner([1], [1], [])).toThrow(/different lengths/);
  });
});

describeWithSharedData('keltner on the StockCharts worksheet', () => {
  // The sheet seeds its EMA(20) with the first close and its ATR(10) with the mean true range of rows
  // 0..9 (row 0's being high − low). We reproduce each seed by prepending copies of row 0 — 19 for the
  // EMA (so TA-Lib's SMA seed is row 0's close), 1 for the ATR (so bar 1 is row 0 with true range
  // high − low) — and then the sheet's bands follow exactly. The band width does not depend on the EMA
  // period, so the ATR run uses period 2 to report from the ATR's first value on.
  it('matches cs-kc.csv (EMA 20, 2 × ATR 10)', () => {
    const sheet = readCsvColumns(sharedDataPath('indicators', 'bukosabino-ta', 'cs-kc.csv'));
    const prepend = (series: Float64Array, copies: number) =>
      Float64Array.from([...new Array(copies).fill(series[0]), ...series]);
    const run = (copies: number, period: number) =>
      keltner(
        prepend(sheet.High!, copies),
        prepend(sheet.Low!, copies),
        prepend(sheet.Close!, copies),
        period,
        2,
        10,
      );
    const forMiddle = run(19, 20);
    const forWidth = run(1, 2); // EMA period 2 so that the bands start with the ATR, at row 9
    let compared = 0;
    for (let row = 0; row < sheet.Close!.length; row += 1) {
      const middle = forMiddle.middle[row + 19]!;
      expect(Math.abs(middle - sheet.middle_band![row]!) / middle, `middle row ${row}`).toBeLessThan(1e-12);
      if (Number.isNaN(sheet.upper_band![row]!)) continue;
      const width = (forWidth.upper[row + 1]! - forWidth.lower[row + 1]!) / 2;
      expect(Math.abs(middle + width - sheet.upper_band![row]!) / middle, `upper row ${row}`).toBeLessThan(
        1e-12,
      );
      expect(Math.abs(middle - width - sheet.lower_band![row]!) / middle, `lower row ${row}`).toBeLessThan(
        1e-12,
      );
      compared += 1;
    }
    expect(compared).toBe(21);
  });
});
