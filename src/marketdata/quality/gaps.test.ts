import { describe, expect, it } from 'vitest';
import { expectedCandles, findGaps, shiftBucket } from './gaps.js';

const H = 3_600_000;
const T = Date.UTC(2024, 0, 1);

describe('findGaps', () => {
  it('reports the missing open times as inclusive ranges and counts them', () => {
    const ts = [T, T + H, T + 4 * H, T + 5 * H, T + 7 * H];
    expect(findGaps(ts, '1h')).toEqual({
      gaps: [
        [T + 2 * H, T + 3 * H],
        [T + 6 * H, T + 6 * H],
      ],
      missingCandles: 3,
    });
    expect(findGaps([T], '1h')).toEqual({ gaps: [], missingCandles: 0 });
  });

  it('counts calendar months for 1M, whatever day the candle is labelled', () => {
    const ts = [Date.UTC(2012, 0, 31), Date.UTC(2012, 1, 29), Date.UTC(2012, 4, 31)];
    expect(findGaps(ts, '1M')).toEqual({
      gaps: [[Date.UTC(2012, 2, 1), Date.UTC(2012, 3, 1)]],
      missingCandles: 2,
    });
  });

  it('uses Monday weeks for 1w', () => {
    const monday = Date.UTC(2024, 0, 1); // a Monday
    expect(findGaps([monday, monday + 21 * 86_400_000], '1w')).toEqual({
      gaps: [[monday + 7 * 86_400_000, monday + 14 * 86_400_000]],
      missingCandles: 2,
    });
  });

  it('refuses timestamps that are not ascending', () => {
    expect(() => findGaps([T + H, T], '1h')).toThrow(/not ascending at index 1/);
  });
});

describe('expectedCandles and shiftBucket', () => {
  it('counts buckets from the first to the last candle, inclusive', () => {
    expect(expectedCandles(T, T + 23 * H, '1h')).toBe(24);
    expect(expectedCandles(Date.UTC(2012, 0, 31), Date.UTC(2024, 11, 31), '1M')).toBe(156);
    expect(expectedCandles(T + H, T, '1h')).toBe(0);
    expect(shiftBucket(Date.UTC(2024, 0, 15), -1, '1M')).toBe(Date.UTC(2023, 11, 1));
  });
});
