import { describe, expect, it } from 'vitest';
import { covarianceWithCorrelation } from './linalg.js';
import { normalPdf, normalSampler } from './normal.js';
import {
  empiricalVarEs,
  historicalVar,
  monteCarloVar,
  monteCarloVarFromReturns,
  parametricVar,
  parametricVarFromReturns,
  portfolioMoments,
  tailCount,
} from './var.js';

const invalidInput = expect.objectContaining({ code: 'QL_ERR_INVALID_INPUT' });
const Z95 = 1.6448536269514722;
const Z99 = 2.3263478740408408;
const relErr = (a: number, b: number) => Math.abs(a / b - 1);

function normalSeries(n: number, sigma: number, seed: number): Float64Array {
  const next = normalSampler(seed);
  return Float64Array.from({ length: n }, () => sigma * next());
}

describe('empirical quantile convention', () => {
  it('VaR = −L(k) with k = ⌈n(1 − α)⌉; ES = mean of the k worst', () => {
    const pnl = Float64Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) - 50); // a permutation of −50..49
    expect(empiricalVarEs(pnl, 0.95)).toEqual({ var: 46, es: 48 }); // k = 5: −50..−46
    expect(empiricalVarEs(pnl, 0.99)).toEqual({ var: 50, es: 50 }); // k = 1
    expect(empiricalVarEs(pnl, 0.955)).toEqual({ var: 46, es: 48 }); // k = ⌈4.5⌉ = 5
    expect(empiricalVarEs(pnl, 0.96)).toEqual({ var: 47, es: 48.5 }); // k = 4
  });

  it('tail counts are rounding-safe and at least 1', () => {
    expect(tailCount(20_000, 0.95)).toBe(1000); // 20 000 · (1 − 0.95) = 1000.0000000000009 in binary
    expect(tailCount(100, 0.99)).toBe(1);
    expect(tailCount(10, 0.99)).toBe(1);
    expect(tailCount(101, 0.95)).toBe(6);
  });
});

describe('one asset, σ = 2 %, exposure 10 000 (closed form)', () => {
  const sigma = 0.02;
  const exposure = 10_000;
  const varClosed = exposure * Z95 * sigma;
  const esClosed = ((sigma * normalPdf(Z95)) / 0.05) * exposure;

  it('parametric VaR95 and ES95 equal the closed form to 1e-6', () => {
    const [r95, r99] = parametricVar([exposure], { mean: [0], covariance: [[sigma * sigma]] });
    expect(r95).toMatchObject({ method: 'parametric', confidence: 0.95, horizonDays: 1 });
    expect(Math.abs(r95!.var - varClosed)).toBeLessThan(1e-6);
    expect(Math.abs(r95!.es - esClosed)).toBeLessThan(1e-6);
    expect(Math.abs(r99!.var - exposure * Z99 * sigma)).toBeLessThan(1e-6);
  });

  it('a mean shifts VaR and ES down by μ', () => {
    const [r] = parametricVar(
      [exposure],
      { mean: [0.001], covariance: [[sigma * sigma]] },
      { confidences: [0.95] },
    );
    expect(r!.var).toBeCloseTo(varClosed - 10, 9);
    expect(r!.es).toBeCloseTo(esClosed - 10, 9);
  });

  it('historical simulation on 20 000 seeded normal samples is within 3 %', () => {
    const [r95, r99] = historicalVar([exposure], [normalSeries(20_000, sigma, 7)]);
    expect(relErr(r95!.var, varClosed)).toBeLessThan(0.03);
    expect(relErr(r95!.es, esClosed)).toBeLessThan(0.03);
    expect(relErr(r99!.var, exposure * Z99 * sigma)).toBeLessThan(0.05);
  });

  it('Monte Carlo with 20 000 paths is within 3 % and reproducible by seed', () => {
    const moments = { mean: [0], covariance: [[sigma * sigma]] };
    const a = monteCarloVar([exposure], moments, { paths: 20_000, seed: 3 });
    expect(a[0]).toMatchObject({ method: 'monte-carlo', confidence: 0.95 });
    expect(relErr(a[0]!.var, varClosed)).toBeLessThan(0.03);
    expect(relErr(a[0]!.es, esClosed)).toBeLessThan(0.03);
    expect(monteCarloVar([exposure], moments, { paths: 20_000, seed: 3 })).toEqual(a);
    expect(monteCarloVar([exposure], moments, { paths: 20_000, seed: 4 })).not.toEqual(a);
  });

  it('a short position has the same risk as a long one for symmetric returns', () => {
    const [r] = parametricVar([-exposure], { mean: [0], covariance: [[sigma * sigma]] });
    expect(r!.var).toBeCloseTo(varClosed, 9);
  });

  it('log returns are converted to simple returns', () => {
    const simple = normalSeries(2_000, sigma, 11);
    const log = simple.map((r) => Math.log1p(r));
    const a = historicalVar([exposure], [simple]);
    const b = historicalVar([exposure], [log], { returnKind: 'log' });
    expect(b[0]!.var).toBeCloseTo(a[0]!.var, 8);
    expect(b[1]!.es).toBeCloseTo(a[1]!.es, 8);
  });

  it('hourly bars are scaled to one day by √24', () => {
    const hourly = sigma / Math.sqrt(24);
    const [p] = parametricVar([exposure], { mean: [0], covariance: [[hourly * hourly]] }, { barsPerDay: 24 });
    expect(p!.var).toBeCloseTo(varClosed, 8);
    const [h] = historicalVar([exposure], [normalSeries(20_000, hourly, 5)], { barsPerDay: 24 });
    expect(relErr(h!.var, varClosed)).toBeLessThan(0.03);
    const [ten] = parametricVar(
      [exposure],
      { mean: [0], covariance: [[sigma * sigma]] },
      { horizonDays: 10 },
    );
    expect(ten).toMatchObject({ horizonDays: 10 });
    expect(ten!.var).toBeCloseTo(varClosed * Math.sqrt(10), 8);
  });
});

