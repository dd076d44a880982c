import { describe, expect, it } from 'vitest';
import { mackinnonCriticalValues, mackinnonPValue } from './mackinnon.js';
import { normalCdf } from './normal.js';

describe('mackinnonCriticalValues', () => {
  it('gives the published large-sample ADF values with a constant: −3.43 / −2.86 / −2.57', () => {
    const cv = mackinnonCriticalValues(1, 'c');
    expect(cv['1%']).toBeCloseTo(-3.43, 2);
    expect(cv['5%']).toBeCloseTo(-2.86, 2);
    expect(cv['10%']).toBeCloseTo(-2.57, 2);
  });

  it('gives the published two-variable cointegration values: −3.90 / −3.34 / −3.04', () => {
    const cv = mackinnonCriticalValues(2, 'c');
    expect(cv['1%']).toBeCloseTo(-3.9, 2);
    expect(cv['5%']).toBeCloseTo(-3.34, 2);
    expect(cv['10%']).toBeCloseTo(-3.04, 2);
  });

  it('applies the finite-sample correction β∞ + β1/T + β2/T² + β3/T³', () => {
    // 5 %, n = 1, T = 100: −2.86154 − 2.8903/100 − 4.234/100² − 40.04/100³.
    expect(mackinnonCriticalValues(1, 'c', 100)['5%']).toBeCloseTo(
      -2.86154 - 0.028903 - 0.0004234 - 0.00004004,
      10,
    );
    // Small samples need more negative statistics.
    expect(mackinnonCriticalValues(2, 'c', 50)['5%']).toBeLessThan(mackinnonCriticalValues(2, 'c')['5%']);
  });

  it('has the no-constant table for one series only', () => {
    expect(mackinnonCriticalValues(1, 'n')['5%']).toBeCloseTo(-1.94, 2);
    expect(() => mackinnonCriticalValues(2, 'n')).toThrow(/1 to 1 series/);
  });
});

describe('mackinnonPValue', () => {
  it('is consistent with the critical values: p ≈ 1 %, 5 %, 10 % at them (n = 1 and n = 2)', () => {
    for (const n of [1, 2]) {
      const cv = mackinnonCriticalValues(n, 'c');
      expect(mackinnonPValue(cv['1%'], 'c', n)).toBeCloseTo(0.01, 3);
      expect(mackinnonPValue(cv['5%'], 'c', n)).toBeCloseTo(0.05, 3);
      expect(mackinnonPValue(cv['10%'], 'c', n)).toBeCloseTo(0.1, 3);
    }
  });

  it('uses the small-p polynomial below τ* and the large-p one above', () => {
    // n = 1, constant: τ* = −1.61. Small-p at −3: Φ(2.1659 + 1.4412·(−3) + 0.038269·9).
    expect(mackinnonPValue(-3, 'c', 1)).toBeCloseTo(normalCdf(2.1659 - 4.3236 + 0.344421), 12);
    // Large-p at 0: Φ(1.7339).
    expect(mackinnonPValue(0, 'c', 1)).toBeCloseTo(normalCdf(1.7339), 12);
  });

  it('is monotone in the statistic and clamps outside [τ_min, τ_max]', () => {
    let previous = 0;
    for (let tau = -20; tau <= 3; tau += 0.05) {
      const p = mackinnonPValue(tau, 'c', 2);
      expect(p).toBeGreaterThanOrEqual(previous - 1e-12);
      previous = p;
    }
    expect(mackinnonPValue(-30, 'c', 1)).toBe(0);
    expect(mackinnonPValue(3, 'c', 1)).toBe(1);
  });

  it('refuses an unsupported number of series', () => {
    expect(() => mackinnonPValue(-3, 'c', 7)).toThrow(/1 to 6 series/);
  });
});

describe('normalCdf', () => {
  it('matches reference values (scipy.stats.norm.cdf) into the far tail', () => {
    const cases: [number, number][] = [
      [-10, 7.61985302416047e-24],
      [-7.5, 3.1908916729108844e-14],
      [-5, 2.866515718791933e-7],
      [-3, 0.0013498980316300933],
      [-1.96, 0.024997895148220435],
      [-1, 0.15865525393145707],
      [0, 0.5],
      [1.2, 0.8849303297782918],
    ];
    for (const [x, expected] of cases) expect(Math.abs(normalCdf(x) / expected - 1)).toBeLessThan(1e-8);
  });
});
