import { describe, expect, it } from 'vitest';
import { inverseNormalCdf, normalCdf, normalPdf, normalSampler } from './normal.js';

describe('inverseNormalCdf (Acklam)', () => {
  it.each([
    [0.95, 1.644853627],
    [0.99, 2.326347874],
    [0.5, 0],
    [0.05, -1.644853627],
    [0.975, 1.959963985],
    [0.999, 3.090232306],
    [0.01, -2.326347874],
  ])('Φ⁻¹(%d) = %d to 1e-8', (p, z) => {
    expect(Math.abs(inverseNormalCdf(p) - z)).toBeLessThan(1e-8);
  });

  it('is accurate far in the tails (relative 1e-8)', () => {
    const z = -6.361340902404056; // Φ⁻¹(1e-10)
    expect(Math.abs(inverseNormalCdf(1e-10) / z - 1)).toBeLessThan(1e-8);
    expect(Math.abs(inverseNormalCdf(1 - 1e-10) / -z - 1)).toBeLessThan(1e-6); // 1 − 1e-10 is not exact in binary
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])('refuses p = %d', (p) => {
    expect(() => inverseNormalCdf(p)).toThrow(expect.objectContaining({ code: 'QL_ERR_INVALID_INPUT' }));
  });
});

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1.6448536269514722, 0.95],
    [-2.3263478740408408, 0.01],
    [-1, 0.15865525393145705],
    [-3, 0.0013498980316300946],
    [-5, 2.866515718791939e-7],
    [-8, 6.22096057427178e-16],
  ])('Φ(%d) = %d (relative 1e-12)', (x, p) => {
    expect(Math.abs(normalCdf(x) / p - 1)).toBeLessThan(1e-12);
  });

  it('round-trips with the inverse to 1e-14', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02425, 0.3, 0.5, 0.7, 0.97575, 0.999]) {
      expect(Math.abs(normalCdf(inverseNormalCdf(p)) / p - 1)).toBeLessThan(1e-12);
    }
    expect(Math.abs(inverseNormalCdf(0.95) - 1.6448536269514722)).toBeLessThan(1e-14);
  });
});

describe('normalPdf and normalSampler', () => {
  it('φ(0) = 1/√(2π), φ(1.6449) known', () => {
    expect(normalPdf(0)).toBeCloseTo(0.3989422804014327, 15);
    expect(normalPdf(1.6448536269514722)).toBeCloseTo(0.10313564037537128, 12);
  });

  it('is seeded and has mean 0, variance 1', () => {
    const a = normalSampler(42);
    const b = normalSampler(42);
    const n = 50_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = a();
      expect(x).toBe(b());
      sum += x;
      sq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.02);
  });
});
