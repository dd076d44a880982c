import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { VolumeProfile, volumeProfile } from './volume-profile.js';

describe('volumeProfile', () => {
  it('finds the point of control and grows the value area toward the heavier side, by hand', () => {
    // Closes 0..4 in 5 bins of width 0.8 → bins 0, 1, 2, 3, 4 (4 lands in the top bin); volumes 1, 2, 5, 3, 1.
    const close = [0, 1, 2, 3, 4];
    const volume = [1, 2, 5, 3, 1];
    const { poc, valueAreaHigh, valueAreaLow } = volumeProfile(close, volume, 5, 5, 0.7);
    expect(Number.isNaN(poc[3]!)).toBe(true);
    expect(poc[4]).toBeCloseTo(2 * 0.8 + 0.4, 12);
    // 70 % of 12 = 8.4: POC 5, then bin 3 (3 > 2) → 8, then bin 1 (2 > 1) → 10.
    expect(valueAreaLow[4]).toBeCloseTo(0.8, 12);
    expect(valueAreaHigh[4]).toBeCloseTo(3.2, 12);
  });
  it('handles a flat window, a window without volume and the top bin edge', () => {
    const flat = volumeProfile([5, 5, 5], [1, 2, 3], 3, 4);
    expect([flat.poc[2], flat.valueAreaHigh[2], flat.valueAreaLow[2]]).toEqual([5, 5, 5]);
    const empty = volumeProfile([1, 2, 3], [0, 0, 0], 3, 4);
    expect(Number.isNaN(empty.poc[2]!)).toBe(true);
    const top = volumeProfile([1, 2, 3], [0, 1, 9], 3, 4, 1);
    expect([top.valueAreaLow[2], top.valueAreaHigh[2]]).toEqual([1 + 2 * 0.5, 3]);
  });
  it('slides: only the last period bars count', () => {
    const { poc } = volumeProfile([10, 20, 10, 20, 20], [100, 1, 1, 1, 1], 3, 2);
    expect(poc[2]).toBe(12.5); // window 10, 20, 10: the heavy bar 0 puts the POC low
    expect(poc[4]).toBe(17.5); // window 10, 20, 20: the old heavy bar has left
  });
  it('streams exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 24 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer(),
        (n, period, bins, valueArea, s) => {
          const bars = randomOhlcv(n, s);
          const batch = volumeProfile(bars.close, bars.volume, period, bins, valueArea);
          expectStreamEqualsBatch(new VolumeProfile(period, bins, valueArea), bars, { ...batch });
          for (let i = period - 1; i < n; i += 1) {
            expect(batch.valueAreaLow[i]! <= batch.poc[i]! && batch.poc[i]! <= batch.valueAreaHigh[i]!).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects bad parameters and mismatched inputs', () => {
    expect(() => new VolumeProfile(0)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => new VolumeProfile(20, 0)).toThrow(/bins/);
    expect(() => new VolumeProfile(20, 10, 1.5)).toThrow(/valueArea/);
    expect(() => volumeProfile([1], [])).toThrow(/different lengths/);
  });
});
