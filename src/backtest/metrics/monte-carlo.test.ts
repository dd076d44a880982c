import { describe, expect, it } from 'vitest';
import { monteCarlo, percentileOfSorted } from './monte-carlo.js';

describe('monteCarlo', () => {
  const pnls = [120, -80, 45, -30, 200, -150, 60, 10, -20, 90];

  it('is deterministic for a seed and differs across seeds', () => {
    const a = monteCarlo(pnls, { startEquity: 1000, runs: 500, seed: 42 });
    const b = monteCarlo(Float64Array.from(pnls), { startEquity: 1000, runs: 500, seed: 42 });
    const c = monteCarlo(pnls, { startEquity: 1000, runs: 500, seed: 43 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a.runs).toBe(500);
  });

  it('gives ordered percentiles within the bounds of the draws', () => {
    const r = monteCarlo(pnls, { startEquity: 1000, runs: 2000, seed: 7 });
    const { returns, maxDrawdown } = r;
    expect(returns.p5).toBeLessThanOrEqual(returns.p50);
    expect(returns.p50).toBeLessThanOrEqual(returns.p95);
    // Ten draws of at least −150 and at most +200 on 1000.
    expect(returns.p5).toBeGreaterThanOrEqual(-1.5);
    expect(returns.p95).toBeLessThanOrEqual(2);
    // The bootstrap mean converges on the original total (+245 → +24.5 %): within a few standard errors.
    expect(returns.mean).toBeCloseTo(0.245, 1);
    expect(maxDrawdown.p5).toBeGreaterThanOrEqual(0);
    expect(maxDrawdown.p5).toBeLessThanOrEqual(maxDrawdown.p50);
    expect(maxDrawdown.p50).toBeLessThanOrEqual(maxDrawdown.p95);
    expect(maxDrawdown.p95).toBeLessThan(1);
    expect(maxDrawdown.p95).toBeGreaterThan(0); // some path must draw two losses in a row
  });

  it('has no drawdown and the exact return when every trade is the same win', () => {
    const r = monteCarlo([10, 10, 10], { startEquity: 100, runs: 50, seed: 1 });
    expect(r.returns).toEqual({
      p5: expect.closeTo(0.3, 12),
      p50: expect.closeTo(0.3, 12),
      p95: expect.closeTo(0.3, 12),
      mean: expect.closeTo(0.3, 12),
    });
    expect(r.maxDrawdown).toEqual({ p5: 0, p50: 0, p95: 0, mean: 0 });
    expect(monteCarlo([], { startEquity: 100, runs: 3, seed: 1 }).returns.mean).toBe(0);
  });

  it('compounds trade returns: +10 % three times is 1.1³ − 1 whatever the order, and never below −100 %', () => {
    const r = monteCarlo([0.1, 0.1, 0.1], { startEquity: 100, runs: 20, seed: 2, compounding: true });
    expect(r.returns.p50).toBeCloseTo(1.1 ** 3 - 1, 12);
    // A −50 % and a +50 % trade: whatever is drawn, compounding keeps the path above zero.
    const mixed = monteCarlo([-0.5, 0.5], { startEquity: 100, runs: 500, seed: 3, compounding: true });
    expect(mixed.returns.p5).toBeCloseTo(0.5 ** 2 - 1, 12);
    expect(mixed.maxDrawdown.p95).toBeLessThanOrEqual(0.75 + 1e-12);
  });

  it('stops a compounded path at ruin: a −120 % trade leaves 0 for good, never a negative equity', () => {
    const runs = 20_000;
    const r = monteCarlo([-1.2, 0.5, 0.5], { startEquity: 100, runs, seed: 4, compounding: true });
    // A path is ruined when it draws the −120 % trade at least once: 1 − (2/3)³ = 19/27 ≈ 0.7037.
    expect(r.ruined).toBeCloseTo(19 / 27, 2);
    // Ruined paths end at exactly −100 % with a 100 % drawdown (not −1.2 × 1.5 × 1.5 …, not > 100 %).
    expect(r.returns.p5).toBe(-1);
    expect(r.returns.p50).toBe(-1);
    expect(r.maxDrawdown.p95).toBe(1);
    // The others drew +50 % three times.
    expect(r.returns.p95).toBeCloseTo(1.5 ** 3 - 1, 12);
    expect(r.returns.mean).toBeCloseTo(-r.ruined! + (1 - r.ruined!) * (1.5 ** 3 - 1), 9);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('also stops an additive path at 0, and reports no ruin when no path gets there', () => {
    const r = monteCarlo([-150, 60], { startEquity: 100, runs: 2_000, seed: 5 });
    // −150 first: ruined at once, even if +60s follow.
    expect(r.returns.p5).toBe(-1);
    expect(r.maxDrawdown.p95).toBe(1);
    expect(r.ruined).toBeGreaterThan(0.5);
    expect(monteCarlo([10, -5], { startEquity: 100, runs: 50, seed: 1 }).ruined).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() => monteCarlo(pnls, { startEquity: 0, runs: 10, seed: 1 })).toThrowError(/startEquity/);
    expect(() => monteCarlo(pnls, { startEquity: 100, runs: 0, seed: 1 })).toThrowError(/runs/);
    expect(() => monteCarlo([1, Number.NaN], { startEquity: 100, runs: 1, seed: 1 })).toThrowError(
      /pnls\[1\]/,
    );
  });

  it('interpolates percentiles between order statistics', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5]);
    expect(percentileOfSorted(sorted, 0.5)).toBe(3);
    expect(percentileOfSorted(sorted, 0.05)).toBeCloseTo(1.2, 12);
    expect(percentileOfSorted(sorted, 0.95)).toBeCloseTo(4.8, 12);
  });
});
