import { describe, expect, it } from 'vitest';
import { BarPath } from './bar-path.js';
import { liquidationPriceFor } from './liquidation-price.js';
import { INVERSE, LINEAR } from './venue-test-kit.js';

describe('BarPath', () => {
  it('goes open → nearer extreme → farther extreme → close; a tie goes to the high first', () => {
    const path = new BarPath();
    path.set(0, 100, 104, 98, 101, 10, 60_000);
    expect([path.p0, path.p1, path.p2, path.p3]).toEqual([100, 98, 104, 101]);
    path.set(0, 100, 104, 96, 101, 10, 60_000);
    expect([path.p1, path.p2]).toEqual([104, 96]);
  });

  it('maps prices to path positions and positions to prices and times', () => {
    const path = new BarPath();
    path.set(0, 100, 104, 98, 101, 10, 60_000); // 100 → 98 → 104 → 101
    expect(path.firstAtOrBelow(99, 0)).toBeCloseTo(0.5, 12);
    expect(path.firstAtOrAbove(103, 0)).toBeCloseTo(1 + 5 / 6, 12);
    // Already at or below: the position itself. From 103.4 on the rise, the next time at or below 102
    // is on the way down from 104.
    expect(path.firstAtOrBelow(102, 1.5)).toBe(1.5);
    expect(path.firstAtOrBelow(102, 1.9)).toBeCloseTo(2 + 2 / 3, 12);
    expect(path.firstAtOrBelow(97, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(path.firstAtOrAbove(100, 0)).toBe(0);
    expect(path.priceAt(1.5)).toBeCloseTo(101, 12);
    expect(path.priceAt(3)).toBe(101);
    expect(path.timeAt(1.5)).toBe(30_000);
    expect(path.timeAt(3)).toBe(60_000);
  });
});

describe('liquidationPriceFor', () => {
  it('equals core isolated formulas for non-negative collateral, linear and inverse', () => {
    expect(liquidationPriceFor(LINEAR, 10, 100, 100, 0.004)).toBeCloseTo(90 / 0.996, 9);
    expect(liquidationPriceFor(LINEAR, -10, 100, 100, 0.004)).toBeCloseTo(110 / 1.004, 9);
    // Inverse: Q = 1000 USD, E = 50000: long (1 + m) Q / (A + Q/E), short (1 − m) Q / (Q/E − A).
    expect(liquidationPriceFor(INVERSE, 10, 50_000, 0.002, 0.004)).toBeCloseTo((1.004 * 1_000) / 0.022, 6);
    expect(liquidationPriceFor(INVERSE, -10, 50_000, 0.002, 0.004)).toBeCloseTo((0.996 * 1_000) / 0.018, 6);
  });

  it('negative cross collateral puts the price beyond the entry (liquidate now)', () => {
    expect(liquidationPriceFor(LINEAR, 10, 100, -50, 0.004)).toBeCloseTo(105 / 0.996, 9);
    expect(liquidationPriceFor(LINEAR, -10, 100, -50, 0.004)).toBeCloseTo(95 / 1.004, 9);
    expect(liquidationPriceFor(LINEAR, -10, 100, -2_000, 0.004)).toBe(0);
    expect(liquidationPriceFor(INVERSE, 10, 50_000, -1, 0.004)).toBe(Number.POSITIVE_INFINITY);
  });
});
