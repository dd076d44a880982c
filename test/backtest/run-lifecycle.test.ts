/**
 * The run's start and end: the clock a strategy starts at, and what it does in onStop (an exit filled at
 * the close) reaching the last equity point, so trades still add up to the change in equity.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import { fineInstrument, seriesOf } from '../support/backtest-data.js';
import { bars, config, define, MINUTE, T0 } from './kernel-kit.js';

const S = 'BTC/USDT:USDT';

describe('run lifecycle', () => {
  it('starts the strategy at the first candle open, so its timers are real times', () => {
    let startedAt = Number.NaN;
    const fired: number[] = [];
    const definition = define([{ symbol: S, timeframe: '1m' }], {
      onStart({ ctx }) {
        startedAt = ctx.now;
        ctx.setTimer('later', ctx.now + 2 * MINUTE);
      },
      onTimer({ ctx }) {
        fired.push(ctx.now);
      },
    });
    runBacktest({
      definition,
      config: config(),
      data: {
        series: [
          seriesOf(
            S,
            '1m',
            bars([
              [100, 100, 100, 100],
              [100, 100, 100, 100],
              [100, 100, 100, 100],
              [100, 100, 100, 100],
            ]),
          ),
        ],
      },
      instruments: [fineInstrument('test', S)],
    });
    expect(startedAt).toBe(T0);
    // Due at T0 + 2 min: fires when the clock reaches the close of the second candle, not on the first.
    expect(fired).toEqual([T0 + 2 * MINUTE]);
  });

  it('an exit sent in onStop and filled at the close is in the last equity point and the trades', () => {
    const definition = define([{ symbol: S, timeframe: '1m' }], () => {
      let bought = false;
      return {
        onCandle({ ctx }) {
          if (!bought) ctx.submit({ symbol: S, side: 'buy', qty: 1 });
          bought = true;
        },
        onStop({ ctx }) {
          const held = ctx.position(S).qty;
          if (held > 0) ctx.submit({ symbol: S, side: 'sell', qty: held, tag: 'stop' });
        },
      };
    });
    const output = runBacktest({
      definition,
      config: config({ fill: 'close', fees: { maker: 0.001, taker: 0.001 } }),
      data: {
        series: [
          seriesOf(
            S,
            '1m',
            bars([
              [100, 100, 100, 100],
              [100, 110, 100, 110],
              [110, 112, 108, 111],
            ]),
          ),
        ],
      },
      instruments: [fineInstrument('test', S)],
      checkInvariants: true,
    });
    const { metrics, trades, equity } = output.result;
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ entryPrice: 100, exitPrice: 111 });
    // 11 gained, fees 0.1 + 0.111: the last point includes the exit's fee.
    expect(metrics.endEquity).toBeCloseTo(10_000 + 11 - 0.211, 9);
    expect(equity.at(-1)![1]).toBeCloseTo(metrics.endEquity, 9);
    expect(trades[0]!.pnl).toBeCloseTo(metrics.endEquity - metrics.startEquity, 9);
  });
});
