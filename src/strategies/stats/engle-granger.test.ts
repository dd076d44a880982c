import { describe, expect, it } from 'vitest';
import { engleGranger } from './engle-granger.js';
import { mackinnonCriticalValues } from './mackinnon.js';
import { SeededRandom } from './seeded-random.js';

/** x a random walk; y = 2x + 5 + stationary AR(1) noise (φ = 0.5): cointegrated with β = 2. */
function cointegratedPair(seed: number, length = 500): { x: Float64Array; y: Float64Array } {
  const rng = new SeededRandom(seed);
  const x = rng.ar1(length, 1, 1, 100);
  const noise = rng.ar1(length, 0.5);
  const y = x.map((v, i) => 2 * v + 5 + noise[i]!);
  return { x, y };
}

describe('engleGranger', () => {
  it('finds β ≈ 2 and rejects no-cointegration for y = 2x + stationary noise', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { x, y } = cointegratedPair(seed);
      const result = engleGranger(y, x);
      expect(result.beta).toBeGreaterThan(1.95);
      expect(result.beta).toBeLessThan(2.05);
      expect(result.cointegrated).toBe(true);
      expect(result.pValue).toBeLessThan(0.01);
      expect(result.spread).toHaveLength(500);
      // The spread is y − α − βx.
      expect(result.spread[10]).toBeCloseTo(y[10]! - result.alpha - result.beta * x[10]!, 9);
    }
  });

  it('does not find cointegration between independent random walks in most trials', () => {
    let found = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rng = new SeededRandom(1000 + seed);
      const x = rng.ar1(400, 1, 1, 100);
      const y = rng.ar1(400, 1, 1, 100);
      if (engleGranger(y, x).cointegrated) found++;
    }
    expect(found).toBeLessThanOrEqual(8);
  });

  it('judges the residual ADF with the n = 2 cointegration tables, not the plain ADF ones', () => {
    const { x, y } = cointegratedPair(3);
    const result = engleGranger(y, x);
    expect(result.criticalValues).toEqual(mackinnonCriticalValues(2, 'c', result.nobs - 1));
    expect(result.criticalValues['5%']).toBeLessThan(-3.3);
    expect(result.pValue < 0.05).toBe(result.statistic < result.criticalValues['5%']);
  });

  it('treats a perfect linear relation as cointegrated with τ = −∞ (as statsmodels does)', () => {
    const x = new SeededRandom(9).ar1(100, 1, 1, 50);
    const y = x.map((v) => 3 * v - 1);
    const result = engleGranger(y, x);
    expect(result.beta).toBeCloseTo(3, 10);
    expect(result.statistic).toBe(Number.NEGATIVE_INFINITY);
    expect(result.cointegrated).toBe(true);
  });

  it('refuses unequal lengths and a significance outside (0, 1)', () => {
    expect(() => engleGranger([1, 2, 3], [1, 2])).toThrow(/equal length/);
    const { x, y } = cointegratedPair(1, 100);
    expect(() => engleGranger(y, x, { significance: 1.5 })).toThrow(/Significance/);
  });
});