describe('two assets with a known correlation', () => {
  const covariance = covarianceWithCorrelation([0.02, 0.03], 0.5);
  const exposures = [10_000, -5_000];
  const sigmaP = Math.sqrt(32_500);

  it('portfolio σ and parametric VaR match the hand computation', () => {
    expect(portfolioMoments(exposures, { mean: [0, 0], covariance }).std).toBeCloseTo(sigmaP, 9);
    const [r] = parametricVar(exposures, { mean: [0, 0], covariance });
    expect(Math.abs(r!.var - Z95 * sigmaP)).toBeLessThan(1e-6);
  });

  it('Monte Carlo (correlated via Cholesky) and historical agree with parametric within 3 %', () => {
    const mc = monteCarloVar(exposures, { mean: [0, 0], covariance }, { paths: 20_000, seed: 9 });
    expect(relErr(mc[0]!.var, Z95 * sigmaP)).toBeLessThan(0.03);
    // Correlated samples built by hand: r2 = ρ σ2 z1 + √(1 − ρ²) σ2 z2.
    const z1 = normalSeries(20_000, 1, 21);
    const z2 = normalSeries(20_000, 1, 22);
    const r1 = z1.map((z) => 0.02 * z);
    const r2 = z1.map((z, t) => 0.03 * (0.5 * z + Math.sqrt(0.75) * z2[t]!));
    const h = historicalVar(exposures, [r1, r2]);
    expect(relErr(h[0]!.var, Z95 * sigmaP)).toBeLessThan(0.03);
    const p = parametricVarFromReturns(exposures, [r1, r2]);
    expect(relErr(p[0]!.var, Z95 * sigmaP)).toBeLessThan(0.03);
    const m = monteCarloVarFromReturns(exposures, [r1, r2], { seed: 1 });
    expect(relErr(m[0]!.var, Z95 * sigmaP)).toBeLessThan(0.04);
  });
});

describe('bad input → QL_ERR_INVALID_INPUT', () => {
  const moments = { mean: [0, 0], covariance: covarianceWithCorrelation([0.02, 0.03], 0.5) };
  const nonPsd = {
    mean: [0, 0],
    covariance: [
      [1, 2],
      [2, 1],
    ],
  };

  it('mismatched lengths', () => {
    expect(() => historicalVar([1, 2], [Float64Array.of(0.1, 0.2), Float64Array.of(0.1)])).toThrow(
      invalidInput,
    );
    expect(() => historicalVar([1, 2], [Float64Array.of(0.1, 0.2)])).toThrow(invalidInput);
    expect(() => parametricVar([1], moments)).toThrow(invalidInput);
    expect(() => parametricVar([1, 2], { mean: [0], covariance: moments.covariance })).toThrow(invalidInput);
  });

  it('empty series and positions', () => {
    expect(() => historicalVar([1], [new Float64Array(0)])).toThrow(invalidInput);
    expect(() => historicalVar([], [])).toThrow(invalidInput);
    expect(() => parametricVarFromReturns([1], [Float64Array.of(0.01)])).toThrow(invalidInput);
  });

  it('non-finite values', () => {
    expect(() => historicalVar([1], [Float64Array.of(0.1, Number.NaN)])).toThrow(invalidInput);
    expect(() => historicalVar([Number.POSITIVE_INFINITY], [Float64Array.of(0.1)])).toThrow(invalidInput);
  });

  it.each([0, 1, -0.5, 1.2, Number.NaN])('confidence %d', (c) => {
    expect(() => historicalVar([1], [Float64Array.of(0.1, 0.2)], { confidences: [c] })).toThrow(invalidInput);
    expect(() => parametricVar([1, 1], moments, { confidences: [c] })).toThrow(invalidInput);
    expect(() => monteCarloVar([1, 1], moments, { confidences: [c] })).toThrow(invalidInput);
  });

  it('non-PSD covariance, bad paths, bad horizon', () => {
    expect(() => parametricVar([1, 1], nonPsd)).toThrow(invalidInput);
    expect(() => monteCarloVar([1, 1], nonPsd)).toThrow(invalidInput);
    expect(() => monteCarloVar([1, 1], moments, { paths: 0 })).toThrow(invalidInput);
    expect(() => parametricVar([1, 1], moments, { horizonDays: 0 })).toThrow(invalidInput);
    expect(() => parametricVar([1, 1], moments, { confidences: [] })).toThrow(invalidInput);
  });
});
