import { describe, expect, it } from 'vitest';
import { sma } from '../../indicators/index.js';
import { computeCloseTimes, SmaCache } from './sma-cache.js';
import { T0 } from './test-fixtures.js';

describe('SmaCache', () => {
  const close = Float64Array.from({ length: 200 }, (_, i) => 100 + Math.sin(i / 7) * 10);

  it('returns the batch SMA, computed once per period', () => {
    const cache = new SmaCache(close);
    const a = cache.get(10);
    expect(Array.from(a)).toEqual(Array.from(sma(close, 10)));
    expect(cache.get(10)).toBe(a);
  });

  it('evicts the least recently used period beyond its bound', () => {
    const cache = new SmaCache(close, 2);
    const a = cache.get(5);
    cache.get(6);
    cache.get(5); // 6 is now the oldest
    cache.get(7);
    expect(cache.size).toBe(2);
    expect(cache.get(5)).toBe(a);
  });

  it('computes close times: open + the timeframe, calendar months to the next 1st', () => {
    const ts = Float64Array.of(T0, T0 + 3_600_000);
    expect(Array.from(computeCloseTimes(ts, '1h'))).toEqual([T0 + 3_600_000, T0 + 7_200_000]);
    const jan = Date.UTC(2024, 0, 1);
    const feb = Date.UTC(2024, 1, 1);
    expect(Array.from(computeCloseTimes(Float64Array.of(jan, feb), '1M'))).toEqual([
      feb,
      Date.UTC(2024, 2, 1),
    ]);
    const cache = new SmaCache(close);
    expect(cache.closeTimes(ts, '1h')).toBe(cache.closeTimes(ts, '1h'));
  });
});
