import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSpikes, RollingBaseline } from './spikes.js';

/** A deterministic wiggle around 100 with about 0.1 % moves. */
function calm(n: number): number[] {
  return Array.from(
    { length: n },
    (_, i) => 100 * (1 + 0.001 * Math.sin(i * 1.7) + 0.0005 * Math.cos(i * 0.3)),
  );
}

describe('findSpikes', () => {
  it('flags a bad print that comes back, not the bar after it', () => {
    const close = calm(120);
    close[80] = 130;
    expect(findSpikes(close)).toEqual([80]);
  });

  it('does not flag a level shift that holds (a real move)', () => {
    const close = calm(120).map((p, i) => (i >= 80 ? p * 1.3 : p));
    expect(findSpikes(close)).toEqual([]);
  });

  it('judges the last bar on its return alone', () => {
    const close = calm(60);
    close[59] = 150;
    expect(findSpikes(close)).toEqual([59]);
  });

  it('needs history, respects the minimum move and the threshold', () => {
    const flat = Array.from({ length: 100 }, () => 1);
    flat[50] = 1.01; // MAD is 0: without the 2 % floor every tick would be a spike
    expect(findSpikes(flat)).toEqual([]);
    expect(findSpikes(flat, { minMove: 0.005 })).toEqual([50]);
    const early = calm(30);
    early[3] = 200; // fewer than 10 returns before it: not judged
    expect(findSpikes(early)).toEqual([]);
    const close = calm(120);
    close[80] = 100 * 1.03;
    expect(findSpikes(close)).toEqual([80]);
    expect(findSpikes(close, { threshold: 1000 })).toEqual([]);
  });

  it('skips non-positive prices', () => {
    const close = calm(60);
    close[40] = 0;
    expect(findSpikes(close)).toEqual([]);
  });
});

describe('RollingBaseline', () => {
  /** The definition: sort the window, take the median, sort the deviations, take their median. */
  function naive(series: number[], window: number, i: number) {
    const values = series.slice(Math.max(0, i - window), i).filter(Number.isFinite);
    if (values.length < Math.min(10, window)) return undefined;
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const h = s.length >> 1;
      return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
    };
    const m = median(values);
    return { median: m, mad: median(values.map((v) => Math.abs(v - m))) };
  }

  it('matches sorting the window at every step, with repeats and NaN holes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -5, max: 5 }),
            fc.constant(Number.NaN),
            fc.double({ min: -1, max: 1, noNaN: true }),
          ),
          {
            maxLength: 200,
          },
        ),
        fc.integer({ min: 1, max: 40 }),
        (series, window) => {
          const rolling = new RollingBaseline(series, window);
          for (let i = 0; i <= series.length; i++) {
            const expected = naive(series, window, i);
            const actual = rolling.at(i);
            if (expected === undefined) expect(actual).toBeUndefined();
            else {
              expect(actual!.median).toBeCloseTo(expected.median, 12);
              expect(actual!.mad).toBeCloseTo(expected.mad, 12);
            }
          }
        },
      ),
    );
  });
});
