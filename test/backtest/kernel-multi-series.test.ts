/**
 * Several series in one run: two timeframes of one symbol (the coarse candle arrives only after its last
 * fine candle closed; only the fine series drives the venue), and two symbols whose series end at
 * different times (the run ends with the main series, and the trades account for the whole equity).
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { Candle } from '../../src/core/market.js';
import { fineInstrument, seriesOf } from '../support/backtest-data.js';
import { aggregate, bars, config, define, MINUTE, T0 } from './kernel-kit.js';

const BTC = 'BTC/USDT:USDT';
const ETH = 'ETH/USDT:USDT';

/** n 1m bars around 100 with a volume of 10 each. */
function minuteBars(n: number, start = 100): Candle[] {
  return bars(
    Array.from({ length: n }, (_, k) => {
      const open = start + (k % 3);
      const close = start + ((k + 1) % 3);
      return [open, Math.max(open, close) + 0.5, Math.min(open, close) - 0.5, close] as const;
    }),
    { volume: 10 },
  );
}

describe('two timeframes of one symbol', () => {
  it('delivers each 5m candle after its last 1m candle, at its close; the venue fills once per 1m bar', () => {
    const fine = minuteBars(20);
    const coarse = aggregate(fine, 5);
    const calls: Array<{ tf: string; ts: number; now: number }> = [];
    const fills: Array<{ ts: number; qty: number; price: number }> = [];
    const definition = define(
      [
        { symbol: BTC, timeframe: '1m' },
        { symbol: BTC, timeframe: '5m' },
      ],
      () => {
        let sent = false;
        return {
          onCandle({ ctx, timeframe, candle }) {
            calls.push({ tf: timeframe, ts: candle.ts, now: ctx.now });
            if (!sent) {
              sent = true;
              // 10 contracts, at most 10 % of a bar's volume (1 contract of a 1m bar) per bar.
              ctx.submit({ symbol: BTC, side: 'buy', qty: 10 });
            }
          },
          onFill({ fill }) {
            fills.push({ ts: fill.tsEvent, qty: fill.qty, price: fill.price });
          },
        };
      },
    );
    const output = runBacktest({
      definition,
      config: config({ maxVolumeShare: 0.1 }),
      // The coarse series first: the order in the data must not matter.
      data: { series: [seriesOf(BTC, '5m', coarse), seriesOf(BTC, '1m', fine)] },
      instruments: [fineInstrument('test', BTC)],
      checkInvariants: true,
    });

    // Every candle is delivered at its close, in time order, 1m before 5m on a shared close.
    const expected: Array<{ tf: string; ts: number; now: number }> = [];
    for (let k = 0; k < 20; k++) {
      expected.push({ tf: '1m', ts: fine[k]!.ts, now: fine[k]!.ts + MINUTE });
      if (k % 5 === 4) {
        const c = coarse[(k - 4) / 5]!;
        expected.push({ tf: '5m', ts: c.ts, now: c.ts + 5 * MINUTE });
      }
    }
    expect(calls).toEqual(expected);
    for (let i = 0; i < calls.length; i++) {
      if (calls[i]!.tf !== '5m') continue;
      expect(calls[i - 1]).toEqual({ tf: '1m', ts: calls[i]!.ts + 4 * MINUTE, now: calls[i]!.now });
    }

    // One fill of 1 contract at the open of each 1m bar after the decision: ten bars, ten fills. A 5m bar
    // reaching the venue would add fills (its volume of 50 allows 5 contracts) at other prices.
    expect(fills).toEqual(fine.slice(1, 11).map((c) => ({ ts: c.ts, qty: 1, price: c.open })));
    expect(output.orders.map((o) => [o.qty, o.status])).toEqual([[10, 'Filled']]);
    expect(output.result.extras.bars).toBe(24);
    // One equity point per main (1m) close.
    expect(output.curve.length).toBe(20);
    expect(output.invariantViolations).toEqual([]);
  });
});

