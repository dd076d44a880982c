import { describe, expect, it } from 'vitest';
import { bars, MINUTE, T0 } from '../../../test/backtest/kernel-kit.js';
import { fineInstrument, gaplessWalk } from '../../../test/support/backtest-data.js';
import { createInstrument } from '../../core/instrument.js';
import { algoBench, S } from './algo-test-kit.js';

const WALK = gaplessWalk(60, 11, 100, T0, MINUTE);

describe('twap with market slices', () => {
  it('places equal slices at equal intervals and fills exactly the total on the lot grid', () => {
    const bench = algoBench({ candles: WALK });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 1,
      durationMs: 6 * MINUTE,
      slices: 3,
    });
    bench.runAll();
    // Cumulative targets 33.3 → 33, 66.7 → 67, 100 lots: every slice on the grid, together exactly 1.
    expect(bench.placements(id)).toEqual([
      [T0 + MINUTE, 0.33],
      [T0 + 3 * MINUTE, 0.34],
      [T0 + 5 * MINUTE, 0.33],
    ]);
    const status = bench.algos.status(id)!;
    expect(status).toMatchObject({
      state: 'completed',
      qty: 1,
      filledQty: 1,
      remainingQty: 0,
      workingChildren: 0,
      slicesDue: 3,
      slices: 3,
      endTs: T0 + 7 * MINUTE,
    });
    expect(bench.kernel.portfolio.position(bench.strategyId, S).qty).toBe(1);
    // The average is the volume-weighted price of the three fills (each at the next bar's open).
    const fills = bench.children(id).map((o) => o.avgFillPrice * o.filledQty);
    expect(status.avgFillPrice).toBeCloseTo(
      fills.reduce((a, b) => a + b, 0),
      9,
    );
    expect(bench.events.map((e) => e.type)).toEqual([
      'AlgoStarted',
      'AlgoChildPlaced',
      'AlgoFilled',
      'AlgoChildPlaced',
      'AlgoFilled',
      'AlgoChildPlaced',
      'AlgoFilled',
      'AlgoCompleted',
    ]);
  });

  it('sells: children carry the side, the position goes short by the total', () => {
    const bench = algoBench({ candles: WALK });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'sell',
      qty: 0.5,
      durationMs: 4 * MINUTE,
      slices: 4,
    });
    bench.runAll();
    expect(bench.children(id).map((o) => [o.side, o.qty])).toEqual([
      ['sell', 0.13],
      ['sell', 0.12],
      ['sell', 0.13],
      ['sell', 0.12],
    ]);
    expect(bench.kernel.portfolio.position(bench.strategyId, S).qty).toBe(-0.5);
  });

  it('rounds the total down to the lot and never leaves a crumb below the minimum size', () => {
    // Lot 0.01, minimum 0.05: 0.223 works as 0.22 in 5 slices of 4.4 lots: 4, 5, 4, 5, 4 by the
    // cumulative targets; the first 4 joins the next slice, the 4 after it the fourth, and the last 4
    // (too small on its own) is folded into the fourth: 9 + 13 lots.
    const inst = createInstrument({
      exchange: 'test',
      symbol: S,
      kind: 'swap',
      tickSize: 0.01,
      lotSize: 0.01,
      minSize: 0.05,
    });
    const bench = algoBench({ candles: WALK, instrument: inst });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 0.223,
      durationMs: 5 * MINUTE,
      slices: 5,
    });
    bench.runAll();
    expect(bench.placements(id)).toEqual([
      [T0 + 2 * MINUTE, 0.09],
      [T0 + 4 * MINUTE, 0.13],
    ]);
    expect(bench.algos.status(id)).toMatchObject({
      requestedQty: 0.223,
      qty: 0.22,
      filledQty: 0.22,
      state: 'completed',
    });
  });

  it('merges slices that fall due between two steps into one child', () => {
    // 6 slices of 10 s over a minute, stepped once a minute: the first at the start, the other five at
    // the next step.
    const bench = algoBench({ candles: WALK, instrument: fineInstrument('test', S) });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({ algo: 'twap', symbol: S, side: 'buy', qty: 0.6, durationMs: MINUTE, slices: 6 });
    bench.runAll();
    expect(bench.placements(id)).toEqual([
      [T0 + MINUTE, 0.1],
      [T0 + 2 * MINUTE, 0.5],
    ]);
    expect(bench.algos.status(id)!.state).toBe('completed');
  });
});

