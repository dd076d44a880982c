import { describe, expect, it } from 'vitest';
import { bars, MINUTE, T0 } from '../../../test/backtest/kernel-kit.js';
import { gaplessWalk } from '../../../test/support/backtest-data.js';
import type { RiskGate } from '../risk-gate.js';
import { algoBench, S } from './algo-test-kit.js';
import type { TwapRequest } from './types.js';

const WALK = gaplessWalk(40, 5, 100, T0, MINUTE);

/** Denies the orders it sees in the given positions (1-based), passes the others. */
function denyOrders(...positions: number[]): RiskGate {
  let seen = 0;
  return {
    check() {
      seen += 1;
      if (!positions.includes(seen)) return undefined;
      return { rule: 'test-deny', message: `order ${seen} denied`, details: {} };
    },
  };
}

const TWAP3: TwapRequest = {
  algo: 'twap',
  symbol: S,
  side: 'buy',
  qty: 3,
  durationMs: 3 * MINUTE,
  slices: 3,
};

describe('cancelling a parent', () => {
  it('mid-way leaves no working child and places no further slice', () => {
    // Passive limits 1 % below the market on a calm tape: children stay working until cancelled.
    const calm = bars(new Array(20).fill([100, 100.2, 99.8, 100]) as Array<[number, number, number, number]>);
    const bench = algoBench({ candles: calm });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 10,
      durationMs: 10 * MINUTE,
      slices: 10,
      style: { type: 'limit', offsetBps: 100 },
    });
    bench.runUntil(T0 + 4 * MINUTE);
    expect(bench.kernel.orders.openOrders(bench.strategyId)).toHaveLength(1);
    bench.algos.cancel(bench.strategyId, id);
    bench.kernel.drain();
    expect(bench.kernel.orders.openOrders(bench.strategyId)).toEqual([]);
    const placed = bench.children(id).length;
    bench.runAll();
    expect(bench.children(id)).toHaveLength(placed);
    expect(bench.children(id).map((o) => o.status)).toEqual(new Array(placed).fill('Cancelled'));
    expect(bench.algos.status(id)).toMatchObject({
      state: 'cancelled',
      reason: 'cancelled by its owner',
      workingChildren: 0,
      filledQty: 0,
      endedTs: T0 + 4 * MINUTE,
    });
    expect(bench.events.at(-1)!.type).toBe('AlgoCancelled');
    expect(bench.algos.workingCount).toBe(0);
  });

  it('only by its own strategy; a child cancelled outside the algorithm cancels the parent', () => {
    const bench = algoBench({ candles: WALK });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({ ...TWAP3, style: { type: 'limit', offsetBps: 500 } });
    bench.algos.cancel('someone-else' as typeof bench.strategyId, id);
    expect(bench.algos.status(id)!.state).toBe('working');
    bench.kernel.orders.cancelAll(bench.strategyId); // what ctx.cancelAll does
    bench.kernel.drain();
    expect(bench.algos.status(id)).toMatchObject({ state: 'cancelled', workingChildren: 0 });
    expect(bench.algos.status(id)!.reason).toMatch(/cancelled outside the algorithm/);
  });

  it('a listener cancelling on the first fill is handled after that fill, not inside it', () => {
    const bench = algoBench({
      candles: WALK,
      onEvent: (event, b) => {
        if (event.type === 'AlgoFilled') b.algos.cancel(b.strategyId, event.parentId);
      },
    });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start(TWAP3);
    bench.runAll();
    expect(bench.children(id)).toHaveLength(1);
    expect(bench.algos.status(id)).toMatchObject({ state: 'cancelled', filledQty: 1 });
    const types = bench.events.filter((e) => e.parentId === id).map((e) => e.type);
    expect(types).toEqual(['AlgoStarted', 'AlgoChildPlaced', 'AlgoFilled', 'AlgoCancelled']);
  });
});

