import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { Supertrend, supertrend } from './supertrend.js';

/**
 * TradingView's published `pine_supertrend`, translated line by line (with its own sign convention:
 * direction 1 = down), over TA-Lib's ATR.
 */
async function pineSupertrend(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  factor: number,
) {
  const [atr] = await talib('ATR', [high, low, close], [period]);
  const trend: number[] = [];
  const direction: number[] = [];
  let upperBand = Number.NaN;
  let lowerBand = Number.NaN;
  for (let i = 0; i < close.length; i += 1) {
    const a = atr![i]!;
    if (Number.isNaN(a)) {
      trend.push(Number.NaN);
      direction.push(Number.NaN);
      continue;
    }
    const src = (high[i]! + low[i]!) / 2;
    let upper = src + factor * a;
    let lower = src - factor * a;
    const prevLowerBand = Number.isNaN(lowerBand) ? 0 : lowerBand;
    const prevUpperBand = Number.isNaN(upperBand) ? 0 : upperBand;
    lower = lower > prevLowerBand || close[i - 1]! < prevLowerBand ? lower : prevLowerBand;
    upper = upper < prevUpperBand || close[i - 1]! > prevUpperBand ? upper : prevUpperBand;
    const prevSuperTrend = trend[i - 1]!;
    let dir: number;
    if (Number.isNaN(atr![i - 1]!)) dir = 1;
    else if (prevSuperTrend === upperBand) dir = close[i]! > upper ? -1 : 1;
    else dir = close[i]! < lower ? 1 : -1;
    trend.push(dir === -1 ? lower : upper);
    direction.push(-dir);
    upperBand = upper;
    lowerBand = lower;
  }
  return { trend, direction };
}

describe('supertrend', () => {
  it('follows the bands and flips on a close through them, by hand', () => {
    const { trend, direction } = supertrend(
      [10, 11, 13, 12, 10],
      [8, 9, 11, 10, 8],
      [9, 10, 12.5, 10.5, 8.5],
      1,
      1,
    );
    expect(Array.from(trend)).toEqual([Number.NaN, 12, 9, 9, 11.5]);
    expect(Array.from(direction)).toEqual([Number.NaN, -1, 1, 1, -1]);
  });
  it('equals TradingView’s pine_supertrend over the same ATR', async () => {
    for (const [n, period, factor, seed] of [
      [500, 10, 3, 1],
      [300, 7, 1.5, 2],
      [200, 1, 0.5, 3],
      [12, 10, 3, 4],
    ] as const) {
      const bars = randomOhlcv(n, seed);
      const ours = supertrend(bars.high, bars.low, bars.close, period, factor);
      const pine = await pineSupertrend(bars.high, bars.low, bars.close, period, factor);
      expect(Array.from(ours.trend)).toEqual(pine.trend);
      expect(Array.from(ours.direction)).toEqual(pine.direction);
      if (n > 100) expect(new Set(ours.direction.subarray(period)).size).toBe(2); // it does flip
    }
  });
  it('streams exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer(),
        (n, period, factor, s) => {
          const bars = randomOhlcv(n, s);
          const batch = supertrend(bars.high, bars.low, bars.close, period, factor);
          expectStreamEqualsBatch(new Supertrend(period, factor), bars, { ...batch });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects bad parameters and mismatched inputs', () => {
    expect(() => new Supertrend(0)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => new Supertrend(10, Number.NaN)).toThrow(/multiplier/);
    expect(() => supertrend([1], [1], [1, 2])).toThrow(/different lengths/);
  });
});
