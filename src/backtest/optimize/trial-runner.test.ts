import { describe, expect, it } from 'vitest';
import { emaCross, smaCross } from '../../strategies/builtins/index.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import type { BacktestTrade } from '../types.js';
import { HOUR_MS, LINEAR_SWAP, smaCrossConfig, syntheticSeries, T0 } from './test-fixtures.js';
import { TrialRunner, tradeReturns } from './trial-runner.js';
import type { TrialRange, TrialTask } from './trial-task.js';

const trade = (entryTime: number, pnl: number): BacktestTrade => ({
  symbol: 'BTC/USDT',
  side: 'long',
  qty: 1,
  entryTime,
  entryPrice: 100,
  exitTime: entryTime + 1,
  exitPrice: 101,
  pnl,
  fees: 0,
});

describe('tradeReturns', () => {
  it('divides each PnL by the equity at the last point at or before the entry (the capital before any)', () => {
    const curve = {
      ts: Float64Array.of(10, 20, 30),
      equity: Float64Array.of(1_000, 2_000, 4_000),
      length: 3,
    };
    expect(
      tradeReturns([trade(5, 100), trade(10, 100), trade(25, 100), trade(99, -400)], curve, 500),
    ).toEqual([100 / 500, 100 / 1_000, 100 / 2_000, -400 / 4_000]);
  });

  it('looks only at the first `length` points of a longer buffer', () => {
    const curve = {
      ts: Float64Array.of(10, 20, 30),
      equity: Float64Array.of(1_000, 2_000, 9_999),
      length: 2,
    };
    expect(tradeReturns([trade(35, 100)], curve, 500)).toEqual([100 / 2_000]);
  });
});

const DATA = { series: [syntheticSeries(400)] };

function task(definition: StrategyDefinition, overrides: Partial<TrialTask> = {}): TrialTask {
  return {
    strategy: { kind: 'builtin', name: definition.name },
    params: { fast: 5, slow: 20, mode: 'long-short', fraction: 1 },
    config: smaCrossConfig({ strategy: definition.name }),
    instruments: [LINEAR_SWAP],
    data: DATA,
    dataKey: 'data',
    ...overrides,
  };
}

const range = (from: number, to: number): TrialRange => ({
  from: T0 + from * HOUR_MS,
  to: T0 + to * HOUR_MS,
});

describe('TrialRunner', () => {
  it('returns trade returns only when asked, and the full curve (own copies) and trades with detail', async () => {
    const runner = new TrialRunner(() => smaCross);
    const plain = await runner.run(task(smaCross));
    expect(plain.metrics.trades).toBeGreaterThan(2);
    expect(plain.returns).toBeUndefined();
    expect(plain.curve).toBeUndefined();
    expect(plain.trades).toBeUndefined();
    expect(plain.fastPath).toBe(true);

    const withReturns = await runner.run(task(smaCross, { returns: true }));
    expect(withReturns.returns).toHaveLength(plain.metrics.trades);
    expect(withReturns.curve).toBeUndefined();

    const detailed = await runner.run(task(smaCross, { detail: true }));
    const curve = detailed.curve!;
    // Every bar's point, not a thinned curve.
    expect(curve.ts).toHaveLength(400);
    expect(curve.equity).toHaveLength(400);
    expect(curve.equity.at(-1)).toBe(detailed.metrics.endEquity);
    expect(detailed.trades).toHaveLength(detailed.metrics.trades);
    // Own buffers (the fast path's times are a view of the shared cache): safe to transfer.
    expect(curve.ts.byteLength).toBe(curve.ts.buffer.byteLength);
    const before = (await runner.run(task(smaCross, { detail: true }))).curve!.ts[0];
    curve.ts[0] = -1;
    expect((await runner.run(task(smaCross, { detail: true }))).curve!.ts[0]).toBe(before);

    const kernel = await new TrialRunner(() => emaCross).run(task(emaCross, { detail: true }));
    expect(kernel.fastPath).toBe(false);
    expect(kernel.curve!.ts).toHaveLength(400);
  });

  it('keeps the least recently used slices out first, at least `task.slices` of them', async () => {
    const runner = new TrialRunner(() => smaCross, 2);
    const run = (r: TrialRange, slices?: number) =>
      runner.run(task(smaCross, { range: r, ...(slices === undefined ? {} : { slices }) }));
    const [a, b, c] = [range(0, 200), range(100, 300), range(200, 400)];
    await run(a);
    await run(b);
    await run(a); // a is now the most recently used
    await run(c); // evicts b, not a
    expect(runner.slicesBuilt).toBe(3);
    await run(a);
    expect(runner.slicesBuilt).toBe(3);
    await run(b);
    expect(runner.slicesBuilt).toBe(4);

    // A task asking for 6 slices (2 folds × 2 + 2) grows the cache: six ranges, then all six again.
    const six = [0, 50, 100, 150, 200, 250].map((from) => range(from, from + 150));
    for (const r of six) await run(r, 6);
    const built = runner.slicesBuilt;
    for (const r of six) await run(r, 6);
    expect(runner.slicesBuilt).toBe(built);
    expect(runner.cachedSlices).toBe(6);
  });
});
