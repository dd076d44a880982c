/**
 * Attached protection through `runBacktest`: stop-loss / take-profit / trailing children of an entry,
 * one-cancels-the-others, and cancellation when the strategy exits by itself. Prices, times and PnL are
 * worked out by hand from the fill model (src/venues/simulated/README.md): next-open market fills, the
 * intrabar path open → nearer extreme → farther extreme → close, event time ts + ⌊p/3 × bar⌋.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { Candle } from '../../src/core/market.js';
import type { OrderAttachments } from '../../src/core/order.js';
import type { StrategyContext } from '../../src/strategies/types.js';
import { fineInstrument, seriesOf } from '../support/backtest-data.js';
import { bars, config, define, MINUTE, T0 } from './kernel-kit.js';

const S = 'BTC/USDT:USDT';
const FEE = 0.001;

interface Seen {
  readonly ts: number;
  readonly now: number;
  readonly position: number;
  readonly open: ReadonlyArray<{
    type: string;
    side: string;
    qty: number;
    reduceOnly: boolean;
    trigger: number | undefined;
  }>;
}

/** Buys 1 with `attachments` on the first candle, optionally sells 1 (tag `exit`) on candle `exitAt`. */
function protectedLong(candles: Candle[], attachments: OrderAttachments, exitAt?: number) {
  const seen: Seen[] = [];
  /** Every order update: its type and status, and how many orders worked at that moment. */
  const updates: Array<{ type: string; status: string; working: number }> = [];
  const definition = define([{ symbol: S, timeframe: '1m' }], () => {
    let k = 0;
    return {
      onCandle({ ctx, candle }: { ctx: StrategyContext; candle: Candle }) {
        seen.push({
          ts: candle.ts,
          now: ctx.now,
          position: ctx.position(S).qty,
          open: ctx.openOrders(S).map((o) => ({
            type: o.type,
            side: o.side,
            qty: o.qty,
            reduceOnly: o.reduceOnly,
            trigger: o.triggerPrice,
          })),
        });
        if (k === 0) ctx.submit({ symbol: S, side: 'buy', qty: 1, attachments });
        if (k === exitAt) ctx.submit({ symbol: S, side: 'sell', qty: 1, tag: 'exit' });
        k += 1;
      },
      onOrderUpdate({ ctx, order }) {
        updates.push({ type: order.type, status: order.status, working: ctx.openOrders(S).length });
      },
    };
  });
  const output = runBacktest({
    definition,
    config: config({ fees: { maker: FEE, taker: FEE } }),
    data: { series: [seriesOf(S, '1m', candles)] },
    instruments: [fineInstrument('test', S)],
    checkInvariants: true,
  });
  return { output, seen, updates };
}

const BRACKET = { stopLoss: { triggerPrice: 95 }, takeProfit: { triggerPrice: 105 } };

