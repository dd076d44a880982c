import { describe, expect, it } from 'vitest';
import {
  cholesky,
  covarianceWithCorrelation,
  estimateMoments,
  quadraticForm,
  toSimpleReturns,
} from './linalg.js';

const invalidInput = expect.objectContaining({ code: 'QL_ERR_INVALID_INPUT' });

describe('cholesky', () => {
  it('factors a known positive definite matrix exactly', () => {
    const { factor, jitter } = cholesky([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    expect(jitter).toBe(0);
    expect(factor.map((r) => Array.from(r))).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
  });

  it('handles a positive semi-definite matrix (perfect correlation) with a small jitter', () => {
    const sigma = [
      [4, 6],
      [6, 9],
    ]; // σ = (2, 3), ρ = 1: the second pivot is exactly 0
    const { factor, jitter } = cholesky(sigma);
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThan(1e-9);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const llt = factor[i]![0]! * factor[j]![0]! + factor[i]![1]! * factor[j]![1]!;
        expect(llt).toBeCloseTo(sigma[i]![j]!, 9);
      }
    }
  });

  it('refuses clearly non-PSD, non-symmetric, negative-variance and ragged matrices', () => {
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(invalidInput);
    expect(() =>
      cholesky([
        [1, 0.5],
        [0.2, 1],
      ]),
    ).toThrow(invalidInput);
    expect(() =>
      cholesky([
        [-1, 0],
        [0, 1],
      ]),
    ).toThrow(invalidInput);
    expect(() => cholesky([[1, 0], [0]])).toThrow(invalidInput);
    expect(() => cholesky([])).toThrow(invalidInput);
  });
});

describe('moments', () => {
  it('sample mean and covariance (n − 1)', () => {
    const { mean, covariance } = estimateMoments([Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 4, 6, 8)]);
    expect(Array.from(mean)).toEqual([2.5, 5]);
    expect(covariance[0]![0]).toBeCloseTo(5 / 3, 12);
    expect(covariance[0]![1]).toBeCloseTo(10 / 3, 12);
    expect(covariance[1]![1]).toBeCloseTo(20 / 3, 12);
  });

  it('converts log returns to simple returns', () => {
    expect(toSimpleReturns(Float64Array.of(Math.log(1.1), Math.log(0.5)), 'log')[1]).toBeCloseTo(-0.5, 15);
  });

  it('refuses misaligned or too short series', () => {
    expect(() => estimateMoments([Float64Array.of(1, 2), Float64Array.of(1, 2, 3)])).toThrow(invalidInput);
    expect(() => estimateMoments([Float64Array.of(1)])).toThrow(invalidInput);
    expect(() => estimateMoments([])).toThrow(invalidInput);
  });

  it('portfolio variance of two assets with a known correlation matches the hand computation', () => {
    // σ = (2 %, 3 %), ρ = 0.5, w = (10 000, −5 000):
    // 10 000² · 0.0004 + 5 000² · 0.0009 − 2 · 10 000 · 5 000 · 0.5 · 0.02 · 0.03 = 40 000 + 22 500 − 30 000
    const sigma = covarianceWithCorrelation([0.02, 0.03], 0.5);
    expect(quadraticForm([10_000, -5_000], sigma)).toBeCloseTo(32_500, 8);
  });
});
