import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { ma } from './ma.js';
import { MAType } from './ma-type.js';
import { APO, apo, PPO, ppo } from './price-oscillator.js';

afterAll(reportWorstErrors);

const TYPES: MAType[] = [0, 1, 2, 3, 4, 5, 6, 8] as MAType[];

describe('apo and ppo', () => {
  const close = Array.from({ length: 80 }, (_, i) => 50 + 6 * Math.sin(i / 6) + 0.05 * i);

  it('are MA(fast) − MA(slow) and its percentage of MA(slow), each MA seeded at its own lookback', () => {
    for (const maType of [MAType.SMA, MAType.EMA, MAType.KAMA]) {
      const fast = ma(close, 5, maType);
      const slow = ma(close, 12, maType);
      const a = apo(close, 5, 12, maType);
      const p = ppo(close, 5, 12, maType);
      const lookback = APO.lookback(5, 12, maType);
      for (let i = 0; i < close.length; i += 1) {
        if (i < lookback) {
          expect(Number.isNaN(a[i]!) && Number.isNaN(p[i]!)).toBe(true);
          continue;
        }
        expect(a[i]).toBe(fast[i]! - slow[i]!);
        expect(p[i]).toBe(((fast[i]! - slow[i]!) / slow[i]!) * 100);
      }
    }
  });

  it('give 0 for PPO where the slow MA is 0, and swap fast/slow like TA-Lib', () => {
    expect(Array.from(ppo([0, 0, 0, 0], 2, 3)).slice(2)).toEqual([0, 0]);
    expect(apo(close, 26, 12, MAType.EMA)).toEqual(apo(close, 12, 26, MAType.EMA));
  });

  for (const maType of TYPES) {
    for (const [fast, slow] of [
      [12, 26],
      [2, 3],
      [5, 5],
      [10, 4],
    ] as const) {
      it(`match TA-Lib APO/PPO(${fast}, ${slow}, ${maType})`, async () => {
        await expectRealParity('APO', 'APO', [fast, slow, maType], (c) => apo(c, fast, slow, maType));
        await expectRealParity('PPO', 'PPO', [fast, slow, maType], (c) => ppo(c, fast, slow, maType));
      });
    }
  }

  it('stream exactly the batch values', () => {
    const params = fc.tuple(
      fc.integer({ min: 2, max: 20 }),
      fc.integer({ min: 2, max: 20 }),
      fc.constantFrom(...TYPES),
    );
    expectStreamingMatchesBatch({
      params,
      batch: (c, [fast, slow, maType]) => apo(c, fast, slow, maType),
      stream: ([fast, slow, maType]) => new APO(fast, slow, maType),
    });
    expectStreamingMatchesBatch({
      params,
      batch: (c, [fast, slow, maType]) => ppo(c, fast, slow, maType),
      stream: ([fast, slow, maType]) => new PPO(fast, slow, maType),
    });
  });

  it('have the slow MA’s lookback, default to (12, 26, SMA), and reject bad parameters', () => {
    expect(PPO.lookback(12, 26, MAType.TEMA)).toBe(75);
    expect([new APO().lookback, new PPO().maType]).toEqual([25, MAType.SMA]);
    expect(() => apo([1], 1, 26)).toThrow(invalidIndicator(/APO: fastPeriod/));
    expect(() => new PPO(12, 100_001)).toThrow(invalidIndicator(/PPO: slowPeriod/));
    expect(() => ppo([1], 12, 26, MAType.MAMA)).toThrow(invalidIndicator(/MAMA/));
  });
});