describe('attached stop-loss and take-profit', () => {
  it('creates two reduce-only children of the filled size; the take-profit fills at 105 and cancels the stop', () => {
    const candles = bars([
      [100, 100, 100, 100], // 0: the strategy buys 1 with SL 95 / TP 105
      [100, 101, 99, 100], // 1: the entry fills at the open, 100
      [100, 104, 98, 103], // 2: neither trigger is reached
      [103, 106, 102, 105.5], // 3: open → low 102 → high 106: 105 is reached at p = 1 + 3/4
      [105, 105, 90, 92], // 4: would hit the stop, had it not been cancelled
      [92, 93, 91, 92],
    ]);
    const { output, seen, updates } = protectedLong(candles, BRACKET);

    // Before the entry fills, only the entry works: no child exists yet.
    expect(seen[0]!.open).toEqual([]);
    expect(updates[0]).toEqual({ type: 'market', status: 'Accepted', working: 1 });
    // The whole story as the strategy is told it, each change once: entry accepted, entry filled (its
    // children already sent), both children accepted, the take-profit filled, the stop-loss cancelled.
    expect(updates).toEqual([
      { type: 'market', status: 'Accepted', working: 1 },
      { type: 'market', status: 'Filled', working: 2 },
      { type: 'stop-market', status: 'Accepted', working: 2 },
      { type: 'stop-market', status: 'Accepted', working: 2 },
      { type: 'stop-market', status: 'Filled', working: 1 },
      { type: 'stop-market', status: 'Cancelled', working: 0 },
    ]);
    // Once it filled: a reduce-only sell stop at 95 (stop-loss) and one at 105 (take-profit), size 1.
    expect(seen[1]!.position).toBe(1);
    expect(seen[1]!.open).toEqual([
      { type: 'stop-market', side: 'sell', qty: 1, reduceOnly: true, trigger: 95 },
      { type: 'stop-market', side: 'sell', qty: 1, reduceOnly: true, trigger: 105 },
    ]);
    expect(seen[2]!.open).toHaveLength(2);
    // The take-profit filled on bar 3 and its sibling was cancelled before the strategy saw that close.
    expect(seen[3]!.position).toBe(0);
    expect(seen[3]!.open).toEqual([]);

    expect(output.orders.map((o) => [o.type, o.side, o.qty, o.status])).toEqual([
      ['market', 'buy', 1, 'Filled'],
      ['stop-market', 'sell', 1, 'Cancelled'],
      ['stop-market', 'sell', 1, 'Filled'],
    ]);
    const { trades, extras } = output.result;
    expect(trades).toHaveLength(1);
    const trade = trades[0]!;
    expect(trade.entryPrice).toBe(100);
    expect(trade.exitPrice).toBe(105);
    expect(trade.entryTime).toBe(T0 + MINUTE);
    expect(trade.exitTime).toBe(T0 + 3 * MINUTE + Math.floor((1.75 / 3) * MINUTE));
    expect(trade.fees).toBeCloseTo(100 * FEE + 105 * FEE, 12);
    expect(trade.pnl).toBeCloseTo(5 - 0.205, 12);
    expect(extras.tradeDetails).toEqual([{ funding: 0, exitReason: 'take-profit' }]);
    expect(output.result.metrics.endEquity).toBeCloseTo(10_000 + 4.795, 9);
    expect(output.invariantViolations).toEqual([]);
  });

  it('mirror: the stop-loss fills at 95 and cancels the take-profit', () => {
    const candles = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 104, 98, 103],
      [99, 100, 94, 96], // open → high 100 → low 94: 95 is reached at p = 1 + 5/6
      [96, 110, 95, 108], // would hit the take-profit, had it not been cancelled
    ]);
    const { output, seen } = protectedLong(candles, BRACKET);
    expect(seen[3]!.open).toEqual([]);
    expect(output.orders.map((o) => o.status)).toEqual(['Filled', 'Filled', 'Cancelled']);
    const trade = output.result.trades[0]!;
    expect(trade.exitPrice).toBe(95);
    expect(trade.exitTime).toBe(T0 + 3 * MINUTE + Math.floor(((1 + 5 / 6) / 3) * MINUTE));
    expect(trade.pnl).toBeCloseTo(-5 - (100 + 95) * FEE, 12);
    expect(output.result.extras.tradeDetails).toEqual([{ funding: 0, exitReason: 'stop-loss' }]);
    expect(output.result.trades).toHaveLength(1);
    expect(output.invariantViolations).toEqual([]);
  });

  it('a bar that opens below the stop fills it at that open', () => {
    const candles = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [93, 94, 90, 91], // gaps through 95: the stop fires at the open, 93
      [91, 92, 90, 91],
    ]);
    const { output } = protectedLong(candles, BRACKET);
    expect(output.result.trades[0]!.exitPrice).toBe(93);
    expect(output.result.trades[0]!.exitTime).toBe(T0 + 2 * MINUTE);
    expect(output.result.extras.tradeDetails[0]!.exitReason).toBe('stop-loss');
  });
});

describe('protection of a position that flipped', () => {
  it('is cancelled with the position it protected: it never closes the next, unprotected position', () => {
    const candles = bars([
      [100, 100, 100, 100], // 0: buy 1 with SL 95 / TP 105
      [100, 101, 99, 100], // 1: long 1 at 100
      [100, 101, 99, 100], // 2: the strategy sells 2
      [100, 101, 99, 100], // 3: short 1 at 100: the long and its protection are gone
      [100, 101, 99, 100], // 4: the strategy buys 2
      [100, 101, 99.5, 100], // 5: long 1 at 100, no protection asked for
      [100, 106, 99.5, 105.5], // 6: passes the old take-profit (105) …
      [105, 106, 90, 92], // 7: … and the old stop-loss (95)
    ]);
    const positions: number[] = [];
    const definition = define([{ symbol: S, timeframe: '1m' }], () => {
      let k = 0;
      return {
        onCandle({ ctx }) {
          positions.push(ctx.position(S).qty);
          if (k === 0) ctx.submit({ symbol: S, side: 'buy', qty: 1, attachments: BRACKET });
          if (k === 2) ctx.submit({ symbol: S, side: 'sell', qty: 2 });
          if (k === 4) ctx.submit({ symbol: S, side: 'buy', qty: 2 });
          k += 1;
        },
      };
    });
    const output = runBacktest({
      definition,
      config: config(),
      data: { series: [seriesOf(S, '1m', candles)] },
      instruments: [fineInstrument('test', S)],
      checkInvariants: true,
    });
    expect(positions).toEqual([0, 1, 1, -1, -1, 1, 1, 1]);
    expect(output.orders.map((o) => [o.type, o.side, o.status])).toEqual([
      ['market', 'buy', 'Filled'],
      ['stop-market', 'sell', 'Cancelled'],
      ['stop-market', 'sell', 'Cancelled'],
      ['market', 'sell', 'Filled'],
      ['market', 'buy', 'Filled'],
    ]);
    expect(output.result.extras.tradeDetails.map((d) => d.exitReason)).toEqual([
      'signal',
      'signal',
      'end-of-data',
    ]);
    expect(output.invariantViolations).toEqual([]);
  });
});

