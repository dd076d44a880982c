import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingZScore } from './rolling-zscore.js';

/** The z-score of the last value against the whole window, computed directly. */
function directZ(window: readonly number[], ddof: 0 | 1): number {
  const n = window.length;
  const mean = window.reduce((a, b) => a + b, 0) / n;
  const variance = window.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - ddof);
  return (window[n - 1]! - mean) / Math.sqrt(variance);
}

describe('RollingZScore', () => {
  it('is NaN until the window is full, then z of the newest value', () => {
    const z = new RollingZScore(3);
    expect(z.update(1)).toBeNaN();
    expect(z.update(2)).toBeNaN();
    expect(z.ready).toBe(false);
    // Window [1, 2, 3]: mean 2, sample sd 1 → z = 1.
    expect(z.update(3)).toBeCloseTo(1, 12);
    expect(z.ready).toBe(true);
    // Window [2, 3, 7]: mean 4, sd √7 → z = 3/√7.
    expect(z.update(7)).toBeCloseTo(3 / Math.sqrt(7), 12);
    expect(z.mean).toBeCloseTo(4, 12);
    expect(z.value).toBeCloseTo(3 / Math.sqrt(7), 12);
  });

  it('is NaN for a constant window (no dispersion)', () => {
    const z = new RollingZScore(2);
    z.update(5);
    expect(z.update(5)).toBeNaN();
  });

  it('equals the direct computation over the trailing window for any input (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom<0 | 1>(0, 1),
        // Prices and spreads: up to 1e4 with three decimals (subnormal squares are not a use case).
        fc.array(
          fc.integer({ min: -1e7, max: 1e7 }).map((i) => i / 1000),
          { minLength: 1, maxLength: 80 },
        ),
        (window, ddof, values) => {
          const z = new RollingZScore(window, ddof);
          values.forEach((v, i) => {
            const got = z.update(v);
            if (i + 1 < window) {
              expect(got).toBeNaN();
              return;
            }
            const expected = directZ(values.slice(i + 1 - window, i + 1), ddof);
            if (Number.isFinite(expected)) expect(got).toBeCloseTo(expected, 6);
            else expect(got).toBeNaN();
          });
        },
      ),
    );
  });

  it('does not drift over a long stream at a large offset', () => {
    const z = new RollingZScore(50);
    let got = Number.NaN;
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = 1e6 + Math.sin(i) * 3;
      values.push(v);
      got = z.update(v);
    }
    expect(got).toBeCloseTo(directZ(values.slice(-50), 1), 6);
  });

  it('restarts after reset and refuses bad input', () => {
    const z = new RollingZScore(2);
    z.update(1);
    z.update(2);
    z.reset();
    expect(z.ready).toBe(false);
    expect(z.update(1)).toBeNaN();
    expect(() => new RollingZScore(1)).toThrow(/window/);
    expect(() => z.update(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});
