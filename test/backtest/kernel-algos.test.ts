/**
 * Execution algorithms reached from a strategy (`ctx.algo`) in a backtest: the parent's children go
 * through the same order path, slice on the bar clock, and add up to the parent exactly.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { ClientOrderId } from '../../src/core/ids.js';
import { createInstrument } from '../../src/core/instrument.js';
import type { AlgoStatus } from '../../src/engine/algos/index.js';
import { seriesOf } from '../support/backtest-data.js';
import { bars, config, define, MINUTE, T0 } from './kernel-kit.js';

const S = 'BTC/USDT:USDT';
const INST = createInstrument({
  exchange: 'test',
  symbol: S,
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0.01,
});
const CANDLES = bars(Array.from({ length: 12 }, () => [100, 101, 99, 100] as const));

describe('ctx.algo in a backtest', () => {
  it('works a TWAP of 1.0 in 4 slices over 4 minutes as child market orders', () => {
    let parent: ClientOrderId | undefined;
    const statuses: AlgoStatus[] = [];
    const definition = define([{ symbol: S, timeframe: '1m' }], () => ({
      onCandle({ ctx }) {
        if (parent === undefined)
          parent = ctx.algo.start({
            algo: 'twap',
            symbol: S,
            side: 'buy',
            qty: 1,
            durationMs: 4 * MINUTE,
            slices: 4,
          });
        const status = ctx.algo.status(parent);
        if (status !== undefined) statuses.push(status);
      },
    }));
    const output = runBacktest({
      definition,
      config: config(),
      data: { series: [seriesOf(S, '1m', CANDLES)] },
      instruments: [INST],
      checkInvariants: true,
    });
    expect(output.invariantViolations).toEqual([]);
    const children = output.orders.filter((o) => o.status === 'Filled');
    expect(children.map((o) => o.qty)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(children.map((o) => (o.ts - T0) / MINUTE)).toEqual([1, 2, 3, 4]);
    expect(statuses.at(-1)).toMatchObject({ state: 'completed', filledQty: 1 });
  });

  it('refuses a malformed request in the strategy callback, sending nothing', () => {
    const definition = define([{ symbol: S, timeframe: '1m' }], () => ({
      onCandle({ ctx }) {
        ctx.algo.start({
          algo: 'twap',
          symbol: 'NOPE/USDT',
          side: 'buy',
          qty: 1,
          durationMs: MINUTE,
          slices: 2,
        });
      },
    }));
    const output = runBacktest({
      definition,
      config: config(),
      data: { series: [seriesOf(S, '1m', CANDLES)] },
      instruments: [INST],
    });
    expect(output.orders).toEqual([]);
  });
});