describe('twap waiting for a price', () => {
  it('places nothing before the first price: the first slice goes out at the first step', () => {
    const bench = algoBench({ candles: WALK });
    const id = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 1,
      durationMs: 4 * MINUTE,
      slices: 2,
    });
    expect(bench.children(id)).toEqual([]);
    bench.runAll();
    expect(bench.placements(id)).toEqual([
      [T0 + MINUTE, 0.5],
      [T0 + 2 * MINUTE, 0.5],
    ]);
  });

  it('holds market slices while the last price is beyond the price limit, and resumes when it is back', () => {
    const candles = bars([
      [100, 100, 100, 100],
      [100, 103, 100, 102],
      [102, 103, 101.5, 102], // above the 101 limit when the second slice is due: it waits
      [102, 102, 100, 100.5], // back under it: it goes out
      [100.5, 101, 100, 100.5],
      [100.5, 101, 100, 100.5],
    ]);
    const bench = algoBench({ candles });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 1,
      durationMs: 4 * MINUTE,
      slices: 2,
      priceLimit: 101,
    });
    bench.runAll();
    expect(bench.placements(id)).toEqual([
      [T0 + MINUTE, 0.5],
      [T0 + 4 * MINUTE, 0.5],
    ]);
    expect(bench.algos.status(id)!.state).toBe('completed');
  });
});

describe('twap with limit slices', () => {
  // Closes 100, 101, 100, 99.5, 99.5 …; each bar's low is what a buy limit at the last close needs.
  const CANDLES = bars([
    [100, 100, 100, 100],
    [100.5, 102, 100.5, 101], // never back to 100: the first limit stays unfilled
    [101, 101.5, 99, 100], // opens at 101: the second limit fills
    [100, 100.5, 99.5, 99.5], // reaches 100: the third fills
    [99.5, 100, 99.4, 99.5],
    [99.5, 100, 99.4, 99.5],
  ]);

  it('prices each slice off the last price, cancels the unfilled rest at the next slice and carries it over', () => {
    const bench = algoBench({ candles: CANDLES });
    bench.runUntil(T0 + MINUTE);
    const id = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 3,
      durationMs: 3 * MINUTE,
      slices: 3,
      style: { type: 'limit', offsetBps: 0 },
    });
    bench.runAll();
    expect(bench.children(id).map((o) => [o.tsInit, o.qty, o.price, o.status, o.filledQty])).toEqual([
      [T0 + MINUTE, 1, 100, 'Cancelled', 0],
      [T0 + 2 * MINUTE, 2, 101, 'Filled', 2], // its own lot and the first slice's carried over
      [T0 + 3 * MINUTE, 1, 100, 'Filled', 1],
    ]);
    expect(bench.algos.status(id)).toMatchObject({ state: 'completed', filledQty: 3 });
    expect(bench.kernel.orders.openOrders(bench.strategyId)).toEqual([]);
  });

  it('passive offsets: a buy below the last price, a sell above it', () => {
    const bench = algoBench({ candles: CANDLES });
    bench.runUntil(T0 + MINUTE);
    const buy = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'buy',
      qty: 1,
      durationMs: MINUTE,
      slices: 1,
      style: { type: 'limit', offsetBps: 50 },
    });
    const sell = bench.start({
      algo: 'twap',
      symbol: S,
      side: 'sell',
      qty: 1,
      durationMs: MINUTE,
      slices: 1,
      style: { type: 'limit', offsetBps: 50 },
    });
    expect(bench.children(buy)[0]!.price).toBe(99.5);
    expect(bench.children(sell)[0]!.price).toBe(100.5);
  });

  it('ends expired with the unfilled rest when nothing more can be done, or sweeps it at the end', () => {
    const flat = bars([
      [100, 100, 100, 100],
      [100, 100.5, 100, 100.4],
      [100.4, 100.8, 100.3, 100.5],
      [100.5, 101, 100.4, 100.6],
      [100.6, 101, 100.5, 100.7],
    ]);
    for (const sweepAtEnd of [false, true]) {
      const bench = algoBench({ candles: flat });
      bench.runUntil(T0 + MINUTE);
      const id = bench.start({
        algo: 'twap',
        symbol: S,
        side: 'buy',
        qty: 2,
        durationMs: 2 * MINUTE,
        slices: 2,
        style: { type: 'limit', offsetBps: 10 },
        sweepAtEnd,
      });
      bench.runAll();
      const status = bench.algos.status(id)!;
      if (sweepAtEnd) {
        expect(status).toMatchObject({ state: 'completed', filledQty: 2 });
        expect(bench.children(id).at(-1)).toMatchObject({ type: 'market', qty: 2, tsInit: T0 + 3 * MINUTE });
      } else {
        expect(status).toMatchObject({
          state: 'expired',
          filledQty: 0,
          remainingQty: 2,
          reason: 'the schedule ended with 2 unfilled',
          endedTs: T0 + 3 * MINUTE,
        });
      }
      expect(bench.kernel.orders.openOrders(bench.strategyId)).toEqual([]);
    }
  });
});
