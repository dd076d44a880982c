import { describe, expect, it } from 'vitest';
import { smaCross } from '../../strategies/builtins/index.js';
import { CandidateGate } from './candidates.js';
import { gridValues, snapToRange } from './dimension-values.js';
import { GridSampler } from './grid-sampler.js';
import { parseSearchSpace } from './space.js';

function grid(json: unknown, limit?: number) {
  const space = parseSearchSpace(json, smaCross.params);
  return new GridSampler(space, new CandidateGate(smaCross, space), limit);
}

describe('GridSampler', () => {
  it('enumerates 20 periods into the 190 pairs with fast < slow', () => {
    const sampler = grid({
      fast: { min: 3, max: 22 },
      slow: { min: 3, max: 22 },
      constraints: ['fast < slow'],
    });
    expect(sampler.combinations).toBe(400);
    expect(sampler.size).toBe(190);
    const all = sampler.propose(1000);
    expect(all).toHaveLength(190);
    // The first dimension varies slowest.
    expect(all.slice(0, 3).map((p) => p.candidate)).toEqual([
      { fast: 3, slow: 4 },
      { fast: 3, slow: 5 },
      { fast: 3, slow: 6 },
    ]);
    expect(all.every((p) => (p.candidate.fast as number) < (p.candidate.slow as number))).toBe(true);
    expect(sampler.propose(10)).toEqual([]);
  });

  it("filters by the strategy's own validate() even without a constraint", () => {
    const sampler = grid({ fast: { min: 3, max: 22 }, slow: { min: 3, max: 22 } });
    expect(sampler.size).toBe(190);
    expect(sampler.note).toContain('210 of 400 points break a constraint');
  });

  it('caps the grid at --trials and says so', () => {
    const sampler = grid({ fast: { min: 3, max: 22 }, slow: { min: 3, max: 22 } }, 50);
    expect(sampler.planned).toBe(50);
    expect(sampler.note).toContain('--trials 50 evaluates only the first 50');
    expect(sampler.propose(30)).toHaveLength(30);
    expect(sampler.propose(30)).toHaveLength(20);
  });

  it('gives full parameters with defaults and fixed values', () => {
    const [first] = grid({ fast: [5], slow: [40], fraction: 0.5 }).propose(1);
    expect(first!.params).toEqual({ fast: 5, slow: 40, mode: 'long-only', fraction: 0.5 });
  });

  it('discretises ranges: steps, float points, log points', () => {
    const space = parseSearchSpace(
      {
        fraction: { min: 0.1, max: 0.5, step: 0.1 },
        size: { min: 1, max: 1000, log: true },
        fast: { min: 2, max: 40, log: true, step: 2 },
      },
      smaCross.params,
    );
    const [fraction, size, fast] = space.dimensions;
    expect(gridValues(fraction!)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(gridValues(size!)).toHaveLength(10);
    expect(gridValues(size!)[0]).toBe(1);
    expect(gridValues(size!)[9]).toBe(1000);
    expect(gridValues(fast!).every((v) => (v as number) % 2 === 0)).toBe(true);
    expect(snapToRange(fraction as never, 0.449)).toBe(0.4);
    expect(snapToRange(fraction as never, 9)).toBe(0.5);
  });

  it('refuses a grid that is too large', () => {
    expect(() => grid({ fast: { min: 2, max: 10_000 }, slow: { min: 3, max: 10_000 } })).toThrow(
      /too many|grid has/,
    );
  });
});
