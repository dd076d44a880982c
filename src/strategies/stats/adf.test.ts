import { describe, expect, it } from 'vitest';
import { adfTest, defaultMaxLag } from './adf.js';
import { mackinnonCriticalValues } from './mackinnon.js';
import { SeededRandom } from './seeded-random.js';

/** Δx_t = 0.6·Δx_{t−1} − 0.3·Δx_{t−2} + ε: a unit root whose differences are serially correlated. */
function correlatedRandomWalk(seed: number, length: number): Float64Array {
  const rng = new SeededRandom(seed);
  const out = new Float64Array(length);
  let d1 = 0;
  let d2 = 0;
  let level = 50;
  for (let t = 0; t < length; t++) {
    const d = 0.6 * d1 - 0.3 * d2 + rng.normal();
    d2 = d1;
    d1 = d;
    level += d;
    out[t] = level;
  }
  return out;
}

describe('adfTest', () => {
  it('does not reject a unit root for random walks at 5 % in most seeded trials (about 5 % rejections)', () => {
    let rejections = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const walk = new SeededRandom(seed).ar1(500, 1, 1, 100);
      if (adfTest(walk).pValue < 0.05) rejections++;
    }
    expect(rejections).toBeLessThanOrEqual(12);
    // A test that never rejects would also pass the line above; the size should be near its nominal 5 %.
    expect(rejections).toBeGreaterThanOrEqual(1);
  });

  it('rejects for a stationary AR(1) with φ = 0.5 and estimates γ ≈ φ − 1', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const series = new SeededRandom(seed).ar1(500, 0.5);
      const result = adfTest(series);
      expect(result.pValue).toBeLessThan(0.05);
      expect(result.statistic).toBeLessThan(result.criticalValues['5%']);
      if (result.usedLag === 0) expect(result.gamma).toBeGreaterThan(-0.7);
      if (result.usedLag === 0) expect(result.gamma).toBeLessThan(-0.3);
    }
  });

  it('matches an independent numpy implementation of statsmodels adfuller(autolag="AIC")', () => {
    // Reference values from numpy.linalg.lstsq over the same designs (series regenerated here from the seed).
    const walk = correlatedRandomWalk(2024, 400);
    const auto = adfTest(walk);
    expect(auto.usedLag).toBe(3);
    expect(auto.nobs).toBe(396);
    expect(auto.statistic).toBeCloseTo(-2.1953633743894203, 9);
    const fixed = adfTest(walk, { lags: 1 });
    expect(fixed.usedLag).toBe(1);
    expect(fixed.statistic).toBeCloseTo(-2.4756634074594235, 9);
    expect(fixed.gamma).toBeCloseTo(-0.012265529185068302, 10);

    const ar = new SeededRandom(7).ar1(400, 0.9);
    expect(adfTest(ar).statistic).toBeCloseTo(-4.057874498270549, 9);
    const noConstant = adfTest(ar, { regression: 'n' });
    expect(noConstant.statistic).toBeCloseTo(-3.669405417598022, 9);
    expect(noConstant.criticalValues['5%']).toBeCloseTo(mackinnonCriticalValues(1, 'n', 399)['5%'], 12);
  });

  it('reports n = 1 critical values at its nobs and a p-value consistent with them', () => {
    const result = adfTest(new SeededRandom(3).ar1(300, 0.95));
    expect(result.criticalValues).toEqual(mackinnonCriticalValues(1, 'c', result.nobs));
    expect(result.pValue < 0.05).toBe(result.statistic < result.criticalValues['5%']);
  });

  it('uses the Schwert rule for the default largest lag, capped for short series', () => {
    expect(defaultMaxLag(100)).toBe(12);
    expect(defaultMaxLag(500)).toBe(18);
    expect(defaultMaxLag(20)).toBe(8);
    const bic = adfTest(correlatedRandomWalk(5, 300), { criterion: 'bic', maxLag: 6 });
    expect(bic.usedLag).toBeGreaterThanOrEqual(1);
    expect(bic.usedLag).toBeLessThanOrEqual(6);
  });

  it('refuses too short, non-finite and bad lag inputs', () => {
    expect(() => adfTest([1, 2, 3])).toThrow(/observations/);
    expect(() => adfTest([1, 2, Number.NaN, 4, 5, 6, 7, 8])).toThrow(/non-finite/);
    expect(() => adfTest(new SeededRandom(1).ar1(50, 0.5), { lags: -1 })).toThrow(/lags/);
  });
});
