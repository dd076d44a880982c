import { describe, expect, it } from 'vitest';
import { Backoff, fullJitterDelay } from './backoff.js';

describe('fullJitterDelay', () => {
  it('draws from [0, min(max, base * 2^attempt)]', () => {
    const top = () => 0.999_999;
    expect(fullJitterDelay(0, { baseMs: 100, maxMs: 1_000, random: top })).toBe(99);
    expect(fullJitterDelay(1, { baseMs: 100, maxMs: 1_000, random: top })).toBe(199);
    expect(fullJitterDelay(3, { baseMs: 100, maxMs: 1_000, random: top })).toBe(799);
    // Capped by maxMs from attempt 4 on, and no overflow for absurd attempts.
    expect(fullJitterDelay(4, { baseMs: 100, maxMs: 1_000, random: top })).toBe(999);
    expect(fullJitterDelay(5_000, { baseMs: 100, maxMs: 1_000, random: top })).toBe(999);
    expect(fullJitterDelay(3, { baseMs: 100, maxMs: 1_000, random: () => 0 })).toBe(0);
  });

  it('spreads retries over the whole window (full jitter, not equal jitter)', () => {
    const samples = Array.from({ length: 2_000 }, () => fullJitterDelay(2, { baseMs: 100, maxMs: 10_000 }));
    expect(Math.min(...samples)).toBeLessThan(40);
    expect(Math.max(...samples)).toBeGreaterThan(360);
    expect(Math.max(...samples)).toBeLessThan(400);
  });

  it('refuses nonsense settings', () => {
    expect(() => fullJitterDelay(0, { baseMs: 100, maxMs: 10 })).toThrow(/QL_ERR_INVALID_INPUT|baseMs/);
    expect(() => fullJitterDelay(-1)).toThrow(/attempt/);
    expect(() => new Backoff({ baseMs: -5 })).toThrow(/baseMs/);
  });
});

describe('Backoff', () => {
  it('grows the window per failure and starts over after reset', () => {
    const backoff = new Backoff({ baseMs: 10, maxMs: 80, random: () => 0.5 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      5, 10, 20, 40, 40,
    ]);
    expect(backoff.attempts).toBe(5);
    backoff.reset();
    expect(backoff.next()).toBe(5);
  });
});