describe('attached trailing stop', () => {
  it('exits at 5 % under the highest price since it was placed', () => {
    const candles = bars([
      [100, 100, 100, 100], // 0: buy 1 with a 5 % trailing stop
      [100, 101, 99, 100], // 1: entry at 100; the trailing child is armed at the close, 100
      [100, 110, 99, 108], // 2: open → low 99 → high 110 (best 110) → 108 > 104.5
      [108, 109, 100, 101], // 3: open → high 109 → low 100: crosses 110 × 0.95 = 104.5 at p = 1 + 4.5/9
      [101, 102, 100, 101],
    ]);
    const { output, seen } = protectedLong(candles, { trailing: { callbackRate: 0.05 } });
    expect(seen[1]!.open).toEqual([
      { type: 'trailing-stop', side: 'sell', qty: 1, reduceOnly: true, trigger: undefined },
    ]);
    expect(seen[3]!.position).toBe(0);
    expect(seen[3]!.open).toEqual([]);
    const trade = output.result.trades[0]!;
    expect(trade.entryPrice).toBe(100);
    expect(trade.exitPrice).toBeCloseTo(104.5, 9);
    expect(trade.exitTime).toBe(T0 + 3 * MINUTE + Math.floor((1.5 / 3) * MINUTE));
    expect(trade.pnl).toBeCloseTo(4.5 - (100 + 104.5) * FEE, 9);
    expect(output.result.extras.tradeDetails).toEqual([{ funding: 0, exitReason: 'trailing-stop' }]);
    expect(output.orders.map((o) => [o.type, o.status])).toEqual([
      ['market', 'Filled'],
      ['trailing-stop', 'Filled'],
    ]);
    expect(output.invariantViolations).toEqual([]);
  });
});

describe('a strategy exit cancels the protection', () => {
  it('a market sell closing the position cancels both children; nothing is left working', () => {
    const candles = bars([
      [100, 100, 100, 100], // 0: buy 1 with SL 95 / TP 105
      [100, 101, 99, 100], // 1: entry at 100
      [100, 102, 99, 101], // 2: the strategy sells 1 (tag exit)
      [101, 102, 100, 101], // 3: the exit fills at the open, 101
      [101, 110, 90, 100], // 4: both triggers would be reached here
      [100, 101, 99, 100],
    ]);
    const { output, seen } = protectedLong(candles, BRACKET, 2);
    expect(seen[2]!.open).toHaveLength(2);
    expect(seen[3]!.position).toBe(0);
    expect(seen[3]!.open).toEqual([]);
    expect(output.orders.map((o) => [o.type, o.side, o.status])).toEqual([
      ['market', 'buy', 'Filled'],
      ['stop-market', 'sell', 'Cancelled'],
      ['stop-market', 'sell', 'Cancelled'],
      ['market', 'sell', 'Filled'],
    ]);
    const working = new Set(['New', 'Submitted', 'Accepted', 'PartiallyFilled', 'PendingCancel']);
    expect(output.orders.filter((o) => working.has(o.status))).toEqual([]);
    expect(output.result.trades).toHaveLength(1);
    expect(output.result.trades[0]!.exitPrice).toBe(101);
    // The exit's tag is its reason.
    expect(output.result.extras.tradeDetails).toEqual([{ funding: 0, exitReason: 'exit' }]);
    expect(output.result.metrics.endEquity).toBeCloseTo(10_000 + 1 - (100 + 101) * FEE, 9);
    expect(output.invariantViolations).toEqual([]);
  });
});

describe('protection placed after a bar that already passed it', () => {
  it('a stop-loss whose entry bar closed below it fires at the next open (a fall), not on a later rebound', () => {
    const candles = bars([
      [100, 100, 100, 100], // 0: buy 1 with SL 95 / TP 105
      [100, 100, 90, 92], // 1: entry at 100; the bar closes at 92, already below the stop
      [91, 92, 70, 71], // 2: the stop (placed at 92's close) fires at this open: 91
      [71, 72, 50, 51],
      [51, 97, 51, 96], // 4: a rebound through 95 must not be where the "stop-loss" fills
    ]);
    const { output } = protectedLong(candles, BRACKET);
    expect(output.result.trades).toHaveLength(1);
    expect(output.result.trades[0]).toMatchObject({ exitPrice: 91, exitTime: candles[2]!.ts });
    expect(output.result.extras.tradeDetails[0]!.exitReason).toBe('stop-loss');
    expect(output.invariantViolations).toEqual([]);
  });

  it('a take-profit whose entry bar closed above it fires at the next open (a rise)', () => {
    const candles = bars([
      [100, 100, 100, 100], // 0: buy 1 with SL 95 / TP 105
      [100, 108, 100, 107], // 1: entry at 100; closes at 107, above the take-profit
      [108, 109, 107, 108], // 2: the take-profit fires at this open: 108
      [108, 108, 90, 91],
    ]);
    const { output } = protectedLong(candles, BRACKET);
    expect(output.result.trades[0]).toMatchObject({ exitPrice: 108, exitTime: candles[2]!.ts });
    expect(output.result.extras.tradeDetails[0]!.exitReason).toBe('take-profit');
  });
});
