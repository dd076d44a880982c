import { describe, expect, it } from 'vitest';
import { bars, MINUTE, T0 } from '../../../test/backtest/kernel-kit.js';
import { createInstrument } from '../../core/instrument.js';
import { algoBench, S } from './algo-test-kit.js';

/** Lot 0.01, minimum 0.15. */
const MIN15 = createInstrument({
  exchange: 'test',
  symbol: S,
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0.15,
});

// Closes at 100; every bar after the first dips to 98.5, through a buy limit at 99.
const DIPS = bars([
  [100, 100, 100, 100],
  ...(new Array(8).fill([100, 100.5, 98.5, 100]) as Array<[number, number, number, number]>),
]);

describe('iceberg', () => {
  it('shows at most displayQty, places the next child when the visible one fills, at the same price', () => {
    const bench = algoBench({ candles: DIPS, instrument: MIN15 });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({ algo: 'iceberg', symbol: S, side: 'buy', qty: 1, displayQty: 0.3, price: 99 });
    const shown: number[][] = [];
    do {
      const open = bench.kernel.orders.openOrders(bench.strategyId);
      shown.push(open.map((o) => o.leavesQty));
    } while (bench.step());
    // 1 = 0.3 + 0.3 + 0.25 + 0.15: a last 0.1 would be below the minimum, so the third shows less.
    expect(shown.slice(0, 5)).toEqual([[0.3], [0.3], [0.25], [0.15], []]);
    expect(bench.children(id).map((o) => [o.tsInit, o.qty, o.price, o.status])).toEqual([
      [T0 + MINUTE, 0.3, 99, 'Filled'],
      [T0 + 2 * MINUTE, 0.3, 99, 'Filled'],
      [T0 + 3 * MINUTE, 0.25, 99, 'Filled'],
      [T0 + 4 * MINUTE, 0.15, 99, 'Filled'],
    ]);
    expect(bench.algos.status(id)).toMatchObject({
      state: 'completed',
      filledQty: 1,
      avgFillPrice: 99,
      workingChildren: 0,
    });
  });

  it('with the venue filling part of a child per bar, waits for the visible child to fill completely', () => {
    // 1,000 a bar at most 0.01 %: 0.1 of each child fills per bar.
    const bench = algoBench({ candles: DIPS, maxVolumeShare: 0.0001 });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({ algo: 'iceberg', symbol: S, side: 'buy', qty: 0.5, displayQty: 0.2, price: 99 });
    bench.runAll();
    expect(bench.children(id).map((o) => [o.tsInit, o.qty, o.tradeIds.length])).toEqual([
      [T0 + MINUTE, 0.2, 2],
      [T0 + 3 * MINUTE, 0.2, 2],
      [T0 + 5 * MINUTE, 0.1, 1],
    ]);
    expect(bench.algos.status(id)).toMatchObject({ state: 'completed', filledQty: 0.5 });
  });

  it('pegged children are priced off the last price when placed, never beyond the price limit', () => {
    const bench = algoBench({ candles: DIPS });
    bench.runUntil(T0 + MINUTE);
    const pegged = bench.start({
      algo: 'iceberg',
      symbol: S,
      side: 'sell',
      qty: 1,
      displayQty: 0.5,
      offsetBps: 20,
    });
    const limited = bench.start({
      algo: 'iceberg',
      symbol: S,
      side: 'buy',
      qty: 1,
      displayQty: 0.5,
      offsetBps: 10,
      priceLimit: 99.5,
    });
    expect(bench.children(pegged)[0]!.price).toBe(100.2);
    expect(bench.children(limited)[0]!.price).toBe(99.5); // 99.9 would be above the limit
  });
});