describe('a child the risk gate denies', () => {
  it('fails the parent under the default policy: no further child', () => {
    const bench = algoBench({ candles: WALK, gate: denyOrders(2) });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start(TWAP3);
    bench.runAll();
    expect(bench.children(id).map((o) => [o.qty, o.status])).toEqual([
      [1, 'Filled'],
      [1, 'Denied'],
    ]);
    const status = bench.algos.status(id)!;
    expect(status).toMatchObject({ state: 'failed', filledQty: 1, remainingQty: 2, workingChildren: 0 });
    expect(status.reason).toBe(`child ${status.children[1]} denied: test-deny: order 2 denied`);
    expect(bench.events.map((e) => e.type)).toContain('AlgoChildRefused');
    expect(bench.events.at(-1)!.type).toBe('AlgoFailed');
  });

  it('skips the slice under `skip`: its quantity joins the next one and the total is still reached', () => {
    const bench = algoBench({ candles: WALK, gate: denyOrders(2) });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({ ...TWAP3, onChildRefused: 'skip' });
    bench.runAll();
    expect(bench.children(id).map((o) => [o.tsInit, o.qty, o.status])).toEqual([
      [T0 + MINUTE, 1, 'Filled'],
      [T0 + 2 * MINUTE, 1, 'Denied'],
      [T0 + 3 * MINUTE, 2, 'Filled'],
    ]);
    expect(bench.algos.status(id)).toMatchObject({ state: 'completed', filledQty: 3 });
  });

  it('fails a skipping parent after maxConsecutiveRefusals refusals in a row', () => {
    const bench = algoBench({ candles: WALK, gate: denyOrders(2, 3, 4, 5) });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      ...TWAP3,
      slices: 3,
      durationMs: 6 * MINUTE,
      onChildRefused: 'skip',
      maxConsecutiveRefusals: 2,
    });
    bench.runAll();
    expect(bench.children(id).map((o) => o.status)).toEqual(['Filled', 'Denied', 'Denied']);
    expect(bench.algos.status(id)!.state).toBe('failed');
  });

  it('an iceberg under `skip` tries again at the next time step', () => {
    const bench = algoBench({ candles: WALK, gate: denyOrders(1) });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'iceberg',
      symbol: S,
      side: 'buy',
      qty: 1,
      displayQty: 1,
      offsetBps: -100,
      onChildRefused: 'skip',
    });
    expect(bench.children(id).map((o) => o.status)).toEqual(['Denied']);
    bench.step();
    expect(bench.children(id).map((o) => [o.tsInit, o.status])).toEqual([
      [T0 + MINUTE, 'Denied'],
      [T0 + 2 * MINUTE, 'Accepted'],
    ]);
  });
});

describe('reduce-only parents', () => {
  it('send reduce-only children and complete once nothing is left to reduce', () => {
    const bench = algoBench({ candles: WALK });
    bench.runUntil(T0 + MINUTE);
    const entry = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 1,
      durationMs: MINUTE,
      slices: 1,
    });
    bench.runUntil(T0 + 2 * MINUTE);
    expect(bench.algos.status(entry)!.state).toBe('completed');
    const exit = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'sell',
      qty: 1.5,
      durationMs: 3 * MINUTE,
      slices: 3,
      reduceOnly: true,
    });
    bench.runAll();
    expect(bench.children(exit).map((o) => [o.side, o.qty, o.reduceOnly, o.status])).toEqual([
      ['sell', 0.5, true, 'Filled'],
      ['sell', 0.5, true, 'Filled'],
      ['sell', 0.5, true, 'Rejected'], // reduce-only-no-position: the long is closed
    ]);
    expect(bench.algos.status(exit)).toMatchObject({
      state: 'completed',
      filledQty: 1,
      reason: 'nothing left to reduce',
    });
    expect(bench.kernel.portfolio.position(bench.strategyId, S).qty).toBe(0);
  });
});
