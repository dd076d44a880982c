import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanEquity } from './equity-scan.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** The definitions written out plainly (arrays, two passes), to check the one-pass scan against. */
function reference(ts: number[], equity: number[], start: number, startTs: number) {
  const closes = new Map<number, number>();
  for (let i = 0; i < ts.length; i++) closes.set(Math.floor((ts[i]! - 1) / DAY), equity[i]!);
  const days = [...closes.keys()];
  const returns: number[] = [];
  let prev = start;
  for (let k = 0; k < days.length; k++) {
    if (k > 0) for (let d = days[k - 1]! + 1; d < days[k]!; d++) returns.push(0);
    const close = closes.get(days[k]!)!;
    returns.push(close / prev - 1);
    prev = close;
  }
  const n = returns.length;
  const mean = returns.reduce((a, r) => a + r, 0) / n;
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1));
  const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n);

  let maxDrawdown = 0;
  let maxDuration = 0;
  let peak = start;
  let peakTs = startTs;
  let under = false;
  for (let i = 0; i < ts.length; i++) {
    if (equity[i]! >= peak) {
      if (under) maxDuration = Math.max(maxDuration, ts[i]! - peakTs);
      under = false;
      peak = equity[i]!;
      peakTs = ts[i]!;
    } else {
      under = true;
      maxDrawdown = Math.max(maxDrawdown, (peak - equity[i]!) / peak);
    }
  }
  if (under) maxDuration = Math.max(maxDuration, ts.at(-1)! - peakTs);
  return { n, mean, std, downside, maxDrawdown, maxDuration };
}

describe('scanEquity', () => {
  it('matches the plain definitions on random curves', () => {
    const curve = fc.array(
      fc.tuple(fc.integer({ min: 1, max: 3 * DAY }), fc.double({ min: 50, max: 200, noNaN: true })),
      {
        minLength: 1,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(curve, (steps) => {
        const ts: number[] = [];
        const equity: number[] = [];
        let t = T0;
        for (const [dt, v] of steps) {
          t += dt;
          ts.push(t);
          equity.push(v);
        }
        const scan = scanEquity(Float64Array.from(ts), Float64Array.from(equity), ts.length, 100, T0);
        const ref = reference(ts, equity, 100, T0);
        expect(scan.daily.count).toBe(ref.n);
        expect(scan.daily.mean).toBeCloseTo(ref.mean, 10);
        if (ref.n >= 2) expect(scan.daily.sampleStd()).toBeCloseTo(ref.std, 10);
        expect(scan.daily.downsideDeviation()).toBeCloseTo(ref.downside, 10);
        expect(scan.maxDrawdown).toBeCloseTo(ref.maxDrawdown, 12);
        expect(scan.maxDrawdownDuration).toBe(ref.maxDuration);
        expect(scan.endEquity).toBe(equity.at(-1));
      }),
      { numRuns: 300 },
    );
  });

  it('uses only `length` points', () => {
    const scan = scanEquity(Float64Array.of(T0 + 1, T0 + 2), Float64Array.of(90, 50), 1, 100, T0);
    expect(scan.endEquity).toBe(90);
    expect(scan.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(scan.endTs).toBe(T0 + 1);
  });
});
