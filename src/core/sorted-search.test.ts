import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastAtOrBefore, lowerBound, upperBound } from './sorted-search.js';

describe('sorted searches', () => {
  const values = Float64Array.of(1, 2, 2, 2, 5);

  it('find the first ≥, the first >, and the last ≤ position', () => {
    expect([0, 1, 2, 3, 5, 6].map((x) => lowerBound(values, x))).toEqual([0, 0, 1, 4, 4, 5]);
    expect([0, 1, 2, 3, 5, 6].map((x) => upperBound(values, x))).toEqual([0, 1, 4, 4, 5, 5]);
    expect([0, 1, 2, 3, 5, 6].map((x) => lastAtOrBefore(values, x))).toEqual([-1, 0, 3, 3, 4, 4]);
    expect(upperBound(values, 2, 2, 4)).toBe(4);
    expect(lowerBound(values, 5, 3)).toBe(3);
  });

  it('agree with a linear scan on any sorted column', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 })),
        fc.integer({ min: -60, max: 60 }),
        (raw, x) => {
          const sorted = Float64Array.from(raw.sort((a, b) => a - b));
          const firstAtLeast = sorted.findIndex((v) => v >= x);
          const firstAbove = sorted.findIndex((v) => v > x);
          expect(lowerBound(sorted, x)).toBe(firstAtLeast < 0 ? sorted.length : firstAtLeast);
          expect(upperBound(sorted, x)).toBe(firstAbove < 0 ? sorted.length : firstAbove);
          expect(lastAtOrBefore(sorted, x)).toBe((firstAbove < 0 ? sorted.length : firstAbove) - 1);
        },
      ),
    );
  });
});
