import { describe, expect, it } from 'vitest';
import { halfLife, halfLifeFromLambda } from './half-life.js';
import { SeededRandom } from './seeded-random.js';

describe('halfLifeFromLambda', () => {
  it('is −ln 2 / ln(1 + λ): λ = −0.5 halves each bar, λ = −0.1 after ~6.58 bars', () => {
    expect(halfLifeFromLambda(-0.5)).toBeCloseTo(1, 12);
    expect(halfLifeFromLambda(-0.1)).toBeCloseTo(-Math.LN2 / Math.log(0.9), 12);
    expect(halfLifeFromLambda(-0.1)).toBeCloseTo(6.5788, 4);
  });

  it('is infinite without reversion and 0 for λ = −1', () => {
    expect(halfLifeFromLambda(0)).toBe(Number.POSITIVE_INFINITY);
    expect(halfLifeFromLambda(0.02)).toBe(Number.POSITIVE_INFINITY);
    expect(halfLifeFromLambda(-1)).toBe(0);
    expect(halfLifeFromLambda(-1.5)).toBeCloseTo(1, 12);
  });
});

describe('halfLife', () => {
  it('estimates the half-life of an AR(1) near its theoretical value −ln 2 / ln φ', () => {
    // φ = 0.9 → 6.58 bars; averaged over seeds to keep the check tight yet stable.
    let sum = 0;
    for (let seed = 1; seed <= 20; seed++) sum += halfLife(new SeededRandom(seed).ar1(2000, 0.9)).halfLife;
    expect(sum / 20).toBeGreaterThan(5.8);
    expect(sum / 20).toBeLessThan(7.4);
  });

  it('matches an independent numpy fit of Δs on s_{t−1} for a seeded series', () => {
    const result = halfLife(new SeededRandom(7).ar1(400, 0.9));
    expect(result.lambda).toBeCloseTo(-0.08181303459793493, 10);
    expect(result.halfLife).toBeCloseTo(8.120828625735745, 8);
  });

  it('calls a random walk (practically) non-reverting: a long half-life', () => {
    const result = halfLife(new SeededRandom(11).ar1(2000, 1, 1, 100));
    expect(result.halfLife).toBeGreaterThan(100);
  });
});
