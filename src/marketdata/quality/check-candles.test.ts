import { describe, expect, it } from 'vitest';
import type { Candle } from '../../core/market.js';
import type { CandleColumns } from '../../storage/index.js';
import { checkCandles } from './check-candles.js';

const H = 3_600_000;
const T = Date.UTC(2024, 0, 1);

function columns(candles: Candle[]): CandleColumns {
  const pick = (k: keyof Candle) => Float64Array.from(candles.map((c) => c[k]));
  return {
    ts: pick('ts'),
    open: pick('open'),
    high: pick('high'),
    low: pick('low'),
    close: pick('close'),
    volume: pick('volume'),
  };
}

const ok = (ts: number, price = 100): Candle => ({
  ts,
  open: price,
  high: price + 1,
  low: price - 1,
  close: price,
  volume: 1,
});

describe('checkCandles', () => {
  it('reports nothing for a clean series', () => {
    const report = checkCandles(columns([ok(T), ok(T + H), ok(T + 2 * H)]), '1h', { now: T + 10 * H });
    expect(report).toEqual({
      count: 3,
      duplicates: 0,
      missingCandles: 0,
      gaps: [],
      ohlcViolations: 0,
      outliers: 0,
      future: 0,
      misaligned: 0,
      issues: [],
    });
  });

  it('finds gaps, OHLC violations, misaligned, bucket duplicates and future candles', () => {
    const candles = [
      ok(T),
      { ...ok(T + H), high: 98 }, // high below open/close and low
      ok(T + H + 17), // misaligned, and the second candle of its bucket
      ok(T + 4 * H),
      { ...ok(T + 5 * H), volume: -1 },
      ok(T + 30 * H), // future: now is T + 20h
    ];
    const report = checkCandles(columns(candles), '1h', { now: T + 20 * H });
    expect(report).toMatchObject({
      count: 6,
      duplicates: 1,
      missingCandles: 2 + 24,
      ohlcViolations: 2,
      outliers: 0,
      future: 1,
      misaligned: 1,
    });
    expect(report.gaps).toEqual([
      [T + 2 * H, T + 3 * H],
      [T + 6 * H, T + 29 * H],
    ]);
    expect(report.issues.map((i) => [i.index, i.kinds, i.rules])).toEqual([
      [1, ['ohlc'], ['high-below-low', 'open-outside-range', 'close-outside-range']],
      [2, ['misaligned', 'duplicate'], ['misaligned-ts', 'duplicate-bucket']],
      [4, ['ohlc'], ['volume-negative']],
      [5, ['future'], ['future-ts']],
    ]);
    expect(report.issues[3]!.candle).toEqual(candles[5]);
  });

  it('counts spikes as outliers', () => {
    const candles = Array.from({ length: 60 }, (_, i) => ok(T + i * H, 100 + (i % 3) * 0.1));
    candles[40] = ok(T + 40 * H, 150);
    const report = checkCandles(columns(candles), '1h', { now: T + 100 * H });
    expect(report.outliers).toBe(1);
    expect(report.issues).toEqual([{ index: 40, candle: candles[40], kinds: ['outlier'], rules: ['spike'] }]);
  });
});
