import { describe, expect, it } from 'vitest';
import { bars, MINUTE, T0 } from '../../../test/backtest/kernel-kit.js';
import { gaplessWalk, seriesOf } from '../../../test/support/backtest-data.js';
import type { Candle } from '../../core/market.js';
import { algoBench, S } from './algo-test-kit.js';
import { profileWeights } from './slice-schedule.js';
import { DAY_MS, profileWeight, volumeProfile } from './volume-profile.js';

const HOUR = 3_600_000;

/** Hourly candles whose 6-hour buckets trade the given volumes per day (spread evenly over the hours). */
function hourly(daysOfBuckets: ReadonlyArray<readonly number[]>): Candle[] {
  const walk = gaplessWalk(daysOfBuckets.length * 24, 3, 100, T0, HOUR);
  return walk.map((c, i) => ({
    ...c,
    volume: daysOfBuckets[Math.floor(i / 24)]![Math.floor((i % 24) / 6)]! / 6,
  }));
}

// Day 1 shares 0.1 0.2 0.3 0.4 (100 traded), day 2 shares 0.3 0.2 0.3 0.2 (1,000 traded): the mean of the
// shares is 0.2 0.2 0.3 0.3 (a mean of volumes would give 0.282 0.2 0.3 0.218).
const DAYS = [
  [10, 20, 30, 40],
  [300, 200, 300, 200],
  [100, 100, 100, 100],
];

describe('volumeProfile', () => {
  it('averages each day’s share of volume per intraday bucket over the lookback', () => {
    const series = seriesOf(S, '1h', hourly(DAYS).slice(0, 48));
    const profile = volumeProfile(series, 6 * HOUR, 2);
    expect(profile).toBeInstanceOf(Float64Array);
    expect([...profile].map((x) => +x.toFixed(12))).toEqual([0.2, 0.2, 0.3, 0.3]);
  });

  it('uses only the lookback days before asOf, skips days without volume, ignores bad volumes', () => {
    const candles = hourly([
      [1, 1, 1, 1],
      [0, 0, 0, 0],
      [10, 20, 30, 40],
      [5, 5, 5, 5],
    ]);
    candles[48] = { ...candles[48]!, volume: Number.NaN };
    candles[49] = { ...candles[49]!, volume: -5 };
    const series = seriesOf(S, '1h', candles);
    // asOf = start of day 4: days 2 (no volume: left out) and 3 count.
    const profile = volumeProfile(series, 6 * HOUR, 2, T0 + 3 * DAY_MS);
    // Day 3 without two of its first-bucket hours: 10 × 4/6 of 10 + 20 + 30 + 40 − 10 × 2/6.
    const first = (10 * 4) / 6;
    const total = first + 90;
    expect([...profile].map((x) => +x.toFixed(12))).toEqual(
      [first / total, 20 / total, 30 / total, 40 / total].map((x) => +x.toFixed(12)),
    );
    // The default asOf is the close of the last candle (end of day 4): days 3 and 4.
    expect(volumeProfile(series, DAY_MS, 2)).toEqual(Float64Array.of(1));
    expect(volumeProfile({ ts: new Float64Array(0), volume: new Float64Array(0) }, HOUR, 1)).toEqual(
      new Float64Array(24),
    );
  });

  it('refuses a bucket that does not divide a day and a lookback below one day', () => {
    const series = seriesOf(S, '1h', hourly(DAYS));
    expect(() => volumeProfile(series, 7 * HOUR, 2)).toThrow(/dividing a day/);
    expect(() => volumeProfile(series, HOUR, 0)).toThrow(/lookbackDays/);
  });

  it('weights a span by the shares it covers, pro rata, across midnight', () => {
    const profile = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    expect(profileWeight(profile, T0, T0 + DAY_MS)).toBeCloseTo(1, 12);
    expect(profileWeight(profile, T0 + 3 * HOUR, T0 + 9 * HOUR)).toBeCloseTo(0.05 + 0.1, 12);
    expect(profileWeight(profile, T0 + 21 * HOUR, T0 + 27 * HOUR)).toBeCloseTo(0.2 + 0.05, 12);
    expect([...profileWeights(profile, T0, DAY_MS, 8)].map((x) => +x.toFixed(12))).toEqual([
      0.05, 0.05, 0.1, 0.1, 0.15, 0.15, 0.2, 0.2,
    ]);
  });
});

describe('vwap', () => {
  it('sizes the slices by the profile computed from history', () => {
    const candles = hourly(DAYS);
    const bench = algoBench({ candles, timeframe: '1h' });
    bench.runUntil(T0 + 2 * DAY_MS);
    const profile = volumeProfile(seriesOf(S, '1h', candles.slice(0, 48)), 6 * HOUR, 2);
    const id = bench.start({ algo: 'vwap', symbol: S, side: 'buy', qty: 10, durationMs: DAY_MS, profile });
    bench.runAll();
    const day3 = T0 + 2 * DAY_MS;
    expect(bench.placements(id)).toEqual([
      [day3, 2],
      [day3 + 6 * HOUR, 2],
      [day3 + 12 * HOUR, 3],
      [day3 + 18 * HOUR, 3],
    ]);
    expect(bench.algos.status(id)).toMatchObject({ state: 'completed', filledQty: 10, slices: 4 });
  });

  it('with more slices than buckets, splits each bucket’s share over its slices', () => {
    const candles = hourly(DAYS);
    const bench = algoBench({ candles, timeframe: '1h' });
    bench.runUntil(T0 + 2 * DAY_MS);
    const profile = Float64Array.of(0.2, 0.2, 0.3, 0.3);
    const id = bench.start({
      algo: 'vwap',
      symbol: S,
      side: 'sell',
      qty: 12,
      durationMs: 12 * HOUR,
      slices: 12,
      profile,
    });
    bench.runAll();
    // The first 12 hours hold 0.4 of the day's volume, equally: 1 per hour.
    expect(bench.placements(id).map(([, qty]) => qty)).toEqual(new Array(12).fill(1));
  });

  it('caps each child at a share of the volume observed since the previous one, catching up while it can', () => {
    // 1,000 contracts a bar, at most 0.1 % of it: one contract per child.
    const candles = bars(new Array(10).fill([100, 101, 99, 100]) as Array<[number, number, number, number]>);
    const bench = algoBench({ candles });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'vwap',
      symbol: S,
      side: 'buy',
      qty: 5,
      durationMs: 4 * MINUTE,
      slices: 2,
      profile: Float64Array.of(1),
      maxParticipation: 0.001,
    });
    bench.runAll();
    expect(bench.placements(id)).toEqual([
      [T0 + MINUTE, 1],
      [T0 + 2 * MINUTE, 1],
      [T0 + 3 * MINUTE, 1],
      [T0 + 4 * MINUTE, 1],
    ]);
    expect(bench.algos.status(id)).toMatchObject({
      state: 'expired',
      filledQty: 4,
      reason: 'the schedule ended with 1 unfilled',
    });
  });
});
