import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { BTCUSDT_FUTURES_1H, loadSharedCandles } from '../../../test/support/strategy-candles.js';
import type { HarnessSeries } from '../../../test/support/strategy-harness.js';
import { isQuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import { bbands, macd } from '../../indicators/index.js';
import { resolveParams } from '../params.js';
import { macdBb } from './macd-bb.js';
import { candlesFromCloses, closesOf, HOUR_MS, indexAt, runChecked } from './test-data.js';

const SYMBOL = 'BTC/USDT:USDT';

describe('macd-bb parameters and warm-up', () => {
  it('requires fastPeriod < slowPeriod and names it', () => {
    try {
      resolveParams(macdBb, { fastPeriod: 26, slowPeriod: 12 });
      expect.unreachable();
    } catch (error) {
      expect(isQuantLabError(error) && error.details?.['keys']).toEqual(['fastPeriod']);
    }
    expect(resolveParams(macdBb, {})).toMatchObject({
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      bbPeriod: 20,
      entryBand: 0,
      lookback: 10,
    });
  });

  it('is silent until MACD(12, 26, 9) is defined (34 bars)', () => {
    const closes = Array.from({ length: 34 }, (_, i) => 100 + 10 * Math.sin(i / 2));
    const result = runChecked({
      definition: macdBb,
      series: [{ symbol: SYMBOL, timeframe: '1h', candles: candlesFromCloses(closes) }],
    });
    expect(result.orders).toHaveLength(0);
    expect(result.status.warm).toBe(true);
  });
});

describeWithSharedData('macd-bb on BTCUSDT perpetual 1h', () => {
  let candles: Candle[] = [];
  let hist: Float64Array = new Float64Array(0);
  let upper: Float64Array = new Float64Array(0);
  let percentB: Float64Array = new Float64Array(0);
  let series: HarnessSeries[] = [];
  beforeAll(() => {
    candles = loadSharedCandles(BTCUSDT_FUTURES_1H);
    const closes = closesOf(candles);
    hist = macd(closes, 12, 26, 9).hist;
    const bands = bbands(closes, 20, 2, 2);
    upper = bands.upper;
    percentB = closes.map((c, i) => (c - bands.lower[i]!) / (bands.upper[i]! - bands.lower[i]!));
    series = [{ symbol: SYMBOL, timeframe: '1h', candles }];
  });

  /** Whether %B met `test` on one of the 10 bars ending at i. */
  const within10 = (i: number, test: (b: number) => boolean) =>
    Array.from({ length: 10 }, (_, k) => percentB[i - k]!).some((b) => test(b));

  /** The rules replayed on batch MACD and BBANDS: [side, decision bar]. */
  function expectedFills(longShort: boolean): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    let held = 0;
    for (let i = 1; i + 1 < candles.length; i++) {
      if (Number.isNaN(hist[i - 1]!) || Number.isNaN(upper[i]!)) continue;
      const up = hist[i - 1]! < 0 && hist[i]! > 0;
      const down = hist[i - 1]! > 0 && hist[i]! < 0;
      let target = held;
      if (held === 1 && (percentB[i]! >= 1 || down)) target = 0;
      if (held === -1 && (percentB[i]! <= 0 || up)) target = 0;
      if (target <= 0 && up && within10(i, (b) => b <= 0)) target = 1;
      if (longShort && target >= 0 && down && within10(i, (b) => b >= 1)) target = -1;
      if (target !== held) out.push([target > held ? 'buy' : 'sell', i]);
      held = target;
    }
    return out;
  }

  it('long-only: buys MACD crosses up within 10 bars of a close at or below the lower band; exits at the upper band or a cross down', () => {
    const expected = expectedFills(false);
    expect(expected.length).toBeGreaterThan(6);
    const result = runChecked({ definition: macdBb, series });
    expect(result.fills.map((f) => [f.side, indexAt(candles, f.tsEvent) - 1])).toEqual(expected);
    for (const fill of result.fills.filter((f) => f.side === 'buy')) {
      const i = indexAt(candles, fill.tsEvent) - 1;
      expect(hist[i - 1]!).toBeLessThan(0);
      expect(hist[i]!).toBeGreaterThan(0);
      expect(Math.min(...percentB.slice(i - 9, i + 1))).toBeLessThanOrEqual(0);
      expect(fill.price).toBe(candles[i + 1]!.open);
    }
  });

  it('long-short: adds shorts on crosses down near the upper band, flipping in one order', () => {
    const expected = expectedFills(true);
    const result = runChecked({ definition: macdBb, params: { mode: 'long-short', size: 0.5 }, series });
    expect(result.fills.map((f) => [f.side, indexAt(candles, f.tsEvent) - 1])).toEqual(expected);
    expect(
      result.orders.some((o) => o.side === 'sell' && !o.reduceOnly && o.tsInit > candles[0]!.ts + HOUR_MS),
    ).toBe(true);
    let position = 0;
    for (const fill of result.fills) {
      position += (fill.side === 'buy' ? 1 : -1) * fill.qty;
      expect([-0.5, 0, 0.5].some((q) => Math.abs(position - q) < 1e-12)).toBe(true);
    }
  });
});
