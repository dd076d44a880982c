import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandleRing } from './candle-history.js';

const candle = (i: number) => ({
  ts: i * 60_000,
  open: i + 0.1,
  high: i + 0.2,
  low: i + 0.05,
  close: i + 0.15,
  volume: i,
});

describe('CandleRing', () => {
  it('holds the last `capacity` candles, oldest first, like a slice of everything appended', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: -50, max: 50 }),
        (capacity, n, i) => {
          const ring = new CandleRing(capacity);
          const all = Array.from({ length: n }, (_, k) => candle(k));
          for (const c of all) ring.push(c);
          const window = all.slice(Math.max(0, n - capacity));
          expect(ring.length).toBe(window.length);
          expect(ring.appended).toBe(n);
          const expected = window.at(i);
          const inside = Number.isInteger(i) && (i >= 0 ? i < window.length : -i <= window.length);
          expect(ring.at(i)).toEqual(inside ? expected : undefined);
          if (inside) expect(ring.close(i)).toBe(expected!.close);
          else expect(ring.close(i)).toBeNaN();
        },
      ),
    );
  });

  it('defaults field readers to the latest candle and returns copies that cannot change it', () => {
    const ring = new CandleRing(2);
    expect(ring.close()).toBeNaN();
    expect(ring.lastTs).toBe(Number.NEGATIVE_INFINITY);
    ring.push(candle(1));
    ring.push(candle(2));
    ring.push(candle(3));
    expect([ring.open(), ring.high(), ring.low(), ring.close(), ring.volume(), ring.ts()]).toEqual([
      3.1, 3.2, 3.05, 3.15, 3, 180_000,
    ]);
    expect(ring.lastTs).toBe(180_000);
    const copy = ring.at(-1)!;
    expect(() => Object.assign(copy, { close: 0 })).toThrow(TypeError);
    expect(ring.at(1.5)).toBeUndefined();
    expect(() => new CandleRing(0)).toThrow(RangeError);
  });
});
