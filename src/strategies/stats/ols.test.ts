import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuantLabError } from '../../core/errors.js';
import { linearRegression, ols } from './ols.js';

describe('linearRegression', () => {
  it('matches the closed form on a five-point case worked by hand', () => {
    // x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6 → slope 0.6, intercept 2.2; residuals −0.8, 0.6, 1, −0.6, −0.2;
    // SSR = 2.4, σ² = 2.4 / 3 = 0.8; se(slope) = √(0.8/10); se(intercept) = √(0.8·(1/5 + 9/10)).
    const fit = linearRegression([2, 4, 5, 4, 5], [1, 2, 3, 4, 5]);
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.intercept).toBeCloseTo(2.2, 12);
    expect([...fit.residuals].map((e) => Number(e.toFixed(12)))).toEqual([-0.8, 0.6, 1, -0.6, -0.2]);
    expect(fit.fit.ssr).toBeCloseTo(2.4, 12);
    expect(fit.fit.sigma2).toBeCloseTo(0.8, 12);
    expect(fit.slopeStdError).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(fit.interceptStdError).toBeCloseTo(Math.sqrt(0.88), 12);
    expect(fit.rSquared).toBeCloseTo(1 - 2.4 / 6, 12);
  });

  it('recovers an exact line on price-scale data (conditioning of QR)', () => {
    const x = Array.from({ length: 200 }, (_, i) => 30_000 + 10 * Math.sin(i / 7) + i);
    const y = x.map((v) => 0.05 * v - 12.5);
    const fit = linearRegression(y, x);
    expect(fit.slope).toBeCloseTo(0.05, 10);
    expect(fit.intercept).toBeCloseTo(-12.5, 6);
  });

  it('agrees with the normal-equation formulas on random data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -100, max: 100, noNaN: true }),
            fc.double({ min: -100, max: 100, noNaN: true }),
          ),
          {
            minLength: 4,
            maxLength: 40,
          },
        ),
        (points) => {
          const x = points.map((p) => p[0]);
          const y = points.map((p) => p[1]);
          const n = x.length;
          const mx = x.reduce((a, b) => a + b, 0) / n;
          const my = y.reduce((a, b) => a + b, 0) / n;
          const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
          fc.pre(sxx > 1e-3 * n);
          const sxy = x.reduce((a, v, i) => a + (v - mx) * (y[i]! - my), 0);
          const fit = linearRegression(y, x);
          const slope = sxy / sxx;
          expect(fit.slope).toBeCloseTo(slope, 6);
          expect(fit.intercept).toBeCloseTo(my - slope * mx, 5);
          // Residuals are orthogonal to the regressors.
          const dot = fit.residuals.reduce((a, e, i) => a + e * x[i]!, 0);
          expect(Math.abs(dot)).toBeLessThan(1e-6 * (1 + Math.sqrt(sxx) * Math.sqrt(fit.fit.ssr)));
        },
      ),
    );
  });
});

describe('ols', () => {
  it('fits two regressors and an intercept exactly when the data are noiseless', () => {
    const x1 = [1, 2, 3, 4, 5, 6];
    const x2 = [2, 1, 4, 3, 6, 5];
    const y = x1.map((v, i) => 1 + 2 * v - 3 * x2[i]!);
    const fit = ols(y, [x1, x2]);
    expect([...fit.coefficients].map((c) => Number(c.toFixed(9)))).toEqual([1, 2, -3]);
    expect(fit.k).toBe(3);
    expect(fit.dfResid).toBe(3);
    expect(fit.ssr).toBeLessThan(1e-20);
  });

  it('reports AIC as −2 logL + 2k with the Gaussian log-likelihood', () => {
    const fit = ols([2, 4, 5, 4, 5], [[1, 2, 3, 4, 5]]);
    const ll = -2.5 * (Math.log(2 * Math.PI) + Math.log(2.4 / 5) + 1);
    expect(fit.logLikelihood).toBeCloseTo(ll, 12);
    expect(fit.aic).toBeCloseTo(-2 * ll + 4, 12);
    expect(fit.bic).toBeCloseTo(-2 * ll + Math.log(5) * 2, 12);
  });

  it('refuses collinear regressors, too few observations and non-finite values', () => {
    const collinear = () =>
      ols(
        [1, 2, 3, 4],
        [
          [1, 2, 3, 4],
          [2, 4, 6, 8],
        ],
      );
    expect(collinear).toThrow(QuantLabError);
    expect(collinear).toThrow(/collinear/);
    expect(() => ols([1, 2], [[1, 2]])).toThrow(/more than 2 observations/);
    expect(() => ols([1, 2, Number.NaN, 4], [[1, 2, 3, 4]])).toThrow(/non-finite/);
    try {
      collinear();
    } catch (error) {
      expect((error as QuantLabError).code).toBe('QL_ERR_INVALID_INPUT');
    }
  });
});