describe('two symbols of different lengths', () => {
  const FEE = 0.001;

  function twoLegs(btc: Candle[], eth: Candle[]) {
    const seen: Record<string, number[]> = { [BTC]: [], [ETH]: [] };
    const definition = define(
      [
        { symbol: BTC, timeframe: '1m' },
        { symbol: ETH, timeframe: '1m' },
      ],
      () => {
        const count: Record<string, number> = { [BTC]: 0, [ETH]: 0 };
        return {
          onCandle({ ctx, symbol, candle }) {
            seen[symbol]!.push(candle.ts);
            const k = count[symbol]!;
            count[symbol] = k + 1;
            // Each leg: long 2 on its first candle, sell 1 on its third, short 3 on its fifth (a flip).
            if (k === 0) ctx.submit({ symbol, side: 'buy', qty: 2 });
            if (k === 2) ctx.submit({ symbol, side: 'sell', qty: 1 });
            if (k === 4) ctx.submit({ symbol, side: 'sell', qty: 4 });
          },
        };
      },
    );
    return {
      seen,
      output: runBacktest({
        definition,
        config: config({ symbols: [BTC, ETH], fees: { maker: FEE, taker: FEE }, leverage: 5 }),
        data: {
          series: [seriesOf(BTC, '1m', btc), seriesOf(ETH, '1m', eth)],
          funding: {
            [BTC]: { ts: Float64Array.from([T0 + 3.5 * MINUTE]), rate: Float64Array.from([0.001]) },
          },
        },
        instruments: [fineInstrument('test', BTC), fineInstrument('test', ETH)],
        checkInvariants: true,
      }),
    };
  }

  it('a shorter second series: the run still ends with the main one and Σ trade PnL = end equity − capital', () => {
    const btc = minuteBars(10, 100);
    const eth = minuteBars(6, 50);
    const { output, seen } = twoLegs(btc, eth);
    const { result } = output;
    expect(seen[BTC]).toEqual(btc.map((c) => c.ts));
    expect(seen[ETH]).toEqual(eth.map((c) => c.ts));
    expect(result.equity.at(-1)![0]).toBe(btc.at(-1)!.ts + MINUTE);
    expect(result.extras.bars).toBe(16);
    // Both legs end open: ETH at its last close (its series ended first), BTC at its own.
    const open = result.trades.filter((_, i) => result.extras.tradeDetails[i]!.exitReason === 'end-of-data');
    expect(open.map((t) => [t.symbol, t.side, t.qty, t.exitPrice])).toEqual(
      expect.arrayContaining([
        [BTC, 'short', 3, btc.at(-1)!.close],
        [ETH, 'short', 3, eth.at(-1)!.close],
      ]),
    );
    expect(result.trades).toHaveLength(4);
    // BTC paid funding once (long 2 at 3.5 min), inside its first trade.
    expect(result.metrics.funding).not.toBe(0);
    expect(result.extras.tradeDetails.reduce((sum, d) => sum + d.funding, 0)).toBeCloseTo(
      result.metrics.funding,
      12,
    );
    const pnl = result.trades.reduce((sum, t) => sum + t.pnl, 0);
    expect(pnl).toBeCloseTo(result.metrics.endEquity - 10_000, 9);
    expect(output.invariantViolations).toEqual([]);
  });

  it('a longer second series: its candles after the main series ends are not used', () => {
    const btc = minuteBars(8, 100);
    const eth = minuteBars(15, 50);
    const { output, seen } = twoLegs(btc, eth);
    const end = btc.at(-1)!.ts + MINUTE;
    expect(seen[ETH]).toEqual(eth.slice(0, 8).map((c) => c.ts));
    expect(output.result.extras.bars).toBe(16);
    expect(output.result.equity.at(-1)![0]).toBe(end);
    expect(output.result.trades.every((t) => t.exitTime <= end)).toBe(true);
    const pnl = output.result.trades.reduce((sum, t) => sum + t.pnl, 0);
    expect(pnl).toBeCloseTo(output.result.metrics.endEquity - 10_000, 9);
    expect(output.invariantViolations).toEqual([]);
  });
});
