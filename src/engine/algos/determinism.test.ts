import { describe, expect, it } from 'vitest';
import { MINUTE, T0 } from '../../../test/backtest/kernel-kit.js';
import { gaplessWalk } from '../../../test/support/backtest-data.js';
import { algoBench, S } from './algo-test-kit.js';
import type { SliceRandomization, TwapRequest } from './types.js';

const WALK = gaplessWalk(40, 9, 100, T0, MINUTE);
const INTERVAL = 4 * MINUTE;

function run(randomize: SliceRandomization) {
  const bench = algoBench({ candles: WALK });
  bench.runUntil(T0 + MINUTE);
  const request: TwapRequest = {
    algo: 'twap',
    symbol: S,
    side: 'buy',
    qty: 2,
    durationMs: 5 * INTERVAL,
    slices: 5,
    randomize,
  };
  const id = bench.start(request);
  bench.runAll();
  return { id, placements: bench.placements(id), status: bench.algos.status(id)! };
}

describe('randomised slices', () => {
  it('the same seed gives the same children; another seed other children', () => {
    const a = run({ seed: 42, size: 0.5, time: 0.75 });
    const b = run({ seed: 42, size: 0.5, time: 0.75 });
    const c = run({ seed: 43, size: 0.5, time: 0.75 });
    expect(b.id).toBe(a.id);
    expect(b.placements).toEqual(a.placements);
    expect(c.placements).not.toEqual(a.placements);
    for (const r of [a, c]) {
      expect(r.status).toMatchObject({ state: 'completed', filledQty: 2 });
      // Sizes vary but stay on the lot grid and add up to the total exactly.
      const lots = r.placements.map(([, qty]) => Math.round(qty * 100));
      expect(lots.reduce((x, y) => x + y, 0)).toBe(200);
      expect(new Set(lots).size).toBeGreaterThan(1);
    }
  });

  it('without a seed, jitter is seeded by the parent id: still the same run after run', () => {
    expect(run({ size: 0.5 }).placements).toEqual(run({ size: 0.5 }).placements);
  });
});

describe('a strategy reaching the algorithms', () => {
  it('starts a parent from a callback and sees its children as its own orders (or not, if asked)', () => {
    for (const forwardChildren of [true, false]) {
      let parent: string | undefined;
      const bench = algoBench({
        candles: WALK,
        forwardChildren,
        onCandle: (ctx, candle, b) => {
          if (candle.ts !== T0 + 2 * MINUTE) return;
          parent = b.algos.start(ctx.strategyId, {
            algo: 'twap',
            symbol: S,
            side: 'buy',
            qty: 1,
            durationMs: 2 * MINUTE,
            slices: 2,
          });
        },
      });
      bench.runAll();
      const status = bench.algos.status(parent as Parameters<typeof bench.algos.status>[0])!;
      expect(status).toMatchObject({ state: 'completed', filledQty: 1, startTs: T0 + 3 * MINUTE });
      const seen = new Set(bench.seenByStrategy.map((o) => o.clientOrderId));
      expect(seen.size).toBe(forwardChildren ? 2 : 0);
      for (const child of status.children) expect(bench.algos.parentOf(child)).toBe(parent);
    }
  });

  it('parent ids come from the strategy’s client order id sequence, before its children', () => {
    const bench = algoBench({ candles: WALK });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({ algo: 'twap', symbol: S, side: 'buy', qty: 1, durationMs: MINUTE, slices: 1 });
    const [child] = bench.algos.status(id)!.children;
    expect(id).toMatch(/^ql[0-9a-z]{24}$/);
    expect(id < child!).toBe(true);
    expect(bench.algos.parentOf(id)).toBeUndefined();
  });
});
