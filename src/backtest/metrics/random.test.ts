import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('repeats the sequence for a seed and differs for nearby seeds', () => {
    const draw = (seed: number) => {
      const r = createRandom(seed);
      return Array.from({ length: 8 }, () => r.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(2 ** 40)).not.toEqual(draw(0)); // high bits of the seed count
  });

  it('draws uniformly in [0, 1) and integers in [0, n)', () => {
    const r = createRandom(123);
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    let min = 1;
    let max = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
      counts[r.int(10)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(600); // ≈ 6 standard deviations
    expect(() => r.int(0)).toThrowError(/integer/);
    expect(() => createRandom(Number.NaN)).toThrowError(/seed/);
  });
});
